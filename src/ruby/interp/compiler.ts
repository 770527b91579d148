/**
 * Compiles Prism's AST into JS closures once per template; rendering runs the closures and
 * never looks at a node again. One method per node family; anything not handled raises
 * UnsupportedRubyError at the node's template line when (and only if) it is reached.
 */
import type * as P from "@ruby/prism/src/nodes.js";
import { receiverDescription, toAry } from "../runtime/coerce.js";
import {
  type Value,
  RArray,
  RClass,
  RException,
  RFloat,
  RHash,
  RObject,
  RProc,
  RRange,
  RRegexp,
  RString,
  RSymbol,
  cException,
  cObject,
  cStandardError,
  classOf,
  defineBuiltinClass,
  int,
  isA,
  singletonClassOf,
  str,
  sym,
  truthy,
} from "../runtime/values.js";
import { Frame } from "./frame.js";
import { type Code, type ParamSpec, type Target, arityOf, autoSplats, bindParams, destructure, emptySpec, spread } from "./params.js";
import { type Runtime, isStandardError, lookupConstIn } from "./runtime.js";
import { BreakSignal, NextSignal, ReturnSignal, RubyError } from "./signals.js";
import { compileRegexpLiteral, regexpToS } from "./hooks.js";
import { fastBinary } from "./fast-ops.js";

type Node = P.Node;

/** The runtime of the render in progress. Renders are synchronous, so one slot suffices; it is saved and restored around nested renders. */
export let RT: Runtime = null as unknown as Runtime;
export function setRuntime(rt: Runtime): Runtime {
  const prev = RT;
  RT = rt;
  return prev;
}

interface Scope {
  locals: string[];
  kind: "top" | "def" | "block" | "class" | "lambda";
}

/** What `break`/`next` inside the current code refer to. */
type LoopCtx = { kind: "while"; tag: object } | { kind: "block" } | { kind: "none" };

class LoopBreak {
  constructor(
    readonly tag: object,
    readonly value: Value,
  ) {}
}
class LoopNext {
  constructor(readonly tag: object) {}
}

export interface ProgramMeta {
  /** Program text as parsed (for regexp sources, which must be read raw). */
  source: string;
  /** UTF-8 byte offset -> UTF-16 index in `source`. */
  byteToIndex(byteOffset: number): number;
  /** Template line of a program byte offset (for __LINE__). */
  lineOf(byteOffset: number): number;
  filename: string;
}

export class Compiler {
  private scopes: Scope[] = [];
  /** Parameters of the enclosing `def`s (for bare `super`). */
  private defParams: (P.ParametersNode | null)[] = [];
  private loops: LoopCtx[] = [{ kind: "none" }];

  constructor(private readonly meta: ProgramMeta) {}

  compileProgram(program: P.ProgramNode): { body: Code; size: number } {
    this.scopes.push({ locals: program.locals, kind: "top" });
    const body = this.stmts(program.statements);
    this.scopes.pop();
    return { body, size: program.locals.length };
  }

  // -------------------------------------------------------------------------------------------
  // Dispatch

  compile(node: Node | null): Code {
    if (node === null) return () => null;
    const handler = (this as unknown as Record<string, (n: Node) => Code>)[`c${node.constructor.name}`];
    if (handler === undefined) return this.unsupported(node, nodeDescription(node));
    return handler.call(this, node);
  }

  private unsupported(node: Node, what: string): Code {
    const at = node.location.startOffset;
    return () => RT.unsupported(what, at);
  }

  private stmts(node: P.StatementsNode | null): Code {
    if (node === null) return () => null;
    return this.seq(node.body.map((n) => this.compile(n)));
  }

  private seq(codes: Code[]): Code {
    if (codes.length === 0) return () => null;
    if (codes.length === 1) return codes[0];
    if (codes.length === 2) {
      const [a, b] = codes;
      return (f) => (a(f), b(f));
    }
    return (f) => {
      const n = codes.length - 1;
      for (let i = 0; i < n; i++) codes[i](f);
      return codes[n](f);
    };
  }

  cStatementsNode(n: P.StatementsNode): Code {
    return this.stmts(n);
  }
  cParenthesesNode(n: P.ParenthesesNode): Code {
    return this.compile(n.body);
  }
  cProgramNode(n: P.ProgramNode): Code {
    return this.compileProgram(n).body;
  }

  // -------------------------------------------------------------------------------------------
  // Literals

  cNilNode(): Code {
    return () => null;
  }
  cTrueNode(): Code {
    return () => true;
  }
  cFalseNode(): Code {
    return () => false;
  }
  cSelfNode(): Code {
    return (f) => f.self;
  }
  cIntegerNode(n: P.IntegerNode): Code {
    // Read from the source text: @ruby/prism 1.9.0's deserializer garbles literals of 2**31 and more.
    const v = integerLiteral(this.rawSlice(n.location));
    return () => v;
  }
  cFloatNode(n: P.FloatNode): Code {
    const v = new RFloat(n.value);
    return () => v;
  }
  cImaginaryNode(n: Node): Code {
    return this.unsupported(n, "Complex literal");
  }
  cRationalNode(n: Node): Code {
    return this.unsupported(n, "Rational literal");
  }
  /** A string literal's value. Prism's decoder (TextDecoder) drops a leading UTF-8 BOM; Ruby keeps it. */
  private stringValue(n: P.StringNode): string {
    const v = n.unescaped.value;
    if (n.contentLoc && v.charCodeAt(0) !== 0xfeff && !v.startsWith("\\x")) {
      const raw = this.rawSlice(n.contentLoc);
      if (raw.startsWith("\\xEF\\xBB\\xBF") || raw.charCodeAt(0) === 0xfeff) return `\ufeff${v}`;
    }
    return v;
  }

  cStringNode(n: P.StringNode): Code {
    const s = this.stringValue(n);
    if (n.isFrozen()) {
      return () => {
        const r = new RString(s);
        r.frozen = true;
        return r;
      };
    }
    return () => new RString(s);
  }
  cSymbolNode(n: P.SymbolNode): Code {
    const v = sym(n.unescaped.value);
    return () => v;
  }
  cXStringNode(n: Node): Code {
    const at = n.location.startOffset;
    return () => ((RT.pos = at), RT.sandbox("backtick command execution"));
  }
  cInterpolatedXStringNode(n: Node): Code {
    return this.cXStringNode(n);
  }
  cSourceLineNode(n: Node): Code {
    const line = this.meta.lineOf(n.location.startOffset);
    return () => line;
  }
  cSourceFileNode(): Code {
    const file = this.meta.filename;
    return () => str(file);
  }

  /** The parts of an interpolated literal, concatenated with Ruby's `to_s` rules. */
  private parts(parts: Node[]): (f: Frame) => string {
    const codes = parts.map((p) => {
      if (p.constructor.name === "StringNode") {
        const s = this.stringValue(p as P.StringNode);
        return () => s;
      }
      const c = p.constructor.name === "EmbeddedStatementsNode" ? this.stmts((p as P.EmbeddedStatementsNode).statements) : this.compile(p);
      return (f: Frame) => interpToS(c(f));
    });
    return (f) => {
      let out = "";
      for (const c of codes) out += (c as (f: Frame) => string)(f);
      return out;
    };
  }
  cInterpolatedStringNode(n: P.InterpolatedStringNode): Code {
    const p = this.parts(n.parts);
    const frozen = n.isFrozen();
    return (f) => {
      const s = new RString(p(f));
      if (frozen) s.frozen = true;
      RT.checkSize(s.s.length, "String");
      return s;
    };
  }
  cEmbeddedStatementsNode(n: P.EmbeddedStatementsNode): Code {
    return this.stmts(n.statements);
  }
  cEmbeddedVariableNode(n: P.EmbeddedVariableNode): Code {
    return this.compile(n.variable);
  }
  cInterpolatedSymbolNode(n: P.InterpolatedSymbolNode): Code {
    const p = this.parts(n.parts);
    return (f) => sym(p(f));
  }

  private rawSlice(loc: P.Location): string {
    const a = this.meta.byteToIndex(loc.startOffset);
    const b = this.meta.byteToIndex(loc.startOffset + loc.length);
    return this.meta.source.slice(a, b);
  }

  private regexpOptions(n: { isIgnoreCase(): boolean; isExtended(): boolean; isMultiLine(): boolean }): number {
    return (n.isIgnoreCase() ? 1 : 0) | (n.isExtended() ? 2 : 0) | (n.isMultiLine() ? 4 : 0);
  }

  cRegularExpressionNode(n: P.RegularExpressionNode): Code {
    // Ruby drops the backslash of an escaped delimiter: /a\/b/.source is "a/b".
    const open = this.rawSlice(n.openingLoc);
    const delim = open === "/" ? "/" : open.length === 3 ? open[2] : "";
    const raw = this.rawSlice(n.contentLoc);
    const source = delim === "/" ? raw.replace(/\\\//g, "/") : raw;
    const opts = this.regexpOptions(n);
    const at = n.location.startOffset;
    let cached: RRegexp | null = null;
    return () => {
      if (cached) return cached;
      RT.pos = at;
      return (cached = compileRegexpLiteral(RT, source, opts));
    };
  }
  cInterpolatedRegularExpressionNode(n: P.InterpolatedRegularExpressionNode): Code {
    const opts = this.regexpOptions(n);
    const at = n.location.startOffset;
    const codes = n.parts.map((p) => {
      if (p.constructor.name === "StringNode") {
        const s = this.rawSlice((p as P.StringNode).contentLoc ?? p.location);
        return () => s;
      }
      const c = p.constructor.name === "EmbeddedStatementsNode" ? this.stmts((p as P.EmbeddedStatementsNode).statements) : this.compile(p);
      return (f: Frame) => {
        const v = c(f);
        return v instanceof RRegexp ? regexpToS(v) : interpToS(v);
      };
    });
    return (f) => {
      let src = "";
      for (const c of codes) src += (c as (f: Frame) => string)(f);
      RT.pos = at;
      return compileRegexpLiteral(RT, src, opts);
    };
  }
  cMatchLastLineNode(n: Node): Code {
    return this.unsupported(n, "regexp literal as a condition (matches $_)");
  }

  cArrayNode(n: P.ArrayNode): Code {
    const hasSplat = n.elements.some((e) => e.constructor.name === "SplatNode");
    if (!hasSplat) {
      const codes = n.elements.map((e) => this.compile(e));
      return (f) => {
        const a = new Array<Value>(codes.length);
        for (let i = 0; i < codes.length; i++) a[i] = codes[i](f);
        return new RArray(a);
      };
    }
    const items = this.argItems(n.elements);
    return (f) => new RArray(items(f));
  }

  cHashNode(n: P.HashNode): Code {
    return this.hashElements(n.elements, false);
  }
  cKeywordHashNode(n: P.KeywordHashNode): Code {
    return this.hashElements(n.elements, true);
  }
  private hashElements(elements: Node[], kw: boolean): Code {
    const parts = elements.map((e) => {
      if (e.constructor.name === "AssocNode") {
        const a = e as P.AssocNode;
        return { key: this.compile(a.key), value: this.compile(a.value), splat: false };
      }
      const s = e as P.AssocSplatNode;
      return { key: null, value: this.compile(s.value), splat: true };
    });
    return (f) => {
      const h = new RHash();
      for (const p of parts) {
        if (p.splat) {
          const v = p.value(f);
          if (v === null) continue;
          if (!(v instanceof RHash)) RT.raise("TypeError", `no implicit conversion of ${classOf(v).name} into Hash`);
          for (const [k, x] of (v as RHash).entries()) h.set(k, x);
        } else {
          h.set(p.key!(f), p.value(f));
        }
      }
      h.kw = kw;
      RT.checkSize(h.size, "Hash");
      return h;
    };
  }
  cImplicitNode(n: P.ImplicitNode): Code {
    return this.compile(n.value);
  }

  cRangeNode(n: P.RangeNode): Code {
    const l = this.compile(n.left);
    const r = this.compile(n.right);
    const excl = n.isExcludeEnd();
    return (f) => {
      const a = l(f);
      const b = r(f);
      if (a !== null && b !== null && !(typeof a === "number" && typeof b === "number")) {
        const c = RT.send(a, "<=>", [b]);
        if (c === null) RT.raise("ArgumentError", "bad value for range");
      }
      return new RRange(a, b, excl);
    };
  }

  // -------------------------------------------------------------------------------------------
  // Variables

  private slotOf(name: string, depth: number): number {
    const scope = this.scopes[this.scopes.length - 1 - depth];
    const i = scope.locals.indexOf(name);
    if (i < 0) throw new Error(`internal: local ${name} not in scope`);
    return i;
  }

  private readLocal(name: string, depth: number): Code {
    const i = this.slotOf(name, depth);
    if (depth === 0) return (f) => f.locals[i];
    if (depth === 1) return (f) => f.parent!.locals[i];
    return (f) => {
      let fr = f;
      for (let d = 0; d < depth; d++) fr = fr.parent!;
      return fr.locals[i];
    };
  }

  private localTarget(name: string, depth: number): Target {
    const i = this.slotOf(name, depth);
    if (depth === 0) return (f, v) => void (f.locals[i] = v);
    return (f, v) => {
      let fr = f;
      for (let d = 0; d < depth; d++) fr = fr.parent!;
      fr.locals[i] = v;
    };
  }

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
  private localOpWrite(n: { name: string; depth: number; value: Node }, mode: OpMode, at: number): Code {
    const read = this.readLocal(n.name, n.depth);
    const t = this.localTarget(n.name, n.depth);
    const v = this.compile(n.value);
    return (f) => opAssign(f, read(f), mode, v, at, (x) => t(f, x, RT));
  }

  cInstanceVariableReadNode(n: P.InstanceVariableReadNode): Code {
    const name = n.name;
    return (f) => (f.self instanceof RObject ? f.self.getIvar(name) : null);
  }
  private ivarTarget(name: string): Target {
    return (f, v) => {
      if (!(f.self instanceof RObject)) RT.raise("FrozenError", `can't modify frozen ${classOf(f.self).name}`);
      const o = f.self as RObject;
      if (o.frozen) RT.raise("FrozenError", `can't modify frozen ${classOf(o).name}: ${RT.inspect(o)}`);
      o.setIvar(name, v);
    };
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
  private ivarOpWrite(n: { name: string; value: Node }, mode: OpMode, at: number): Code {
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

  // -------------------------------------------------------------------------------------------
  // Control flow

  cAndNode(n: P.AndNode): Code {
    const l = this.compile(n.left);
    const r = this.compile(n.right);
    return (f) => {
      const a = l(f);
      return truthy(a) ? r(f) : a;
    };
  }
  cOrNode(n: P.OrNode): Code {
    const l = this.compile(n.left);
    const r = this.compile(n.right);
    return (f) => {
      const a = l(f);
      return truthy(a) ? a : r(f);
    };
  }
  cIfNode(n: P.IfNode): Code {
    const c = this.compile(n.predicate);
    const t = this.stmts(n.statements);
    const e = this.compile(n.subsequent);
    return (f) => {
      const v = c(f);
      return v !== null && v !== false ? t(f) : e(f);
    };
  }
  cUnlessNode(n: P.UnlessNode): Code {
    const c = this.compile(n.predicate);
    const t = this.stmts(n.statements);
    const e = this.compile(n.elseClause);
    return (f) => {
      const v = c(f);
      return v !== null && v !== false ? e(f) : t(f);
    };
  }
  cElseNode(n: P.ElseNode): Code {
    return this.stmts(n.statements);
  }

  cCaseNode(n: P.CaseNode): Code {
    const subject = n.predicate ? this.compile(n.predicate) : null;
    const whens = n.conditions.map((w) => {
      const wn = w as P.WhenNode;
      return {
        conds: wn.conditions.map((c) => ({ splat: c.constructor.name === "SplatNode", code: this.compile(c.constructor.name === "SplatNode" ? (c as P.SplatNode).expression : c), at: c.location.startOffset })),
        body: this.stmts(wn.statements),
      };
    });
    const elseCode = this.compile(n.elseClause);
    return (f) => {
      const v = subject ? subject(f) : null;
      for (const w of whens) {
        for (const c of w.conds) {
          const pats = c.splat ? splatToArray(c.code(f)) : [c.code(f)];
          for (const pat of pats) {
            RT.pos = c.at;
            RT.frame = f;
            if (subject ? caseEq(pat, v) : truthy(pat)) return w.body(f);
          }
        }
      }
      return elseCode(f);
    };
  }
  cCaseMatchNode(n: Node): Code {
    return this.unsupported(n, "pattern matching (case/in)");
  }

  private loop(n: P.WhileNode | P.UntilNode, until: boolean): Code {
    const cond = this.compile(n.predicate);
    const tag = {};
    this.loops.push({ kind: "while", tag });
    const body = this.stmts(n.statements);
    this.loops.pop();
    const doWhile = n.isBeginModifier();
    return (f) => {
      let first = doWhile;
      for (;;) {
        if (!first) {
          const c = truthy(cond(f));
          if (c === until) break;
        }
        first = false;
        RT.tick();
        try {
          body(f);
        } catch (e) {
          if (e instanceof LoopBreak && e.tag === tag) return e.value;
          if (e instanceof LoopNext && e.tag === tag) continue;
          throw e;
        }
      }
      return null;
    };
  }
  cWhileNode(n: P.WhileNode): Code {
    return this.loop(n, false);
  }
  cUntilNode(n: P.UntilNode): Code {
    return this.loop(n, true);
  }
  cForNode(n: P.ForNode): Code {
    const coll = this.compile(n.collection);
    const target = this.target(n.index);
    const tag = {};
    this.loops.push({ kind: "while", tag });
    const body = this.stmts(n.statements);
    this.loops.pop();
    const at = n.location.startOffset;
    return (f) => {
      const c = coll(f);
      const blk = new RProc((args) => {
        target(f, args.length === 1 ? args[0] : new RArray(args), RT);
        try {
          return body(f);
        } catch (e) {
          if (e instanceof LoopNext && e.tag === tag) return null;
          throw e;
        }
      }, -1);
      try {
        RT.pos = at;
        RT.frame = f;
        return RT.send(c, "each", [], blk);
      } catch (e) {
        if (e instanceof LoopBreak && e.tag === tag) return e.value;
        throw e;
      }
    };
  }

  private jumpValue(args: P.ArgumentsNode | null): Code {
    if (args === null) return () => null;
    if (args.arguments_.length === 1 && args.arguments_[0].constructor.name !== "SplatNode") return this.compile(args.arguments_[0]);
    const items = this.argItems(args.arguments_);
    return (f) => new RArray(items(f));
  }
  cBreakNode(n: P.BreakNode): Code {
    const v = this.jumpValue(n.arguments_);
    const ctx = this.loops[this.loops.length - 1];
    if (ctx.kind === "while") {
      const tag = ctx.tag;
      return (f) => {
        throw new LoopBreak(tag, v(f));
      };
    }
    if (ctx.kind === "block") {
      return (f) => {
        throw new BreakSignal(f.blockTag!, v(f));
      };
    }
    return this.unsupported(n, "break outside a loop or block");
  }
  cNextNode(n: P.NextNode): Code {
    const v = this.jumpValue(n.arguments_);
    const ctx = this.loops[this.loops.length - 1];
    if (ctx.kind === "while") {
      const tag = ctx.tag;
      return () => {
        throw new LoopNext(tag);
      };
    }
    if (ctx.kind === "block") {
      return (f) => {
        throw new NextSignal(v(f));
      };
    }
    return this.unsupported(n, "next outside a loop or block");
  }
  cReturnNode(n: P.ReturnNode): Code {
    const v = this.jumpValue(n.arguments_);
    const at = n.location.startOffset;
    return (f) => {
      if (f.returnTag === null) return RT.unsupported("return at the top level of a template", at);
      throw new ReturnSignal(f.returnTag, v(f));
    };
  }
  cRedoNode(n: Node): Code {
    return this.unsupported(n, "redo");
  }
  cRetryNode(n: Node): Code {
    return this.unsupported(n, "retry");
  }
  cFlipFlopNode(n: Node): Code {
    return this.unsupported(n, "flip-flop");
  }

  cBeginNode(n: P.BeginNode): Code {
    const body = this.stmts(n.statements);
    const rescue = n.rescueClause ? this.rescueChain(n.rescueClause) : null;
    const elseCode = n.elseClause ? this.compile(n.elseClause) : null;
    const ensure = n.ensureClause ? this.stmts(n.ensureClause.statements) : null;
    let main: Code = body;
    if (rescue) {
      main = (f) => {
        let v: Value;
        try {
          v = body(f);
        } catch (e) {
          if (!(e instanceof RubyError)) throw e;
          const r = rescue(f, e);
          if (r === NOT_RESCUED) throw e;
          return r as Value;
        }
        return elseCode ? elseCode(f) : v;
      };
    } else if (elseCode) {
      main = (f) => (body(f), elseCode(f));
    }
    if (!ensure) return main;
    return (f) => {
      try {
        return main(f);
      } finally {
        ensure(f);
      }
    };
  }

  /** Returns a function that handles a raised exception, or NOT_RESCUED. */
  private rescueChain(r: P.RescueNode): (f: Frame, e: RubyError) => Value | typeof NOT_RESCUED {
    const clauses: { classes: { code: Code; splat: boolean }[]; ref: Target | null; body: Code }[] = [];
    for (let c: P.RescueNode | null = r; c; c = c.subsequent) {
      clauses.push({
        classes: c.exceptions.map((x) => ({ splat: x.constructor.name === "SplatNode", code: this.compile(x.constructor.name === "SplatNode" ? (x as P.SplatNode).expression : x) })),
        ref: c.reference ? this.target(c.reference) : null,
        body: this.stmts(c.statements),
      });
    }
    return (f, e) => {
      const exc = e.exc;
      for (const c of clauses) {
        let match = false;
        if (c.classes.length === 0) match = isStandardError(exc);
        else {
          for (const k of c.classes) {
            const vals = k.splat ? splatToArray(k.code(f)) : [k.code(f)];
            for (const cls of vals) {
              if (!(cls instanceof RClass)) RT.raise("TypeError", "class or module required for rescue clause");
              if (exc.cls.isSubclassOf(cls as RClass)) match = true;
            }
            if (match) break;
          }
        }
        if (match) {
          if (c.ref) c.ref(f, exc, RT);
          const prev = f.home.currentException;
          f.home.currentException = exc;
          try {
            return c.body(f);
          } finally {
            f.home.currentException = prev;
          }
        }
      }
      return NOT_RESCUED;
    };
  }
  cRescueModifierNode(n: P.RescueModifierNode): Code {
    const body = this.compile(n.expression);
    const alt = this.compile(n.rescueExpression);
    return (f) => {
      try {
        return body(f);
      } catch (e) {
        if (!(e instanceof RubyError && isStandardError(e.exc))) throw e;
        const prev = f.home.currentException;
        f.home.currentException = e.exc;
        try {
          return alt(f);
        } finally {
          f.home.currentException = prev;
        }
      }
    };
  }

  cDefinedNode(n: P.DefinedNode): Code {
    const v = n.value;
    const kind = v.constructor.name;
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

  // -------------------------------------------------------------------------------------------
  // Assignment targets (multiple assignment, rescue => e, for, block destructuring)

  target(n: Node): Target {
    switch (n.constructor.name) {
      case "LocalVariableTargetNode": {
        const t = n as P.LocalVariableTargetNode;
        return this.localTarget(t.name, t.depth);
      }
      case "RequiredParameterNode": {
        const t = n as P.RequiredParameterNode;
        return this.localTarget(t.name, 0);
      }
      case "InstanceVariableTargetNode":
        return this.ivarTarget((n as P.InstanceVariableTargetNode).name);
      case "ConstantTargetNode": {
        const name = (n as P.ConstantTargetNode).name;
        return (f, v) => void f.cref.consts.set(name, v);
      }
      case "IndexTargetNode": {
        const t = n as P.IndexTargetNode;
        const recv = this.compile(t.receiver);
        const args = this.argItems(t.arguments_?.arguments_ ?? []);
        const at = t.location.startOffset;
        return (f, v) => {
          const r = recv(f);
          const a = args(f);
          a.push(v);
          RT.pos = at;
          RT.frame = f;
          RT.send(r, "[]=", a);
        };
      }
      case "CallTargetNode": {
        const t = n as P.CallTargetNode;
        const recv = this.compile(t.receiver);
        const name = t.name;
        const at = t.location.startOffset;
        return (f, v) => {
          const r = recv(f);
          RT.pos = at;
          RT.frame = f;
          RT.dispatch(r, name, [v], null, t.receiver.constructor.name === "SelfNode", false);
        };
      }
      case "MultiTargetNode": {
        const t = n as P.MultiTargetNode;
        return destructure(
          t.lefts.map((x) => this.target(x)),
          t.rest && t.rest.constructor.name === "SplatNode" && (t.rest as P.SplatNode).expression ? this.target((t.rest as P.SplatNode).expression!) : null,
          t.rest !== null && t.rest.constructor.name !== "ImplicitRestNode",
          t.rights.map((x) => this.target(x)),
        );
      }
      case "SplatNode": {
        const e = (n as P.SplatNode).expression;
        return e ? this.target(e) : () => {};
      }
      default: {
        const at = n.location.startOffset;
        const what = nodeDescription(n);
        return () => RT.unsupported(`assignment to ${what}`, at);
      }
    }
  }

  cMultiWriteNode(n: P.MultiWriteNode): Code {
    const lefts = n.lefts.map((x) => this.target(x));
    const hasRest = n.rest !== null && n.rest.constructor.name !== "ImplicitRestNode";
    const rest = n.rest && n.rest.constructor.name === "SplatNode" && (n.rest as P.SplatNode).expression ? this.target((n.rest as P.SplatNode).expression!) : null;
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

  // -------------------------------------------------------------------------------------------
  // Calls

  /** Evaluates a list of argument nodes (with splats) into an array. Keyword hashes stay one element. */
  argItems(nodes: Node[]): (f: Frame) => Value[] {
    const parts = nodes.map((a) => {
      if (a.constructor.name === "SplatNode") return { splat: true, code: this.compile((a as P.SplatNode).expression) };
      return { splat: false, code: this.compile(a) };
    });
    if (!parts.some((p) => p.splat)) {
      const codes = parts.map((p) => p.code);
      return (f) => {
        const out = new Array<Value>(codes.length);
        for (let i = 0; i < codes.length; i++) out[i] = codes[i](f);
        return out;
      };
    }
    return (f) => {
      const out: Value[] = [];
      for (const p of parts) {
        const v = p.code(f);
        if (p.splat) for (const x of splatToArray(v)) out.push(x);
        else out.push(v);
      }
      return out;
    };
  }

  /** Arguments of a call; an empty keyword hash (`**{}`) is dropped as Ruby does. */
  private callArgs(args: P.ArgumentsNode | null): (f: Frame) => Value[] {
    if (args === null) return () => [];
    const items = this.argItems(args.arguments_);
    const last = args.arguments_[args.arguments_.length - 1];
    if (last && last.constructor.name === "KeywordHashNode") {
      return (f) => {
        const a = items(f);
        const h = a[a.length - 1];
        if (h instanceof RHash && h.size === 0) a.pop();
        return a;
      };
    }
    return items;
  }

  private blockFor(block: Node | null): ((f: Frame) => RProc | null) | null {
    if (block === null) return null;
    if (block.constructor.name === "BlockArgumentNode") {
      const expr = (block as P.BlockArgumentNode).expression;
      if (expr === null) return this.unsupported(block, "anonymous block forwarding (&)") as (f: Frame) => RProc | null;
      const c = this.compile(expr);
      return (f) => toProc(c(f));
    }
    return this.compileBlock(block as P.BlockNode);
  }

  cCallNode(n: P.CallNode): Code {
    const name = n.name;
    const at = (n.messageLoc ?? n.location).startOffset;
    if (n.receiver === null) {
      const special = this.specialFcall(n, at);
      if (special) return special;
    }
    const recv = n.receiver ? this.compile(n.receiver) : null;
    const fcall = n.receiver === null || n.receiver.constructor.name === "SelfNode";
    const vcall = n.isVariableCall();
    const safe = n.isSafeNavigation();
    const attrWrite = n.isAttributeWrite();
    const args = this.callArgs(n.arguments_);
    const nargs = n.arguments_?.arguments_.length ?? 0;
    const simpleArgs = n.arguments_ === null || !n.arguments_.arguments_.some((a) => a.constructor.name === "SplatNode" || a.constructor.name === "KeywordHashNode");
    const literalBlock = n.block !== null && n.block.constructor.name === "BlockNode";
    const blockCode = this.blockFor(n.block);

    // Binary operators on Integers/Strings skip dispatch (core classes cannot be redefined).
    if (recv && nargs === 1 && simpleArgs && blockCode === null && !safe) {
      const argCode = this.compile(n.arguments_!.arguments_[0]);
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
        const res = RT.dispatch(r, name, [a], null, fcall, false);
        return attrWrite ? a : res;
      };
    }
    if (recv && nargs === 0 && blockCode === null && !safe) {
      return (f) => {
        const r = recv(f);
        RT.pos = at;
        RT.frame = f;
        return RT.dispatch(r, name, [], null, fcall, false);
      };
    }
    return (f) => {
      const r = recv ? recv(f) : f.self;
      if (safe && r === null) return null;
      const a = args(f);
      const blk = blockCode ? blockCode(f) : null;
      RT.pos = at;
      RT.frame = f;
      if (literalBlock) {
        try {
          return RT.dispatch(r, name, a, blk, fcall, vcall);
        } catch (e) {
          if (e instanceof BreakSignal && e.tag === blk) return e.value;
          throw e;
        }
      }
      const res = RT.dispatch(r, name, a, blk, fcall, vcall);
      return attrWrite ? a[a.length - 1] : res;
    };
  }

  /** Receiverless calls that need the caller's frame. */
  private specialFcall(n: P.CallNode, at: number): Code | null {
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
        if (n.block && n.block.constructor.name === "BlockNode") return this.compileBlock(n.block as P.BlockNode, true);
        return null;
      }
      case "proc": {
        if (n.block && n.block.constructor.name === "BlockNode" && n.arguments_ === null) return this.compileBlock(n.block as P.BlockNode);
        return null;
      }
      case "loop": {
        if (!(n.block && n.block.constructor.name === "BlockNode") || n.arguments_ !== null) return null;
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
  private callOpWrite(n: P.CallOperatorWriteNode | P.CallOrWriteNode | P.CallAndWriteNode, mode: OpMode): Code {
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
  private indexWrite(n: P.IndexOperatorWriteNode | P.IndexOrWriteNode | P.IndexAndWriteNode, mode: OpMode): Code {
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
  private zsuperArgs(): ((f: Frame) => Value[]) | null {
    let depth = 0;
    for (let i = this.scopes.length - 1; i >= 0 && this.scopes[i].kind !== "def"; i--) depth++;
    const params = this.defParams[this.defParams.length - 1];
    if (!params) return null;
    const positional: { read: Code; splat: boolean }[] = [];
    const name = (x: Node) => (x as P.RequiredParameterNode).name;
    for (const r of params.requireds) if (r.constructor.name === "RequiredParameterNode") positional.push({ read: this.readLocal(name(r), depth), splat: false });
    for (const o of params.optionals) positional.push({ read: this.readLocal(name(o), depth), splat: false });
    if (params.rest && (params.rest as P.RestParameterNode).name) positional.push({ read: this.readLocal((params.rest as P.RestParameterNode).name!, depth), splat: true });
    for (const r of params.posts) if (r.constructor.name === "RequiredParameterNode") positional.push({ read: this.readLocal(name(r), depth), splat: false });
    const keywords = params.keywords.map((k) => ({ key: sym(name(k)), read: this.readLocal(name(k), depth) }));
    return (f) => {
      const out: Value[] = [];
      for (const p of positional) {
        const v = p.read(f);
        if (p.splat && v instanceof RArray) out.push(...v.a);
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
  private superCall(n: Node, args: ((f: Frame) => Value[]) | null, blockCode: ((f: Frame) => RProc | null) | null): Code {
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

  // -------------------------------------------------------------------------------------------
  // Blocks, lambdas, methods, classes

  private params(node: Node | null): ParamSpec {
    const spec = emptySpec();
    if (node === null) return spec;
    const kind = node.constructor.name;
    if (kind === "BlockParametersNode") return this.params((node as P.BlockParametersNode).parameters);
    if (kind === "NumberedParametersNode") {
      const max = (node as P.NumberedParametersNode).maximum;
      for (let i = 1; i <= max; i++) spec.req.push(this.localTarget(`_${i}`, 0));
      if (max === 1) spec.implicitRest = false;
      return spec;
    }
    if (kind === "ItParametersNode") {
      spec.req.push(this.localTarget("it", 0));
      return spec;
    }
    const p = node as P.ParametersNode;
    const paramTarget = (x: Node): Target => {
      if (x.constructor.name === "MultiTargetNode") return this.target(x);
      return this.localTarget((x as P.RequiredParameterNode).name, 0);
    };
    spec.req = p.requireds.map(paramTarget);
    spec.opt = p.optionals.map((o) => {
      const op = o as P.OptionalParameterNode;
      return { target: this.localTarget(op.name, 0), value: this.compile(op.value) };
    });
    if (p.rest) {
      if (p.rest.constructor.name === "ImplicitRestNode") spec.implicitRest = true;
      else {
        spec.hasRest = true;
        const name = (p.rest as P.RestParameterNode).name;
        spec.rest = name ? this.localTarget(name, 0) : null;
      }
    }
    spec.post = p.posts.map(paramTarget);
    for (const k of p.keywords) {
      if (k.constructor.name === "RequiredKeywordParameterNode") {
        const kk = k as P.RequiredKeywordParameterNode;
        spec.kwReq.push({ name: kk.name, target: this.localTarget(kk.name, 0) });
      } else {
        const kk = k as P.OptionalKeywordParameterNode;
        spec.kwOpt.push({ name: kk.name, target: this.localTarget(kk.name, 0), value: this.compile(kk.value) });
      }
    }
    if (p.keywordRest) {
      if (p.keywordRest.constructor.name === "KeywordRestParameterNode") {
        spec.hasKwRest = true;
        const name = (p.keywordRest as P.KeywordRestParameterNode).name;
        spec.kwRest = name ? this.localTarget(name, 0) : null;
      } else if (p.keywordRest.constructor.name === "NoKeywordsParameterNode") {
        // **nil: no keywords accepted; nothing to bind.
      } else {
        const at = p.keywordRest.location.startOffset;
        spec.req.push(() => RT.unsupported("argument forwarding (...)", at));
      }
    }
    if (p.block) {
      const name = p.block.name;
      spec.block = name ? this.localTarget(name, 0) : null;
    }
    return spec;
  }

  compileBlock(n: P.BlockNode | P.LambdaNode, lambda = false): (f: Frame) => RProc {
    this.scopes.push({ locals: n.locals, kind: lambda ? "lambda" : "block" });
    this.loops.push({ kind: "block" });
    const spec = this.params(n.parameters);
    const body = this.compile(n.body);
    this.loops.pop();
    this.scopes.pop();
    const size = n.locals.length;
    const arity = lambda ? arityOf(spec) : blockArity(spec);
    const splat = autoSplats(spec);
    const returnsFromLambda = lambda;
    return (f) => {
      const proc: RProc = new RProc(
        (args, blkArg) => {
          const bf = new Frame(f.self, size, f, f.cref, f.methodBlock, returnsFromLambda ? proc : f.returnTag, f.lexicalScopes);
          bf.blockTag = proc;
          bindParams(spec, bf, args, blkArg, lambda, RT);
          try {
            return body(bf);
          } catch (e) {
            if (e instanceof NextSignal) return e.value;
            if (returnsFromLambda && e instanceof ReturnSignal && e.tag === proc) return e.value;
            if (lambda && e instanceof BreakSignal && e.tag === proc) return e.value;
            throw e;
          }
        },
        arity,
        lambda,
        splat,
      );
      return proc;
    };
  }
  cLambdaNode(n: P.LambdaNode): Code {
    return this.compileBlock(n, true);
  }
  cBlockNode(n: P.BlockNode): Code {
    return this.compileBlock(n);
  }

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

  private classBody(locals: string[], body: Node | null): (f: Frame, cls: RClass) => Value {
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
    if (cp.constructor.name !== "ConstantReadNode") return this.unsupported(n, "class with a namespaced name");
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
    if (cp.constructor.name !== "ConstantReadNode") return this.unsupported(n, "module with a namespaced name");
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
  cSplatNode(n: P.SplatNode): Code {
    const e = this.compile(n.expression);
    return (f) => new RArray(splatToArray(e(f)));
  }
}

const NOT_RESCUED = Symbol("not rescued");

/** The value of an Integer literal's text: `-1_000`, `0x1F`, `0b101`, `0o17`, `017`, `0d99`. */
function integerLiteral(text: string): number | bigint {
  let t = text.replace(/_/g, "");
  let neg = false;
  if (t.startsWith("-") || t.startsWith("+")) {
    neg = t.startsWith("-");
    t = t.slice(1);
  }
  if (/^0[dD]/.test(t)) t = t.slice(2);
  else if (/^0[0-7]+$/.test(t)) t = `0o${t.slice(1)}`;
  else if (/^0[oO_]/.test(t)) t = `0o${t.slice(2)}`;
  const b = BigInt(t.toLowerCase().replace(/^0x/, "0x"));
  return int(neg ? -b : b);
}


function blockArity(p: ParamSpec): number {
  if (p.req.length + p.post.length === 0 && p.opt.length === 0 && !p.hasRest) return p.implicitRest ? 1 : 0;
  return arityOf(p);
}

function nodeDescription(n: Node): string {
  return n.constructor.name.replace(/Node$/, "").replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

function qualifiedName(cref: RClass, name: string): string {
  const base = cref.attached && !(cref.attached instanceof RClass) ? realName(cref) : cref.name;
  return base === "Object" ? name : `${base}::${name}`;
}

function realName(c: RClass): string {
  let k: RClass = c;
  while (k.attached && k.superclass) k = k.superclass;
  return k.name;
}

function defineTemplateClass(name: string, parent: RClass, cref: RClass): RClass {
  const full = qualifiedName(cref, name);
  const c = new RClass(full, parent, false, cref);
  c.cls = cObject.consts.get("Class") as RClass;
  cref.consts.set(name, c);
  return c;
}

/** Constant lookup: lexical scopes first, then the ancestors of the innermost class, then Object. */
export function findConst(f: Frame, name: string): Value | undefined {
  const scopes = f.lexicalScopes;
  for (let i = 0; i < scopes.length; i++) {
    const v = scopes[i].consts.get(name);
    if (v !== undefined) return v;
  }
  const v = lookupConstIn(scopes[0] ?? cObject, name);
  if (v !== undefined) return v;
  return cObject.consts.get(name);
}

function lookupConst(f: Frame, name: string, at: number): Value {
  const v = findConst(f, name);
  if (v !== undefined) return v;
  RT.pos = at;
  const scope = f.lexicalScopes[0];
  const owner = scope ? realName(scope) : "Object";
  const prefix = owner === "Object" ? "" : `${owner}::`;
  return RT.raise("NameError", `uninitialized constant ${prefix}${name}`);
}

function currentException(f: Frame): Value {
  return f.home.currentException;
}

export function splatToArray(v: Value): Value[] {
  if (v instanceof RArray) return v.a;
  if (v === null) return [];
  if (v instanceof RHash) return [...v.entries()].map(([k, x]) => new RArray([k, x]));
  if (v instanceof RRange || RT.respondTo(v, "to_a", true)) {
    const a = RT.send(v, "to_a");
    if (a instanceof RArray) return a.a;
  }
  return [v];
}

/** `&arg` of a call: a Proc, a Symbol (to_proc), nil, or anything with to_proc. */
export function toProc(v: Value): RProc | null {
  if (v === null) return null;
  if (v instanceof RProc) return v;
  if (v instanceof RSymbol) {
    const name = v.name;
    return new RProc((args) => {
      if (args.length === 0) return RT.raise("ArgumentError", "no receiver given");
      return RT.send(args[0], name, args.slice(1));
    }, -2, true);
  }
  const p = RT.send(v, "to_proc");
  if (p instanceof RProc) return p;
  return RT.raise("TypeError", `wrong argument type ${classOf(v).name} (expected Proc)`);
}

/** `case` equality: `pattern === value`. */
function caseEq(pattern: Value, v: Value): boolean {
  if (typeof pattern === "number" && typeof v === "number") return pattern === v;
  if (pattern instanceof RString && v instanceof RString) return pattern.s === v.s;
  if (pattern instanceof RSymbol) return pattern === v;
  if (pattern instanceof RClass) return isA(v, pattern);
  return truthy(RT.send(pattern, "===", [v]));
}

/** Interpolation: `to_s` by dispatch; a non-String result falls back to the default `#<Foo>` form. */
function interpToS(v: Value): string {
  if (v instanceof RString) return v.s;
  if (v === null) return "";
  if (typeof v === "number") return String(v);
  if (v instanceof RSymbol) return v.name;
  return RT.toS(v);
}

/** The three assignment operators: `x OP= v`, `x ||= v`, `x &&= v`. */
type OpMode = { kind: "op"; op: string } | { kind: "or" } | { kind: "and" };

/** Combines the current value with the right-hand side per `mode` and stores the result (unless `||=`/`&&=` short-circuits). */
function opAssign(f: Frame, cur: Value, mode: OpMode, value: Code, at: number, set: (x: Value) => void): Value {
  if (mode.kind === "or" && truthy(cur)) return cur;
  if (mode.kind === "and" && !truthy(cur)) return cur;
  const x = mode.kind === "op" ? binop(f, cur, mode.op, value(f), at) : value(f);
  set(x);
  return x;
}

function binop(f: Frame, a: Value, op: string, b: Value, at: number): Value {
  if (op === "||") return truthy(a) ? a : b;
  if (op === "&&") return truthy(a) ? b : a;
  const fast = fastBinary(op);
  if (fast) {
    const v = fast(a, b);
    if (v !== undefined) return v;
  }
  RT.pos = at;
  RT.frame = f;
  return RT.send(a, op, [b]);
}

export { RException, cStandardError, defineBuiltinClass };
