import { UnsupportedRubyError } from "../../../diagnostics/errors.js";
/**
 * Ruby semantics that compiled code calls at render time: constant lookup, splats, `&block`
 * conversion, case equality, interpolation, operator assignment, class naming.
 */
import { nodeKind } from "../../parse/node-kind.js";
import { brokenUtf8 } from "../../runtime/broken-utf8.js";
import type * as P from "@ruby/prism/src/nodes.js";
import { type Value, RArray, RClass, RHash, RProc, RRange, RString, RSymbol, cObject, classOf, int, isA, truthy } from "../../runtime/values.js";
import { Frame } from "../frame.js";
import { type Code, type ParamSpec, arityOf } from "../params.js";
import { lookupConstIn } from "../runtime.js";
import { fastBinary } from "../fast-ops.js";
import { RT } from "./current.js";

type Node = P.Node;

export const NOT_RESCUED = Symbol("not rescued");

/** The value of an Integer literal's text: `-1_000`, `0x1F`, `0b101`, `0o17`, `017`, `0d99`. */
export function integerLiteral(text: string): number | bigint {
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


export function blockArity(p: ParamSpec): number {
  if (p.req.length + p.post.length === 0 && p.opt.length === 0 && !p.hasRest) return p.implicitRest ? 1 : 0;
  return arityOf(p);
}

export function nodeDescription(n: Node): string {
  return nodeKind(n).replace(/Node$/, "").replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

export function qualifiedName(cref: RClass, name: string): string {
  const base = cref.attached && !(cref.attached instanceof RClass) ? realName(cref) : cref.name;
  return base === "Object" ? name : `${base}::${name}`;
}

export function realName(c: RClass): string {
  let k: RClass = c;
  while (k.attached && k.superclass) k = k.superclass;
  return k.name;
}

export function defineTemplateClass(name: string, parent: RClass, cref: RClass): RClass {
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

export function lookupConst(f: Frame, name: string, at: number): Value {
  const v = findConst(f, name);
  if (v !== undefined) return v;
  RT.pos = at;
  const scope = f.lexicalScopes[0];
  const owner = scope ? realName(scope) : "Object";
  const prefix = owner === "Object" ? "" : `${owner}::`;
  return RT.raise("NameError", `uninitialized constant ${prefix}${name}`);
}

export function currentException(f: Frame): Value {
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
export function caseEq(pattern: Value, v: Value): boolean {
  if (typeof pattern === "number" && typeof v === "number") return pattern === v;
  if (pattern instanceof RString && v instanceof RString) return pattern.s === v.s;
  if (pattern instanceof RSymbol) return pattern === v;
  if (pattern instanceof RClass) return isA(v, pattern);
  return truthy(RT.send(pattern, "===", [v]));
}

/** An interpolated value: a String holding invalid UTF-8 stays a String (joined as bytes), anything else its text. */
export function interpPiece(v: Value): string | RString {
  return v instanceof RString && brokenUtf8.has(v) ? v : interpToS(v);
}

/** Interpolation: `to_s` by dispatch; a non-String result falls back to the default `#<Foo>` form. */
export function interpToS(v: Value): string {
  if (v instanceof RString) {
    // Bytes that are not ASCII (a BINARY String, or UTF-8 holding invalid bytes) are not characters.
    if (v.binary && /[^\x00-\x7f]/.test(v.s)) throw new UnsupportedRubyError("interpolating a String whose bytes are not valid UTF-8 characters", {});
    return v.s;
  }
  if (v === null) return "";
  if (typeof v === "number") return String(v);
  if (v instanceof RSymbol) return v.name;
  return RT.toS(v);
}

/** The three assignment operators: `x OP= v`, `x ||= v`, `x &&= v`. */
export type OpMode = { kind: "op"; op: string } | { kind: "or" } | { kind: "and" };

/** Combines the current value with the right-hand side per `mode` and stores the result (unless `||=`/`&&=` short-circuits). */
export function opAssign(f: Frame, cur: Value, mode: OpMode, value: Code, at: number, set: (x: Value) => void): Value {
  if (mode.kind === "or" && truthy(cur)) return cur;
  if (mode.kind === "and" && !truthy(cur)) return cur;
  const x = mode.kind === "op" ? binop(f, cur, mode.op, value(f), at) : value(f);
  set(x);
  return x;
}

export function binop(f: Frame, a: Value, op: string, b: Value, at: number): Value {
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

