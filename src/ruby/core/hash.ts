/**
 * Hash (Ruby 4.0 semantics and messages). Enumerable's generic methods (map, find, min_by,
 * sort_by, sum, ...) see a Hash as a sequence of [key, value] pairs; the Hash-specific ones
 * (select/reject/filter yield key and value separately and return Hashes) live here.
 */
import { joinChecked } from "../runtime/builder.js";
import {
  type Interp,
  type Value,
  RProc,
  RArray,
  RHash,
  RSymbol,
  RClass,
  cHash,
  arr,
  str,
  truthy,
  realClassOf,
} from "../runtime/values.js";
import { toHash, checkFrozen, arityError, cloneFrozen } from "../runtime/coerce.js";
import { UnsupportedRubyError } from "../../diagnostics/errors.js";
import { enumFor } from "./enumerator.js";
import { hashEach, hashIterating, toHPair, toInt as toIntArg } from "./enumerable.js";
import { guardInspect, guardPair, structuralHash, digRest } from "./array.js";

// ---------------------------------------------------------------------------------------------
// Helpers

/** `h[k]` with the default value / default proc. */
export function hashGet(it: Interp, h: RHash, k: Value): Value {
  const v = h.lookup(k);
  if (v !== undefined) return v;
  return hashDefault(it, h, k);
}

function hashDefault(it: Interp, h: RHash, k: Value): Value {
  if (h.defaultProc) return it.yield(h.defaultProc, [h, k]);
  return h.defaultValue;
}

/** `h[k] = v` with Ruby's frozen and iteration checks. */
export function hashSet(it: Interp, h: RHash, k: Value, v: Value): void {
  if (h.frozen) checkFrozen(it, h);
  if (!h.has(k)) {
    if (hashIterating(h)) it.raise("RuntimeError", "can't add a new key into hash during iteration");
    it.checkSize(h.size + 1, "Hash");
  }
  h.set(k, v);
}

/** A hash key as Ruby 4.0's Hash#inspect prints it: `key: ` for simple symbols, `"odd key": `, or `k => `. */
function inspectKey(it: Interp, k: Value): string {
  if (k instanceof RSymbol) {
    const name = k.name;
    if (/^[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*[?!]?$/.test(name)) return `${name}: `;
    return `${it.inspect(str(name))}: `;
  }
  return `${it.inspect(k)} => `;
}

export function inspectHash(it: Interp, h: RHash): string {
  if (!h.size) return "{}";
  return guardInspect(h, "{...}", () => {
    return joinChecked("{", h.entries(), ", ", ([k, v]) => inspectKey(it, k) + it.inspect(v), "}");
  });
}

function newHash(): RHash {
  return new RHash();
}

function copyHash(src: RHash, withDefaults: boolean): RHash {
  const h = new RHash();
  for (const [k, v] of src.entries()) h.set(k, v);
  if (withDefaults) {
    h.defaultValue = src.defaultValue;
    h.defaultProc = src.defaultProc;
  }
  return h;
}

function hashEq(it: Interp, a: RHash, b: RHash, eql: boolean): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  return guardPair(a, b, () => {
    for (const [k, v] of a.entries()) {
      const w = b.lookup(k);
      if (w === undefined) return false;
      if (!(eql ? it.eql(v, w) : it.eq(v, w))) return false;
    }
    return true;
  }, eql);
}

/** Replaces a hash's contents with `entries` (for the bang methods). */
function refill(h: RHash, entries: [Value, Value][]): void {
  h.map.clear();
  for (const [k, v] of entries) h.set(k, v);
}

/** Iterates a snapshot of pairs (methods that may delete while iterating). */
function pairs(h: RHash): [Value, Value][] {
  return [...h.entries()].map(([k, v]) => [k, v]);
}

function keyNotFound(it: Interp, k: Value): never {
  return it.raise("KeyError", `key not found: ${it.inspect(k)}`);
}

// ---------------------------------------------------------------------------------------------

export function installHash(): void {
  const c = cHash;

  c.defineS("new", (self: RClass, args, blk, it) => {
    const h = newHash();
    if (self !== cHash) h.cls = self;
    let pos = args;
    const last = args[args.length - 1];
    if (last instanceof RHash && last.kw) pos = args.slice(0, -1); // capacity: n
    if (blk) {
      if (pos.length) arityError(it, pos.length, "0");
      h.defaultProc = blk;
    } else {
      if (pos.length > 1) arityError(it, pos.length, "0..1");
      if (pos.length) h.defaultValue = pos[0];
    }
    return h;
  });
  c.defineS("[]", (self: RClass, args, _b, it) => {
    const h = newHash();
    if (self !== cHash) h.cls = self;
    if (args.length === 1) {
      const a = args[0];
      if (a instanceof RHash) {
        for (const [k, v] of a.entries()) h.set(k, v);
        return h;
      }
      if (a instanceof RArray) {
        a.a.forEach((e, i) => {
          if (!(e instanceof RArray)) return it.raise("ArgumentError", `wrong element type ${realClassOf(e).name} at ${i} (expected array)`);
          if (e.a.length === 2) h.set(e.a[0], e.a[1]);
          else if (e.a.length === 1) h.set(e.a[0], null);
          else it.raise("ArgumentError", `invalid number of elements (${e.a.length} for 1..2)`);
        });
        return h;
      }
    }
    if (args.length % 2) it.raise("ArgumentError", "odd number of arguments for Hash");
    for (let i = 0; i < args.length; i += 2) h.set(args[i], args[i + 1]);
    return h;
  });

  // --- access
  c.define("[]", (self: RHash, args, _b, it) => hashGet(it, self, args[0]), 1);
  const aset = (self: RHash, args: Value[], _b: RProc | null, it: Interp) => {
    hashSet(it, self, args[0], args[1]);
    return args[1];
  };
  c.define("[]=", aset, 2);
  c.define("store", aset, 2);
  c.define(
    "fetch",
    (self: RHash, args, blk, it) => {
      const v = self.lookup(args[0]);
      if (v !== undefined) return v;
      if (blk) return it.yield(blk, [args[0]]);
      if (args.length > 1) return args[1];
      return keyNotFound(it, args[0]);
    },
    [1, 2],
  );
  c.define("dig", (self: RHash, args, _b, it) => {
    if (!args.length) arityError(it, 0, "1+");
    return digRest(it, hashGet(it, self, args[0]), args.slice(1));
  });
  const hasKey = (self: RHash, args: Value[]) => self.has(args[0]);
  for (const n of ["key?", "has_key?", "include?", "member?"]) c.define(n, hasKey, 1);
  const hasValue = (self: RHash, args: Value[], _b: RProc | null, it: Interp) => {
    for (const [, v] of self.entries()) if (it.eq(v, args[0])) return true;
    return false;
  };
  c.define("value?", hasValue, 1);
  c.define("has_value?", hasValue, 1);
  c.define(
    "key",
    (self: RHash, args, _b, it) => {
      for (const [k, v] of self.entries()) if (it.eq(v, args[0])) return k;
      return null;
    },
    1,
  );
  c.define("keys", (self: RHash) => arr([...self.entries()].map((e) => e[0])), 0);
  c.define("values", (self: RHash) => arr([...self.entries()].map((e) => e[1])), 0);
  c.define("values_at", (self: RHash, args, _b, it) => arr(args.map((k) => hashGet(it, self, k))));
  c.define("fetch_values", (self: RHash, args, blk, it) =>
    arr(
      args.map((k) => {
        const v = self.lookup(k);
        if (v !== undefined) return v;
        if (blk) return it.yield(blk, [k]);
        return keyNotFound(it, k);
      }),
    ),
  );
  c.define("length", (self: RHash) => self.size, 0);
  c.define("size", (self: RHash) => self.size, 0);
  c.define("count", (self: RHash, args, blk, it) => {
    if (!args.length && !blk) return self.size;
    let n = 0;
    hashEach(it, self, (k, v) => {
      const pair = arr([k, v]);
      if (args.length ? it.eq(pair, args[0]) : truthy(it.yield(blk!, [pair]))) n++;
    });
    return n;
  });
  c.define("empty?", (self: RHash) => self.size === 0, 0);
  c.define(
    "default",
    (self: RHash, args, _b, it) => {
      if (args.length && self.defaultProc) return it.yield(self.defaultProc, [self, args[0]]);
      return self.defaultValue;
    },
    [0, 1],
  );
  c.define(
    "default=",
    (self: RHash, args, _b, it) => {
      checkFrozen(it, self);
      self.defaultValue = args[0];
      self.defaultProc = null;
      return args[0];
    },
    1,
  );
  c.define("default_proc", (self: RHash) => self.defaultProc, 0);
  c.define(
    "default_proc=",
    (self: RHash, args, _b, it) => {
      checkFrozen(it, self);
      const p = args[0];
      if (p !== null && !(p instanceof RProc)) it.raise("TypeError", `wrong default_proc type ${realClassOf(p).name} (expected Proc)`);
      self.defaultProc = p as RProc | null;
      self.defaultValue = null;
      return p;
    },
    1,
  );
  c.define(
    "first",
    (self: RHash, args, _b, it) => {
      const all = [...self.entries()];
      if (!args.length) return all.length ? arr([all[0][0], all[0][1]]) : null;
      const n = toIntArg(it, args[0]);
      if (n < 0) it.raise("ArgumentError", "attempt to take negative size");
      return arr(all.slice(0, n).map(([k, v]) => arr([k, v])));
    },
    [0, 1],
  );
  c.define("slice", (self: RHash, args) => {
    const h = newHash();
    for (const k of args) {
      const v = self.lookup(k);
      if (v !== undefined) h.set(k, v);
    }
    return h;
  });
  c.define("except", (self: RHash, args) => {
    const h = copyHash(self, false);
    for (const k of args) h.delete(k);
    return h;
  });
  c.define(
    "assoc",
    (self: RHash, args) => {
      const v = self.lookup(args[0]);
      if (v === undefined) return null;
      for (const [k, x] of self.entries()) if (x === v && self.lookup(k) === v) return arr([k, x]);
      return null;
    },
    1,
  );
  c.define(
    "rassoc",
    (self: RHash, args, _b, it) => {
      for (const [k, v] of self.entries()) if (it.eq(v, args[0])) return arr([k, v]);
      return null;
    },
    1,
  );

  // --- removing
  c.define(
    "delete",
    (self: RHash, args, blk, it) => {
      checkFrozen(it, self);
      const v = self.delete(args[0]);
      if (v !== undefined) return v;
      return blk ? it.yield(blk, [args[0]]) : null;
    },
    1,
  );
  c.define(
    "shift",
    (self: RHash, _a, _b, it) => {
      checkFrozen(it, self);
      for (const [k, v] of self.entries()) {
        self.delete(k);
        return arr([k, v]);
      }
      return null;
    },
    0,
  );
  c.define(
    "clear",
    (self: RHash, _a, _b, it) => {
      checkFrozen(it, self);
      self.map.clear();
      return self;
    },
    0,
  );
  c.define(
    "replace",
    (self: RHash, args, _b, it) => {
      checkFrozen(it, self);
      const src = toHash(it, args[0]);
      const entries = pairs(src);
      refill(self, entries);
      self.defaultValue = src.defaultValue;
      self.defaultProc = src.defaultProc;
      return self;
    },
    1,
  );

  // --- iteration
  const each = (name: string) =>
    c.define(
      name,
      (self: RHash, _a, blk, it) => {
        if (!blk) return enumFor(self, name, [], () => self.size);
        hashEach(it, self, (k, v) => void it.yield(blk, [arr([k, v])]));
        return self;
      },
      0,
    );
  each("each");
  each("each_pair");
  c.define(
    "each_key",
    (self: RHash, _a, blk, it) => {
      if (!blk) return enumFor(self, "each_key", [], () => self.size);
      hashEach(it, self, (k) => void it.yield(blk, [k]));
      return self;
    },
    0,
  );
  c.define(
    "each_value",
    (self: RHash, _a, blk, it) => {
      if (!blk) return enumFor(self, "each_value", [], () => self.size);
      hashEach(it, self, (_k, v) => void it.yield(blk, [v]));
      return self;
    },
    0,
  );

  /** select/filter/reject (new Hash): the block gets key and value as two arguments. */
  const filter = (name: string, keep: boolean) =>
    c.define(
      name,
      (self: RHash, _a, blk, it) => {
        if (!blk) return enumFor(self, name, [], () => self.size);
        const h = newHash();
        hashEach(it, self, (k, v) => {
          if (truthy(it.yield(blk, [k, v])) === keep) h.set(k, v);
        });
        return h;
      },
      0,
    );
  filter("select", true);
  filter("filter", true);
  filter("reject", false);
  /** select!/keep_if/reject!/delete_if (in place). */
  const filterBang = (name: string, keep: boolean, nilIfSame: boolean) =>
    c.define(
      name,
      (self: RHash, _a, blk, it) => {
        if (!blk) return enumFor(self, name, [], () => self.size);
        checkFrozen(it, self);
        let changed = false;
        hashEach(it, self, (k, v) => {
          if (truthy(it.yield(blk, [k, v])) !== keep) {
            self.delete(k);
            changed = true;
          }
        });
        return nilIfSame && !changed ? null : self;
      },
      0,
    );
  filterBang("select!", true, true);
  filterBang("filter!", true, true);
  filterBang("keep_if", true, false);
  filterBang("reject!", false, true);
  filterBang("delete_if", false, false);

  c.define(
    "any?",
    (self: RHash, args, blk, it) => {
      if (!args.length && !blk) return self.size > 0;
      let found = false;
      hashEach(it, self, (k, v) => {
        const pair = arr([k, v]);
        if (args.length ? truthy(it.send(args[0], "===", [pair])) : truthy(it.yield(blk!, [pair]))) {
          found = true;
          return true;
        }
      });
      return found;
    },
    [0, 1],
  );

  // --- merging / transforming
  const mergeInto = (it: Interp, target: RHash, others: Value[], blk: RProc | null) => {
    for (const o of others) {
      const src = toHash(it, o);
      for (const [k, v] of pairs(src)) {
        it.tick();
        const old = target.lookup(k);
        if (old !== undefined && blk) hashSet(it, target, k, it.yield(blk, [k, old, v]));
        else hashSet(it, target, k, v);
      }
    }
    return target;
  };
  c.define("merge", (self: RHash, args, blk, it) => {
    const out = mergeInto(it, copyHash(self, true), args, blk);
    it.checkSize(out.size, "Hash");
    it.alloc?.(out.size);
    return out;
  });
  const mergeBang = (self: RHash, args: Value[], blk: RProc | null, it: Interp) => {
    checkFrozen(it, self);
    return mergeInto(it, self, args, blk);
  };
  c.define("merge!", mergeBang);
  c.define("update", mergeBang);
  c.define(
    "transform_values",
    (self: RHash, _a, blk, it) => {
      if (!blk) return enumFor(self, "transform_values", [], () => self.size);
      const h = newHash();
      hashEach(it, self, (k, v) => void h.set(k, it.yield(blk, [v])));
      return h;
    },
    0,
  );
  c.define(
    "transform_values!",
    (self: RHash, _a, blk, it) => {
      if (!blk) return enumFor(self, "transform_values!", [], () => self.size);
      checkFrozen(it, self);
      hashEach(it, self, (k, v) => void self.set(k, it.yield(blk, [v])));
      return self;
    },
    0,
  );
  const newKey = (it: Interp, k: Value, mapping: RHash | null, blk: RProc | null): Value => {
    if (mapping) {
      const m = mapping.lookup(k);
      if (m !== undefined) return m;
    }
    return blk ? it.yield(blk, [k]) : k;
  };
  c.define(
    "transform_keys",
    (self: RHash, args, blk, it) => {
      const mapping = args.length ? toHash(it, args[0]) : null;
      if (!blk && !mapping) return enumFor(self, "transform_keys", [], () => self.size);
      const h = newHash();
      hashEach(it, self, (k, v) => void h.set(newKey(it, k, mapping, blk), v));
      return h;
    },
    [0, 1],
  );
  c.define(
    "transform_keys!",
    (self: RHash, args, blk, it) => {
      const mapping = args.length ? toHash(it, args[0]) : null;
      if (!blk && !mapping) return enumFor(self, "transform_keys!", [], () => self.size);
      checkFrozen(it, self);
      const out: [Value, Value][] = [];
      for (const [k, v] of pairs(self)) {
        it.tick();
        out.push([newKey(it, k, mapping, blk), v]);
      }
      refill(self, out);
      return self;
    },
    [0, 1],
  );
  c.define(
    "invert",
    (self: RHash) => {
      const h = newHash();
      for (const [k, v] of self.entries()) h.set(v, k);
      return h;
    },
    0,
  );
  c.define(
    "compact",
    (self: RHash) => {
      const h = newHash();
      for (const [k, v] of self.entries()) if (v !== null) h.set(k, v);
      return h;
    },
    0,
  );
  c.define(
    "compact!",
    (self: RHash, _a, _b, it) => {
      checkFrozen(it, self);
      const before = self.size;
      for (const [k, v] of pairs(self)) if (v === null) self.delete(k);
      return self.size === before ? null : self;
    },
    0,
  );
  c.define(
    "filter_map",
    (self: RHash, _a, blk, it) => {
      if (!blk) return enumFor(self, "filter_map", [], () => self.size);
      const out: Value[] = [];
      hashEach(it, self, (k, v) => {
        const r = it.yield(blk, [arr([k, v])]);
        if (truthy(r)) out.push(r);
      });
      return arr(out);
    },
    0,
  );

  // --- conversion
  c.define("to_a", (self: RHash) => arr([...self.entries()].map(([k, v]) => arr([k, v]))), 0);
  // Subset comparisons (hash_le): every pair of the smaller hash is in the other with an `==` value.
  const subset = (it: Interp, a: RHash, b: RHash): boolean => {
    if (a.size > b.size) return false;
    for (const [k, v] of a.entries()) {
      it.tick();
      const o = b.lookup(k);
      if (o === undefined || !it.eq(v, o)) return false;
    }
    return true;
  };
  c.define("<=", (self: RHash, [o], _b, it) => subset(it, self, toHash(it, o)), 1);
  c.define("<", (self: RHash, [o], _b, it) => {
    const h = toHash(it, o);
    return self.size < h.size && subset(it, self, h);
  }, 1);
  c.define(">=", (self: RHash, [o], _b, it) => subset(it, toHash(it, o), self), 1);
  c.define(">", (self: RHash, [o], _b, it) => {
    const h = toHash(it, o);
    return h.size < self.size && subset(it, h, self);
  }, 1);
  // rb_hash_flatten: the [key, value] pairs flattened one level deeper than `level` (default 1).
  c.define(
    "flatten",
    (self: RHash, args, _b, it) => {
      const level = args.length ? toIntArg(it, args[0]) : 1;
      const pairs = arr([...self.entries()].map(([k, v]) => arr([k, v])));
      it.checkSize(self.size * 2, "Array");
      return it.send(pairs, "flatten", [level]);
    },
    [0, 1],
  );
  c.define(
    "to_h",
    (self: RHash, _a, blk, it) => {
      if (!blk) {
        if (self.cls === cHash) return self;
        return copyHash(self, true);
      }
      const h = newHash();
      hashEach(it, self, (k, v) => {
        const [nk, nv] = toHPair(it, it.yield(blk, [k, v]), 0, false);
        h.set(nk, nv);
      });
      return h;
    },
    0,
  );
  c.define("to_hash", (self: RHash) => self, 0);
  c.define("inspect", (self: RHash, _a, _b, it) => str(inspectHash(it, self)), 0);
  c.define("to_s", (self: RHash, _a, _b, it) => str(inspectHash(it, self)), 0);
  c.define("==", (self: RHash, args, _b, it) => args[0] instanceof RHash && hashEq(it, self, args[0], false), 1);
  c.define("eql?", (self: RHash, args, _b, it) => args[0] instanceof RHash && hashEq(it, self, args[0], true), 1);
  c.define("hash", (self: RHash) => structuralHash(self), 0);

  // --- copying / freezing
  c.define("dup", (self: RHash) => {
    const h = copyHash(self, true);
    h.cls = realClassOf(self);
    return h;
  }, 0);
  c.define("clone", (self: RHash, args, _b, it) => {
    const h = copyHash(self, true);
    h.cls = self.cls;
    if (self.ivars) h.ivars = new Map(self.ivars);
    h.frozen = cloneFrozen(it, self, args);
    return h;
  });
  // freeze / frozen? are Kernel's.
  c.define("compare_by_identity", () => {
    throw new UnsupportedRubyError("Hash#compare_by_identity", {});
  }, 0);
}
