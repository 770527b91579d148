/**
 * The state of one render: limits and counters, the current source position, and the
 * {@link Interp} services (dispatch, conversions, exceptions) that core methods use.
 */
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from "node:worker_threads";
import { InputError, LimitExceededError, SandboxError, UnsupportedRubyError } from "../../diagnostics/errors.js";
import { arityError, receiverDescription } from "../runtime/coerce.js";
import {
  type Interp,
  type RMethod,
  type Value,
  RClass,
  RException,
  RMatchData,
  RObject,
  RProc,
  RString,
  RSymbol,
  cObject,
  cStandardError,
  classOf,
  hashKeyOf,
  str,
  sym,
} from "../runtime/values.js";
import { RUBY_METHODS } from "../core/ruby-methods.js";
import type { Frame } from "./frame.js";
import { NextSignal, RubyError } from "./signals.js";

/**
 * Resource limits of one render. All but `regexpTimeMs` are counts, so they are exact and
 * machine-independent. Every limit raises {@link LimitExceededError} naming it.
 */
export interface Limits {
  /** Evaluation steps: method calls, loop iterations and iterator elements. */
  steps: number;
  /** Nested method/block calls (the JavaScript stack overflowing first is reported as this limit too). */
  depth: number;
  /** Characters of template output. */
  output: number;
  /** Characters in any single String. */
  stringSize: number;
  /** Elements in any single Array. */
  arraySize: number;
  /** Entries in any single Hash. */
  hashSize: number;
  /**
   * Total allocation estimate of one render: characters of Strings plus elements of Arrays plus
   * entries of Hashes built, summed over the render (see {@link Runtime.alloc}).
   */
  allocation: number;
  /**
   * Wall-clock milliseconds one regexp search may take when its static cost bound is too high to
   * run inline (see docs/security.md, "Regular expressions").
   */
  regexpTimeMs: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  steps: 50_000_000,
  depth: 1_000,
  output: 64 * 1024 * 1024,
  stringSize: 64 * 1024 * 1024,
  arraySize: 10_000_000,
  hashSize: 10_000_000,
  allocation: 512 * 1024 * 1024,
  regexpTimeMs: 1_000,
});

/** Every limit off (for benchmarks and trusted templates). */
export const NO_LIMITS: Readonly<Limits> = Object.freeze({
  steps: Number.MAX_SAFE_INTEGER,
  depth: Number.MAX_SAFE_INTEGER,
  output: Number.MAX_SAFE_INTEGER,
  stringSize: Number.MAX_SAFE_INTEGER,
  arraySize: Number.MAX_SAFE_INTEGER,
  hashSize: Number.MAX_SAFE_INTEGER,
  allocation: Number.MAX_SAFE_INTEGER,
  regexpTimeMs: Number.MAX_SAFE_INTEGER,
});

const LIMIT_NAMES = Object.keys(DEFAULT_LIMITS) as (keyof Limits)[];

/**
 * Merges partial limits over the defaults, left to right, and checks them: each must be a
 * non-negative number (Infinity allowed); unknown names and other values are an InputError, so a
 * typo never silently turns a limit off.
 */
export function resolveLimits(...parts: (Partial<Limits> | null | undefined)[]): Limits {
  const out: Limits = { ...DEFAULT_LIMITS };
  for (const part of parts) {
    if (part === null || part === undefined) continue;
    if (typeof part !== "object") throw new InputError(`limits must be an object, got ${typeof part}`);
    for (const key of Object.keys(part)) {
      if (!(LIMIT_NAMES as string[]).includes(key)) throw new InputError(`unknown limit '${key}' (known: ${LIMIT_NAMES.join(", ")})`);
      const v = (part as Record<string, unknown>)[key];
      if (v === undefined) continue;
      if (typeof v !== "number" || Number.isNaN(v) || v < 0) throw new InputError(`limit '${key}' must be a non-negative number, got ${String(v)}`);
      out[key as keyof Limits] = v;
    }
  }
  return out;
}

/** Names of Kernel/Module/IO-level methods that reach the host; calling one raises SandboxError naming it. */
export const REFUSED_METHODS: ReadonlyMap<string, string> = new Map(
  (
    [
      ["Kernel", ["system", "exec", "spawn", "fork", "`", "open", "syscall", "trap", "at_exit", "exit!", "load", "require_relative", "autoload", "autoload?", "eval", "binding", "caller", "caller_locations", "set_trace_func", "trace_var", "untrace_var", "sleep", "gets", "readline", "readlines", "select", "test", "putc", "printf", "puts", "print", "pp", "display", "srand", "method", "public_method", "singleton_method", "methods", "public_methods", "private_methods", "protected_methods", "singleton_methods", "define_singleton_method", "instance_eval", "instance_exec", "global_variables", "remove_instance_variable"]],
      ["Module", ["const_get", "const_set", "const_source_location", "remove_const", "define_method", "class_eval", "module_eval", "class_exec", "module_exec", "instance_method", "public_instance_method", "remove_method", "undef_method", "alias_method", "class_variable_get", "class_variable_set", "class_variables", "prepend", "refine", "using", "private_class_method", "public_class_method"]],
      ["IO", ["popen", "sysopen", "read", "readlines", "write", "binread", "binwrite", "foreach", "pipe", "copy_stream"]],
    ] as const
  ).flatMap(([owner, list]) => list.map((name) => [name, `${owner}#${name}`] as [string, string])),
);

/** Methods that change a class or module (or its object state); refused on builtin (shared) ones. */
export const SHARED_CLASS_MUTATORS: ReadonlySet<string> = new Set([
  "include", "extend", "prepend", "private", "public", "protected", "module_function", "attr_reader", "attr_writer",
  "attr_accessor", "attr", "private_constant", "public_constant", "deprecate_constant", "define_method", "alias_method",
  "remove_method", "undef_method", "const_set", "remove_const", "private_class_method", "public_class_method",
  "instance_variable_set", "remove_instance_variable", "class_variable_set", "define_singleton_method", "freeze",
]);

/**
 * Constants of Ruby that reach the host (files, processes, the environment, reflection). Reading
 * one that linkplate does not define raises SandboxError naming it instead of NameError.
 */
export const REFUSED_CONSTANTS: ReadonlySet<string> = new Set([
  "File", "IO", "Dir", "FileTest", "FileUtils", "Pathname", "ENV", "ARGV", "ARGF", "DATA", "STDIN", "STDOUT", "STDERR",
  "Process", "Signal", "ObjectSpace", "GC", "TracePoint", "RubyVM", "Binding", "Method", "UnboundMethod", "Thread", "Fiber",
  "Ractor", "Mutex", "Queue", "ConditionVariable", "Marshal", "Socket", "TCPSocket", "UDPSocket", "UNIXSocket", "BasicSocket",
  "Open3", "PTY", "Etc", "Kernel32", "Fiddle", "DRb", "Net", "OpenURI", "Tempfile", "Coverage", "Ripper",
]);

/** Maps a program byte offset to a template position; supplied by the compiled template. */
export interface PositionResolver {
  filename: string;
  /** Ruby's reported line minus the user-facing line. */
  rubyLineOffset: number;
  position(byteOffset: number): { line: number; column: number };
  frame(line: number, column: number): string;
}

/** The Runtime of the render in progress (for services called without an Interp, e.g. regexp search). */
let activeRuntime: Runtime | null = null;

/** The render in progress, or null outside a render. */
export function currentRuntime(): Runtime | null {
  return activeRuntime;
}

/** Makes `rt` the render in progress; returns the previous one (restore it when the render ends). */
export function setActiveRuntime(rt: Runtime | null): Runtime | null {
  const prev = activeRuntime;
  activeRuntime = rt;
  return prev;
}

export class Runtime implements Interp {
  steps = 0;
  depth = 0;
  /** Allocation estimate so far (characters + elements + entries), see {@link alloc}. */
  allocated = 0;
  /** Byte offset (in the Ruby program) of the call being made; errors are reported there. */
  pos = 0;
  /** The frame making the current call (for `$~`). */
  frame: Frame | null = null;

  readonly limits: Limits;

  constructor(
    limits: Limits,
    readonly source: PositionResolver,
    /** Ruby object the template runs as (`self`). */
    readonly main: Value,
  ) {
    // A missing or non-numeric limit never means "no limit": fall back to the default.
    let ok = true;
    for (const k of LIMIT_NAMES) if (typeof limits[k] !== "number" || Number.isNaN(limits[k])) ok = false;
    this.limits = ok ? limits : fillLimits(limits);
    activeRuntime = this;
  }

  // -------------------------------------------------------------------------------------------
  // Limits

  tick(n = 1): void {
    if ((this.steps += n) > this.limits.steps) this.limitError("steps", this.limits.steps);
  }

  /**
   * Counts `units` newly allocated characters/elements/entries against the allocation limit.
   * Core methods that build a new String/Array/Hash (or grow one) call it with the size added.
   */
  alloc(units: number): void {
    if ((this.allocated += units) > this.limits.allocation) this.limitError("allocation", this.limits.allocation);
  }

  checkSize(size: number, what: "String" | "Array" | "Hash"): void {
    const max = what === "String" ? this.limits.stringSize : what === "Array" ? this.limits.arraySize : this.limits.hashSize;
    if (size > max) this.limitError(`${what} size`, max);
  }

  limitError(limit: string, max: number): never {
    throw new LimitExceededError(limit, max, this.where());
  }

  where(): { filename: string; line: number; column: number } {
    const p = this.source.position(this.pos);
    return { filename: this.source.filename, line: p.line, column: p.column };
  }

  unsupported(construct: string, byteOffset = this.pos): never {
    const p = this.source.position(byteOffset);
    throw new UnsupportedRubyError(construct, { filename: this.source.filename, ...p }, this.source.frame(p.line, p.column));
  }

  sandbox(feature: string): never {
    const w = this.where();
    throw new SandboxError(feature, w, this.source.frame(w.line, w.column));
  }

  // -------------------------------------------------------------------------------------------
  // Exceptions

  makeException(className: string, message: string): RException {
    const cls = this.constGet(className);
    if (!(cls instanceof RClass)) throw new Error(`not an exception class: ${className}`);
    const exc = new RException(cls, str(message));
    return exc;
  }

  raise(className: string, message: string): never {
    if (className === "NameError" && message.startsWith("uninitialized constant ")) {
      const name = message.slice(message.lastIndexOf(":") + 1).replace(/^uninitialized constant /, "");
      if (REFUSED_CONSTANTS.has(name)) return this.sandbox(`constant ${name}`);
    }
    return this.raiseExc(this.makeException(className, message));
  }

  raiseExc(exc: RObject): never {
    if (exc instanceof RException && exc.line === null) {
      const p = this.source.position(this.pos);
      exc.line = p.line;
      exc.column = p.column;
    }
    throw new RubyError(exc as RException);
  }

  // -------------------------------------------------------------------------------------------
  // Dispatch

  send(recv: Value, name: string, args: Value[] = [], blk: RProc | null = null): Value {
    return this.dispatch(recv, name, args, blk, false, false);
  }

  sendPrivate(recv: Value, name: string, args: Value[] = [], blk: RProc | null = null): Value {
    return this.dispatch(recv, name, args, blk, true, false);
  }

  respondTo(recv: Value, name: string, includePrivate = false): boolean {
    const m = classOf(recv).findMethod(name);
    if (m) return includePrivate || m.visibility === "public";
    const rtm = classOf(recv).findMethod("respond_to_missing?");
    if (rtm && rtm.owner !== cObject && rtm.owner.name !== "Kernel") {
      const r = this.invoke(rtm, recv, [sym(name), includePrivate], null);
      return r !== false && r !== null;
    }
    return false;
  }

  /** Calls method `name`; `fcall` = receiverless call (private allowed); `vcall` = looked like a variable. */
  dispatch(recv: Value, name: string, args: Value[], blk: RProc | null, fcall: boolean, vcall: boolean): Value {
    // Builtin classes and modules are shared by every render: a render must not change them.
    if (recv instanceof RClass && (recv.builtin || recv.attached !== null) && SHARED_CLASS_MUTATORS.has(name)) {
      return this.sandbox(`${name} on the shared class ${recv.name}`);
    }
    const m = classOf(recv).findMethod(name);
    if (m !== null && (m.visibility === "public" || fcall || (m.visibility === "protected" && classOf(this.frame?.self ?? null).isSubclassOf(m.owner)))) {
      return this.invoke(m, recv, args, blk);
    }
    return this.methodMissing(recv, name, args, blk, m, vcall);
  }

  invoke(m: RMethod, recv: Value, args: Value[], blk: RProc | null): Value {
    const a = m.arity;
    if (a !== undefined) {
      if (typeof a === "number") {
        if (args.length !== a) arityError(this, args.length, String(a));
      } else if (args.length < a[0] || (a[1] >= 0 && args.length > a[1])) {
        arityError(this, args.length, a[1] < 0 ? `${a[0]}+` : `${a[0]}..${a[1]}`);
      }
    }
    if (++this.depth > this.limits.depth) {
      this.depth = 0;
      this.limitError("call depth", this.limits.depth);
    }
    if (++this.steps > this.limits.steps) this.limitError("steps", this.limits.steps);
    try {
      return m.fn(recv, args, blk, this);
    } finally {
      this.depth--;
    }
  }

  methodMissing(recv: Value, name: string, args: Value[], blk: RProc | null, found: RMethod | null, vcall: boolean): Value {
    const mm = classOf(recv).findMethod("method_missing");
    if (mm && mm.owner.name !== "BasicObject") {
      return this.invoke(mm, recv, [sym(name), ...args], blk);
    }
    const refused = REFUSED_METHODS.get(name);
    // Kernel's methods exist (privately) on every Ruby object; Module's and IO's only on modules.
    if (refused !== undefined && (refused.startsWith("Kernel#") || recv instanceof RClass)) return this.sandbox(refused);
    if (!found && !vcall) {
      const owner = knownRubyMethodOwner(recv, name);
      if (owner !== null) return this.unsupported(`method ${owner} (not implemented by linkplate)`);
    }
    const desc = receiverDescription(recv);
    if (found) {
      return this.raiseNoMethod(`${found.visibility} method '${name}' called for ${desc}`, recv, name);
    }
    if (vcall) {
      const exc = this.makeException("NameError", `undefined local variable or method '${name}' for ${desc}`);
      exc.setIvar("@name", sym(name));
      exc.setIvar("@receiver", recv);
      return this.raiseExc(exc);
    }
    return this.raiseNoMethod(`undefined method '${name}' for ${desc}`, recv, name);
  }

  private raiseNoMethod(message: string, recv: Value, name: string): never {
    const exc = this.makeException("NoMethodError", message);
    exc.setIvar("@name", sym(name));
    exc.setIvar("@receiver", recv);
    return this.raiseExc(exc);
  }

  yield(blk: RProc, args: Value[]): Value {
    return blk.call(args, null);
  }

  // -------------------------------------------------------------------------------------------
  // Conversions used everywhere

  toS(v: Value): string {
    if (v instanceof RString) return v.s;
    if (v === null) return "";
    const r = this.send(v, "to_s");
    if (r instanceof RString) return r.s;
    return anyToS(v);
  }

  inspect(v: Value): string {
    const r = this.send(v, "inspect");
    return r instanceof RString ? r.s : this.toS(r);
  }

  eq(a: Value, b: Value): boolean {
    if (a === b) return a === a; // NaN-like values never appear as immediates
    if (typeof a === "number" && typeof b === "number") return a === b;
    if (a instanceof RString && b instanceof RString) return a.s === b.s;
    if (a instanceof RSymbol || b instanceof RSymbol) return a === b;
    const r = this.send(a, "==", [b]);
    return r !== null && r !== false;
  }

  eql(a: Value, b: Value): boolean {
    return hashKeyOf(a) === hashKeyOf(b);
  }

  cmp(a: Value, b: Value): number {
    if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
    if (a instanceof RString && b instanceof RString) return a.s < b.s ? -1 : a.s > b.s ? 1 : 0;
    const r = this.send(a, "<=>", [b]);
    if (r === null) {
      const bd = b === null ? "nil" : b === true ? "true" : b === false ? "false" : typeof b === "number" || typeof b === "bigint" ? String(b) : classOf(b).name;
      return this.raise("ArgumentError", `comparison of ${classNameForCmp(a)} with ${bd} failed`);
    }
    if (typeof r === "number") return r < 0 ? -1 : r > 0 ? 1 : 0;
    return Number(r);
  }

  getLastMatch(): RMatchData | null {
    return this.frame ? this.frame.home.lastMatch : null;
  }

  setLastMatch(m: RMatchData | null): void {
    if (this.frame) this.frame.home.lastMatch = m;
  }

  constGet(path: string): Value {
    let scope: RClass = cObject;
    for (const part of path.split("::")) {
      const v = lookupConstIn(scope, part);
      if (v === undefined) return this.raise("NameError", `uninitialized constant ${path}`);
      if (!(v instanceof RClass)) return v;
      scope = v;
    }
    return scope;
  }

  /** Runs a block body, turning `next` into the block's value. */
  static catchNext(fn: () => Value): Value {
    try {
      return fn();
    } catch (e) {
      if (e instanceof NextSignal) return e.value;
      throw e;
    }
  }
}

function fillLimits(limits: Partial<Limits>): Limits {
  const out: Limits = { ...DEFAULT_LIMITS };
  for (const k of LIMIT_NAMES) {
    const v = limits[k];
    if (typeof v === "number" && !Number.isNaN(v)) out[k] = v;
  }
  return out;
}

function classNameForCmp(v: Value): string {
  if (v === null) return "NilClass";
  if (v === true) return "TrueClass";
  if (v === false) return "FalseClass";
  return classOf(v).name;
}

/** Last-resort to_s when a to_s method returned a non-String (Ruby prints the default form). */
export function anyToS(v: Value): string {
  if (v instanceof RObject) return `#<${classOf(v).name}>`;
  return String(v);
}

/** `Class#method` / `Class.method` when Ruby 4.0 defines `name` for `recv`'s class, else null. */
function knownRubyMethodOwner(recv: Value, name: string): string | null {
  if (recv instanceof RClass) {
    for (const c of recv.ancestors()) {
      if (RUBY_METHODS.get(c.name)?.singleton.has(name)) return `${c.name}.${name}`;
    }
  }
  for (const c of classOf(recv).ancestors()) {
    if (RUBY_METHODS.get(c.name)?.instance.has(name)) return `${c.name}#${name}`;
  }
  return null;
}

export function lookupConstIn(scope: RClass, name: string): Value | undefined {
  for (const c of scope.ancestors()) {
    const v = c.consts.get(name);
    if (v !== undefined) return v;
  }
  if (scope.isModule) return cObject.consts.get(name);
  return undefined;
}

export function isStandardError(exc: RException): boolean {
  return exc.cls.isSubclassOf(cStandardError);
}

export { RProc };

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

/** Static backtracking cost bound under which a search runs inline (~0.1-0.5 s of irregexp work in the worst case). */
export const REGEXP_INLINE_BUDGET = 1e8;

interface PatternShape {
  /** Nested quantifier ((a+)+), quantified alternation ((a|b)*) or similar: exponential worst case. */
  exponential: boolean;
  /** Maximum repeat count of each quantifier (Infinity when unbounded); back-references count as one unbounded. */
  quantifiers: number[];
}

const shapes = new Map<string, PatternShape>();

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
    if (max > 1) {
      if (prevGroup && (prevGroup.quantified || prevGroup.alternation)) exponential = true;
      top().quantified = true;
    }
    prevGroup = null;
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      const d = source[i + 1] ?? "";
      if (!inClass && (/[1-9]/.test(d) || d === "k")) quantifiers.push(Infinity); // back-reference
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
        const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
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
  if (!forceWatchdog && !regexpNeedsWatchdog(re, s)) return re.exec(s);
  const limit = timeoutMs ?? activeRuntime?.limits.regexpTimeMs ?? DEFAULT_LIMITS.regexpTimeMs;
  const r = watchdogExec(re.source, re.flags, s, re.lastIndex, limit);
  if (r === "timeout") {
    if (activeRuntime) return activeRuntime.limitError("regexp time (ms)", limit);
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
    r = { error: String(e && e.message) };
  }
  port.postMessage({ id, r });
  Atomics.store(done, 0, id);
  Atomics.notify(done, 0);
});
`;

let watchdog: { worker: Worker; port: MessagePort; done: Int32Array; next: number } | null = null;

function startWatchdog(): NonNullable<typeof watchdog> {
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

/** Runs one search on the worker; "timeout" after `ms` (the worker is then terminated and replaced on next use). */
function watchdogExec(p: string, f: string, s: string, from: number, ms: number): WatchdogResult | null | "timeout" {
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
  const msg = receiveMessageOnPort(w.port);
  const r = (msg?.message as { id: number; r: (WatchdogResult & { error?: string }) | null } | undefined)?.r;
  if (r && typeof r.error === "string") throw new Error(`regexp watchdog: ${r.error}`);
  return r ?? null;
}
