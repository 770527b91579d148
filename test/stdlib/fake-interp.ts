/**
 * A small stand-in for the interpreter so stdlib methods can be unit-tested before (and
 * independently of) the evaluator: dispatch through method tables, to_s/inspect for core values.
 */
import {
  type Interp,
  type RMatchData,
  type RProc,
  type Value,
  RArray,
  RClass,
  RException,
  RFloat,
  RHash,
  RObject,
  RString,
  RSymbol,
  cObject,
  classOf,
  hashKeyOf,
  singletonClassOf,
  str,
} from "../../src/ruby/runtime/values.js";
import { floatToS } from "../../src/ruby/core/float-to-s.js";
import { inspectString } from "../../src/ruby/core/string-format-inspect.js";

export class RubyRaised extends Error {
  constructor(readonly exc: RObject) {
    super(`${exc.cls.name}: ${exc instanceof RException && exc.message instanceof RString ? exc.message.s : ""}`);
  }
  get className(): string {
    return this.exc.cls.name;
  }
  get rubyMessage(): string {
    const m = (this.exc as RException).message;
    return m instanceof RString ? m.s : String(m);
  }
}

function lookupConst(path: string): Value {
  let cur: RClass = cObject;
  for (const part of path.split("::")) {
    const v = cur.consts.get(part);
    if (v === undefined) throw new Error(`fake interp: no constant ${path}`);
    cur = v as RClass;
  }
  return cur;
}

function methodsOf(v: Value): RClass {
  return v instanceof RClass ? singletonClassOf(v) : classOf(v);
}

function inspectStr(s: RString): string {
  return inspectString(s.s, s.binary);
}

export const fakeIt: Interp = {
  send(recv, name, args = [], blk = null) {
    const m = methodsOf(recv).findMethod(name);
    if (!m) {
      if (name === "to_s") return str(fakeIt.toS(recv));
      if (name === "inspect") return str(fakeIt.inspect(recv));
      if (name === "==") return fakeIt.eq(recv, args[0]);
      return fakeIt.raise("NoMethodError", `undefined method '${name}' for ${classOf(recv).name}`);
    }
    return m.fn(recv, args, blk, fakeIt);
  },
  sendPrivate(recv, name, args = [], blk = null) {
    return fakeIt.send(recv, name, args, blk);
  },
  respondTo(recv, name) {
    return methodsOf(recv).findMethod(name) !== null;
  },
  yield(blk: RProc, args: Value[]) {
    return blk.call(args, null);
  },
  toS(v) {
    if (v === null) return "";
    if (typeof v === "boolean" || typeof v === "number" || typeof v === "bigint") return String(v);
    if (v instanceof RString) return v.s;
    if (v instanceof RSymbol) return v.name;
    if (v instanceof RFloat) return floatToS(v.v);
    if (v instanceof RClass) return v.name;
    const m = classOf(v).findMethod("to_s");
    if (m) {
      const r = m.fn(v, [], null, fakeIt);
      if (r instanceof RString) return r.s;
    }
    if (v instanceof RArray || v instanceof RHash) return fakeIt.inspect(v);
    return `#<${v.cls.name}>`;
  },
  inspect(v) {
    if (v === null) return "nil";
    if (v instanceof RString) return inspectStr(v);
    if (v instanceof RSymbol) return `:${v.name}`;
    if (v instanceof RArray) return `[${v.a.map((x) => fakeIt.inspect(x)).join(", ")}]`;
    if (v instanceof RHash) {
      if (v.size === 0) return "{}";
      return `{${[...v.entries()].map(([k, x]) => (k instanceof RSymbol ? `${k.name}: ` : `${fakeIt.inspect(k)} => `) + fakeIt.inspect(x)).join(", ")}}`;
    }
    if (v instanceof RObject && !(v instanceof RClass) && !(v instanceof RFloat)) {
      const m = classOf(v).findMethod("inspect");
      if (m) {
        const r = m.fn(v, [], null, fakeIt);
        if (r instanceof RString) return r.s;
      }
    }
    return fakeIt.toS(v);
  },
  eq(a, b) {
    if (a instanceof RObject && b instanceof RObject && !(a instanceof RFloat)) {
      const m = classOf(a).findMethod("==");
      if (m) {
        const r = m.fn(a, [b], null, fakeIt);
        return r !== null && r !== false;
      }
    }
    return hashKeyOf(a) === hashKeyOf(b);
  },
  eql(a, b) {
    return hashKeyOf(a) === hashKeyOf(b);
  },
  cmp(a, b) {
    if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
    if (a instanceof RString && b instanceof RString) return a.s < b.s ? -1 : a.s > b.s ? 1 : 0;
    return fakeIt.raise("ArgumentError", "comparison failed");
  },
  raise(className, message) {
    const cls = lookupConst(className) as RClass;
    throw new RubyRaised(new RException(cls, str(message)));
  },
  raiseExc(exc) {
    throw new RubyRaised(exc);
  },
  tick() {},
  checkSize() {},
  getLastMatch(): RMatchData | null {
    return null;
  },
  setLastMatch() {},
  constGet(path) {
    return lookupConst(path);
  },
};

/** Calls a singleton method such as `JSON.generate`. */
export function callS(path: string, name: string, ...args: Value[]): Value {
  const recv = lookupConst(path);
  return fakeIt.send(recv, name, args);
}

/** Calls an instance method. */
export function call(recv: Value, name: string, ...args: Value[]): Value {
  return fakeIt.send(recv, name, args);
}

/** Runs `f`; returns its value's to_s, or "!Class: message" for a Ruby exception (as the oracle does). */
export function asOracle(f: () => Value): string {
  try {
    return fakeIt.toS(f());
  } catch (e) {
    if (e instanceof RubyRaised) return `!${e.className}: ${e.rubyMessage}`;
    throw e;
  }
}

export function kw(entries: [string, Value][]): RHash {
  const h = new RHash();
  for (const [k, v] of entries) h.set(RSymbol.of(k), v);
  h.kw = true;
  return h;
}
