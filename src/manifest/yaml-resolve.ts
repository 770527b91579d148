/**
 * yaml.v2's typing of plain scalars (resolve.go): YAML 1.1 booleans (`yes`, `on`, `y`...),
 * nulls, Go integer syntax (`0x`, `0o`, `0b`, leading-0 octal, `_` ignored), floats, and strings
 * that look like timestamps (kept as strings when decoded, but quoted when written).
 */
import type { YamlValue } from "./values.js";

export type ResolvedTag = "str" | "bool" | "null" | "int" | "float" | "merge" | "timestamp";

const MAP = new Map<string, [ResolvedTag, YamlValue]>();
for (const [tag, v, words] of [
  ["bool", true, "y Y yes Yes YES true True TRUE on On ON"],
  ["bool", false, "n N no No NO false False FALSE off Off OFF"],
  ["null", null, "~ null Null NULL"],
  ["float", NaN, ".nan .NaN .NAN"],
  ["float", Infinity, ".inf .Inf .INF +.inf +.Inf +.INF"],
  ["float", -Infinity, "-.inf -.Inf -.INF"],
] as [ResolvedTag, YamlValue, string][]) {
  for (const w of words.split(" ")) MAP.set(w, [tag, v]);
}
MAP.set("", ["null", null]);

const INT64_MIN = -(1n << 63n), INT64_MAX = (1n << 63n) - 1n, UINT64_MAX = (1n << 64n) - 1n;
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** strconv.ParseInt/ParseUint with base 0 (sign, 0x/0o/0b prefixes, leading-0 octal). */
function parseGoInt(s: string, unsigned: boolean): bigint | null {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return null;
  if (unsigned && m[1] !== "") return null;
  const body = m[2];
  let n: bigint;
  if (/^0[oO]/.test(body)) n = BigInt(`0o${body.slice(2)}`);
  else if (/^0[0-7]+$/.test(body)) n = BigInt(`0o${body.slice(1)}`);
  else n = BigInt(body);
  if (m[1] === "-") n = -n;
  if (unsigned) return n <= UINT64_MAX ? n : null;
  return n >= INT64_MIN && n <= INT64_MAX ? n : null;
}

/** strconv.ParseFloat(s, 64) on what Go accepts (decimal, hex floats, inf/nan words, `_` in some forms). */
function parseGoFloat(s: string): number | null {
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith("-") ? -Infinity : Infinity;
  if (/^nan$/i.test(s)) return NaN;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
  return null;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** yaml.v2 parseTimestamp: the four layouts it tries with time.Parse. */
export function isTimestamp(s: string): boolean {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:([Tt ])(\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(s);
  if (!m) return false;
  const [, y, mo, d, sep, h, mi, se, , zone] = m;
  if (+mo < 1 || +mo > 12 || +d < 1 || +d > daysIn(+y, +mo)) return false;
  if (sep === undefined) return true;
  if (+h > 23 || +mi > 59 || +se > 59) return false;
  return sep === " " ? zone === undefined : zone !== undefined;
}

/** resolve("", s): the tag and value a plain scalar gets. */
export function resolvePlain(s: string): { tag: ResolvedTag; value: YamlValue } {
  const first = s.length ? s[0] : "";
  const hint = s === "" ? "N" : /[+-]/.test(first) ? "S" : /[0-9]/.test(first) ? "D" : /[yYnNtTfFoO~]/.test(first) ? "M" : first === "." ? "." : "";
  // Only these first characters can start a non-string (so `<<` resolves as a string here).
  if (hint === "") return { tag: "str", value: s };
  const known = MAP.get(s);
  if (known) return { tag: known[0], value: known[1] };
  if (hint === ".") {
    const f = parseGoFloat(s);
    if (f !== null) return { tag: "float", value: f };
  } else if (hint === "D" || hint === "S") {
    if (isTimestamp(s)) return { tag: "timestamp", value: s };
    const plain = s.replace(/_/g, "");
    const i = parseGoInt(plain, false);
    if (i !== null) return { tag: "int", value: i };
    const u = parseGoInt(plain, true);
    if (u !== null) return { tag: "int", value: u };
    if (YAML_STYLE_FLOAT.test(plain)) {
      const f = parseGoFloat(plain);
      if (f !== null) return { tag: "float", value: f };
    }
    if (plain.startsWith("-0b")) {
      const b = /^-0b([01]+)$/.exec(plain);
      if (b) {
        const n = -BigInt(`0b${b[1]}`);
        if (n >= INT64_MIN) return { tag: "int", value: n };
      }
    }
  }
  return { tag: "str", value: s };
}

const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

export function isBase60Float(s: string): boolean {
  if (s === "" || !/^[-+0-9]/.test(s) || !s.includes(":")) return false;
  return BASE60_FLOAT.test(s);
}
