/** Random values (fixed seed) through our YAML/JSON writers and CRuby's. */
import { it, expect } from "vitest";
import { recordedOracle } from "../oracle/recorded.js";
import { installStdlib } from "../../src/ruby/stdlib/index.js";
import { call, callS } from "./fake-interp.js";
import { toRuby, toValue, type D } from "./rv.js";

const { rubyEvalMany } = recordedOracle(import.meta.url);
installStdlib();
let seed = 12345;
const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
const PIECES = ["a", "b", "Z", "0", "1", "9", " ", "  ", "\n", "\n\n", ":", ": ", "#", " #", "-", "- ", "?", "'", '"', "\\", ",", "[", "]", "{", "}", "&", "*", "!", "|", ">", "%", "@", "`", "é", "\t", "~", "true", "null", ".", "e", "+", "_", "word ", "\r", "y", "2024-01-01", "0x", "1.5", "<<", "=", "/"];
function rstr(): string { let s = ""; const n = rnd(5) === 0 ? 20 + rnd(60) : 1 + rnd(6); for (let i = 0; i < n; i++) s += PIECES[rnd(PIECES.length)]; return s; }
function rval(depth: number): D {
  const k = rnd(depth > 2 ? 3 : 6);
  if (k <= 1) return rstr();
  if (k === 2) return [null, 1, true, rstr(), { f: [1.5, 1e20, -0.25, 1e-7, 100.0, 2.5e-10][rnd(6)] }, { sym: rstr() }][rnd(6)] as D;
  if (k === 3) return Array.from({ length: rnd(4) }, () => rval(depth + 1));
  return { map: Array.from({ length: rnd(4) }, () => [rnd(5) === 0 ? ([1, null, { sym: rstr() }, [], { f: 1.5 }][rnd(5)] as D) : rstr(), rval(depth + 1)] as [D, D]) };
}
it("to_yaml of random values matches Psych", async () => {
  const vals = Array.from({ length: 1000 }, () => rval(0));
  const exp = await rubyEvalMany(vals.map((v) => `(${toRuby(v)}).to_yaml`));
  const bad: string[] = [];
  vals.forEach((v, i) => { const got = (call(toValue(v), "to_yaml") as any).s; if (got !== exp[i]) bad.push(`${toRuby(v)}\nexp ${JSON.stringify(exp[i])}\ngot ${JSON.stringify(got)}`); });
  if (bad.length) console.log(bad.length, bad.slice(0, 6).join("\n\n"));
  expect(bad.length).toBe(0);
}, 120000);
it("pretty_generate/to_json of random values match json 2.18", async () => {
  const vals = Array.from({ length: 500 }, () => rval(0));
  const exp = await rubyEvalMany(vals.map((v) => `JSON.pretty_generate(${toRuby(v)}) + "|" + (${toRuby(v)}).to_json`));
  const bad: string[] = [];
  vals.forEach((v, i) => {
    const got = (callS("JSON", "pretty_generate", toValue(v)) as any).s + "|" + (call(toValue(v), "to_json") as any).s;
    if (got !== exp[i]) bad.push(`${toRuby(v)}\nexp ${JSON.stringify(exp[i])}\ngot ${JSON.stringify(got)}`);
  });
  if (bad.length) console.log(bad.length, bad.slice(0, 4).join("\n\n"));
  expect(bad.length).toBe(0);
}, 120000);
