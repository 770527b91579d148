/** The portable MD5/SHA-1/SHA-2 (every build; browsers have no synchronous hash) against node:crypto. */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type HashAlgorithm, hashBytes } from "../../src/ruby/stdlib/hashes.js";
import { seededRandom } from "../helpers/random.js";

const ALGORITHMS: HashAlgorithm[] = ["md5", "sha1", "sha256", "sha384", "sha512"];

describe("hashBytes", () => {
  it.each(ALGORITHMS)("%s of the empty string and of 'abc'", (algo) => {
    for (const text of ["", "abc", "The quick brown fox jumps over the lazy dog"]) {
      const data = new TextEncoder().encode(text);
      expect(Buffer.from(hashBytes(algo, data)).toString("hex")).toBe(createHash(algo).update(data).digest("hex"));
    }
  });

  it.each(ALGORITHMS)("%s agrees with node:crypto at every length around the block boundaries and on random data", (algo) => {
    const rnd = seededRandom(7);
    const lengths = [...Array.from({ length: 300 }, (_, i) => i), 1000, 4096, 65_537];
    for (const n of lengths) {
      const data = Uint8Array.from({ length: n }, () => Math.floor(rnd() * 256));
      expect(Buffer.from(hashBytes(algo, data)).toString("hex"), `${algo} of ${n} bytes`).toBe(createHash(algo).update(data).digest("hex"));
    }
  });
});
