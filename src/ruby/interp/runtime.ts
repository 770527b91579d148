/**
 * The state of one render: limits and counters, the current source position, and the
 * {@link Interp} services (dispatch, conversions, exceptions) that core methods use.
 */
import { LimitExceededError, SandboxError, UnsupportedRubyError } from "../../diagnostics/errors.js";
import { arityError, receiverDescription } from "../runtime/coerce.js";
import { type SizeBudget, maxBitsFor } from "../runtime/budget.js";
import {
  type MethodCache,
  findMethodAt,
  RArray,
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
  mKernel,
  cStandardError,
  classOf,
  hashKeyOf,
  str,
  sym,
} from "../runtime/values.js";
import { RUBY_METHODS } from "../core/ruby-methods.js";
import type { Frame } from "./frame.js";
import { NextSignal, RubyError } from "./signals.js";
import { type Limits, normalizeLimits } from "./limits.js";

export { DEFAULT_LIMITS, NO_LIMITS, resolveLimits, type Limits } from "./limits.js";

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

export class Runtime implements Interp, SizeBudget {
  steps = 0;
  depth = 0;
  /** Allocation estimate so far (characters + elements + entries), see {@link alloc}. */
  allocated = 0;
  /** Byte offset (in the Ruby program) of the call being made; errors are reported there. */
  pos = 0;
  /** The frame making the current call (for `$~`). */
  frame: Frame | null = null;

  readonly limits: Limits;
  // The size budget the value constructors check (budget.ts); execute() puts it in force.
  readonly maxString: number;
  readonly maxArray: number;
  readonly maxHash: number;
  readonly maxBits: number;
  private bigBounds: [bigint, bigint] | null = null;

  constructor(
    limits: Limits,
    readonly source: PositionResolver,
    /** Ruby object the template runs as (`self`). */
    readonly main: Value,
  ) {
    this.limits = normalizeLimits(limits);
    this.maxString = this.limits.stringSize;
    this.maxArray = this.limits.arraySize;
    this.maxHash = this.limits.hashSize;
    this.maxBits = maxBitsFor(this.limits.stringSize);
    activeRuntime = this;
  }

  /** 2 ** maxBits, built on first use (it is a big number; most renders never need it). */
  get maxBig(): bigint {
    return (this.bigBounds ??= this.makeBigBounds())[0];
  }
  get minBig(): bigint {
    return (this.bigBounds ??= this.makeBigBounds())[1];
  }
  private makeBigBounds(): [bigint, bigint] {
    const m = 1n << BigInt(this.maxBits);
    return [m, -m];
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
  dispatch(recv: Value, name: string, args: Value[], blk: RProc | null, fcall: boolean, vcall: boolean, site?: MethodCache): Value {
    // Builtin classes and modules are shared by every render: a render must not change them, nor
    // any class's singleton class (an object's own singleton class belongs to the render).
    if (recv instanceof RClass && (recv.builtin || recv.attached instanceof RClass) && SHARED_CLASS_MUTATORS.has(name)) {
      return this.sandbox(`${name} on the shared class ${recv.name}`);
    }
    const m = site === undefined ? classOf(recv).findMethod(name) : findMethodAt(site, classOf(recv), name);
    // Kernel's module functions also exist as public singleton methods (`Kernel.format`).
    if (m !== null && recv === mKernel && m.owner === mKernel && KERNEL_PRIVATE.has(name)) return this.invoke(m, recv, args, blk);
    if (m !== null && (m.visibility === "public" || fcall || (m.visibility === "protected" && classOf(this.frame?.self ?? null).isSubclassOf(m.owner)))) {
      return this.invoke(m, recv, args, blk);
    }
    return this.methodMissing(recv, name, args, blk, m, vcall, fcall);
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
    // The counter is not reset on failure: the `finally` below unwinds it exactly, and nothing
    // can catch a LimitExceededError (see ControlCompiler.cBeginNode).
    if (++this.depth > this.limits.depth) {
      this.depth--;
      this.limitError("call depth", this.limits.depth);
    }
    if (++this.steps > this.limits.steps) {
      this.depth--;
      this.limitError("steps", this.limits.steps);
    }
    try {
      const r = m.fn(recv, args, blk, this);
      // Backstop for in-place growth (`<<`, `concat`, `[]=` ... return their receiver): the
      // constructors check new values, this checks a grown one before the template sees it.
      if (r instanceof RString) {
        if (r.s.length > this.maxString) this.limitError("String size", this.maxString);
      } else if (r instanceof RArray && r.a.length > this.maxArray) this.limitError("Array size", this.maxArray);
      return r;
    } finally {
      this.depth--;
    }
  }

  methodMissing(recv: Value, name: string, args: Value[], blk: RProc | null, found: RMethod | null, vcall: boolean, fcall = true): Value {
    const mm = classOf(recv).findMethod("method_missing");
    if (mm && mm.owner.name !== "BasicObject") {
      return this.invoke(mm, recv, [sym(name), ...args], blk);
    }
    // Kernel's module functions (puts, system, binding, ...) are private instance methods of every
    // object: with an explicit receiver Ruby refuses them before anything runs, as a NoMethodError
    // the template can rescue.
    const kernelPrivate = found === null ? KERNEL_PRIVATE.has(name) && classOf(recv).isSubclassOf(mKernel) : found.owner === mKernel && found.visibility === "private";
    // (Kernel's own singleton copies, `Kernel.system`, are public: they fall through to the sandbox.)
    if (!fcall && kernelPrivate && recv !== mKernel) {
      return this.raiseNoMethod(`private method '${name}' called for ${receiverDescription(recv)}`, recv, name);
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
    if (a instanceof RString && b instanceof RString && !a.binary && !b.binary) return a.s === b.s;
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

/** Kernel's module functions: private instance methods of every Object. */
const KERNEL_PRIVATE: ReadonlySet<string> = RUBY_METHODS.get("Kernel")!.singleton;

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
