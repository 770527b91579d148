/** Calls: method calls and their fast paths, operator assignment on attributes and indexes, yield, super. */
import { nodeKind } from "../../parse/node-kind.js";
import type * as P from "@ruby/prism/src/nodes.js";
import { pushElements } from "../../runtime/budget.js";
import { receiverDescription } from "../../runtime/coerce.js";
import {
  type Value,
  RArray,
  RHash,
  RProc,
  RString,
  cHash,
  cString,
  classOf,
  newMethodCache,
  sym,
} from "../../runtime/values.js";
import { Frame } from "../frame.js";
import type { Code } from "../params.js";
import { BreakSignal, RubyError } from "../signals.js";
import { fastBinary, fastUnary } from "../fast-ops.js";
import { hashSet } from "../../core/hash.js";
import { RT } from "./current.js";
import { literalMinMax } from "../hooks.js";
import { type OpMode, opAssign } from "./semantics.js";
import { ControlCompiler } from "./control.js";

type Node = P.Node;

export abstract class CallCompiler extends ControlCompiler {

  cCallNode(n: P.CallNode): Code {
    const name = n.name;
    const at = (n.messageLoc ?? n.location).startOffset;
    if (n.receiver === null) {
      const special = this.specialFcall(n, at);
      if (special) return special;
    }
    const literalMinMax = this.literalArrayMinMax(n, at);
    if (literalMinMax) return literalMinMax;
    const frozenLiteral = this.frozenStringLiteral(n);
    if (frozenLiteral) return frozenLiteral;
    const recv = n.receiver ? this.compile(n.receiver) : null;
    const fcall = n.receiver === null || nodeKind(n.receiver) === "SelfNode";
    const vcall = n.isVariableCall();
    const safe = n.isSafeNavigation();
    const attrWrite = n.isAttributeWrite();
    const nargs = n.arguments_?.arguments_.length ?? 0;
    const simpleArgs = n.arguments_ === null || !n.arguments_.arguments_.some((a) => nodeKind(a) === "SplatNode" || nodeKind(a) === "KeywordHashNode");
    const literalBlock = n.block !== null && nodeKind(n.block) === "BlockNode";
    const blockCode = this.blockFor(n.block);
    // This call site's last method lookup (an inline cache).
    const site = newMethodCache();

    // Binary operators on Integers/Strings skip dispatch (core classes cannot be redefined).
    // The argument is compiled once, here or in callArgs below: compiling it twice would make
    // compilation exponential in the nesting of `a ** (b ** (c ** ...))`.
    if (recv && nargs === 1 && simpleArgs && blockCode === null && !safe) {
      const argCode = this.compile(n.arguments_!.arguments_[0]);
      if (name === "<<") return this.appendCall(recv, argCode, at, site, fcall);
      const fast = fastBinary(name);
      return (f) => {
        const r = recv(f);
        const a = argCode(f);
        if (fast !== null) {
          const v = fast(r, a);
          if (v !== undefined) return v;
        }
        RT.pos = at;
        RT.frame = f;
        const res = RT.dispatch(r, name, [a], null, fcall, false, site);
        return attrWrite ? a : res;
      };
    }
    if (recv && nargs === 0 && blockCode === null && !safe) {
      // `(expr).to_s` closes every `<%= %>`: a String answers itself (String#to_s cannot be
      // redefined, and a String with its own singleton class is not of class String).
      const toS = name === "to_s";
      const fast = fastUnary(name);
      return (f) => {
        const r = recv(f);
        RT.pos = at;
        RT.frame = f;
        if (toS && r instanceof RString && r.cls === cString) {
          RT.tick();
          return r;
        }
        // `<%= port %>`: Integer#to_s (base 10) cannot be redefined either.
        if (toS && typeof r === "number") {
          RT.tick();
          return new RString(String(r));
        }
        if (fast !== null) {
          // Counted as the call would count it.
          const v = fast(r);
          if (v !== undefined) {
            RT.tick();
            return v;
          }
        }
        return RT.dispatch(r, name, [], null, fcall, false, site);
      };
    }
    if (name === "[]=" && recv && nargs === 2 && simpleArgs && blockCode === null && !safe) return this.hashStore(recv, n.arguments_!.arguments_, at, site, fcall, attrWrite);
    const args = this.callArgs(n.arguments_);
    return (f) => {
      const r = recv ? recv(f) : f.self;
      if (safe && r === null) return null;
      const a = args(f);
      const blk = blockCode ? blockCode(f) : null;
      RT.pos = at;
      RT.frame = f;
      if (literalBlock) {
        try {
          return RT.dispatch(r, name, a, blk, fcall, vcall, site);
        } catch (e) {
          if (e instanceof BreakSignal && e.tag === blk) return e.value;
          throw e;
        }
      }
      const res = RT.dispatch(r, name, a, blk, fcall, vcall, site);
      return attrWrite ? a[a.length - 1] : res;
    };
  }


  /**
   * `h[k] = v` on a Hash (of class Hash) stores without dispatch: Hash#[]= cannot be redefined for
   * it. The step is counted as the call counted it; anything else dispatches.
   */
  private hashStore(recv: Code, argNodes: Node[], at: number, site: ReturnType<typeof newMethodCache>, fcall: boolean, attrWrite: boolean): Code {
    const keyCode = this.compile(argNodes[0]);
    const valueCode = this.compile(argNodes[1]);
    return (f) => {
      const r = recv(f);
      const k = keyCode(f);
      const v = valueCode(f);
      RT.pos = at;
      RT.frame = f;
      if (r instanceof RHash && r.cls === cHash) {
        RT.tick();
        hashSet(RT, r, k, v);
        return v;
      }
      const res = RT.dispatch(r, "[]=", [k, v], null, fcall, false, site);
      return attrWrite ? v : res;
    };
  }

  /**
   * `"text".freeze`, how ERB writes every text chunk: CRuby answers one frozen String without
   * calling `freeze` (opt_str_freeze; String#freeze cannot be redefined here), the same object every
   * time. The step is counted as the call counted it.
   */
  private frozenStringLiteral(n: P.CallNode): Code | null {
    const r = n.receiver;
    if (n.name !== "freeze" || r === null || nodeKind(r) !== "StringNode") return null;
    if (n.arguments_ !== null || n.block !== null || n.isSafeNavigation()) return null;
    if (this.invalidUtf8Bytes(r as P.StringNode) !== null) return null;
    const s = new RString(this.stringValue(r as P.StringNode));
    s.frozen = true;
    return () => {
      RT.tick();
      return s;
    };
  }

  /**
   * `buf << str`, the ERB buffer's every append: two text Strings join in place without dispatch
   * (String#<< cannot be redefined). The step is counted as a call counts it; anything else
   * (a BINARY or invalid-UTF-8 side, a frozen or oversized result, a codepoint) takes the method.
   */
  protected appendCall(recv: Code, argCode: Code, at: number, site: ReturnType<typeof newMethodCache>, fcall: boolean): Code {
    return (f) => {
      const r = recv(f);
      const a = argCode(f);
      RT.pos = at;
      RT.frame = f;
      if (r instanceof RString && a instanceof RString && r.cls === cString && r.encTag === 0 && a.encTag === 0 && !r.binary && !a.binary && !r.frozen) {
        const joined = r.s + a.s;
        if (joined.length <= RT.limits.stringSize) {
          RT.tick();
          r.s = joined;
          return r;
        }
      }
      return RT.dispatch(r, "<<", [a], null, fcall, false, site);
    };
  }

  /**
   * `[a, b].max` / `.min` on an array literal: CRuby compiles it to opt_newarray_send, which
   * compares in the opposite order to Array#max (visible in "comparison of X with Y failed").
   */
  protected literalArrayMinMax(n: P.CallNode, at: number): Code | null {
    const r = n.receiver;
    if (r === null || nodeKind(r) !== "ArrayNode" || (n.name !== "max" && n.name !== "min")) return null;
    if (n.arguments_ !== null || n.block !== null || n.isSafeNavigation()) return null;
    const elements = (r as P.ArrayNode).elements;
    if (elements.some((e) => nodeKind(e) === "SplatNode")) return null;
    // An array of static literals only is a `duparray` in CRuby, and then Array#max runs.
    if (elements.every(isStaticLiteral)) return null;
    const codes = elements.map((e) => this.compile(e));
    const sign = n.name === "max" ? 1 : -1;
    return (f) => {
      const list = codes.map((c) => c(f));
      RT.pos = at;
      RT.frame = f;
      return literalMinMax(RT, list, sign);
    };
  }

  /** Receiverless calls that need the caller's frame. */
  protected specialFcall(n: P.CallNode, at: number): Code | null {
    const noArgs = n.arguments_ === null && n.block === null;
    switch (n.name) {
      case "block_given?":
      case "iterator?":
        return noArgs ? (f) => f.home.methodBlock !== null : null;
      case "binding":
      case "eval":
      case "instance_eval":
      case "instance_exec":
      case "class_eval":
      case "module_eval":
      case "system":
      case "exec":
      case "spawn":
      case "fork":
      case "open":
      case "syscall":
      case "trap":
      case "at_exit":
      case "require_relative":
      case "load":
      case "autoload":
      case "caller":
      case "caller_locations":
      case "set_trace_func":
      case "exit!":
      case "`": {
        const name = n.name;
        return () => ((RT.pos = at), RT.sandbox(`Kernel#${name}`));
      }
      case "lambda": {
        if (n.block && nodeKind(n.block) === "BlockNode") return this.compileBlock(n.block as P.BlockNode, true);
        return null;
      }
      case "proc": {
        if (n.block && nodeKind(n.block) === "BlockNode" && n.arguments_ === null) return this.compileBlock(n.block as P.BlockNode);
        return null;
      }
      case "loop": {
        if (!(n.block && nodeKind(n.block) === "BlockNode") || n.arguments_ !== null) return null;
        const blockCode = this.compileBlock(n.block as P.BlockNode);
        return (f) => {
          const blk = blockCode(f);
          try {
            for (;;) {
              RT.tick();
              blk.call([], null);
            }
          } catch (e) {
            if (e instanceof BreakSignal && e.tag === blk) return e.value;
            if (e instanceof RubyError && e.exc.cls.name === "StopIteration") return e.exc.getIvar("@result");
            throw e;
          }
        };
      }
      case "local_variables": {
        if (!noArgs) return null;
        const names: string[] = [];
        for (let i = this.scopes.length - 1; i >= 0; i--) {
          for (const l of this.scopes[i].locals) if (!names.includes(l) && /^[a-z_]/.test(l) && !/^_\d$/.test(l)) names.push(l);
          if (this.scopes[i].kind !== "block" && this.scopes[i].kind !== "lambda") break;
        }
        return () => new RArray(names.map((l) => sym(l)));
      }
      case "__method__": {
        return (f) => {
          const m = f.home.methodName;
          return m === null ? null : sym(m);
        };
      }
      default:
        return null;
    }
  }


  cCallOperatorWriteNode(n: P.CallOperatorWriteNode): Code {
    return this.callOpWrite(n, { kind: "op", op: n.binaryOperator });
  }

  cCallOrWriteNode(n: P.CallOrWriteNode): Code {
    return this.callOpWrite(n, { kind: "or" });
  }

  cCallAndWriteNode(n: P.CallAndWriteNode): Code {
    return this.callOpWrite(n, { kind: "and" });
  }

  /** `recv.attr OP= value`: the receiver is evaluated once; reads `attr`, writes `attr=`. */
  protected callOpWrite(n: P.CallOperatorWriteNode | P.CallOrWriteNode | P.CallAndWriteNode, mode: OpMode): Code {
    const recv = this.compile(n.receiver);
    const v = this.compile(n.value);
    const at = n.location.startOffset;
    const safe = n.isSafeNavigation();
    const { readName, writeName } = n;
    return (f) => {
      const r = recv(f);
      if (safe && r === null) return null;
      RT.pos = at;
      RT.frame = f;
      return opAssign(f, RT.send(r, readName), mode, v, at, (x) => {
        RT.pos = at;
        RT.send(r, writeName, [x]);
      });
    };
  }

  /** `recv[args] OP= value`: receiver and index arguments are evaluated once. */
  protected indexWrite(n: P.IndexOperatorWriteNode | P.IndexOrWriteNode | P.IndexAndWriteNode, mode: OpMode): Code {
    const recv = this.compile(n.receiver);
    const args = this.argItems(n.arguments_?.arguments_ ?? []);
    const v = this.compile(n.value);
    const at = n.location.startOffset;
    return (f) => {
      const r = recv(f);
      const a = args(f);
      RT.pos = at;
      RT.frame = f;
      return opAssign(f, RT.send(r, "[]", a), mode, v, at, (x) => {
        RT.pos = at;
        RT.send(r, "[]=", [...a, x]);
      });
    };
  }

  cIndexOperatorWriteNode(n: P.IndexOperatorWriteNode): Code {
    return this.indexWrite(n, { kind: "op", op: n.binaryOperator });
  }

  cIndexOrWriteNode(n: P.IndexOrWriteNode): Code {
    return this.indexWrite(n, { kind: "or" });
  }

  cIndexAndWriteNode(n: P.IndexAndWriteNode): Code {
    return this.indexWrite(n, { kind: "and" });
  }


  cYieldNode(n: P.YieldNode): Code {
    const args = this.callArgs(n.arguments_);
    const at = n.location.startOffset;
    return (f) => {
      const blk = f.home.methodBlock;
      RT.pos = at;
      if (!blk) return RT.raise("LocalJumpError", "no block given (yield)");
      return blk.call(args(f), null);
    };
  }

  /** `super(args)`: the next method of the same name after the current method's owner. */
  cSuperNode(n: P.SuperNode): Code {
    return this.superCall(n, this.callArgs(n.arguments_), this.blockFor(n.block));
  }

  /** Bare `super`: the current values of the method's own parameters, and its block. */
  cForwardingSuperNode(n: P.ForwardingSuperNode): Code {
    return this.superCall(n, this.zsuperArgs(), this.blockFor(n.block));
  }

  protected zsuperArgs(): ((f: Frame) => Value[]) | null {
    let depth = 0;
    for (let i = this.scopes.length - 1; i >= 0 && this.scopes[i].kind !== "def"; i--) depth++;
    const params = this.defParams[this.defParams.length - 1];
    if (!params) return null;
    const positional: { read: Code; splat: boolean }[] = [];
    const name = (x: Node) => (x as P.RequiredParameterNode).name;
    for (const r of params.requireds) if (nodeKind(r) === "RequiredParameterNode") positional.push({ read: this.readLocal(name(r), depth), splat: false });
    for (const o of params.optionals) positional.push({ read: this.readLocal(name(o), depth), splat: false });
    if (params.rest && (params.rest as P.RestParameterNode).name) positional.push({ read: this.readLocal((params.rest as P.RestParameterNode).name!, depth), splat: true });
    for (const r of params.posts) if (nodeKind(r) === "RequiredParameterNode") positional.push({ read: this.readLocal(name(r), depth), splat: false });
    const keywords = params.keywords.map((k) => ({ key: sym(name(k)), read: this.readLocal(name(k), depth) }));
    return (f) => {
      const out: Value[] = [];
      for (const p of positional) {
        const v = p.read(f);
        if (p.splat && v instanceof RArray) pushElements(out, v.a);
        else out.push(v);
      }
      if (keywords.length > 0) {
        const h = new RHash();
        for (const k of keywords) h.set(k.key, k.read(f));
        h.kw = true;
        out.push(h);
      }
      return out;
    };
  }

  protected superCall(n: Node, args: ((f: Frame) => Value[]) | null, blockCode: ((f: Frame) => RProc | null) | null): Code {
    const at = n.location.startOffset;
    return (f) => {
      const home = f.home;
      if (home.methodName === null || home.methodOwner === null) return RT.unsupported("super outside a method", at);
      const a = args ? args(f) : home.methodArgs;
      const blk = blockCode ? blockCode(f) : home.methodBlock;
      RT.pos = at;
      RT.frame = f;
      const ancestors = classOf(f.self).ancestors();
      const from = ancestors.indexOf(home.methodOwner);
      for (let i = from + 1; i < ancestors.length; i++) {
        const m = ancestors[i].methods.get(home.methodName);
        if (m) return RT.invoke(m, f.self, a, blk);
      }
      return RT.raise("NoMethodError", `super: no superclass method '${home.methodName}' for ${receiverDescription(f.self)}`);
    };
  }

  cLambdaNode(n: P.LambdaNode): Code {
    return this.compileBlock(n, true);
  }

  cBlockNode(n: P.BlockNode): Code {
    return this.compileBlock(n);
  }
}


/** CRuby's static_literal_node_p: the elements that make an array literal a frozen `duparray`. */
function isStaticLiteral(n: P.Node): boolean {
  switch (nodeKind(n)) {
    case "IntegerNode":
    case "FloatNode":
    case "RationalNode":
    case "ImaginaryNode":
    case "NilNode":
    case "TrueNode":
    case "FalseNode":
    case "SymbolNode":
    case "RegularExpressionNode":
    case "SourceLineNode":
    case "SourceEncodingNode":
      return true;
    case "StringNode":
      return (n as P.StringNode).isFrozen();
    default:
      return false;
  }
}
