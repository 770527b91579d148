/** Ruby's `shellwords`: Shellwords.escape/split/join and String#shellescape, #shellsplit, Array#shelljoin. */
import { type Interp, type Value, RArray, RString, cArray, cString, defineBuiltinModule, str } from "../runtime/values.js";
import { toStr, toAry } from "../runtime/coerce.js";

export function shellEscape(it: Interp, s: string): string {
  if (s === "") return "''";
  if (s.includes("\0")) return it.raise("ArgumentError", "NUL character");
  return s.replace(/[^A-Za-z0-9_\-.,:+/@\n]/gu, (c) => `\\${c}`).replace(/\n/g, "'\n'");
}

export function shellSplit(it: Interp, line: string): string[] {
  const words: string[] = [];
  let field = "";
  const re = /[ \t\n\v\f\r]*(?:([^\0 \t\n\v\f\r\\'"]+)|'([^\0']*)'|"((?:[^\0"\\]|\\[^\0])*)"|(\\[^\0]?)|([^ \t\n\v\f\r]))/y;
  let pos = 0;
  while (pos < line.length || pos === 0) {
    re.lastIndex = pos;
    const m = re.exec(line);
    if (!m || m[0] === "") break;
    const [, word, sq, dq, esc, garbage] = m;
    if (garbage !== undefined) {
      const b = [...line.slice(0, m.index)].length;
      const whole = m[0] + (m.index + m[0].length < line.length && /[ \t\n\v\f\r]/.test(line[m.index + m[0].length]) ? line[m.index + m[0].length] : "");
      const shown = b > 0 ? `...${whole}` : whole;
      return it.raise("ArgumentError", `${garbage === "\0" ? "Nul character" : "Unmatched quote"} at ${b}: ${shown}`);
    }
    field += word ?? sq ?? (dq !== undefined ? dq.replace(/\\([$`"\\\n])/g, "$1") : esc.replace(/\\([^\n])/g, "$1"));
    pos = re.lastIndex;
    // Ruby's trailing `(\s|\z)?`: a separator is one whitespace character or the end.
    const sep = pos >= line.length || /[ \t\n\v\f\r]/.test(line[pos]);
    if (pos < line.length && sep) pos++;
    if (sep) {
      words.push(field);
      field = "";
    }
  }
  return words;
}

const toS = (it: Interp, v: Value) => (v instanceof RString ? v.s : it.toS(v));

export function installShellwords(): void {
  const m = defineBuiltinModule("Shellwords");
  const esc = (_s: Value, args: Value[], _b: unknown, it: Interp) => str(shellEscape(it, toS(it, args[0])));
  const split = (_s: Value, args: Value[], _b: unknown, it: Interp) => new RArray(shellSplit(it, toStr(it, args[0])).map(str));
  const join = (_s: Value, args: Value[], _b: unknown, it: Interp) => str(toAry(it, args[0]).map((x) => shellEscape(it, toS(it, x))).join(" "));
  for (const n of ["escape", "shellescape"]) m.defineS(n, esc, 1);
  for (const n of ["split", "shellsplit", "shellwords"]) m.defineS(n, split, 1);
  for (const n of ["join", "shelljoin"]) m.defineS(n, join, 1);
  cString.define("shellescape", (self: RString, _a, _b, it) => str(shellEscape(it, self.s)), 0);
  cString.define("shellsplit", (self: RString, _a, _b, it) => new RArray(shellSplit(it, self.s).map(str)), 0);
  cArray.define("shelljoin", (self: RArray, _a, _b, it) => str(self.a.map((x) => shellEscape(it, toS(it, x))).join(" ")), 0);
}
