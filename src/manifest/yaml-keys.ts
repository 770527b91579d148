/**
 * The order yaml.v2 writes map keys in (sorter.go `keyList.Less`): numbers and booleans by
 * value, then by kind; strings in a "natural" order where digit runs compare as numbers
 * (`a9` < `a09` < `a10`) and letters sort before other characters; otherwise by Go kind.
 */
import type { YamlValue } from "./values.js";

const INT64_MAX = (1n << 63n) - 1n;

/** reflect.Kind numbers of the decoded types (nil stays an Interface). */
function kind(v: YamlValue): number {
  if (v === null) return 20;
  switch (typeof v) {
    case "boolean":
      return 1;
    case "bigint":
      return v > INT64_MAX ? 11 : 2;
    case "number":
      return 14;
    case "string":
      return 24;
  }
  return Array.isArray(v) ? 23 : 21;
}

function keyFloat(v: YamlValue): number | null {
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  return null;
}

const isLetter = (c: string): boolean => /\p{L}/u.test(c);
const isDigit = (c: string): boolean => /\p{Nd}/u.test(c);

export function keyLess(a: YamlValue, b: YamlValue): boolean {
  const ak = kind(a), bk = kind(b);
  const af = keyFloat(a), bf = keyFloat(b);
  if (af !== null && bf !== null) {
    if (af !== bf) return af < bf;
    if (ak !== bk) return ak < bk;
    if (typeof a === "boolean") return !a && b === true;
    return (a as bigint | number) < (b as bigint | number);
  }
  if (typeof a !== "string" || typeof b !== "string") return ak < bk;
  const ar = Array.from(a), br = Array.from(b);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]), bl = isLetter(br[i]);
    if (al && bl) return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0, bn = 0;
    if (ar[i] === "0" || br[i] === "0") {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== "0") {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i, bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + (ar[ai].codePointAt(0)! - 48);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + (br[bi].codePointAt(0)! - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
  }
  return ar.length < br.length;
}

export function compareKeys(a: YamlValue, b: YamlValue): number {
  return keyLess(a, b) ? -1 : keyLess(b, a) ? 1 : 0;
}
