/**
 * Binding arguments to parameters: strict for methods and lambdas (Ruby's ArgumentError
 * messages), lenient for blocks (missing → nil, extra dropped, one Array auto-splatted).
 */
import { toAry } from "../runtime/coerce.js";
import { type Value, RArray, RHash, RProc, RSymbol, sym } from "../runtime/values.js";
import type { Frame } from "./frame.js";
import type { Runtime } from "./runtime.js";

export type Code = (f: Frame) => Value;

/** Assigns one incoming value to a parameter target (a slot, or a nested destructuring). */
export type Target = (f: Frame, v: Value, rt: Runtime) => void;

export interface ParamSpec {
  req: Target[];
  opt: { target: Target; value: Code }[];
  rest: Target | null;
  /** `*` present (named or anonymous). */
  hasRest: boolean;
  post: Target[];
  kwReq: { name: string; target: Target }[];
  kwOpt: { name: string; target: Target; value: Code }[];
  kwRest: Target | null;
  hasKwRest: boolean;
  block: Target | null;
  /** Trailing comma `|a,|` or explicit rest: a single Array argument is spread. */
  implicitRest: boolean;
  /** Whether only required positional parameters are declared (decided on the first call, when the spec is complete). */
  onlyRequired: boolean | undefined;
}

export function emptySpec(): ParamSpec {
  return { req: [], opt: [], rest: null, hasRest: false, post: [], kwReq: [], kwOpt: [], kwRest: null, hasKwRest: false, block: null, implicitRest: false, onlyRequired: undefined };
}

export function hasKeywords(p: ParamSpec): boolean {
  return p.kwReq.length > 0 || p.kwOpt.length > 0 || p.hasKwRest;
}

/** Ruby's Proc#arity / Method#arity for the spec. */
export function arityOf(p: ParamSpec): number {
  const req = p.req.length + p.post.length + (p.kwReq.length > 0 ? 1 : 0);
  return p.opt.length > 0 || p.hasRest ? -req - 1 : req;
}

/** Whether a block with these parameters spreads a single Array argument. */
export function autoSplats(p: ParamSpec): boolean {
  const positional = p.req.length + p.opt.length + p.post.length;
  return positional >= 2 || (positional >= 1 && (p.hasRest || p.implicitRest)) || (p.hasRest && positional === 0 && false);
}

function expectedText(p: ParamSpec): string {
  const req = p.req.length + p.post.length;
  if (p.hasRest) return `${req}+`;
  if (p.opt.length > 0) return `${req}..${req + p.opt.length}`;
  return String(req);
}

function keywordList(names: string[]): string {
  return names.map((n) => `:${n}`).join(", ");
}

/** Only required positional parameters (`def f(a, b)`, `do |x|`): what most calls bind. */
function onlyRequired(p: ParamSpec): boolean {
  return p.opt.length === 0 && !p.hasRest && p.rest === null && p.post.length === 0 && !hasKeywords(p) && p.block === null && !p.implicitRest;
}

/** Binds `args` into frame `f`. `strict`: methods/lambdas; otherwise block semantics. */
export function bindParams(p: ParamSpec, f: Frame, args: Value[], blk: RProc | null, strict: boolean, rt: Runtime): void {
  if ((p.onlyRequired ??= onlyRequired(p))) return bindRequired(p, f, args, strict, rt);
  let kw: RHash | null = null;
  if (args.length > 0) {
    const last = args[args.length - 1];
    if (last instanceof RHash && last.kw) {
      if (hasKeywords(p)) {
        kw = last;
        args = args.slice(0, -1);
      } else {
        last.kw = false;
      }
    }
  }
  if (!strict && args.length === 1 && args[0] instanceof RArray && autoSplats(p)) {
    args = (args[0] as RArray).a;
  }
  const nReq = p.req.length;
  const nPost = p.post.length;
  const n = args.length;
  if (strict) {
    if (n < nReq + nPost || (!p.hasRest && n > nReq + nPost + p.opt.length)) {
      rt.raise("ArgumentError", `wrong number of arguments (given ${n}, expected ${expectedText(p)}${kwSuffix(p, kw)})`);
    }
  }
  let i = 0;
  for (let r = 0; r < nReq; r++) p.req[r](f, i < n ? args[i] : null, rt), i++;
  const availForOpt = Math.max(0, n - nReq - nPost);
  for (let o = 0; o < p.opt.length; o++) {
    const op = p.opt[o];
    if (o < availForOpt) {
      op.target(f, args[i], rt);
      i++;
    } else {
      op.target(f, op.value(f), rt);
    }
  }
  const postStart = Math.max(i, n - nPost);
  if (p.rest) p.rest(f, new RArray(args.slice(i, Math.max(i, postStart))), rt);
  for (let q = 0; q < nPost; q++) {
    const idx = postStart + q;
    p.post[q](f, idx < n ? args[idx] : null, rt);
  }
  if (hasKeywords(p)) bindKeywords(p, f, kw, rt);
  if (p.block) p.block(f, blk, rt);
}

/** {@link bindParams} for a spec with only required positional parameters (same rules, fewer questions). */
function bindRequired(p: ParamSpec, f: Frame, args: Value[], strict: boolean, rt: Runtime): void {
  const n0 = args.length;
  if (n0 > 0) {
    const last = args[n0 - 1];
    // No keyword parameters: a keywords Hash is an ordinary last argument.
    if (last instanceof RHash && last.kw) last.kw = false;
  }
  const req = p.req;
  const nReq = req.length;
  if (!strict && n0 === 1 && nReq >= 2 && args[0] instanceof RArray) args = (args[0] as RArray).a;
  const n = args.length;
  if (strict && n !== nReq) rt.raise("ArgumentError", `wrong number of arguments (given ${n}, expected ${nReq})`);
  for (let r = 0; r < nReq; r++) req[r](f, r < n ? args[r] : null, rt);
}

function kwSuffix(p: ParamSpec, kw: RHash | null): string {
  // Ruby adds "; required keyword(s)" when keywords are required but none were given.
  if (p.kwReq.length > 0 && kw === null) return `; required keyword${p.kwReq.length > 1 ? "s" : ""}: ${p.kwReq.map((k) => k.name).join(", ")}`;
  return "";
}

function bindKeywords(p: ParamSpec, f: Frame, kw: RHash | null, rt: Runtime): void {
  const used = new Set<unknown>();
  const missing: string[] = [];
  for (const k of p.kwReq) {
    const key = sym(k.name);
    const v = kw?.lookup(key);
    if (v === undefined) missing.push(k.name);
    else {
      used.add(key);
      k.target(f, v, rt);
    }
  }
  if (missing.length > 0) rt.raise("ArgumentError", `missing keyword${missing.length > 1 ? "s" : ""}: ${keywordList(missing)}`);
  for (const k of p.kwOpt) {
    const key = sym(k.name);
    const v = kw?.lookup(key);
    if (v === undefined) k.target(f, k.value(f), rt);
    else {
      used.add(key);
      k.target(f, v, rt);
    }
  }
  const rest = new RHash();
  const unknown: string[] = [];
  if (kw) {
    for (const [k, v] of kw.entries()) {
      if (k instanceof RSymbol && used.has(k)) continue;
      rest.set(k, v);
      unknown.push(k instanceof RSymbol ? `:${k.name}` : rt.inspect(k));
    }
  }
  if (p.hasKwRest) {
    if (p.kwRest) p.kwRest(f, rest, rt);
  } else if (unknown.length > 0) {
    rt.raise("ArgumentError", `unknown keyword${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`);
  }
}

/** A destructuring target `(a, (b, *c), d)`. */
export function destructure(lefts: Target[], rest: Target | null, hasRest: boolean, rights: Target[]): Target {
  return (f, v, rt) => {
    const items = v instanceof RArray ? v.a : v === null ? [null] : rt.respondTo(v, "to_ary", true) ? toAry(rt, v) : [v];
    spread(items, lefts, rest, hasRest, rights, f, rt);
  };
}

export function spread(items: Value[], lefts: Target[], rest: Target | null, hasRest: boolean, rights: Target[], f: Frame, rt: Runtime): void {
  const n = items.length;
  for (let i = 0; i < lefts.length; i++) lefts[i](f, i < n ? items[i] : null, rt);
  if (hasRest || rights.length > 0) {
    const restEnd = Math.max(lefts.length, n - rights.length);
    if (rest) rest(f, new RArray(items.slice(lefts.length, restEnd)), rt);
    for (let j = 0; j < rights.length; j++) {
      const idx = restEnd + j;
      rights[j](f, idx < n ? items[idx] : null, rt);
    }
  }
}
