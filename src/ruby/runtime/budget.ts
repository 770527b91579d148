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

/** The budget in force outside a render (loading contexts, compiling). */
export const UNLIMITED: SizeBudget = Object.freeze({
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
 * A String of `len` characters is about to be built: refuse it before building it, and charge one
 * step per 64 characters (copying is cheap, but not free). The RString constructor counts the
 * allocation itself.
 */
export function chargeString(len: number): void {
  const b = budget;
  if (len > b.maxString) b.limitError("String size", b.maxString);
  if (len >= 64) b.tick(len >>> 6);
}

/**
 * An Array of up to `n` elements is about to be built: refuse it before building it, and charge a
 * step per 16 elements (the RArray constructor counts the allocation).
 */
export function chargeArray(n: number): void {
  const b = budget;
  if (n > b.maxArray) b.limitError("Array size", b.maxArray);
  if (n >= 16) b.tick(n >>> 4);
}

/**
 * A String being built character by character has reached `len` characters: called every 4096
 * input characters, it refuses a String past the limit and charges a step per 64 input characters.
 */
export function checkGrowth(len: number): void {
  const b = budget;
  if (len > b.maxString) b.limitError("String size", b.maxString);
  b.tick(64);
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
 * Charges the work of a big-Integer operation on operands of `bitsA` and `bitsB` bits: a step per
 * 64 limbs (64-bit words) of linear work plus one per 1024 limb products (V8 multiplies, divides,
 * parses and prints big Integers in roughly quadratic time at the sizes templates can reach).
 * Free when both operands are below 1024 bits.
 */
export function chargeBigWork(bitsA: number, bitsB: number, times = 1): void {
  if (bitsA < 1024 && bitsB < 1024) return;
  const la = Math.ceil(bitsA / 64);
  const lb = Math.ceil(bitsB / 64);
  budget.tick(times * (((la + lb) >>> 6) + Math.floor((la * lb) / 1024)));
}

/** Bit length of a JS Integer value (number or bigint), cheaply. */
export function intBits(v: number | bigint): number {
  if (typeof v === "number") return v === 0 ? 0 : Math.floor(Math.log2(Math.abs(v))) + 1;
  return approxBits(v);
}

/**
 * Parses a digit string (digits valid for `base`, no sign or underscores) into a bigint, charging
 * the work first. Bases other than 2, 8, 10 and 16 split the digits in halves (subquadratic)
 * instead of a digit-by-digit loop.
 */
export function parseBigDigits(digits: string, base: number): bigint {
  const bits = Math.ceil(digits.length * Math.log2(base));
  checkBits(bits);
  if ((base & (base - 1)) !== 0) chargeBigWork(bits, bits);
  else budget.tick(digits.length >>> 6);
  if (base === 10) return BigInt(digits);
  if (base === 16) return BigInt(`0x${digits}`);
  if (base === 2) return BigInt(`0b${digits}`);
  if (base === 8) return BigInt(`0o${digits}`);
  return parseHalves(digits, BigInt(base));
}

function parseHalves(d: string, B: bigint): bigint {
  if (d.length <= 32) {
    let v = 0n;
    for (const ch of d) v = v * B + BigInt(parseInt(ch, 36));
    return v;
  }
  const lo = d.length >> 1;
  const hi = d.length - lo;
  return parseHalves(d.slice(0, hi), B) * B ** BigInt(lo) + parseHalves(d.slice(hi), B);
}

/** Integer#to_s: a big Integer's decimal (or other non-power-of-two radix) conversion is charged as the quadratic work it is. */
export function intToString(v: number | bigint, base = 10): string {
  if (typeof v === "bigint") {
    const bits = approxBits(v);
    if ((base & (base - 1)) !== 0) chargeBigWork(bits, bits);
    else if (bits >= 1024) budget.tick(bits >>> 6);
  }
  return v.toString(base);
}

/** `out.push(x)` for an Array being collected element by element: refused once it would pass the Array size limit. */
export function pushElement<T>(out: T[], x: T): void {
  if (out.length >= budget.maxArray) budget.limitError("Array size", budget.maxArray);
  out.push(x);
}

/** Appends all of `xs` (no argument spread: a long spread overflows the JS stack), refused past the Array size limit. */
export function pushElements<T>(out: T[], xs: readonly T[]): void {
  if (out.length + xs.length > budget.maxArray) budget.limitError("Array size", budget.maxArray);
  for (const x of xs) out.push(x);
}

/** Charges a linear big-Integer operation (addition, bitwise operations): a step per 64 limbs of its operands. */
export function chargeBigLinear(bitsA: number, bitsB: number): void {
  if (bitsA < 1024 && bitsB < 1024) return;
  budget.tick((bitsA + bitsB) >>> 12);
}
