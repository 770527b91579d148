/** The compiler's core: scopes, dispatch by node type, statements, locals, assignment targets, arguments, parameters and blocks. */
import { nodeKind } from "../../parse/node-kind.js";
import type * as P from "@ruby/prism/src/nodes.js";
import {
  type Value,
  RHash,
  RObject,
  RProc,
  classOf,
  } from "../../runtime/values.js";
import { Frame } from "../frame.js";
import { type Code, type ParamSpec, type Target, arityOf, autoSplats, bindParams, destructure, emptySpec } from "../params.js";
import { BreakSignal, NextSignal, ReturnSignal } from "../signals.js";
import { RT } from "./current.js";
import { blockArity, nodeDescription, splatToArray, toProc } from "./semantics.js";

type Node = P.Node;

/** Slot name of the implicit block parameter `it` (not a valid identifier, so no local can clash). */
const IT_SLOT = "<it>";

export interface Scope {
  locals: string[];
  kind: "top" | "def" | "block" | "class" | "lambda";
}

/** What `break`/`next` inside the current code refer to. */
export type LoopCtx = { kind: "while"; tag: object } | { kind: "block" } | { kind: "none" };

export class LoopBreak {
  constructor(
    readonly tag: object,
    readonly value: Value,
  ) {}
}
export class LoopNext {
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


/** Compiles Prism's AST into JS closures once per template (see compiler.ts). */
export abstract class CompilerBase {
  protected scopes: Scope[] = [];

  /** Parameters of the enclosing `def`s (for bare `super`). */
  protected defParams: (P.ParametersNode | null)[] = [];

  protected loops: LoopCtx[] = [{ kind: "none" }];


  /** Constructs the program uses that linkplate does not implement (byte offset of each), for static checks. */
  readonly unsupportedSites: { construct: string; at: number }[] = [];

  constructor(protected readonly meta: ProgramMeta) {}


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
    const handler = (this as unknown as Record<string, (n: Node) => Code>)[`c${nodeKind(node)}`];
    if (handler === undefined) return this.unsupported(node, nodeDescription(node));
    return handler.call(this, node);
  }


  protected unsupported(node: Node, what: string): Code {
    const at = node.location.startOffset;
    this.unsupportedSites.push({ construct: what, at });
    return () => RT.unsupported(what, at);
  }


  protected stmts(node: P.StatementsNode | null): Code {
    if (node === null) return () => null;
    return this.seq(node.body.map((n) => this.compile(n)));
  }


  protected seq(codes: Code[]): Code {
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


  protected rawSlice(loc: P.Location): string {
    const a = this.meta.byteToIndex(loc.startOffset);
    const b = this.meta.byteToIndex(loc.startOffset + loc.length);
    return this.meta.source.slice(a, b);
  }


  // -------------------------------------------------------------------------------------------
  // Variables

  protected slotOf(name: string, depth: number): number {
    const scope = this.scopes[this.scopes.length - 1 - depth];
    const i = scope.locals.indexOf(name);
    if (i < 0) throw new Error(`internal: local ${name} not in scope`);
    return i;
  }


  protected readLocal(name: string, depth: number): Code {
    const i = this.slotOf(name, depth);
    if (depth === 0) return (f) => f.locals[i];
    if (depth === 1) return (f) => f.parent!.locals[i];
    return (f) => {
      let fr = f;
      for (let d = 0; d < depth; d++) fr = fr.parent!;
      return fr.locals[i];
    };
  }


  protected localTarget(name: string, depth: number): Target {
    const i = this.slotOf(name, depth);
    if (depth === 0) return (f, v) => void (f.locals[i] = v);
    return (f, v) => {
      let fr = f;
      for (let d = 0; d < depth; d++) fr = fr.parent!;
      fr.locals[i] = v;
    };
  }

  protected ivarTarget(name: string): Target {
    return (f, v) => {
      if (!(f.self instanceof RObject)) RT.raise("FrozenError", `can't modify frozen ${classOf(f.self).name}`);
      const o = f.self as RObject;
      if (o.frozen) RT.raise("FrozenError", `can't modify frozen ${classOf(o).name}: ${RT.inspect(o)}`);
      o.setIvar(name, v);
    };
  }


  // -------------------------------------------------------------------------------------------
  // Assignment targets (multiple assignment, rescue => e, for, block destructuring)

  target(n: Node): Target {
    switch (nodeKind(n)) {
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
        const fcall = nodeKind(t.receiver) === "SelfNode";
        return (f, v) => {
          const r = recv(f);
          RT.pos = at;
          RT.frame = f;
          RT.dispatch(r, name, [v], null, fcall, false);
        };
      }
      case "MultiTargetNode": {
        const t = n as P.MultiTargetNode;
        return destructure(
          t.lefts.map((x) => this.target(x)),
          t.rest && nodeKind(t.rest) === "SplatNode" && (t.rest as P.SplatNode).expression ? this.target((t.rest as P.SplatNode).expression!) : null,
          t.rest !== null && nodeKind(t.rest) !== "ImplicitRestNode",
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


  // -------------------------------------------------------------------------------------------
  // Calls

  /** Evaluates a list of argument nodes (with splats) into an array. Keyword hashes stay one element. */
  argItems(nodes: Node[]): (f: Frame) => Value[] {
    const parts = nodes.map((a) => {
      if (nodeKind(a) === "SplatNode") return { splat: true, code: this.compile((a as P.SplatNode).expression) };
      return { splat: false, code: this.compile(a) };
    });
    if (!parts.some((p) => p.splat)) return evaluateAll(parts.map((p) => p.code));
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
  protected callArgs(args: P.ArgumentsNode | null): (f: Frame) => Value[] {
    if (args === null) return () => [];
    const items = this.argItems(args.arguments_);
    const last = args.arguments_[args.arguments_.length - 1];
    if (last && nodeKind(last) === "KeywordHashNode") {
      return (f) => {
        const a = items(f);
        const h = a[a.length - 1];
        if (h instanceof RHash && h.size === 0) a.pop();
        return a;
      };
    }
    return items;
  }


  protected blockFor(block: Node | null): ((f: Frame) => RProc | null) | null {
    if (block === null) return null;
    if (nodeKind(block) === "BlockArgumentNode") {
      const expr = (block as P.BlockArgumentNode).expression;
      if (expr === null) return this.unsupported(block, "anonymous block forwarding (&)") as (f: Frame) => RProc | null;
      const c = this.compile(expr);
      return (f) => toProc(c(f));
    }
    return this.compileBlock(block as P.BlockNode);
  }


  // -------------------------------------------------------------------------------------------
  // Blocks, lambdas, methods, classes

  protected params(node: Node | null): ParamSpec {
    const spec = emptySpec();
    if (node === null) return spec;
    const kind = nodeKind(node);
    if (kind === "BlockParametersNode") return this.params((node as P.BlockParametersNode).parameters);
    if (kind === "NumberedParametersNode") {
      const max = (node as P.NumberedParametersNode).maximum;
      for (let i = 1; i <= max; i++) spec.req.push(this.localTarget(`_${i}`, 0));
      if (max === 1) spec.implicitRest = false;
      return spec;
    }
    if (kind === "ItParametersNode") {
      // `it` binds like `_1` alone: one required parameter, no auto-splat of an array argument.
      spec.req.push(this.localTarget(IT_SLOT, 0));
      spec.implicitRest = false;
      return spec;
    }
    const p = node as P.ParametersNode;
    const paramTarget = (x: Node): Target => {
      if (nodeKind(x) === "MultiTargetNode") return this.target(x);
      return this.localTarget((x as P.RequiredParameterNode).name, 0);
    };
    spec.req = p.requireds.map(paramTarget);
    spec.opt = p.optionals.map((o) => {
      const op = o as P.OptionalParameterNode;
      return { target: this.localTarget(op.name, 0), value: this.compile(op.value) };
    });
    if (p.rest) {
      if (nodeKind(p.rest) === "ImplicitRestNode") spec.implicitRest = true;
      else {
        spec.hasRest = true;
        const name = (p.rest as P.RestParameterNode).name;
        spec.rest = name ? this.localTarget(name, 0) : null;
      }
    }
    spec.post = p.posts.map(paramTarget);
    for (const k of p.keywords) {
      if (nodeKind(k) === "RequiredKeywordParameterNode") {
        const kk = k as P.RequiredKeywordParameterNode;
        spec.kwReq.push({ name: kk.name, target: this.localTarget(kk.name, 0) });
      } else {
        const kk = k as P.OptionalKeywordParameterNode;
        spec.kwOpt.push({ name: kk.name, target: this.localTarget(kk.name, 0), value: this.compile(kk.value) });
      }
    }
    if (p.keywordRest) {
      if (nodeKind(p.keywordRest) === "KeywordRestParameterNode") {
        spec.hasKwRest = true;
        const name = (p.keywordRest as P.KeywordRestParameterNode).name;
        spec.kwRest = name ? this.localTarget(name, 0) : null;
      } else if (nodeKind(p.keywordRest) === "NoKeywordsParameterNode") {
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


  /** Ruby 3.4's implicit `it`: the nearest enclosing block that declares it (Prism gives no depth). */
  cItLocalVariableReadNode(n: P.ItLocalVariableReadNode): Code {
    for (let d = 0; d < this.scopes.length; d++) {
      const scope = this.scopes[this.scopes.length - 1 - d];
      if (scope.locals.includes(IT_SLOT)) return this.readLocal(IT_SLOT, d);
      if (scope.kind !== "block" && scope.kind !== "lambda") break;
    }
    return this.unsupported(n, "`it` outside a block that takes it");
  }


  compileBlock(n: P.BlockNode | P.LambdaNode, lambda = false): (f: Frame) => RProc {
    // The implicit `it` gets a hidden slot after Prism's locals; its name cannot be a Ruby identifier.
    const takesIt = n.parameters !== null && nodeKind(n.parameters) === "ItParametersNode";
    const locals = takesIt ? [...n.locals, IT_SLOT] : n.locals;
    this.scopes.push({ locals, kind: lambda ? "lambda" : "block" });
    this.loops.push({ kind: "block" });
    const spec = this.params(n.parameters);
    const body = this.compile(n.body);
    this.loops.pop();
    this.scopes.pop();
    const size = locals.length;
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
}

/**
 * The values of `codes`, left to right, in a new Array. Literals for the usual few: V8 makes them
 * packed and inline, where `new Array(n)` makes a holey Array that every later read pays for.
 */
export function evaluateAll(codes: readonly Code[]): (f: Frame) => Value[] {
  switch (codes.length) {
    case 0:
      return () => [];
    case 1: {
      const [a] = codes;
      return (f) => [a(f)];
    }
    case 2: {
      const [a, b] = codes;
      return (f) => [a(f), b(f)];
    }
    case 3: {
      const [a, b, c] = codes;
      return (f) => [a(f), b(f), c(f)];
    }
    default:
      return (f) => {
        const out: Value[] = [];
        for (let i = 0; i < codes.length; i++) out.push(codes[i](f));
        return out;
      };
  }
}
