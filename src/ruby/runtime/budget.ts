/**
 * The size and work budget of the render in progress, reachable from the value constructors.
 *
 * Limits checked only where a method remembered to check them are a habit, not an invariant: the
 * value constructors ({@link RString}, {@link RArray}, `RHash#set`, `int()` for big Integers in
 * values.ts) consult this budget themselves, so no core method can hand a template a value over
 * the limits. Methods that could build something huge *before* wrapping it in a value still have
 * to check first (a JavaScript array or string past V8's own limits aborts the process); they use
 * the helpers below, which charge the same budget.
 *
 * Outside a render (loading contexts, tests) the budget is {@link UNLIMITED}.
 */

/** What the running interpreter provides (the Runtime implements it). */
export interface SizeBudget {
  readonly maxString: number;
  readonly maxArray: number;
  readonly maxHash: number;
  /** Largest magnitude bit length an Integer may have (derived from the String size limit). */
  readonly maxBits: number;
  /** 2 ** maxBits: an Integer result must be strictly below this in magnitude. */
  readonly maxBig: bigint;
  /** -maxBig. */
  readonly minBig: bigint;
  tick(n: number): void;
  alloc(units: number): void;
  limitError(limit: string, max: number): never;
}

const UNLIMITED: SizeBudget = Object.freeze({
  maxString: Infinity,
  maxArray: Infinity,
  maxHash: Infinity,
  maxBits: Infinity,
  maxBig: 0n, // never consulted: maxBits is Infinity
  minBig: 0n,
  tick(): void {},
  alloc(): void {},
  limitError(limit: string): never {
    throw new Error(`internal: ${limit} checked outside a render`);
  },
});

/** The budget in force (live binding: values.ts reads it on every construction). */
export let budget: SizeBudget = UNLIMITED;

/** Puts `b` in force (null: none); returns the previous one so the caller can restore it. */
export function setBudget(b: SizeBudget | null): SizeBudget {
  const prev = budget;
  budget = b ?? UNLIMITED;
  return prev;
}

/** Bits per decimal digit: an Integer with D digits has at most D * log2(10) bits. */
export const BITS_PER_DIGIT = Math.log2(10);

/** Integer bit budget for a String size limit: an Integer whose decimal form the String limit would refuse is refused too. */
export function maxBitsFor(stringSize: number): number {
  return Number.isFinite(stringSize) ? Math.max(64, Math.ceil(stringSize * BITS_PER_DIGIT)) : Infinity;
}

/**
 * The String size is about to become `len` characters: refuse before building it, count it as
 * allocated, and charge one step per 64 characters (copying is cheap, but not free).
 */
export function chargeString(len: number): void {
  const b = budget;
  if (len > b.maxString) b.limitError("String size", b.maxString);
  b.alloc(len);
  if (len >= 64) b.tick(len >>> 6);
}

/** An Array of `n` elements is about to be built: refuse before building it, count it, charge a step per 16 elements. */
export function chargeArray(n: number): void {
  const b = budget;
  if (n > b.maxArray) b.limitError("Array size", b.maxArray);
  b.alloc(n);
  if (n >= 16) b.tick(n >>> 4);
}

/** Bit length of |v|, cheaply (exact below 2**1023, within 4 bits above). For budgets, not for Integer#bit_length. */
export function approxBits(v: bigint): number {
  const m = v < 0n ? -v : v;
  const f = Number(m);
  if (f < 8.98846567431158e307) return f === 0 ? 0 : Math.floor(Math.log2(f)) + 1;
  return m.toString(16).length * 4;
}

/** An Integer of `bits` bits is about to be computed: refuse it when its decimal form would exceed the String limit. */
export function checkBits(bits: number): void {
  const b = budget;
  if (bits > b.maxBits) b.limitError("Integer size (bits)", b.maxBits);
}

/**
 * Charges the work of a big-Integer operation on operands of `bitsA` and `bitsB` bits: linear in
 * their length plus a quadratic term (V8 multiplies, divides and converts big Integers in roughly
 * quadratic time at the sizes templates can reach). Free below 1024 bits.
 */
export function chargeBigWork(bitsA: number, bitsB: number): void {
  if (bitsA < 1024 && bitsB < 1024) return;
  const la = Math.ceil(bitsA / 64);
  const lb = Math.ceil(bitsB / 64);
  budget.tick(la + lb + Math.floor((la * lb) / 1024));
}
