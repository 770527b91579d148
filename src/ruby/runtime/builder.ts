/**
 * The one checked way to build a long String out of many pieces (join, inspect, JSON and YAML
 * emitters, format). It refuses as soon as the text would pass the String size limit, before
 * anything that big exists, and charges steps as it goes, so a shared structure (`a = [a, a]` ...)
 * or a huge repeat count stops at the limit instead of exhausting V8's heap or string length.
 */
import { budget, chargeString } from "./budget.js";

/** Pieces joined into one chunk at a time, so the piece list stays short however many pieces come. */
const CHUNK = 4096;

export class TextBuilder {
  /** Characters so far. */
  length = 0;
  /** V8 concatenates by reference (a rope), flattened once when the text is first read. */
  private text = "";
  private pieces = 0;
  /** Characters at the last step charged. */
  private charged = 0;

  /** Appends pieces, refusing first when the result would exceed the String size limit. */
  push(...xs: string[]): void {
    for (const x of xs) this.add(x);
  }

  add(x: string): void {
    const b = budget;
    const len = this.length + x.length;
    if (len > b.maxString) b.limitError("String size", b.maxString);
    this.length = len;
    this.text += x;
    if (++this.pieces >= CHUNK) {
      // One step per chunk of pieces plus one per 64 characters added with it.
      b.tick(1 + ((len - this.charged) >>> 6));
      this.charged = len;
      this.pieces = 0;
    }
  }

  toString(): string {
    return this.text;
  }
}

/** `s.repeat(n)` after checking the result against the String size limit (and charging it). */
export function repeatChecked(s: string, n: number): string {
  if (n <= 0 || s.length === 0) return "";
  chargeString(s.length * n);
  return s.repeat(n);
}

/** `open + items.map(fn).join(sep) + close`, checked piece by piece (inspect of Arrays, Hashes, Sets, objects). */
export function joinChecked<T>(open: string, items: Iterable<T>, sep: string, fn: (x: T) => string, close: string): string {
  const out = new TextBuilder();
  out.add(open);
  let first = true;
  for (const x of items) {
    if (!first) out.add(sep);
    first = false;
    out.add(fn(x));
  }
  out.add(close);
  return out.toString();
}
