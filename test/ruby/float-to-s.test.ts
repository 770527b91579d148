/** Float#to_s (shortest round-trip digits, Ruby's fixed/scientific switch) against CRuby 4.0. */
import { expect, test } from "vitest";
import { floatToS } from "../../src/ruby/core/float-to-s.js";
import { recordedOracle } from "../oracle/recorded.js";
import { seededRandom } from "../helpers/random.js";

const { rubyEvalMany } = recordedOracle(import.meta.url);

test("literal expectations", () => {
  expect(floatToS(1e20)).toBe("1.0e+20");
  expect(floatToS(100)).toBe("100.0");
  expect(floatToS(1e-5)).toBe("1.0e-05");
  expect(floatToS(0.0001)).toBe("0.0001");
  expect(floatToS(-0)).toBe("-0.0");
  expect(floatToS(Infinity)).toBe("Infinity");
  expect(floatToS(-Infinity)).toBe("-Infinity");
  expect(floatToS(NaN)).toBe("NaN");
  expect(floatToS(1e15)).toBe("1.0e+15");
  expect(floatToS(123456789012345)).toBe("123456789012345.0");
  expect(floatToS(1234567890123456.8)).toBe("1234567890123456.8");
  expect(floatToS(1e100)).toBe("1.0e+100");
});

test("random doubles agree with the oracle", async () => {
  const rnd = seededRandom(4242);
  const view = new DataView(new ArrayBuffer(8));
  const values: number[] = [];
  for (let i = 0; i < 1500; i++) {
    const k = rnd();
    if (k < 0.4) {
      view.setUint32(0, Math.floor(rnd() * 2 ** 32));
      view.setUint32(4, Math.floor(rnd() * 2 ** 32));
      const v = view.getFloat64(0);
      if (Number.isFinite(v)) values.push(v);
    } else if (k < 0.7) values.push((rnd() - 0.5) * 10 ** Math.floor(rnd() * 44 - 22));
    else values.push(Math.round(rnd() * 10 ** Math.floor(rnd() * 18)) / 10 ** Math.floor(rnd() * 4));
  }
  // Ruby reads the shortest digits back exactly, so `[bits].pack("Q>").unpack1("G")` is not needed.
  const src = values.map((v) => `[${bitsOf(v)}].pack("Q>").unpack1("G").to_s`);
  const want = await rubyEvalMany(src);
  const diffs = values.map((v, i) => (floatToS(v) === want[i] ? "" : `${v}: ruby ${want[i]} ours ${floatToS(v)}`)).filter(Boolean);
  expect(diffs).toEqual([]);
});

function bitsOf(v: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  return view.getBigUint64(0).toString();
}
