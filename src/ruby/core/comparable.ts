/** Comparable: relational operators, between? and clamp in terms of `<=>` (Ruby 4.0 messages). */
import { type Interp, type Value, RRange, mComparable, realClassOf } from "../runtime/values.js";
import { cmpInt, cmpFailed } from "./enumerable.js";

/** `a <=> b` through dispatch; nil raises "comparison of A with B failed". */
function cmp(it: Interp, a: Value, b: Value): number {
  const r = it.send(a, "<=>", [b]);
  if (r === null) return cmpFailed(it, a, b);
  return cmpInt(it, r, a, b);
}

export function installComparable(): void {
  const m = mComparable;
  m.define(
    "==",
    (self, args, _b, it) => {
      const o = args[0];
      if (self === o) return true;
      const r = it.send(self, "<=>", [o]);
      if (r === null) return false;
      return cmpInt(it, r, self, o) === 0;
    },
    1,
  );
  m.define(">", (self, args, _b, it) => cmp(it, self, args[0]) > 0, 1);
  m.define(">=", (self, args, _b, it) => cmp(it, self, args[0]) >= 0, 1);
  m.define("<", (self, args, _b, it) => cmp(it, self, args[0]) < 0, 1);
  m.define("<=", (self, args, _b, it) => cmp(it, self, args[0]) <= 0, 1);
  m.define(
    "between?",
    (self, args, _b, it) => {
      if (cmp(it, self, args[0]) < 0) return false;
      if (cmp(it, self, args[1]) > 0) return false;
      return true;
    },
    2,
  );
  m.define(
    "clamp",
    (self, args, _b, it) => {
      let min: Value;
      let max: Value;
      if (args.length === 1) {
        const r = args[0];
        if (!(r instanceof RRange)) return it.raise("TypeError", `wrong argument type ${realClassOf(r).name} (expected Range)`);
        min = r.begin;
        max = r.end;
        if (max !== null && r.excl) it.raise("ArgumentError", "cannot clamp with an exclusive range");
      } else {
        [min, max] = args;
      }
      if (min !== null && max !== null && cmp(it, min, max) > 0) {
        it.raise("ArgumentError", "min argument must be less than or equal to max argument");
      }
      if (min !== null) {
        const c = cmp(it, self, min);
        if (c === 0) return self;
        if (c < 0) return min;
      }
      if (max !== null) {
        const c = cmp(it, self, max);
        if (c > 0) return max;
      }
      return self;
    },
    [1, 2],
  );
}
