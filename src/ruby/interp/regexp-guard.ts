/**
 * Regular expression searches that cannot hang a render.
 */
import type { MessagePort, Worker } from "node:worker_threads";
import { LimitExceededError, UnsupportedRubyError } from "../../diagnostics/errors.js";
import { nodeBuiltin } from "../host/node-builtins.js";
import { DEFAULT_LIMITS } from "./limits.js";
import { currentRuntime } from "./runtime.js";

// ---------------------------------------------------------------------------------------------
// Regular expressions: inline when provably cheap, otherwise in a watchdog worker.
//
// JS RegExp (irregexp) backtracks, so a pattern like /(a+)+$/ takes exponential time on 40
// characters, and a*a*a*$ polynomial time on a few thousand. No input-length cap is safe for the
// first kind, so the strategy is: a static cost bound per (pattern, input length); below
// REGEXP_INLINE_BUDGET the search runs inline (the common case: every literal, every pattern
// with one quantifier on inputs under ~10,000 characters); above it, the search runs on a
// worker thread while the render waits (Atomics.wait) at most `limits.regexpTimeMs`; a search
// that takes longer is terminated and the render fails with LimitExceededError("regexp time").
// Without node:worker_threads (a browser bundle) every search runs inline: the page bounds a
// render's time by running the engine in a Web Worker it can terminate.

/** Static backtracking cost bound under which a search runs inline (~0.1-0.5 s of irregexp work in the worst case). */
export const REGEXP_INLINE_BUDGET = 1e8;

interface PatternShape {
  /** Nested quantifier ((a+)+), quantified alternation ((a|b)*) or similar: exponential worst case. */
  exponential: boolean;
  /** Maximum repeat count of each quantifier (Infinity when unbounded); back-references count as one unbounded. */
  quantifiers: number[];
}

const shapes = new Map<string, PatternShape>();

/** `{m}`, `{m,}`, `{m,n}` at lastIndex (sticky: no copy of the rest of the source per brace). */
const BRACE_QUANTIFIER = /\{(\d+)(,(\d*))?\}/y;

/** Scans a JS pattern source for its quantifiers and their nesting. Conservative: when unsure, it says "more expensive". */
export function patternShape(source: string): PatternShape {
  let shape = shapes.get(source);
  if (shape) return shape;
  const quantifiers: number[] = [];
  let exponential = false;
  // Per open group: does it contain a quantifier (max > 1) or an alternation?
  const stack: { quantified: boolean; alternation: boolean }[] = [{ quantified: false, alternation: false }];
  // What the previous atom was: a group (with its flags) or a plain atom.
  let prevGroup: { quantified: boolean; alternation: boolean } | null = null;
  let inClass = false;
  const top = () => stack[stack.length - 1];
  const quant = (max: number) => {
    quantifiers.push(max);
    // A group repeated more than once whose iterations can match different lengths or in
    // different ways ((a+)+, (a|b)*, (aa?)*, (a\1?)*) can split the input in exponentially many ways.
    if (max > 1 && prevGroup && (prevGroup.quantified || prevGroup.alternation)) exponential = true;
    // Any quantifier, even `?` or {0,1}, makes the enclosing group's length variable.
    top().quantified = true;
    prevGroup = null;
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      const d = source[i + 1] ?? "";
      if (!inClass && (/[1-9]/.test(d) || d === "k")) {
        // A back-reference matches a variable length: like an unbounded quantifier.
        quantifiers.push(Infinity);
        top().quantified = true;
      }
      i++;
      if (d === "u" && source[i + 1] === "{") while (i < source.length && source[i] !== "}") i++;
      if (!inClass) prevGroup = null;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    switch (c) {
      case "[":
        inClass = true;
        prevGroup = null;
        break;
      case "(": {
        stack.push({ quantified: false, alternation: false });
        prevGroup = null;
        // Group prefixes are not quantifiers: (?: (?= (?! (?<= (?<! (?<name>
        const m = /^\(\?(?:[:=!]|<[=!]|<[A-Za-z_][A-Za-z0-9_]*>|[imsx-]+:)?/.exec(source.slice(i, i + 64));
        if (m) i += m[0].length - 1;
        break;
      }
      case ")": {
        const g = stack.length > 1 ? stack.pop()! : top();
        // What a group contains, its enclosing group contains too.
        if (g.quantified) top().quantified = true;
        if (g.alternation) top().alternation = true;
        prevGroup = g;
        break;
      }
      case "|":
        top().alternation = true;
        prevGroup = null;
        break;
      case "*":
      case "+":
        quant(Infinity);
        if (source[i + 1] === "?") i++;
        break;
      case "?":
        quant(1);
        if (source[i + 1] === "?") i++;
        break;
      case "{": {
        BRACE_QUANTIFIER.lastIndex = i;
        const m = BRACE_QUANTIFIER.exec(source);
        if (m) {
          quant(m[2] === undefined ? Number(m[1]) : m[3] === "" ? Infinity : Number(m[3]));
          i += m[0].length - 1;
          if (source[i + 1] === "?") i++;
        } else prevGroup = null;
        break;
      }
      default:
        prevGroup = null;
    }
  }
  shape = { exponential, quantifiers };
  if (shapes.size > 10_000) shapes.clear();
  shapes.set(source, shape);
  return shape;
}

/** Upper bound (in backtracking steps, up to constant factors) of one search of `n` characters. */
export function regexpCostBound(shape: PatternShape, n: number): number {
  if (shape.exponential) return n <= 12 ? 2 ** n * (n + 1) : Infinity;
  let cost = n + 1; // start positions
  for (const max of shape.quantifiers) {
    cost *= Math.min(n + 1, max + 1);
    if (cost > REGEXP_INLINE_BUDGET) return cost;
  }
  return cost;
}

/** Whether a search of `re` over `s` from `re.lastIndex` runs on the watchdog worker. */
export function regexpNeedsWatchdog(re: RegExp, s: string): boolean {
  return regexpCostBound(patternShape(re.source), s.length - re.lastIndex) > REGEXP_INLINE_BUDGET;
}

/**
 * `re.exec(s)` (honouring and updating `re.lastIndex` as exec does for /g and /y), bounded in
 * time: see the comment above. Throws LimitExceededError("regexp time") through the render in
 * progress (or a bare one outside a render) when the search does not finish in time.
 */
export function guardedRegexpExec(re: RegExp, s: string, timeoutMs?: number, forceWatchdog = false): RegExpExecArray | null {
  const rt = currentRuntime();
  if ((!forceWatchdog && !regexpNeedsWatchdog(re, s)) || WORKER_THREADS === null) {
    try {
      return re.exec(s);
    } catch (e) {
      // Irregexp's backtracking stack is bounded: a search that needs more throws a RangeError.
      if (e instanceof RangeError) return backtrackLimit(rt);
      // V8 compiles a RegExp on its first search, and refuses one too large for its engine then.
      if (e instanceof SyntaxError) return tooLarge(e.message);
      throw e;
    }
  }
  const limit = timeoutMs ?? rt?.limits.regexpTimeMs ?? DEFAULT_LIMITS.regexpTimeMs;
  const r = watchdogExec(re.source, re.flags, s, re.lastIndex, limit);
  if (r === "stack") return backtrackLimit(rt);
  if (r === "timeout") {
    if (rt) return rt.limitError("regexp time (ms)", limit);
    throw new LimitExceededError("regexp time (ms)", limit, {});
  }
  const sticky = re.global || re.sticky;
  if (r === null) {
    if (sticky) re.lastIndex = 0;
    return null;
  }
  // Group-name objects get a null prototype again, as exec returns them (a group may be named __proto__).
  const nullProto = <T>(o: Record<string, T> | undefined) => (o === undefined ? undefined : Object.assign(Object.create(null) as Record<string, T>, o));
  const m = Object.assign(r.groups.slice(), { index: r.index, input: s, groups: nullProto(r.named) }) as unknown as RegExpExecArray;
  if (r.indices) (m as { indices?: unknown }).indices = Object.assign(r.indices.slice(), { groups: nullProto(r.namedIndices) });
  if (sticky) re.lastIndex = r.index + (r.groups[0]?.length ?? 0);
  return m;
}

const BACKTRACK_LIMIT = "regexp backtracking stack";

/** A pattern V8's engine will not compile (e.g. "Regular expression too large"): Ruby would run it. */
function tooLarge(message: string): never {
  const reason = message.slice(message.lastIndexOf(": ") + 2);
  throw new UnsupportedRubyError(`regexp that JavaScript's engine refuses to compile (${reason})`, {});
}

function backtrackLimit(rt: ReturnType<typeof currentRuntime>): never {
  if (rt) return rt.limitError(BACKTRACK_LIMIT, 0);
  throw new LimitExceededError(BACKTRACK_LIMIT, 0, {});
}

interface WatchdogResult {
  index: number;
  groups: (string | undefined)[];
  named: Record<string, string | undefined> | undefined;
  indices: ([number, number] | undefined)[] | undefined;
  namedIndices: Record<string, [number, number] | undefined> | undefined;
}

const WATCHDOG_SOURCE = `
const { workerData } = require("node:worker_threads");
const { port, flag } = workerData;
const done = new Int32Array(flag);
Atomics.store(done, 0, -1);
Atomics.notify(done, 0);
port.on("message", ({ id, p, f, s, from }) => {
  let r;
  try {
    const re = new RegExp(p, f);
    re.lastIndex = from;
    const m = re.exec(s);
    r = m === null ? null : {
      index: m.index,
      groups: [...m],
      named: m.groups,
      indices: m.indices ? [...m.indices] : undefined,
      namedIndices: m.indices ? m.indices.groups : undefined,
    };
  } catch (e) {
    r = { error: String(e && e.message), stack: e instanceof RangeError };
  }
  port.postMessage({ id, r });
  Atomics.store(done, 0, id);
  Atomics.notify(done, 0);
});
`;

const WORKER_THREADS = nodeBuiltin("node:worker_threads");

let watchdog: { worker: Worker; port: MessagePort; done: Int32Array; next: number } | null = null;

function startWatchdog(): NonNullable<typeof watchdog> {
  const { MessageChannel, Worker } = WORKER_THREADS!;
  const { port1, port2 } = new MessageChannel();
  const flag = new SharedArrayBuffer(4);
  // execArgv: [] keeps loaders of the host process (tsx, test runners) out of the worker: it needs none.
  const worker = new Worker(WATCHDOG_SOURCE, { eval: true, execArgv: [], workerData: { port: port2, flag }, transferList: [port2], resourceLimits: { maxOldGenerationSizeMb: 512 } });
  worker.unref();
  port1.unref();
  const done = new Int32Array(flag);
  // Startup (~50-150 ms, once per process) is not charged to the search.
  Atomics.wait(done, 0, 0, 10_000);
  return { worker, port: port1, done, next: 1 };
}

/**
 * Finished worker searches by (pattern, flags, from, input): a search is a pure function of these,
 * and templates run the same validation over the same property values render after render, each
 * time paying a worker round trip. Bounded (entries and input length), cleared when full.
 */
const finished = new Map<string, WatchdogResult | null>();
const FINISHED_MAX_ENTRIES = 1_000;
const FINISHED_MAX_INPUT = 4_096;

/** Runs one search on the worker; "timeout" after `ms` (the worker is then terminated and replaced on next use). */
function watchdogExec(p: string, f: string, s: string, from: number, ms: number): WatchdogResult | null | "timeout" | "stack" {
  const key = s.length <= FINISHED_MAX_INPUT ? `${p}\0${f}\0${from}\0${s}` : null;
  const known = key === null ? undefined : finished.get(key);
  if (known !== undefined) return known;
  const r = watchdogSearch(p, f, s, from, ms);
  if (key !== null && r !== "timeout" && r !== "stack") {
    if (finished.size >= FINISHED_MAX_ENTRIES) finished.clear();
    finished.set(key, r);
  }
  return r;
}

function watchdogSearch(p: string, f: string, s: string, from: number, ms: number): WatchdogResult | null | "timeout" | "stack" {
  watchdog ??= startWatchdog();
  const w = watchdog;
  const id = (w.next = (w.next % 0x7fffffff) + 1);
  Atomics.store(w.done, 0, 0);
  w.port.postMessage({ id, p, f, s, from });
  const deadline = Date.now() + Math.min(ms, 2 ** 31 - 1);
  while (Atomics.load(w.done, 0) !== id) {
    const left = deadline - Date.now();
    if (left <= 0) {
      void w.worker.terminate();
      w.port.close();
      watchdog = null;
      return "timeout";
    }
    Atomics.wait(w.done, 0, 0, left);
  }
  const msg = WORKER_THREADS!.receiveMessageOnPort(w.port);
  const r = (msg?.message as { id: number; r: (WatchdogResult & { error?: string; stack?: boolean }) | null } | undefined)?.r;
  if (r && r.stack === true) return "stack";
  if (r && typeof r.error === "string") {
    if (r.error.startsWith("Invalid regular expression")) return tooLarge(r.error);
    throw new Error(`regexp watchdog: ${r.error}`);
  }
  return r ?? null;
}
