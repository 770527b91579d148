/**
 * Raw DEFLATE decoding (RFC 1951) for builds without node:zlib (browsers). Under Node, GzipReader
 * uses zlib itself; this decoder gives the same bytes (test/stdlib/inflate.test.ts checks it against
 * node:zlib) and zlib's own words for the common corruptions. Like zlib with Z_SYNC_FLUSH, a stream
 * cut short yields what was decoded so far.
 */

/** A corrupt stream, with zlib's message ("invalid block type", ...). */
export class InflateError extends Error {}

/** The output would pass `maxOutput` bytes. */
export class InflateTooLarge extends Error {}

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** Canonical Huffman code: symbol counts per length and symbols ordered by code. */
interface Huffman {
  counts: Uint16Array;
  symbols: Uint16Array;
}

/** Signals the end of the input inside a block: decoding stops with what it has. */
class EndOfInput extends Error {}

function huffman(lengths: ArrayLike<number>, n: number): { code: Huffman; left: number } {
  const counts = new Uint16Array(16);
  for (let s = 0; s < n; s++) counts[lengths[s]]++;
  let left = 1;
  for (let len = 1; len < 16; len++) {
    left = (left << 1) - counts[len];
    if (left < 0) return { code: { counts, symbols: new Uint16Array(0) }, left };
  }
  const offsets = new Uint16Array(16);
  for (let len = 1; len < 15; len++) offsets[len + 1] = offsets[len] + counts[len];
  const symbols = new Uint16Array(n);
  for (let s = 0; s < n; s++) if (lengths[s] !== 0) symbols[offsets[lengths[s]]++] = s;
  return { code: { counts, symbols }, left };
}

let fixed: { lit: Huffman; dist: Huffman } | null = null;

function fixedCodes(): { lit: Huffman; dist: Huffman } {
  if (fixed) return fixed;
  const l = new Uint8Array(288);
  l.fill(8, 0, 144);
  l.fill(9, 144, 256);
  l.fill(7, 256, 280);
  l.fill(8, 280, 288);
  const d = new Uint8Array(30).fill(5);
  return (fixed = { lit: huffman(l, 288).code, dist: huffman(d, 30).code });
}

/** Inflates a raw DEFLATE stream; throws InflateError (zlib's words) or InflateTooLarge. */
export function inflateRaw(input: Uint8Array, maxOutput: number): Uint8Array {
  let pos = 0;
  let bitBuf = 0;
  let bitCount = 0;
  let out = new Uint8Array(Math.min(maxOutput, Math.max(1024, input.length * 4)));
  let outLen = 0;

  const bits = (need: number): number => {
    while (bitCount < need) {
      if (pos >= input.length) throw new EndOfInput();
      bitBuf |= input[pos++] << bitCount;
      bitCount += 8;
    }
    const v = bitBuf & ((1 << need) - 1);
    bitBuf >>>= need;
    bitCount -= need;
    return v;
  };
  const put = (byte: number): void => {
    if (outLen >= out.length) grow(outLen + 1);
    out[outLen++] = byte;
  };
  const grow = (need: number): void => {
    if (need > maxOutput) throw new InflateTooLarge();
    const next = new Uint8Array(Math.min(maxOutput, Math.max(need, out.length * 2)));
    next.set(out.subarray(0, outLen));
    out = next;
  };
  const decode = (h: Huffman, what: string): number => {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len < 16; len++) {
      code |= bits(1);
      const count = h.counts[len];
      if (code - count < first) return h.symbols[index + (code - first)];
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    throw new InflateError(`invalid ${what} code`);
  };
  const codes = (lit: Huffman, dist: Huffman): void => {
    for (;;) {
      const sym = decode(lit, "literal/length");
      if (sym < 256) put(sym);
      else if (sym === 256) return;
      else {
        const li = sym - 257;
        if (li >= 29) throw new InflateError("invalid literal/length code");
        const length = LENGTH_BASE[li] + bits(LENGTH_EXTRA[li]);
        const di = decode(dist, "distance");
        if (di >= 30) throw new InflateError("invalid distance code");
        const distance = DIST_BASE[di] + bits(DIST_EXTRA[di]);
        if (distance > outLen) throw new InflateError("invalid distance too far back");
        if (outLen + length > out.length) grow(outLen + length);
        for (let i = 0; i < length; i++, outLen++) out[outLen] = out[outLen - distance];
      }
    }
  };
  const dynamic = (): void => {
    const nlen = bits(5) + 257;
    const ndist = bits(5) + 1;
    const ncode = bits(4) + 4;
    if (nlen > 286 || ndist > 30) throw new InflateError("too many length or distance symbols");
    const lengths = new Uint8Array(320);
    for (let i = 0; i < ncode; i++) lengths[CODE_LENGTH_ORDER[i]] = bits(3);
    const lencode = huffman(lengths, 19);
    if (lencode.left !== 0) throw new InflateError("invalid code lengths set");
    for (let i = 0; i < nlen + ndist; ) {
      const sym = decode(lencode.code, "code lengths");
      if (sym < 16) lengths[i++] = sym;
      else {
        let len = 0;
        let repeat: number;
        if (sym === 16) {
          if (i === 0) throw new InflateError("invalid bit length repeat");
          len = lengths[i - 1];
          repeat = 3 + bits(2);
        } else if (sym === 17) repeat = 3 + bits(3);
        else repeat = 11 + bits(7);
        if (i + repeat > nlen + ndist) throw new InflateError("invalid bit length repeat");
        while (repeat--) lengths[i++] = len;
      }
    }
    if (lengths[256] === 0) throw new InflateError("invalid code -- missing end-of-block");
    const lit = huffman(lengths, nlen);
    if (lit.left < 0 || (lit.left > 0 && nlen - lit.code.counts[0] !== 1)) throw new InflateError("invalid literal/lengths set");
    const dist = huffman(lengths.subarray(nlen), ndist);
    if (dist.left < 0 || (dist.left > 0 && ndist - dist.code.counts[0] !== 1)) throw new InflateError("invalid distances set");
    codes(lit.code, dist.code);
  };

  try {
    for (let last = 0; !last; ) {
      last = bits(1);
      const type = bits(2);
      if (type === 0) {
        bitBuf = 0;
        bitCount = 0;
        if (pos + 4 > input.length) throw new EndOfInput();
        const len = input[pos] | (input[pos + 1] << 8);
        const nlen = input[pos + 2] | (input[pos + 3] << 8);
        if (len !== (~nlen & 0xffff)) throw new InflateError("invalid stored block lengths");
        pos += 4;
        const take = Math.min(len, input.length - pos);
        if (outLen + take > out.length) grow(outLen + take);
        out.set(input.subarray(pos, pos + take), outLen);
        outLen += take;
        pos += take;
        if (take < len) throw new EndOfInput();
      } else if (type === 1) codes(fixedCodes().lit, fixedCodes().dist);
      else if (type === 2) dynamic();
      else throw new InflateError("invalid block type");
    }
  } catch (e) {
    if (!(e instanceof EndOfInput)) throw e;
  }
  return out.subarray(0, outLen);
}
