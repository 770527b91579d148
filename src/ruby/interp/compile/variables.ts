/** Variables and constants: locals, instance variables, globals, match references, constants, multiple assignment, defined?. */
import { nodeKind } from "../../parse/node-kind.js";
import type * as P from "@ruby/prism/src/nodes.js";
import { toAry } from "../../runtime/coerce.js";
import { type Value, RArray, RClass, RObject, cObject, str, truthy } from "../../runtime/values.js";
import { type Code, spread } from "../params.js";
import { lookupConstIn } from "../runtime.js";
import { RubyError } from "../signals.js";
import { RT } from "./current.js";
import { type OpMode, currentException, findConst, lookupConst, opAssign } from "./semantics.js";
import { LiteralCompiler } from "./literals.js";

type Node = P.Node;

export abstract class VariableCompiler extends LiteralCompiler {

  cLocalVariableReadNode(n: P.LocalVariableReadNode): Code {
    return this.readLocal(n.name, n.depth);
  }

  cLocalVariableWriteNode(n: P.LocalVariableWriteNode): Code {
    const t = this.localTarget(n.name, n.depth);
    const v = this.compile(n.value);
    return (f) => {
      const x = v(f);
      t(f, x, RT);
      return x;
    };
  }

  cLocalVariableOperatorWriteNode(n: P.LocalVariableOperatorWriteNode): Code {
    return this.localOpWrite(n, { kind: "op", op: n.binaryOperator }, n.binaryOperatorLoc.startOffset);
  }

  cLocalVariableOrWriteNode(n: P.LocalVariableOrWriteNode): Code {
    return this.localOpWrite(n, { kind: "or" }, n.location.startOffset);
  }

  cLocalVariableAndWriteNode(n: P.LocalVariableAndWriteNode): Code {
    return this.localOpWrite(n, { kind: "and" }, n.location.startOffset);
  }

  protected localOpWrite(n: { name: string; depth: number; value: Node }, mode: OpMode, at: number): Code {
    const read = this.readLocal(n.name, n.depth);
    const t = this.localTarget(n.name, n.depth);
    const v = this.compile(n.value);
    return (f) => opAssign(f, read(f), mode, v, at, (x) => t(f, x, RT));
  }


  cInstanceVariableReadNode(n: P.InstanceVariableReadNode): Code {
    const name = n.name;
    return (f) => (f.self instanceof RObject ? f.self.getIvar(name) : null);
  }

  cInstanceVariableWriteNode(n: P.InstanceVariableWriteNode): Code {
    const t = this.ivarTarget(n.name);
    const v = this.compile(n.value);
    return (f) => {
      const x = v(f);
      t(f, x, RT);
      return x;
    };
  }

  cInstanceVariableOrWriteNode(n: P.InstanceVariableOrWriteNode): Code {
    return this.ivarOpWrite(n, { kind: "or" }, n.location.startOffset);
  }

  cInstanceVariableAndWriteNode(n: P.InstanceVariableAndWriteNode): Code {
    return this.ivarOpWrite(n, { kind: "and" }, n.location.startOffset);
  }

  cInstanceVariableOperatorWriteNode(n: P.InstanceVariableOperatorWriteNode): Code {
    return this.ivarOpWrite(n, { kind: "op", op: n.binaryOperator }, n.binaryOperatorLoc.startOffset);
  }

  protected ivarOpWrite(n: { name: string; value: Node }, mode: OpMode, at: number): Code {
    const read = this.cInstanceVariableReadNode(n as unknown as P.InstanceVariableReadNode);
    const t = this.ivarTarget(n.name);
    const v = this.compile(n.value);
    return (f) => opAssign(f, read(f), mode, v, at, (x) => t(f, x, RT));
  }


  cGlobalVariableReadNode(n: P.GlobalVariableReadNode): Code {
    const name = n.name;
    const at = n.location.startOffset;
    if (name === "$~") return (f) => f.home.lastMatch;
    if (name === "$!") return (f) => currentException(f);
    return () => ((RT.pos = at), RT.sandbox(`global variable ${name}`));
  }

  cGlobalVariableWriteNode(n: P.GlobalVariableWriteNode): Code {
    const at = n.location.startOffset;
    const name = n.name;
    return () => ((RT.pos = at), RT.sandbox(`global variable ${name}`));
  }

  cNumberedReferenceReadNode(n: P.NumberedReferenceReadNode): Code {
    const k = n.number;
    return (f) => {
      const m = f.home.lastMatch;
      if (!m) return null;
      const g = m.m[k];
      return g === undefined ? null : str(g);
    };
  }

  cBackReferenceReadNode(n: P.BackReferenceReadNode): Code {
    const name = n.name;
    return (f) => {
      const m = f.home.lastMatch;
      if (!m) return null;
      switch (name) {
        case "$&":
          return str(m.m[0]);
        case "$`":
          return str(m.input.slice(0, m.m.index));
        case "$'":
          return str(m.input.slice(m.m.index + m.m[0].length));
        default: {
          for (let i = m.m.length - 1; i > 0; i--) if (m.m[i] !== undefined) return str(m.m[i]);
          return null;
        }
      }
    };
  }


  // -------------------------------------------------------------------------------------------
  // Constants

  cConstantReadNode(n: P.ConstantReadNode): Code {
    const name = n.name;
    const at = n.location.startOffset;
    return (f) => lookupConst(f, name, at);
  }

  cConstantPathNode(n: P.ConstantPathNode): Code {
    const name = n.name!;
    const at = n.location.startOffset;
    if (n.parent === null) {
      return () => {
        const v = cObject.consts.get(name);
        if (v === undefined) return (RT.pos = at), RT.raise("NameError", `uninitialized constant ${name}`);
        return v;
      };
    }
    const parent = this.compile(n.parent);
    return (f) => {
      const scope = parent(f);
      if (!(scope instanceof RClass)) return (RT.pos = at), RT.raise("TypeError", `${RT.inspect(scope)} is not a class/module`);
      const v = lookupConstIn(scope, name);
      if (v === undefined) return (RT.pos = at), RT.raise("NameError", `uninitialized constant ${scope.name}::${name}`);
      return v;
    };
  }

  cConstantWriteNode(n: P.ConstantWriteNode): Code {
    const name = n.name;
    const v = this.compile(n.value);
    return (f) => {
      const x = v(f);
      f.cref.consts.set(name, x);
      if (x instanceof RClass && x.name === "") x.name = name;
      return x;
    };
  }

  cConstantOrWriteNode(n: P.ConstantOrWriteNode): Code {
    const name = n.name;
    const v = this.compile(n.value);
    return (f) => {
      const cur = f.cref.consts.get(name);
      if (cur !== undefined && truthy(cur)) return cur;
      const x = v(f);
      f.cref.consts.set(name, x);
      return x;
    };
  }


  cMultiWriteNode(n: P.MultiWriteNode): Code {
    const lefts = n.lefts.map((x) => this.target(x));
    const hasRest = n.rest !== null && nodeKind(n.rest) !== "ImplicitRestNode";
    const rest = n.rest && nodeKind(n.rest) === "SplatNode" && (n.rest as P.SplatNode).expression ? this.target((n.rest as P.SplatNode).expression!) : null;
    const rights = n.rights.map((x) => this.target(x));
    const value = this.compile(n.value);
    return (f) => {
      const v = value(f);
      const items = v instanceof RArray ? v.a.slice() : v !== null && RT.respondTo(v, "to_ary", true) ? toAry(RT, v).slice() : [v];
      spread(items, lefts, rest, hasRest, rights, f, RT);
      return v;
    };
  }

  cMatchWriteNode(n: P.MatchWriteNode): Code {
    const call = this.compile(n.call);
    const targets = n.targets.map((t) => ({ name: (t as P.LocalVariableTargetNode).name, set: this.target(t) }));
    return (f) => {
      const r = call(f);
      const m = f.home.lastMatch;
      for (const t of targets) t.set(f, m ? RT.send(m, "[]", [str(t.name)]) : null, RT);
      return r;
    };
  }


  cDefinedNode(n: P.DefinedNode): Code {
    const v = n.value;
    const kind = nodeKind(v);
    const res = (s: string | null): Value => (s === null ? null : Object.assign(str(s), { frozen: true }));
    switch (kind) {
      case "LocalVariableReadNode":
        return () => res("local-variable");
      case "InstanceVariableReadNode": {
        const name = (v as P.InstanceVariableReadNode).name;
        return (f) => res(f.self instanceof RObject && f.self.ivars?.has(name) ? "instance-variable" : null);
      }
      case "ConstantReadNode": {
        const name = (v as P.ConstantReadNode).name;
        return (f) => res(findConst(f, name) !== undefined ? "constant" : null);
      }
      case "CallNode": {
        const c = v as P.CallNode;
        if (c.receiver === null) {
          return (f) => res(RT.respondTo(f.self, c.name, true) ? "method" : null);
        }
        const recv = this.compile(c.receiver);
        return (f) => {
          try {
            return res(RT.respondTo(recv(f), c.name, false) ? "method" : null);
          } catch (e) {
            if (e instanceof RubyError) return null;
            throw e;
          }
        };
      }
      case "SelfNode":
        return () => res("self");
      case "NilNode":
        return () => res("expression");
      case "YieldNode":
        return (f) => res(f.home.methodBlock ? "yield" : null);
      default:
        return () => res("expression");
    }
  }
}
