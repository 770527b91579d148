/** Definitions: def, class, module, alias. */
import { nodeKind } from "../../parse/node-kind.js";
import type * as P from "@ruby/prism/src/nodes.js";
import {
  type Value,
  RClass,
  RObject,
  RProc,
  RSymbol,
  cException,
  cObject,
  classOf,
  singletonClassOf,
  sym,
  } from "../../runtime/values.js";
import { Frame } from "../frame.js";
import { type Code, bindParams } from "../params.js";
import { ReturnSignal } from "../signals.js";
import { RT } from "./current.js";
import { defineTemplateClass, qualifiedName } from "./semantics.js";
import { CallCompiler } from "./calls.js";

type Node = P.Node;

export class Compiler extends CallCompiler {

  cDefNode(n: P.DefNode): Code {
    const name = n.name;
    this.scopes.push({ locals: n.locals, kind: "def" });
    const outerLoops = this.loops;
    this.loops = [{ kind: "none" }];
    const spec = this.params(n.parameters);
    this.defParams.push(n.parameters);
    const body = this.compile(n.body);
    this.defParams.pop();
    this.loops = outerLoops;
    this.scopes.pop();
    const size = n.locals.length;
    const singleton = n.receiver ? this.compile(n.receiver) : null;
    return (f) => {
      let target: RClass = f.cref;
      if (singleton) {
        const r = singleton(f);
        if (!(r instanceof RObject) || r instanceof RSymbol) return RT.raise("TypeError", `can't define singleton`);
        // Builtin classes/modules are shared by every render: `def String.x` would leak into the next one.
        if (r instanceof RClass && (r.builtin || r.attached !== null)) return RT.sandbox(`def on the shared class ${r.name}`);
        if (r.frozen) return RT.raise("FrozenError", `can't modify frozen object: ${RT.inspect(r)}`);
        target = singletonClassOf(r);
      }
      const cref = f.cref;
      const scopes = f.lexicalScopes;
      const owner = target;
      const fn = (self: Value, args: Value[], blk: RProc | null): Value => {
        const tag = {};
        const mf = new Frame(self, size, null, cref, blk, tag, scopes);
        mf.methodName = name;
        mf.methodOwner = owner;
        mf.methodArgs = args;
        bindParams(spec, mf, args, blk, true, RT);
        try {
          return body(mf);
        } catch (e) {
          if (e instanceof ReturnSignal && e.tag === tag) return e.value;
          throw e;
        }
      };
      const vis = singleton ? "public" : name === "initialize" || name === "respond_to_missing?" ? "private" : f.defaultVisibility;
      target.define(name, fn, undefined, vis);
      return sym(name);
    };
  }


  protected classBody(locals: string[], body: Node | null): (f: Frame, cls: RClass) => Value {
    this.scopes.push({ locals, kind: "class" });
    const outerLoops = this.loops;
    this.loops = [{ kind: "none" }];
    const code = this.compile(body);
    this.loops = outerLoops;
    this.scopes.pop();
    const size = locals.length;
    return (f, cls) => {
      const cf = new Frame(cls, size, null, cls, null, null, [cls, ...f.lexicalScopes]);
      return code(cf);
    };
  }


  cClassNode(n: P.ClassNode): Code {
    const cp = n.constantPath;
    if (nodeKind(cp) !== "ConstantReadNode") return this.unsupported(n, "class with a namespaced name");
    const name = (cp as P.ConstantReadNode).name;
    const sup = n.superclass ? this.compile(n.superclass) : null;
    const body = this.classBody(n.locals, n.body);
    const at = n.location.startOffset;
    return (f) => {
      const superclass = sup ? sup(f) : null;
      let cls = f.cref.consts.get(name);
      if (cls === undefined) {
        if (superclass !== null && !(superclass instanceof RClass)) return (RT.pos = at), RT.raise("TypeError", "superclass must be an instance of Class (given an instance of " + classOf(superclass).name + ")");
        const parent = (superclass as RClass | null) ?? cObject;
        if (parent.builtin && !parent.isSubclassOf(cException) && parent !== cObject) {
          return RT.unsupported(`subclassing the builtin class ${parent.name}`, at);
        }
        cls = defineTemplateClass(name, parent, f.cref);
      } else if (!(cls instanceof RClass) || cls.isModule) {
        return (RT.pos = at), RT.raise("TypeError", `${name} is not a class`);
      }
      return body(f, cls as RClass);
    };
  }

  cModuleNode(n: P.ModuleNode): Code {
    const cp = n.constantPath;
    if (nodeKind(cp) !== "ConstantReadNode") return this.unsupported(n, "module with a namespaced name");
    const name = (cp as P.ConstantReadNode).name;
    const body = this.classBody(n.locals, n.body);
    const at = n.location.startOffset;
    return (f) => {
      let mod = f.cref.consts.get(name);
      if (mod === undefined) {
        const m = new RClass(qualifiedName(f.cref, name), null, true, f.cref);
        m.cls = (cObject.consts.get("Module") as RClass) ?? m.cls;
        f.cref.consts.set(name, m);
        mod = m;
      } else if (!(mod instanceof RClass) || !mod.isModule) {
        return (RT.pos = at), RT.raise("TypeError", `${name} is not a module`);
      }
      return body(f, mod as RClass);
    };
  }

  cSingletonClassNode(n: Node): Code {
    return this.unsupported(n, "class << self");
  }

  cAliasMethodNode(n: P.AliasMethodNode): Code {
    const newName = (n.newName as P.SymbolNode).unescaped?.value;
    const oldName = (n.oldName as P.SymbolNode).unescaped?.value;
    if (!newName || !oldName) return this.unsupported(n, "alias");
    const at = n.location.startOffset;
    return (f) => {
      const m = f.cref.findMethod(oldName);
      if (!m) return (RT.pos = at), RT.raise("NameError", `undefined method '${oldName}' for class '${f.cref.name}'`);
      f.cref.define(newName, m.fn, m.arity, m.visibility);
      return null;
    };
  }

  cUndefNode(n: Node): Code {
    return this.unsupported(n, "undef");
  }

  cAliasGlobalVariableNode(n: Node): Code {
    return this.unsupported(n, "alias of a global variable");
  }

  cClassVariableReadNode(n: Node): Code {
    return this.unsupported(n, "class variable");
  }

  cClassVariableWriteNode(n: Node): Code {
    return this.unsupported(n, "class variable");
  }

  cPreExecutionNode(n: Node): Code {
    return this.unsupported(n, "BEGIN block");
  }

  cPostExecutionNode(n: Node): Code {
    return this.unsupported(n, "END block");
  }

  cSourceEncodingNode(n: Node): Code {
    return this.unsupported(n, "__ENCODING__");
  }

  cMissingNode(n: Node): Code {
    return this.unsupported(n, "unparsable code");
  }
}
