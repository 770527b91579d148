/**
 * A minimal Enumerator: what a block-taking method returns when called without a block
 * (`arr.each_with_index`, `arr.map`, `each_slice(2)`). It remembers the receiver, method and
 * arguments and re-sends them with a block when iterated, so Enumerable's generic methods and
 * `with_index` / `with_object` chain as in Ruby. External iteration (`next`) is not supported.
 */
import {
  type Interp,
  type Value,
  RObject,
  RProc,
  defineBuiltinClass,
  cObject,
  mEnumerable,
  arr,
  str,
} from "../runtime/values.js";
import { toInt } from "./enumerable.js";

export const cEnumerator = defineBuiltinClass("Enumerator", cObject);
cEnumerator.include(mEnumerable);

/** Computes the enumerator's `size` lazily (nil when unknown). */
export type SizeFn = (it: Interp) => Value;

export class REnumerator extends RObject {
  constructor(
    public readonly recv: Value,
    public readonly meth: string,
    public readonly args: Value[],
    public readonly sizeFn: SizeFn | null = null,
    /** Display override for inspect (e.g. computed enumerators of chunk_while). */
    public readonly label: string | null = null,
  ) {
    super(cEnumerator);
  }
}

/** `recv.enum_for(meth, *args)`. */
export function enumFor(recv: Value, meth: string, args: Value[] = [], sizeFn: SizeFn | null = null): REnumerator {
  return new REnumerator(recv, meth, args, sizeFn);
}

/** Packs the values one `yield` passed (nil, the value, or an Array of them), as Ruby's Enumerable does. */
export function packArgs(args: Value[]): Value {
  if (args.length === 0) return null;
  if (args.length === 1) return args[0];
  return arr(args.slice());
}

function enumEach(it: Interp, e: REnumerator, blk: RProc): Value {
  return it.send(e.recv, e.meth, e.args, blk);
}

export function installEnumerator(): void {
  const c = cEnumerator;
  c.define("each", (self: REnumerator, args, blk, it) => {
    if (args.length) return it.send(self.recv, self.meth, [...self.args, ...args], blk);
    if (!blk) return self;
    return enumEach(it, self, blk);
  });
  const withIndex = (self: REnumerator, offset: number, blk: RProc, it: Interp): Value => {
    let i = offset;
    return enumEach(
      it,
      self,
      new RProc((args) => {
        const idx = i++;
        return it.yield(blk, [packArgs(args), idx]);
      }, -1),
    );
  };
  c.define(
    "with_index",
    (self: REnumerator, args, blk, it) => {
      const offset = args.length && args[0] !== null ? toInt(it, args[0]) : 0;
      if (!blk) return enumFor(self, "with_index", args, self.sizeFn);
      return withIndex(self, offset, blk, it);
    },
    [0, 1],
  );
  c.define(
    "each_with_index",
    (self: REnumerator, _args, blk, it) => {
      if (!blk) return enumFor(self, "each_with_index", [], self.sizeFn);
      return withIndex(self, 0, blk, it);
    },
    0,
  );
  const withObject = (self: REnumerator, args: Value[], blk: RProc | null, it: Interp, name: string): Value => {
    const memo = args[0];
    if (!blk) return enumFor(self, name, args, self.sizeFn);
    enumEach(
      it,
      self,
      new RProc((a) => it.yield(blk, [packArgs(a), memo]), -1),
    );
    return memo;
  };
  c.define("with_object", (self: REnumerator, args, blk, it) => withObject(self, args, blk, it, "with_object"), 1);
  c.define("each_with_object", (self: REnumerator, args, blk, it) => withObject(self, args, blk, it, "each_with_object"), 1);
  c.define("size", (self: REnumerator, _args, _blk, it) => (self.sizeFn ? self.sizeFn(it) : null), 0);
  const inspect = (self: REnumerator, it: Interp): string => {
    if (self.label) return self.label;
    const args = self.args.length ? `(${self.args.map((a) => it.inspect(a)).join(", ")})` : "";
    return `#<Enumerator: ${it.inspect(self.recv)}:${self.meth}${args}>`;
  };
  c.define("inspect", (self: REnumerator, _a, _b, it) => str(inspect(self, it)), 0);
  c.define("to_s", (self: REnumerator, _a, _b, it) => str(inspect(self, it)), 0);
  c.define("rewind", (self: REnumerator) => self, 0);
}
