/**
 * A minimal Enumerator: what a block-taking method returns when called without a block
 * (`arr.each_with_index`, `arr.map`, `each_slice(2)`). It remembers the receiver, method and
 * arguments and re-sends them with a block when iterated, so Enumerable's generic methods and
 * `with_index` / `with_object` chain as in Ruby. External iteration (`next`, `peek`) replays the
 * source, which only builtin code may run (see {@link external}).
 */
import { UnsupportedRubyError } from "../../diagnostics/errors.js";
import {
  type Interp,
  type Value,
  RArray,
  RFloat,
  RObject,
  RProc,
  RRange,
  RString,
  classOf,
  realClassOf,
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
  /** External iteration (`next`): the position and what a replay of the source has yielded so far. */
  cursor: { pos: number; seen: Value[][]; complete: boolean; result: Value } | null = null;
}

/** Thrown from the collecting block to stop a replay once it has yielded enough. */
class Enough {}

/**
 * True when iterating `e` runs only linkplate's builtin methods on builtin values: then replaying
 * it from the start has no effect a template could see, and external iteration can replay it
 * (CRuby runs it in a Fiber instead, which linkplate does not have).
 */
function replayable(e: REnumerator): boolean {
  const recv = e.recv;
  if (e.args.some((a) => a instanceof RProc)) return false;
  if (recv instanceof REnumerator && !replayable(recv)) return false;
  if (recv instanceof RRange && ![recv.begin, recv.end].every((v) => v === null || typeof v !== "object" || realClassOf(v).builtin)) return false;
  const m = classOf(recv).findMethod(e.meth);
  return m !== null && m.owner.builtin && (recv === null || typeof recv !== "object" || realClassOf(recv).builtin);
}

/** Ranges and numbers (Integer#times, Numeric#step, ArithmeticSequence) yield the same values on every replay. */
function immutableSource(e: REnumerator): boolean {
  const recv = e.recv;
  if (recv instanceof REnumerator) return immutableSource(recv);
  // String's character and line iterators walk a frozen copy in CRuby.
  if (recv instanceof RString && /^each_(char|line|codepoint|grapheme_cluster)$/.test(e.meth)) return true;
  return recv instanceof RRange || typeof recv === "number" || typeof recv === "bigint" || recv instanceof RFloat;
}

/** Replays `e` until it has yielded `want` values (or finished), recording them in its cursor. */
function fill(it: Interp, e: REnumerator, want: number): void {
  const cur = e.cursor!;
  // A collection may change between two `next` calls, and CRuby's suspended iteration sees the
  // change: only a source that cannot change keeps what an earlier replay yielded.
  const fixed = immutableSource(e);
  if (fixed && (cur.complete || cur.seen.length >= want)) return;
  if (!replayable(e)) throw new UnsupportedRubyError("Enumerator#next over a source that runs template code", {});
  const seen: Value[][] = [];
  const limit = fixed ? Math.max(16, want * 2) : want;
  cur.complete = false;
  try {
    const result = it.send(e, "each", [], new RProc((args) => {
      seen.push(args.slice());
      if (seen.length >= limit) throw new Enough();
      return null;
    }, -1));
    cur.complete = true;
    cur.result = result;
  } catch (x) {
    if (!(x instanceof Enough)) throw x;
  }
  cur.seen = seen;
}

/** The values of the next `yield` without advancing; raises StopIteration at the end. */
function peekValues(it: Interp, e: REnumerator): Value[] {
  const cur = (e.cursor ??= { pos: 0, seen: [], complete: false, result: null });
  fill(it, e, cur.pos + 1);
  if (cur.pos < cur.seen.length) return cur.seen[cur.pos];
  const exc = it.send(it.constGet("StopIteration"), "new", [str("iteration reached an end")]) as RObject;
  exc.setIvar("@result", cur.result);
  return it.raiseExc(exc);
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
  c.define("rewind", (self: REnumerator) => {
    self.cursor = null;
    return self;
  }, 0);
  c.define("peek", (self: REnumerator, _a, _b, it) => packArgs(peekValues(it, self)), 0);
  c.define("peek_values", (self: REnumerator, _a, _b, it) => new RArray(peekValues(it, self).slice()), 0);
  c.define("next", (self: REnumerator, _a, _b, it) => {
    const v = peekValues(it, self);
    self.cursor!.pos++;
    return packArgs(v);
  }, 0);
  c.define("next_values", (self: REnumerator, _a, _b, it) => {
    const v = peekValues(it, self);
    self.cursor!.pos++;
    return new RArray(v.slice());
  }, 0);

}
