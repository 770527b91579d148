/** The portable DEFLATE decoder (browser builds) against node:zlib: same bytes, zlib's words for corrupt streams. */
import { deflateRawSync, constants, inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { InflateError, InflateTooLarge, inflateRaw } from "../../src/ruby/stdlib/inflate.js";
import { seededRandom } from "../helpers/random.js";

function sample(rnd: () => number, n: number): Uint8Array {
  // Text-like data (repeats for back-references) mixed with noise (literals, stored blocks).
  const words = ["cidr", "10.0.0.0/8", "\n", "deny ", "allow ", "192.168.", "haproxy", " "];
  const parts: number[] = [];
  while (parts.length < n) {
    if (rnd() < 0.7) for (const c of new TextEncoder().encode(words[Math.floor(rnd() * words.length)])) parts.push(c);
    else parts.push(Math.floor(rnd() * 256));
  }
  return Uint8Array.from(parts.slice(0, n));
}

describe("inflateRaw", () => {
  it("inflates what zlib deflates, at every level and strategy", () => {
    const rnd = seededRandom(3);
    for (const n of [0, 1, 10, 100, 1000, 20_000, 200_000]) {
      for (const level of [0, 1, 6, 9]) {
        for (const strategy of [constants.Z_DEFAULT_STRATEGY, constants.Z_FIXED, constants.Z_HUFFMAN_ONLY, constants.Z_RLE]) {
          const data = sample(rnd, n);
          const packed = deflateRawSync(data, { level, strategy });
          expect(Buffer.from(inflateRaw(packed, 1 << 30)).equals(Buffer.from(data)), `${n} bytes, level ${level}, strategy ${strategy}`).toBe(true);
        }
      }
    }
  });

  it("stops at the output limit", () => {
    const packed = deflateRawSync(new Uint8Array(100_000));
    expect(() => inflateRaw(packed, 99_999)).toThrow(InflateTooLarge);
    expect(inflateRaw(packed, 100_000).length).toBe(100_000);
  });

  it("gives what it decoded of a stream cut short, as zlib does with Z_SYNC_FLUSH", () => {
    const rnd = seededRandom(5);
    const packed = deflateRawSync(sample(rnd, 50_000));
    for (const cut of [1, 10, 100, 1000, packed.length - 1]) {
      const part = packed.subarray(0, cut);
      const expected = inflateRawSync(part, { finishFlush: constants.Z_SYNC_FLUSH });
      expect(Buffer.from(inflateRaw(part, 1 << 30)).equals(expected), `cut at ${cut}`).toBe(true);
    }
  });

  it("fails on corrupt streams in zlib's words where zlib fails", () => {
    const rnd = seededRandom(11);
    const packed = deflateRawSync(sample(rnd, 5_000));
    let compared = 0;
    for (let i = 0; i < 400; i++) {
      const bad = Uint8Array.from(packed);
      bad[Math.floor(rnd() * bad.length)] ^= 1 << Math.floor(rnd() * 8);
      let zlib: string;
      try {
        inflateRawSync(bad, { finishFlush: constants.Z_SYNC_FLUSH });
        continue; // zlib accepted the flipped bit (a changed literal): nothing to compare
      } catch (e) {
        zlib = (e as Error).message;
      }
      let ours = "(no error)";
      try {
        inflateRaw(bad, 1 << 30);
      } catch (e) {
        if (e instanceof InflateError) ours = e.message;
      }
      expect(ours, `flip ${i}`).toBe(zlib);
      compared++;
    }
    expect(compared).toBeGreaterThan(50);
  });
});
