/** BasicObject, Object and Kernel: the methods every value has. */
import { UnsupportedRubyError } from "../../diagnostics/errors.js";
import { joinChecked } from "../runtime/builder.js";
import { ThrowSignal } from "../interp/signals.js";
import { toStr } from "../runtime/coerce.js";
import {
  type Interp,
  type Value,
  RArray,
  RClass,
  RException,
  RFloat,
  RHash,
  RObject,
  RProc,
  RString,
  RSymbol,
  cBasicObject,
  cObject,
  classOf,
  hashKeyOf,
  isA,
  mKernel,
  objectIdOf,
  realClassOf,
  singletonClassOf,
  str,
  sym,
  truthy,
} from "../runtime/values.js";

const frozenStr = (s: string): RString => Object.assign(new RString(s), { frozen: true });

/** Ruby's default `#<Foo>` / `#<Foo ivar=...>` inspect (addresses omitted for reproducible output). */
export function defaultInspect(it: Interp, self: Value): string {
  if (!(self instanceof RObject)) return String(self);
  const name = realClassOf(self).name;
  if (!self.ivars || self.ivars.size === 0) return `#<${name}>`;
  // Read through getIvar: some objects (the evaluation context) build an ivar on first read.
  return joinChecked(`#<${name} `, [...self.ivars.keys()], ", ", (k) => `${k}=${it.inspect(self.getIvar(k))}`, ">");
}

function nameArg(it: Interp, v: Value): string {
  if (v instanceof RSymbol) return v.name;
  if (v instanceof RString) return v.s;
  return it.raise("TypeError", `${it.inspect(v)} is not a symbol nor a string`);
}

export function installObject(): void {
  cBasicObject.define("initialize", () => null, undefined, "private");
  cBasicObject.define("==", (self, [o]) => self === o || (typeof self === "bigint" && self === o), 1);
  cBasicObject.define("equal?", (self, [o]) => self === o, 1);
  cBasicObject.define("!", (self) => !truthy(self), 0);
  cBasicObject.define("!=", (self, [o], _b, it) => !it.eq(self, o), 1);
  cBasicObject.define("instance_eval", (_s, _a, _b, it) => sandbox(it, "instance_eval"));
  cBasicObject.define("instance_exec", (_s, _a, _b, it) => sandbox(it, "instance_exec"));
  cBasicObject.define("__send__", (self, args, blk, it) => publicSend(it, self, args, blk));

  const K = mKernel;
  K.define("eql?", (self, [o]) => hashKeyOf(self) === hashKeyOf(o), 1);
  K.define("===", (self, [o], _b, it) => it.eq(self, o), 1);
  // Ruby 3.2 removed Object#=~: only String, Regexp, Symbol and nil define it.
  K.define("!~", (self, [o], _b, it) => !truthy(it.send(self, "=~", [o])), 1);
  K.define("<=>", (self, [o], _b, it) => (self === o || it.eq(self, o) ? 0 : null), 1);
  K.define("hash", (self) => {
    const k = hashKeyOf(self);
    if (typeof k === "string") return stringHash(k);
    if (typeof k === "number") return k;
    if (k === null || typeof k === "boolean") return k === null ? 8 : k ? 20 : 0;
    return objectIdOf(self as object);
  }, 0);
  K.define("object_id", (self) => (self instanceof RObject ? objectIdOf(self) : typeof self === "number" ? 2 * self + 1 : self === null ? 8 : self === true ? 20 : 0), 0);
  K.define("nil?", () => false, 0);
  K.define("class", (self) => realClassOf(self), 0);
  K.define("singleton_class", (self, _a, _b, it) => {
    // nil, true and false answer their class; Integers, Floats and Symbols have none.
    if (self === null || self === true || self === false) return classOf(self);
    if (!(self instanceof RObject) || self instanceof RSymbol || self instanceof RFloat) return it.raise("TypeError", "can't define singleton");
    // A builtin class's singleton class is shared by every render: handed out only if it exists already.
    if (self instanceof RClass && self.builtin && self.meta === null) throw new UnsupportedRubyError(`singleton_class of the builtin class ${self.name}`, {});
    return singletonClassOf(self);
  }, 0);
  K.define("frozen?", (self) => (self instanceof RObject ? self.frozen : true), 0);
  K.define("freeze", (self) => {
    if (self instanceof RObject) self.frozen = true;
    return self;
  }, 0);
  K.define("itself", (self) => self, 0);
  K.define("then", (self, _a, blk, it) => (blk ? it.yield(blk, [self]) : self), 0);
  K.define("yield_self", (self, _a, blk, it) => (blk ? it.yield(blk, [self]) : self), 0);
  K.define("tap", (self, _a, blk, it) => {
    if (!blk) it.raise("LocalJumpError", "no block given (yield)");
    it.yield(blk!, [self]);
    return self;
  }, 0);
  K.define("is_a?", (self, [c], _b, it) => isA(self, classArg(it, c)), 1);
  K.define("kind_of?", (self, [c], _b, it) => isA(self, classArg(it, c)), 1);
  K.define("instance_of?", (self, [c], _b, it) => realClassOf(self) === classArg(it, c), 1);
  K.define("respond_to?", (self, args, _b, it) => it.respondTo(self, nameArg(it, args[0]), truthy(args[1] ?? null)), [1, 2]);
  K.define("respond_to_missing?", () => false, 2, "private");
  K.define("to_s", (self) => str(self instanceof RObject ? `#<${realClassOf(self).name}>` : String(self)), 0);
  K.define("inspect", (self, _a, _b, it) => str(defaultInspect(it, self)), 0);
  K.define("dup", (self) => shallowCopy(self, false), 0);
  K.define("clone", (self, args) => {
    const freeze = args[0] instanceof RHash ? args[0].lookup(sym("freeze")) : undefined;
    return shallowCopy(self, freeze === false ? false : self instanceof RObject && self.frozen);
  }, [0, 1]);
  K.define("instance_variable_get", (self, [n], _b, it) => (self instanceof RObject ? self.getIvar(nameArg(it, n)) : null), 1);
  K.define("instance_variable_set", (self, [n, v], _b, it) => {
    if (!(self instanceof RObject) || self.frozen) return it.raise("FrozenError", `can't modify frozen ${classOf(self).name}`);
    self.setIvar(nameArg(it, n), v);
    return v;
  }, 2);
  K.define("instance_variable_defined?", (self, [n], _b, it) => self instanceof RObject && !!self.ivars?.has(nameArg(it, n)), 1);
  K.define("instance_variables", (self) => new RArray(self instanceof RObject && self.ivars ? [...self.ivars.keys()].map((k) => sym(k)) : []), 0);
  K.define("public_send", (self, args, blk, it) => publicSend(it, self, args, blk, false));
  K.define("send", (self, args, blk, it) => publicSend(it, self, args, blk));
  K.define("method", (_s, _a, _b, it) => sandbox(it, "Kernel#method"));
  K.define("methods", (_s, _a, _b, it) => sandbox(it, "Kernel#methods"));
  K.define("define_singleton_method", (_s, _a, _b, it) => sandbox(it, "define_singleton_method"));
  K.define("extend", (self, args, _b, it) => {
    if (args.length === 0) return it.raise("ArgumentError", "wrong number of arguments (given 0, expected 1+)");
    for (const m of args) {
      if (!(m instanceof RClass) || !m.isModule) return it.raise("TypeError", `wrong argument type ${realClassOf(m).name} (expected Module)`);
    }
    if (!(self instanceof RObject) || self instanceof RSymbol || self instanceof RFloat) return it.raise("TypeError", "can't define singleton");
    // Only this object's singleton class changes (shared builtin classes never reach here: the
    // dispatcher refuses `extend` on them).
    for (const m of [...args].reverse() as RClass[]) {
      if (self.frozen) return it.raise("FrozenError", `can't modify frozen ${realClassOf(self).name}: ${it.inspect(self)}`);
      singletonClassOf(self).include(m);
      if (it.respondTo(m, "extended", true)) it.sendPrivate(m, "extended", [self]);
    }
    return self;
  });
  K.define("display", (_s, _a, _b, it) => sandbox(it, "Kernel#display"));
  K.define("enum_for", (self, args, _b, it) => it.send(self, nameArg(it, args[0] ?? sym("each")), args.slice(1)));
  K.define("to_enum", (self, args, _b, it) => it.send(self, nameArg(it, args[0] ?? sym("each")), args.slice(1)));

  // Kernel's module functions (private instance methods).
  const priv = (name: string, fn: Parameters<RClass["define"]>[1], arity?: number | readonly [number, number]) => K.define(name, fn, arity, "private");
  priv("raise", (_self, args, _b, it) => kernelRaise(it, args));
  priv("fail", (_self, args, _b, it) => kernelRaise(it, args));
  priv("require", (_self, [name], _b, it) => kernelRequire(it, name));
  priv("abort", (_self, args, _b, it) => {
    const exc = it.send(it.constGet("SystemExit"), "new", args.length > 0 ? [toStrValue(it, args[0])] : [str("exit")]);
    return it.raiseExc(exc as RObject);
  }, [0, 1]);
  priv("exit", (_s, _a, _b, it) => it.raiseExc(it.send(it.constGet("SystemExit"), "new", [str("exit")]) as RObject), [0, 1]);
  priv("catch", (_self, args, blk, it) => kernelCatch(it, args, blk), [0, 1]);
  priv("throw", (_self, args, _b, it) => kernelThrow(it, args), [1, 2]);
  priv("proc", (_self, _a, blk, it) => blk ?? it.raise("ArgumentError", "tried to create Proc object without a block"), 0);
  priv("lambda", (_self, _a, blk, it) => blk ?? it.raise("ArgumentError", "tried to create Proc object without a block"), 0);
  priv("Array", (_self, [v], _b, it) => kernelArray(it, v), 1);
  priv("String", (_self, [v], _b, it) => (v instanceof RString ? v : str(it.toS(v))), 1);
  priv("Hash", (_self, [v], _b, it) => {
    if (v === null || (v instanceof RArray && v.a.length === 0)) return new RHash();
    if (v instanceof RHash) return v;
    return it.send(v, "to_hash");
  }, 1);
  priv("puts", (_s, _a, _b, it) => sandbox(it, "Kernel#puts (standard output)"));
  priv("print", (_s, _a, _b, it) => sandbox(it, "Kernel#print (standard output)"));
  priv("pp", (_s, _a, _b, it) => sandbox(it, "Kernel#pp (standard output)"));
  priv("warn", () => null);
  priv("sleep", (_s, _a, _b, it) => sandbox(it, "Kernel#sleep"));
  priv("rand", (_s, _a, _b, it) => it.raise("NotImplementedError", "rand is nondeterministic and not available to templates"));
  priv("srand", (_s, _a, _b, it) => sandbox(it, "Kernel#srand"));
  priv("gets", (_s, _a, _b, it) => sandbox(it, "Kernel#gets (standard input)"));
  priv("exit!", (_s, _a, _b, it) => sandbox(it, "Kernel#exit!"));
  priv("block_given?", () => false, 0);
  priv("frozen_string_literal?", () => false, 0);

  installNilTrueFalse();
}

function sandbox(it: Interp, what: string): never {
  return (it as unknown as { sandbox(w: string): never }).sandbox(what);
}

function stringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

function classArg(it: Interp, c: Value): RClass {
  if (c instanceof RClass) return c;
  return it.raise("TypeError", "class or module required");
}

function toStrValue(it: Interp, v: Value): RString {
  return str(toStr(it, v));
}

function publicSend(it: Interp, self: Value, args: Value[], blk: RProc | null, reachesPrivate = true): Value {
  if (args.length === 0) return it.raise("ArgumentError", "no method name given");
  const name = nameArg(it, args[0]);
  const m = classOf(self).findMethod(name);
  if (!reachesPrivate) return it.send(self, name, args.slice(1), blk);
  if (m && m.visibility !== "public" && (m.owner === mKernel || m.owner.builtin)) return sandbox(it, `send(:${name}) to a private method`);
  // send/__send__ reach private methods: a Kernel one linkplate lacks goes to the sandbox's refusal.
  return !m || m.visibility !== "public" ? it.sendPrivate(self, name, args.slice(1), blk) : it.send(self, name, args.slice(1), blk);
}

function shallowCopy(self: Value, frozen: boolean): Value {
  if (!(self instanceof RObject)) return self;
  if (self instanceof RString) return Object.assign(new RString(self.s, self.binary), { frozen });
  if (self instanceof RArray) return Object.assign(new RArray(self.a.slice()), { frozen });
  if (self instanceof RHash) {
    const h = new RHash();
    for (const [k, v] of self.entries()) h.set(k, v);
    h.defaultValue = self.defaultValue;
    h.defaultProc = self.defaultProc;
    h.frozen = frozen;
    return h;
  }
  if (self instanceof RClass || self instanceof RSymbol || self instanceof RProc) return self;
  if (self.frozen && self.constructor !== RObject && self.constructor !== RException) return self;
  const copy = self instanceof RException ? new RException(realClassOf(self), self.message) : new RObject(realClassOf(self));
  if (self.ivars) copy.ivars = new Map([...self.ivars.keys()].map((k) => [k, self.getIvar(k)]));
  copy.frozen = frozen;
  return copy;
}

function kernelRaise(it: Interp, args: Value[]): never {
  let kwCause: Value | undefined;
  if (args.length > 0) {
    const last = args[args.length - 1];
    if (last instanceof RHash && last.kw) {
      kwCause = last.lookup(sym("cause"));
      args = args.slice(0, -1);
    }
  }
  void kwCause;
  if (args.length === 0) {
    return it.raise("RuntimeError", "unhandled exception");
  }
  const [first, msg] = args;
  if (first instanceof RString) {
    if (args.length > 1) return it.raise("TypeError", "exception class/object expected");
    return it.raiseExc(new RException(it.constGet("RuntimeError") as RClass, str(first.s)));
  }
  let exc: Value;
  if (first instanceof RClass) {
    exc = it.send(first, "new", msg === undefined ? [] : [msg]);
  } else if (first instanceof RException) {
    exc = msg === undefined ? first : it.send(first, "exception", [msg]);
  } else if (first !== null && it.respondTo(first, "exception")) {
    exc = it.send(first, "exception", msg === undefined ? [] : [msg]);
  } else {
    return it.raise("TypeError", "exception class/object expected");
  }
  if (!(exc instanceof RException)) return it.raise("TypeError", "exception object expected");
  return it.raiseExc(exc);
}

/** Libraries `require` accepts; filled by the stdlib installer. */
export const requirable = new Set<string>();

function kernelRequire(it: Interp, name: Value): Value {
  const lib = toStr(it, name);
  if (!requirable.has(lib)) {
    const exc = new RException(it.constGet("LoadError") as RClass, str(`cannot load such file -- ${lib}`));
    return it.raiseExc(exc);
  }
  // Each render starts from the director's state, where these are already loaded.
  return false;
}

function kernelArray(it: Interp, v: Value): Value {
  if (v === null) return new RArray([]);
  if (v instanceof RArray) return v;
  if (v instanceof RHash) return new RArray([...v.entries()].map(([k, x]) => new RArray([k, x])));
  if (it.respondTo(v, "to_ary", true)) return it.send(v, "to_ary");
  if (it.respondTo(v, "to_a", true)) return it.send(v, "to_a");
  return new RArray([v]);
}

function kernelCatch(it: Interp, args: Value[], blk: RProc | null): Value {
  const tag = args.length > 0 ? args[0] : new RObject(cObject);
  if (!blk) return it.raise("LocalJumpError", "no block given (yield)");
  try {
    return it.yield(blk, [tag]);
  } catch (e) {
    if (e instanceof ThrowSignal && e.tag === tag) return e.value;
    throw e;
  }
}

function kernelThrow(_it: Interp, args: Value[]): never {
  throw new ThrowSignal(args[0], args[1] ?? null);
}

function installNilTrueFalse(): void {
  const nil = cObject.consts.get("NilClass") as RClass;
  nil.define("to_s", () => frozenStr(""), 0);
  nil.define("to_a", () => new RArray([]), 0);
  nil.define("to_h", () => new RHash(), 0);
  nil.define("to_i", () => 0, 0);
  nil.define("inspect", () => str("nil"), 0);
  nil.define("nil?", () => true, 0);
  nil.define("&", () => false, 1);
  nil.define("|", (_s, [o]) => truthy(o), 1);
  nil.define("==", (_s, [o]) => o === null, 1);
  nil.define("=~", () => null, 1);
  for (const [name, val] of [["TrueClass", true], ["FalseClass", false]] as const) {
    const c = cObject.consts.get(name) as RClass;
    c.define("to_s", () => frozenStr(String(val)), 0);
    c.define("inspect", () => str(String(val)), 0);
    c.define("&", (_s, [o]) => val && truthy(o), 1);
    c.define("|", (_s, [o]) => val || truthy(o), 1);
    c.define("^", (_s, [o]) => val !== truthy(o), 1);
    c.define("==", (_s, [o]) => o === val, 1);
    c.define("===", (_s, [o]) => o === val, 1);
  }
}

