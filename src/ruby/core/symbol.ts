/** Symbol methods (Ruby 4.0). Most string-like methods delegate to String's implementation. */
import { type Interp, type Value, RString, RSymbol, RProc, RFloat, cSymbol, cString, str, realClassOf } from "../runtime/values.js";
import { inspectSymbol } from "./string-format-inspect.js";

function cmpOperand(it: Interp, b: Value): string {
  if (b === null || typeof b === "boolean" || typeof b === "number" || typeof b === "bigint" || b instanceof RFloat || b instanceof RSymbol) return it.inspect(b);
  return realClassOf(b).name;
}

function cmpName(a: string, b: string): number {
  if (a === b) return 0;
  const ca = Array.from(a, (c) => c.codePointAt(0)!);
  const cb = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) if (ca[i] !== cb[i]) return ca[i] < cb[i] ? -1 : 1;
  return ca.length < cb.length ? -1 : ca.length > cb.length ? 1 : 0;
}

/** Calls String#name on the symbol's name. */
function viaString(it: Interp, self: RSymbol, name: string, args: Value[], blk: RProc | null = null): Value {
  const m = cString.findMethod(name)!;
  return m.fn(str(self.name), args, blk, it);
}

/** `:name.to_proc`: a lambda sending `name` to its first argument. */
export function symbolToProc(it: Interp, name: string): RProc {
  return new RProc(
    (args, blk) => {
      if (args.length === 0) return it.raise("ArgumentError", "no receiver given");
      return it.send(args[0], name, args.slice(1), blk);
    },
    -2,
    true,
  );
}

export function installSymbol(): void {
  const S = cSymbol;
  const toS = (self: RSymbol) => str(self.name);
  S.define("to_s", toS, 0);
  S.define("id2name", toS, 0);
  S.define("name", (self: RSymbol) => {
    const s = str(self.name);
    s.frozen = true;
    return s;
  }, 0);
  S.define("to_sym", (self: RSymbol) => self, 0);
  S.define("to_proc", (self: RSymbol, _a, _b, it) => symbolToProc(it, self.name), 0);
  S.define("inspect", (self: RSymbol) => str(inspectSymbol(self.name)), 0);
  S.define("hash", (self: RSymbol) => {
    let h = 0x9e3779b1;
    for (let i = 0; i < self.name.length; i++) h = Math.imul(h ^ self.name.charCodeAt(i), 0x01000193);
    return h;
  }, 0);
  S.define("==", (self: RSymbol, args) => args[0] === self, 1);
  S.define("===", (self: RSymbol, args) => args[0] === self, 1);
  S.define("<=>", (self: RSymbol, args) => {
    const o = args[0];
    return o instanceof RSymbol ? cmpName(self.name, o.name) : null;
  }, 1);
  const rel = (name: string, test: (c: number) => boolean) =>
    S.define(name, (self: RSymbol, args, _b, it) => {
      const o = args[0];
      if (!(o instanceof RSymbol)) return it.raise("ArgumentError", `comparison of Symbol with ${cmpOperand(it, o)} failed`);
      return test(cmpName(self.name, o.name));
    }, 1);
  rel("<", (c) => c < 0);
  rel("<=", (c) => c <= 0);
  rel(">", (c) => c > 0);
  rel(">=", (c) => c >= 0);
  S.define("length", (self: RSymbol, _a, _b, it) => viaString(it, self, "length", []), 0);
  S.define("size", (self: RSymbol, _a, _b, it) => viaString(it, self, "length", []), 0);
  S.define("empty?", (self: RSymbol) => self.name.length === 0, 0);
  for (const m of ["upcase", "downcase", "capitalize", "swapcase", "succ", "next"]) {
    S.define(m, (self: RSymbol, args, _b, it) => RSymbol.of((viaString(it, self, m, args) as RString).s));
  }
  S.define("encoding", (self: RSymbol, _a, _b, it) => (/^[\x00-\x7f]*$/.test(self.name) ? it.constGet("Encoding::US_ASCII") : it.constGet("Encoding::UTF_8")), 0);
  // Argument counts as Symbol's own methods check them (the String methods may leave it to their dispatcher).
  const arities = new Map<string, number | readonly [number, number]>([["[]", [1, 2]], ["slice", [1, 2]], ["=~", 1], ["match", [1, 2]], ["match?", [1, 2]]]);
  for (const m of ["start_with?", "end_with?", "[]", "slice", "=~", "match", "match?"]) {
    S.define(m, (self: RSymbol, args, blk, it) => viaString(it, self, m, args, blk), arities.get(m));
  }
  S.define("casecmp", (self: RSymbol, args, _b, it) => {
    const o = args[0];
    if (!(o instanceof RSymbol)) return null;
    return cString.findMethod("casecmp")!.fn(str(self.name), [str(o.name)], null, it);
  }, 1);
  S.define("casecmp?", (self: RSymbol, args, _b, it) => {
    const o = args[0];
    if (!(o instanceof RSymbol)) return null;
    return cString.findMethod("casecmp?")!.fn(str(self.name), [str(o.name)], null, it);
  }, 1);
}
