/**
 * Ruby's Float#to_s / Float#inspect: the shortest digit string that round-trips (the same digits
 * JS picks), laid out as CRuby's flo_to_s does: fixed notation when the decimal exponent `decpt`
 * (value = 0.DIGITS × 10^decpt) satisfies -4 < decpt <= 16 (whole numbers only up to decpt 15,
 * so 1e15 is `1.0e+15` while 1234567890123456.8 stays fixed), scientific (`1.0e+20`, `1.0e-05`)
 * otherwise; always at least one digit after the point.
 */

/** Shortest round-trip digits and decimal point position of a finite, non-zero |x|. */
export function shortestDigits(x: number): { digits: string; decpt: number } {
  const e = Math.abs(x).toExponential(); // "d.ddde+N": shortest round-trip digits
  const at = e.indexOf("e");
  const digits = e.slice(0, at).replace(".", "");
  const exp = Number(e.slice(at + 1));
  return { digits: digits.replace(/0+$/, "") || "0", decpt: exp + 1 };
}

export function floatToS(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  const { digits, decpt } = shortestDigits(x);
  const n = digits.length;
  if (decpt > 0 && decpt <= 16) {
    if (decpt < n) return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
    if (decpt <= 15) return `${sign}${digits}${"0".repeat(decpt - n)}.0`;
  }
  if (decpt <= 0 && decpt > -4) {
    return `${sign}0.${"0".repeat(-decpt)}${digits}`;
  }
  const e = decpt - 1;
  const mant = n === 1 ? `${digits}.0` : `${digits[0]}.${digits.slice(1)}`;
  const es = Math.abs(e) < 10 ? `0${Math.abs(e)}` : `${Math.abs(e)}`;
  return `${sign}${mant}e${e < 0 ? "-" : "+"}${es}`;
}
