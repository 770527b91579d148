/**
 * YAML data as Go's yaml.v2 decodes it into `interface{}`: nil, bool, int (here a bigint, so that
 * `1` and `1.0` stay different types as in Go), float64 (a JS number), string, `[]interface{}`
 * (an Array) and `map[interface{}]interface{}` (a YMap, whose keys may be any scalar).
 */
export type YamlValue = null | boolean | bigint | number | string | YamlValue[] | YMap;
export type YamlMap = YMap;

/** A Go map with scalar keys of any type: `1`, `"1"` and `true` are different keys. */
export class YMap {
  private readonly m = new Map<string, [YamlValue, YamlValue]>();
  /**
   * True for a Go struct value (a generated certificate, RSA or SSH key): yaml.v2 writes its
   * fields in declaration order (insertion order here) instead of sorting them.
   */
  struct = false;

  static from(entries: Iterable<[YamlValue, YamlValue]>): YMap {
    const out = new YMap();
    for (const [k, v] of entries) out.set(k, v);
    return out;
  }
  get size(): number {
    return this.m.size;
  }
  has(key: YamlValue): boolean {
    return this.m.has(keyId(key));
  }
  get(key: YamlValue): YamlValue | undefined {
    return this.m.get(keyId(key))?.[1];
  }
  set(key: YamlValue, value: YamlValue): void {
    const id = keyId(key);
    const had = this.m.get(id);
    if (had) had[1] = value;
    else this.m.set(id, [key, value]);
  }
  delete(key: YamlValue): boolean {
    return this.m.delete(keyId(key));
  }
  keys(): YamlValue[] {
    return [...this.m.values()].map((e) => e[0]);
  }
  entries(): [YamlValue, YamlValue][] {
    return [...this.m.values()].map((e) => [e[0], e[1]]);
  }
}

/** Go's map key equality: same dynamic type and same value. */
function keyId(key: YamlValue): string {
  if (key === null) return "n";
  switch (typeof key) {
    case "string":
      return `s${key}`;
    case "bigint":
      return `i${key}`;
    case "number":
      return `f${Object.is(key, -0) ? 0 : key}`;
    case "boolean":
      return key ? "b1" : "b0";
  }
  throw new TypeError("unhashable map key");
}

export function isMap(v: YamlValue | undefined): v is YMap {
  return v instanceof YMap;
}

const INT64_MAX = (1n << 63n) - 1n;

/** What Go's `%T` prints for a value decoded by yaml.v2. */
export function goTypeName(v: YamlValue | undefined): string {
  if (v === null || v === undefined) return "<nil>";
  if (Array.isArray(v)) return "[]interface {}";
  if (v instanceof YMap) return "map[interface {}]interface {}";
  switch (typeof v) {
    case "string":
      return "string";
    case "boolean":
      return "bool";
    case "bigint":
      return v > INT64_MAX ? "uint64" : "int";
    default:
      return "float64";
  }
}

/** Go's `%g` with the shortest representation (what `%v` prints for a float64). */
export function goFloat(f: number, verb: "g" | "yaml" = "g"): string {
  if (Number.isNaN(f)) return verb === "yaml" ? ".nan" : "NaN";
  if (f === Infinity) return verb === "yaml" ? ".inf" : "+Inf";
  if (f === -Infinity) return verb === "yaml" ? "-.inf" : "-Inf";
  if (f === 0) return Object.is(f, -0) ? "-0" : "0";
  // strconv.FormatFloat(f, 'g', -1, 64): shortest round-trip digits; exponent form when the
  // exponent is below -4 or at least 6 (the precision Go uses for this choice when shortest).
  const [mant, expStr] = f.toExponential().split("e");
  const exp = Number(expStr);
  const digits = mant.replace("-", "").replace(".", "");
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : `${Math.abs(exp)}`;
    return `${mant}e${exp < 0 ? "-" : "+"}${e}`;
  }
  // Plain decimal notation.
  const neg = f < 0;
  let s: string;
  if (exp < 0) s = `0.${"0".repeat(-exp - 1)}${digits}`;
  else if (digits.length <= exp + 1) s = digits + "0".repeat(exp + 1 - digits.length);
  else s = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  return neg ? `-${s}` : s;
}

/** Go's `%v` of a decoded value (maps print with sorted keys, as fmt does). */
export function goFormat(v: YamlValue | undefined): string {
  if (v === null || v === undefined) return "<nil>";
  if (Array.isArray(v)) return `[${v.map(goFormat).join(" ")}]`;
  if (v instanceof YMap) {
    const entries = v.entries().sort((a, b) => fmtKeyCompare(a[0], b[0]));
    return `map[${entries.map(([k, x]) => `${goFormat(k)}:${goFormat(x)}`).join(" ")}]`;
  }
  if (typeof v === "number") return goFloat(v);
  return String(v);
}

/** internal/fmtsort order for interface keys: by type first, then by value. */
function fmtKeyCompare(a: YamlValue, b: YamlValue): number {
  const rank = (x: YamlValue): number => (x === null ? 0 : typeof x === "boolean" ? 1 : typeof x === "bigint" ? 2 : typeof x === "number" ? 3 : 4);
  const ra = rank(a), rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean") return Number(a) - Number(b);
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return 0;
}

/** Go's `reflect.DeepEqual` on decoded values. */
export function deepEqual(a: YamlValue | undefined, b: YamlValue | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (a instanceof YMap) {
    if (!(b instanceof YMap) || a.size !== b.size) return false;
    return a.entries().every(([k, v]) => b.has(k) && deepEqual(v, b.get(k)));
  }
  if (typeof a === "number" && typeof b === "number") return a === b;
  return typeof a === typeof b && a === b;
}

/** A deep copy (yaml.v2 gives each alias its own copy; go-patch clones replace values). */
export function cloneValue(v: YamlValue): YamlValue {
  if (Array.isArray(v)) return v.map(cloneValue);
  if (v instanceof YMap) return YMap.from(v.entries().map(([k, x]) => [k, cloneValue(x)]));
  return v;
}

/** Go encoding/json string escaping (HTML-safe: `<`, `>`, `&` as \u escapes, as json.Marshal does). */
export function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || ch === "&" || ch === "<" || ch === ">" || c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}
