/**
 * Ruby (Onigmo) regular expressions on top of JS RegExp, plus Regexp and MatchData methods.
 *
 * The translator parses the Ruby pattern and emits an equivalent JS pattern compiled with the `u`
 * and `d` flags (Ruby strings are sequences of code points; `d` gives group offsets). Ruby's
 * semantics are spelled out instead of relying on JS flags: `^`/`$` are line anchors, `.` does not
 * match "\n" unless /m, `\s` is ASCII, `\b` is Unicode-aware, unnamed groups do not capture when the
 * pattern has named groups, atomic groups and possessive quantifiers are emulated with a lookahead
 * capture plus back-reference. Constructs JS cannot express raise UnsupportedRubyError.
 */
import { UnsupportedRubyError } from "../../diagnostics/errors.js";
import { guardedRegexpExec } from "../interp/regexp-guard.js";
import {
  type Interp,
  type Value,
  RString,
  RSymbol,
  RArray,
  RHash,
  RRegexp,
  RMatchData,
  RFloat,
  RRange,
  cRegexp,
  cMatchData,
  str,
  arr,
  truthy,
} from "../runtime/values.js";
import { toStr, toInt, arityError } from "../runtime/coerce.js";

export const OPT_I = 1;
export const OPT_X = 2;
export const OPT_M = 4;
export const OPT_FIXED = 16;
export const OPT_N = 32;

/** A pattern error Ruby reports as RegexpError (or SyntaxError for a literal). */
export class RegexpSyntaxError extends Error {}

interface Flags {
  i: boolean;
  m: boolean;
  x: boolean;
}

/** What the translator learned about a pattern. */
export interface RegexpInfo {
  /** Ruby group number -> JS group number (index 0 is the whole match). */
  groupMap: number[];
  /** Ruby group names, in order of first appearance. */
  names: string[];
  /** name -> Ruby group numbers carrying it. */
  nameGroups: Map<string, number[]>;
  /** Global JS regexp (flags gdu[i]) for scanning. */
  global: RegExp;
  /** Sticky JS regexp for anchored matches. */
  sticky: RegExp;
}

const infos = new WeakMap<RRegexp, RegexpInfo>();

const WORD = "\\p{L}\\p{M}\\p{Nd}\\p{Pc}";
const SPACE = " \\t\\n\\v\\f\\r";
const HEX = "0-9a-fA-F";

/** A one-character matcher produced by a character class. */
type ClassItem = { kind: "raw"; text: string; fold?: boolean } | { kind: "cp"; cp: number } | { kind: "range"; lo: number; hi: number } | { kind: "sub"; node: ClassNode };
interface ClassNode {
  neg: boolean;
  /** Union items, possibly followed by intersections (each a list of items). */
  items: ClassItem[];
  and: ClassItem[][];
}

function hex(cp: number): string {
  return cp.toString(16);
}

/** JS text for one literal code point (outside or inside a class). */
function litCp(cp: number, inClass: boolean): string {
  if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0) || cp === 0x2028 || cp === 0x2029 || (cp >= 0xd800 && cp <= 0xdfff)) return `\\u{${hex(cp)}}`;
  const ch = String.fromCodePoint(cp);
  if (inClass) return "\\^-[]{}()/|".includes(ch) ? `\\${ch}` : ch;
  return "^$\\.*+?()[]{}|/".includes(ch) ? `\\${ch}` : ch;
}

function caseVariants(cp: number): number[] {
  const ch = String.fromCodePoint(cp);
  const out = new Set<number>([cp]);
  for (const v of [ch.toLowerCase(), ch.toUpperCase()]) {
    const cps = [...v];
    if (cps.length === 1) out.add(cps[0].codePointAt(0)!);
  }
  return [...out];
}

// Looked up by names from templates: own properties only (see `own`), never Object.prototype's.
const POSIX: Record<string, { text?: string; neg?: string }> = {
  alpha: { text: "\\p{Alphabetic}" },
  digit: { text: "\\p{Nd}" },
  alnum: { text: "\\p{Alphabetic}\\p{Nd}" },
  upper: { text: "\\p{Uppercase}" },
  lower: { text: "\\p{Lowercase}" },
  space: { text: "\\p{White_Space}" },
  blank: { text: "\\p{Zs}\\t" },
  cntrl: { text: "\\p{Cc}" },
  punct: { text: "\\p{P}$+<=>^`|~" },
  xdigit: { text: HEX },
  word: { text: WORD },
  ascii: { text: "\\u{0}-\\u{7f}" },
  graph: { neg: "\\p{White_Space}\\p{Cc}\\p{Cs}\\p{Cn}" },
  print: { neg: "\\t-\\r\\u{85}\\u{2028}\\u{2029}\\p{Cc}\\p{Cs}\\p{Cn}" },
};

const PROPS: Record<string, string> = {
  alpha: "\\p{Alphabetic}",
  digit: "\\p{Nd}",
  alnum: "\\p{Alphabetic}\\p{Nd}",
  upper: "\\p{Uppercase}",
  lower: "\\p{Lowercase}",
  space: "\\p{White_Space}",
  word: WORD,
  punct: "\\p{P}",
  ascii: "\\u{0}-\\u{7f}",
  any: "\\u{0}-\\u{10ffff}",
  l: "\\p{L}",
  letter: "\\p{L}",
  lu: "\\p{Lu}",
  ll: "\\p{Ll}",
  lt: "\\p{Lt}",
  lm: "\\p{Lm}",
  lo: "\\p{Lo}",
  m: "\\p{M}",
  mn: "\\p{Mn}",
  n: "\\p{N}",
  nd: "\\p{Nd}",
  p: "\\p{P}",
  s: "\\p{S}",
  sm: "\\p{Sm}",
  sc: "\\p{Sc}",
  z: "\\p{Z}",
  zs: "\\p{Zs}",
  c: "\\p{C}",
  cc: "\\p{Cc}",
  cntrl: "\\p{Cc}",
  xdigit: HEX,
  han: "\\p{Script=Han}",
  hiragana: "\\p{Script=Hiragana}",
  katakana: "\\p{Script=Katakana}",
  latin: "\\p{Script=Latin}",
  greek: "\\p{Script=Greek}",
  cyrillic: "\\p{Script=Cyrillic}",
  arabic: "\\p{Script=Arabic}",
  hebrew: "\\p{Script=Hebrew}",
  hangul: "\\p{Script=Hangul}",
  emoji: "\\p{Emoji}",
};

/** `table[name]` for a name from a template: undefined unless the table itself defines it. */
function own<T>(table: Record<string, T>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

/** Nesting of groups and classes the (recursive) translator and V8's regexp compiler are given. */
const MAX_REGEXP_NESTING = 256;

class Translator {
  pos = 0;
  /** Current nesting of groups and character classes. */
  private depth = 0;
  /** JS capture groups emitted so far. */
  jsGroups = 0;
  /** Ruby capture groups seen so far. */
  rubyGroups = 0;
  groupMap: number[] = [0];
  names: string[] = [];
  nameGroups = new Map<string, number[]>();
  hasNamed: boolean;
  /** Whether case-insensitivity is uniform (JS `i` flag) or expanded by hand. */
  mixedCase: boolean;
  globalI: boolean;
  backrefs: { placeholder: string; groups: number[] }[] = [];
  hidden: { n: number; placeholder: string }[] = [];
  totalGroups: number;

  constructor(
    private src: string,
    options: number,
  ) {
    const scan = prescan(src);
    this.hasNamed = scan.named;
    this.totalGroups = scan.named ? scan.namedCount : scan.groups;
    this.globalI = (options & OPT_I) !== 0;
    this.mixedCase = scan.inlineFlags;
  }

  err(msg: string): never {
    throw new RegexpSyntaxError(msg);
  }
  unsupported(what: string): never {
    throw new UnsupportedRubyError(`regexp ${what}`, {});
  }

  peek(off = 0): string {
    return this.src[this.pos + off] ?? "";
  }
  /** Reads one code point. */
  next(): string {
    const cp = this.src.codePointAt(this.pos)!;
    const ch = String.fromCodePoint(cp);
    this.pos += ch.length;
    return ch;
  }
  eof(): boolean {
    return this.pos >= this.src.length;
  }
  /** Matches the sticky `re` at the current position (without copying the rest of the source). */
  at(re: RegExp): RegExpExecArray | null {
    re.lastIndex = this.pos;
    return re.exec(this.src);
  }

  translate(flags: Flags): string {
    const out = this.parseAlt(flags);
    if (!this.eof()) {
      if (this.peek() === ")") this.err("unmatched close parenthesis");
      this.err("invalid pattern");
    }
    if (this.backrefs.length === 0 && this.hidden.length === 0) return out;
    // One pass over the pattern for all placeholders (one pass per back-reference is quadratic).
    return out.replace(/\u0000(\d+)\u0000|\u0001(\d+)\u0001/g, (m, b?: string, h?: string) => {
      if (b !== undefined) {
        const js = this.backrefs[Number(b)].groups.map((g) => this.groupMap[g]);
        return js.length === 1 ? `(?:\\${js[0]})` : `(?:${js.map((j) => `\\${j}`).join("|")})`;
      }
      return `(?:\\${this.hidden[Number(h)].n})`;
    });
  }

  /** Alternation up to `)` or end. Sets {@link altN}/{@link altE} for the whole alternation. */
  parseAlt(flags: Flags): string {
    if (++this.depth > MAX_REGEXP_NESTING) this.unsupported(`nested deeper than ${MAX_REGEXP_NESTING} groups or classes`);
    try {
      return this.parseAltAt(flags);
    } finally {
      this.depth--;
    }
  }

  private parseAltAt(flags: Flags): string {
    const alts: string[] = [];
    let n = false;
    let e = true;
    for (;;) {
      const r = this.parseSeq(flags);
      alts.push(r.text);
      n ||= r.n;
      e &&= r.e;
      if (r.flagged) break;
      if (this.peek() === "|") {
        this.pos++;
        continue;
      }
      break;
    }
    this.altN = n;
    this.altE = e;
    return alts.join("|");
  }

  /** Whether the last parsed alternation / atom can match the empty string, or only the empty string. */
  altN = false;
  altE = false;
  atomN = false;
  atomE = false;

  skipExtended(flags: Flags): void {
    if (!flags.x) return;
    for (;;) {
      const c = this.peek();
      if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f" || c === "\v") this.pos++;
      else if (c === "#") {
        while (!this.eof() && this.peek() !== "\n") this.pos++;
      } else break;
    }
  }

  /** A sequence of quantified atoms. `flagged` = an inline `(?i)` consumed the rest of the group. */
  parseSeq(flags: Flags): { text: string; flagged: boolean; n: boolean; e: boolean } {
    let out = "";
    let n = true;
    let e = true;
    for (;;) {
      this.skipExtended(flags);
      if (this.eof()) break;
      const c = this.peek();
      if (c === "|" || c === ")") break;
      if (c === "*" || c === "+" || c === "?") this.err("target of repeat operator is not specified");
      if (c === "{" && this.readInterval(true)) this.err("target of repeat operator is not specified");
      // inline flag group applying to the rest of the enclosing group
      if (c === "(" && this.peek(1) === "?") {
        const m = this.at(/\(\?([imx]*)(?:-([imx]*))?\)/y);
        if (m && (m[1] || m[2] !== undefined)) {
          this.pos += m[0].length;
          const nf = applyFlags(flags, m[1], m[2] ?? "");
          const rest = this.parseAlt(nf);
          out += `(?:${rest})`;
          return { text: out, flagged: true, n: n && this.altN, e: e && this.altE };
        }
      }
      const startJs = this.jsGroups;
      const startRuby = this.rubyGroups;
      this.atomN = false;
      this.atomE = false;
      let atom = this.parseAtom(flags);
      if (atom === null) continue;
      atom = this.parseQuantifiers(atom, flags, startJs, startRuby);
      n &&= this.atomN;
      e &&= this.atomE;
      out += atom;
    }
    return { text: out, flagged: false, n, e };
  }

  /** Parses `{n}`, `{n,}`, `{,m}`, `{n,m}` at pos; returns [min,max] or null (then `{` is literal). */
  readInterval(peekOnly = false): [number, number] | null {
    const m = this.at(/\{(\d*)(?:(,)(\d*))?\}/y);
    if (!m) return null;
    if (m[1] === "" && (m[3] === undefined || m[3] === "")) return null;
    const lo = m[1] === "" ? 0 : Number(m[1]);
    const hi = m[2] ? (m[3] === "" ? -1 : Number(m[3])) : lo;
    if (lo > 100000 || hi > 100000) this.err("too big number for repeat range");
    if (hi !== -1 && hi < lo) this.err("upper is smaller than lower in repeat range");
    if (!peekOnly) this.pos += m[0].length;
    return [lo, hi];
  }

  /**
   * Applies any quantifiers following an atom. `atomN`/`atomE` describe the atom on entry and the
   * quantified result on exit. Stacked quantifiers (`a**`, `a?*?`) are reduced as Onigmo does.
   */
  parseQuantifiers(atom: string, flags: Flags, startJs: number, startRuby: number): string {
    const hasCapture = this.rubyGroups > startRuby || this.jsGroups > startJs;
    const base = { text: atom, n: this.atomN, e: this.atomE };
    let cur = { ...base };
    /** The previous quantifier when it applied directly to `base` (for Onigmo's reduction). */
    let prev: { min: number; max: number; lazy: boolean } | null = null;
    for (;;) {
      this.skipExtended(flags);
      const c = this.peek();
      let min: number;
      let max: number;
      let interval = false;
      if (c === "*" || c === "+" || c === "?") {
        this.pos++;
        min = c === "+" ? 1 : 0;
        max = c === "?" ? 1 : -1;
      } else if (c === "{") {
        const iv = this.readInterval();
        if (!iv) break;
        interval = true;
        [min, max] = iv;
      } else break;
      let lazy = false;
      let possessive = false;
      if (this.peek() === "?") {
        this.pos++;
        lazy = true;
      } else if (this.peek() === "+" && !interval) {
        this.pos++;
        possessive = true;
      }
      const pq = prev ? popularQ(prev.min, prev.max, prev.lazy) : -1;
      const cq = interval ? -1 : popularQ(min, max, lazy);
      if (prev && pq >= 0 && cq >= 0) {
        const q = (mn: number, mx: number, lz: boolean) => this.quantify(base, hasCapture, mn, mx, lz);
        // Onigmo's behaviour for these two pairs does not follow its own reduction table; refuse them.
        if (pq === 5 && (cq === 1 || cq === 2)) this.unsupported("stacked quantifier '+?" + (cq === 1 ? "*" : "+") + "'");
        let next: { min: number; max: number; lazy: boolean } | null = null;
        switch (REDUCE[pq][cq]) {
          case "del":
            next = prev;
            break;
          case "a":
            cur = q(0, -1, false);
            next = { min: 0, max: -1, lazy: false };
            break;
          case "aq":
            cur = q(0, -1, true);
            next = { min: 0, max: -1, lazy: true };
            break;
          case "qq":
            cur = q(0, 1, true);
            next = { min: 0, max: 1, lazy: true };
            break;
          case "p_qq":
            cur = this.quantify(q(1, -1, false), hasCapture, 0, 1, true);
            break;
          case "pq_q":
            cur = this.quantify(q(1, -1, true), hasCapture, 0, 1, false);
            break;
          case "asis":
            cur = this.quantify(cur, hasCapture, min, max, lazy);
            break;
        }
        prev = next;
      } else {
        if (prev && (pq === 1 || pq === 2) && cq < 0 && max > 1 && !lazy) max = min === 0 ? 1 : min;
        cur = this.quantify(cur, hasCapture, min, max, lazy);
        prev = prev === null && !possessive && cur !== base ? { min, max, lazy } : null;
      }
      if (possessive) {
        cur = { ...cur, text: this.atomic(cur.text, startJs) };
        prev = null;
      }
    }
    this.atomN = cur.n;
    this.atomE = cur.e;
    return cur.text;
  }

  /**
   * One quantifier. JS rejects an optional iteration that matches empty where Onigmo accepts it
   * (and stops looping): `X?` on a nullable X is emulated exactly as an alternation; longer
   * optional repetition of a nullable X, whose captures or match could differ, is refused.
   */
  quantify(a: { text: string; n: boolean; e: boolean }, _hasCapture: boolean, min: number, max: number, lazy: boolean): { text: string; n: boolean; e: boolean } {
    const q = max === -1 ? (min === 0 ? "*" : min === 1 ? "+" : `{${min},}`) : min === max ? `{${min}}` : min === 0 && max === 1 ? "?" : `{${min},${max}}`;
    const lz = lazy ? "?" : "";
    const r = { text: "", n: a.n || min === 0, e: a.e || max === 0 };
    if (a.n && max !== min && max === 0) r.text = "";
    else if (a.n && max !== min && min === 0 && (max === 1 || a.e)) r.text = lazy ? `(?:|${a.text})` : `(?:${a.text}|)`;
    // Onigmo ends a loop at the first empty iteration (even a mandatory one); JS does not.
    else if (a.n && !a.e && (max === -1 || max > 1)) this.unsupported("repetition of a group that can match the empty string");
    else r.text = `(?:${a.text})${q}${lz}`;
    return r;
  }

  /** Emulates an atomic group around `inner`, whose groups were numbered after `startJs`. */
  atomic(inner: string, startJs: number): string {
    for (let k = 1; k < this.groupMap.length; k++) if (this.groupMap[k] > startJs) this.groupMap[k]++;
    for (const h of this.hidden) if (h.n > startJs) h.n++;
    this.jsGroups++;
    const placeholder = `\u0001${this.hidden.length}\u0001`;
    this.hidden.push({ n: startJs + 1, placeholder });
    return `(?:(?=(${inner}))${placeholder})`;
  }

  newRubyGroup(name: string | null): number {
    const rg = ++this.rubyGroups;
    const jg = ++this.jsGroups;
    this.groupMap[rg] = jg;
    if (name !== null) {
      if (!this.nameGroups.has(name)) {
        this.names.push(name);
        this.nameGroups.set(name, []);
      }
      this.nameGroups.get(name)!.push(rg);
    }
    return rg;
  }

  parseGroup(flags: Flags): string {
    this.pos++; // (
    if (this.peek() !== "?") {
      if (this.hasNamed) {
        const inner = this.parseAlt(flags);
        this.close();
        this.atomN = this.altN;
        this.atomE = this.altE;
        return `(?:${inner})`;
      }
      this.newRubyGroup(null);
      const inner = this.parseAlt(flags);
      this.close();
      this.atomN = this.altN;
      this.atomE = this.altE;
      return `(${inner})`;
    }
    this.pos++; // ?
    const c = this.peek();
    const wrap = (open: string): string => {
      const inner = this.parseAlt(flags);
      this.close();
      this.atomN = this.altN;
      this.atomE = this.altE;
      return `${open}${inner})`;
    };
    if (c === ":") {
      this.pos++;
      return wrap("(?:");
    }
    if (c === "=" || c === "!") {
      this.pos++;
      const r = wrap(`(?${c}`);
      this.atomN = this.atomE = true;
      return r;
    }
    if (c === "<" && (this.peek(1) === "=" || this.peek(1) === "!")) {
      const k = this.peek(1);
      this.pos += 2;
      const r = wrap(`(?<${k}`);
      this.atomN = this.atomE = true;
      return r;
    }
    if (c === ">") {
      this.pos++;
      const startJs = this.jsGroups;
      const inner = this.parseAlt(flags);
      this.close();
      this.atomN = this.altN;
      this.atomE = this.altE;
      return this.atomic(inner, startJs);
    }
    if (c === "<" || c === "'") {
      const end = c === "<" ? ">" : "'";
      this.pos++;
      const start = this.pos;
      while (!this.eof() && this.peek() !== end) this.pos++;
      const name = this.src.slice(start, this.pos);
      if (this.eof() || !/^[A-Za-z_\u0080-\u{10ffff}][A-Za-z0-9_\u0080-\u{10ffff}]*$/u.test(name)) this.err("invalid group name <" + name + ">");
      this.pos++;
      this.newRubyGroup(name);
      const inner = this.parseAlt(flags);
      this.close();
      this.atomN = this.altN;
      this.atomE = this.altE;
      return `(${inner})`;
    }
    if (c === "#") {
      while (!this.eof() && this.peek() !== ")") this.pos++;
      if (this.eof()) this.err("end pattern in group");
      this.pos++;
      this.atomN = this.atomE = true;
      return "";
    }
    const m = this.at(/([imx]*)(?:-([imx]*))?:/y);
    if (m) {
      this.pos += m[0].length;
      const nf = applyFlags(flags, m[1], m[2] ?? "");
      const inner = this.parseAlt(nf);
      this.close();
      this.atomN = this.altN;
      this.atomE = this.altE;
      return `(?:${inner})`;
    }
    if (c === "~") this.unsupported("absence operator '(?~'");
    if (c === "(") this.unsupported("conditional '(?('");
    if (c === "a" || c === "d" || c === "u") this.unsupported(`option '(?${c}'`);
    this.err("undefined group option");
  }

  close(): void {
    if (this.peek() !== ")") this.err("end pattern with unmatched parenthesis");
    this.pos++;
  }

  /** Literal code point, honouring a hand-expanded case-insensitive section. */
  literal(cp: number, flags: Flags): string {
    if (flags.i && this.mixedCase) {
      const vs = caseVariants(cp);
      if (vs.length > 1) return `[${vs.map((v) => litCp(v, true)).join("")}]`;
    }
    return litCp(cp, false);
  }

  parseAtom(flags: Flags): string | null {
    const c = this.peek();
    switch (c) {
      case "(":
        return this.parseGroup(flags);
      case "[":
        return this.emitClass(this.parseClass(flags), flags);
      case ".":
        this.pos++;
        return flags.m ? "[\\s\\S]" : "[^\\n]";
      case "^":
        this.pos++;
        this.atomN = this.atomE = true;
        return "(?:(?<![\\s\\S])|(?<=\\n)(?=[\\s\\S]))";
      case "$":
        this.pos++;
        this.atomN = this.atomE = true;
        return "(?=\\n|(?![\\s\\S]))";
      case "\\":
        return this.parseEscape(flags);
      default: {
        const ch = this.next();
        return this.literal(ch.codePointAt(0)!, flags);
      }
    }
  }

  /** Reads `\xHH`, `\uHHHH`, `\u{...}`, octal, control escapes: returns code points or null if not such an escape. `pos` is after the backslash. */
  readCharEscape(): number[] | null {
    const c = this.peek();
    const simple: Record<string, number> = { t: 9, n: 10, r: 13, f: 12, v: 11, a: 7, e: 27 };
    if (c in simple && c.length === 1) {
      this.pos++;
      return [simple[c]];
    }
    if (c === "x") {
      this.pos++;
      const m = this.at(/[0-9a-fA-F]{1,2}/y);
      if (!m) this.err("invalid hex escape");
      this.pos += m[0].length;
      const b = parseInt(m[0], 16);
      if (b < 0x80) return [b];
      // a run of \xHH bytes forming UTF-8
      const bytes = [b];
      for (;;) {
        const mm = this.at(/\\x([0-9a-fA-F]{1,2})/y);
        if (!mm || parseInt(mm[1], 16) < 0x80) break;
        const nb = parseInt(mm[1], 16);
        if ((nb & 0xc0) !== 0x80) break;
        bytes.push(nb);
        this.pos += mm[0].length;
      }
      try {
        const s = new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(bytes));
        return [...s].map((x) => x.codePointAt(0)!);
      } catch {
        this.unsupported("byte escape outside UTF-8 ('\\x" + hex(b) + "')");
      }
    }
    if (c === "u") {
      this.pos++;
      if (this.peek() === "{") {
        const end = this.src.indexOf("}", this.pos);
        if (end < 0) this.err("invalid Unicode escape");
        const parts = this.src.slice(this.pos + 1, end).trim().split(/\s+/);
        this.pos = end + 1;
        return parts.map((p) => {
          if (!/^[0-9a-fA-F]{1,6}$/.test(p) || parseInt(p, 16) > 0x10ffff) this.err("invalid Unicode range");
          return parseInt(p, 16);
        });
      }
      const m = this.at(/[0-9a-fA-F]{4}/y);
      if (!m) this.err("invalid Unicode escape");
      this.pos += 4;
      return [parseInt(m[0], 16)];
    }
    if (c >= "0" && c <= "7" && c !== "") {
      const m = this.at(/[0-7]{1,3}/y)!;
      this.pos += m[0].length;
      const v = parseInt(m[0], 8);
      if (v >= 0x80) this.unsupported(`byte escape '\\${m[0]}'`);
      return [v];
    }
    if (c === "c" || c === "C") {
      // Onigmo: `\C` needs `-` and a character, `\c` a character ("too short control escape").
      if (c === "C" && this.peek(1) !== "-") this.err("too short control escape");
      this.pos += c === "c" ? 1 : 2;
      if (this.eof()) this.err("too short control escape");
      const ch = this.next();
      if (ch === "\\") this.unsupported("nested control escape");
      return [ch === "?" ? 0x7f : ch.codePointAt(0)! & 0x1f];
    }
    if (c === "M") {
      if (this.peek(1) !== "-" || this.pos + 2 >= this.src.length) this.err("too short meta escape");
      this.unsupported("meta escape '\\M-'");
    }
    return null;
  }

  parseEscape(flags: Flags): string {
    this.pos++; // backslash
    if (this.eof()) this.err("too short escape sequence");
    const c = this.peek();
    switch (c) {
      case "d":
        this.pos++;
        return "[0-9]";
      case "D":
        this.pos++;
        return "[^0-9]";
      case "w":
        this.pos++;
        return "[a-zA-Z0-9_]";
      case "W":
        this.pos++;
        return "[^a-zA-Z0-9_]";
      case "s":
        this.pos++;
        return `[${SPACE}]`;
      case "S":
        this.pos++;
        return `[^${SPACE}]`;
      case "h":
        this.pos++;
        return `[${HEX}]`;
      case "H":
        this.pos++;
        return `[^${HEX}]`;
      case "b":
        this.pos++;
        this.atomN = this.atomE = true;
        return `(?:(?<=[${WORD}])(?![${WORD}])|(?<![${WORD}])(?=[${WORD}]))`;
      case "B":
        this.pos++;
        this.atomN = this.atomE = true;
        return `(?:(?<=[${WORD}])(?=[${WORD}])|(?<![${WORD}])(?![${WORD}]))`;
      case "A":
        this.pos++;
        this.atomN = this.atomE = true;
        return "(?<![\\s\\S])";
      case "z":
        this.pos++;
        this.atomN = this.atomE = true;
        return "(?![\\s\\S])";
      case "Z":
        this.pos++;
        this.atomN = this.atomE = true;
        return "(?=\\n?(?![\\s\\S]))";
      case "R":
        this.pos++;
        return "(?:\\r\\n|[\\n\\v\\f\\r\\u{85}\\u{2028}\\u{2029}])";
      case "G":
        this.unsupported("anchor '\\G'");
      // eslint-disable-next-line no-fallthrough
      case "K":
        this.unsupported("keep '\\K'");
      // eslint-disable-next-line no-fallthrough
      case "X":
        this.unsupported("extended grapheme '\\X'");
      // eslint-disable-next-line no-fallthrough
      case "g":
        this.unsupported("subexpression call '\\g'");
      // eslint-disable-next-line no-fallthrough
      case "p":
      case "P": {
        const text = this.readProperty();
        if (text.fold && flags.i && this.mixedCase) this.unsupported("case-sensitive property inside a mixed-case pattern");
        return `[${text.neg ? "^" : ""}${text.text}]`;
      }
      case "k": {
        this.pos++;
        const open = this.peek();
        if (open !== "<" && open !== "'") this.err("invalid backref number/name");
        const close = open === "<" ? ">" : "'";
        const end = this.src.indexOf(close, this.pos + 1);
        if (end < 0) this.err("invalid backref number/name");
        const ref = this.src.slice(this.pos + 1, end);
        this.pos = end + 1;
        if (/^-?\d+$/.test(ref)) {
          let n = Number(ref);
          if (n < 0) n = this.rubyGroups + 1 + n;
          if (this.hasNamed) this.err("numbered backref/call is not allowed. (use name)");
          return this.backref([n], flags);
        }
        const gs = this.nameGroups.get(ref) ?? prescanNames(this.src).get(ref);
        if (!gs) this.err(`undefined name <${ref}> reference`);
        return this.backref(gs, flags);
      }
    }
    if (c >= "1" && c <= "9") {
      const digits = this.at(/\d+/y)![0];
      let d = digits;
      while (d.length > 1 && Number(d) > this.totalGroups) d = d.slice(0, -1);
      const n = Number(d);
      if (n <= this.totalGroups) {
        if (this.hasNamed) this.err("numbered backref/call is not allowed. (use name)");
        this.pos += d.length;
        return this.backref([n], flags);
      }
      if (digits.length === 1 || c === "8" || c === "9") this.err("invalid backref number/name");
    }
    const cps = this.readCharEscape();
    if (cps) return cps.map((cp) => this.literal(cp, flags)).join("");
    // identity escape
    const ch = this.next();
    return this.literal(ch.codePointAt(0)!, flags);
  }

  backref(groups: number[], flags: Flags): string {
    this.atomN = true;
    if (flags.i !== this.globalI || (flags.i && this.mixedCase)) this.unsupported("case-insensitive back-reference inside a mixed-case pattern");
    const placeholder = `\u0000${this.backrefs.length}\u0000`;
    this.backrefs.push({ placeholder, groups });
    return placeholder;
  }

  /** After `\p` / `\P`: reads `{Name}` / `{^Name}`. */
  readProperty(): { text: string; neg: boolean; fold: boolean } {
    let neg = this.peek() === "P";
    this.pos++;
    if (this.peek() !== "{") this.err("invalid character property name {" + this.peek() + "}");
    const end = this.src.indexOf("}", this.pos);
    if (end < 0) this.err("invalid character property name");
    let name = this.src.slice(this.pos + 1, end);
    this.pos = end + 1;
    if (name.startsWith("^")) {
      neg = !neg;
      name = name.slice(1);
    }
    const key = name.toLowerCase().replace(/[\s_-]/g, "");
    const text = own(PROPS, key);
    if (!text) this.unsupported(`character property '\\p{${name}}'`);
    return { text, neg, fold: ["upper", "lower", "lu", "ll", "lt"].includes(key) };
  }

  /** Onigmo calls code_exist_check without ignoring escapes here: any later "]" counts. */
  private laterClose(from: number): boolean {
    return this.src.indexOf("]", from) >= 0;
  }

  parseClass(flags: Flags): ClassNode {
    if (++this.depth > MAX_REGEXP_NESTING) this.unsupported(`nested deeper than ${MAX_REGEXP_NESTING} groups or classes`);
    try {
      return this.parseClassAt(flags);
    } finally {
      this.depth--;
    }
  }

  private parseClassAt(flags: Flags): ClassNode {
    this.pos++; // [
    const node: ClassNode = { neg: false, items: [], and: [] };
    if (this.peek() === "^") {
      this.pos++;
      node.neg = true;
    }
    let items = node.items;
    let first = true;
    for (;;) {
      if (this.eof()) this.err("premature end of char-class");
      const c = this.peek();
      if (c === "]" && !first) {
        this.pos++;
        break;
      }
      // Onigmo (code_exist_check): a leading "]" is a literal only when another "]" follows.
      if (c === "]" && first && !this.laterClose(this.pos + 1)) this.err("empty char-class");
      first = false;
      if (c === "&" && this.peek(1) === "&") {
        this.pos += 2;
        items = [];
        node.and.push(items);
        continue;
      }
      if (c === "[") {
        const pm = this.at(/\[:(\^?)(\w+):\]/y);
        if (pm) {
          this.pos += pm[0].length;
          const p = own(POSIX, pm[2]);
          if (!p) this.err("invalid POSIX bracket type");
          let neg = pm[1] === "^";
          let text = p.text;
          if (p.neg !== undefined) {
            text = p.neg;
            neg = !neg;
          }
          const fold = pm[2] === "upper" || pm[2] === "lower";
          if (neg) items.push({ kind: "sub", node: { neg: true, items: [{ kind: "raw", text: text!, fold }], and: [] } });
          else items.push({ kind: "raw", text: text!, fold });
          continue;
        }
        items.push({ kind: "sub", node: this.parseClass(flags) });
        continue;
      }
      // a single element, maybe the start of a range
      const lo = this.classElement(items);
      if (lo === null) continue;
      if (this.peek() === "-" && this.peek(1) !== "]" && this.peek(1) !== "") {
        const save = this.pos;
        this.pos++;
        if (this.peek() === "[" || (this.peek() === "&" && this.peek(1) === "&")) {
          this.pos = save;
          items.push({ kind: "cp", cp: lo });
          continue;
        }
        const tmp: ClassItem[] = [];
        const hi = this.classElement(tmp);
        if (hi === null) {
          // `a-\d`: Onigmo treats '-' literally here
          items.push({ kind: "cp", cp: lo }, { kind: "cp", cp: 0x2d }, ...tmp);
          continue;
        }
        if (hi < lo) this.err("empty range in char class");
        items.push({ kind: "range", lo, hi });
        continue;
      }
      items.push({ kind: "cp", cp: lo });
    }
    if (node.items.length === 0 && node.and.length === 0) this.err("empty char-class");
    return node;
  }

  /** One class element: returns its code point, or null after pushing a set item (`\d`, `\p{..}`). */
  classElement(items: ClassItem[]): number | null {
    const c = this.peek();
    if (c !== "\\") return this.next().codePointAt(0)!;
    this.pos++;
    const e = this.peek();
    const set = (text: string, neg = false): null => {
      this.pos++;
      if (neg) items.push({ kind: "sub", node: { neg: true, items: [{ kind: "raw", text }], and: [] } });
      else items.push({ kind: "raw", text });
      return null;
    };
    switch (e) {
      case "d":
        return set("0-9");
      case "D":
        return set("0-9", true);
      case "w":
        return set("a-zA-Z0-9_");
      case "W":
        return set("a-zA-Z0-9_", true);
      case "s":
        return set(SPACE);
      case "S":
        return set(SPACE, true);
      case "h":
        return set(HEX);
      case "H":
        return set(HEX, true);
      case "b":
        this.pos++;
        return 8;
      case "R":
      case "X":
        this.err(`invalid escape in char-class '\\${e}'`);
      // eslint-disable-next-line no-fallthrough
      case "p":
      case "P": {
        const p = this.readProperty();
        if (p.neg) items.push({ kind: "sub", node: { neg: true, items: [{ kind: "raw", text: p.text, fold: p.fold }], and: [] } });
        else items.push({ kind: "raw", text: p.text, fold: p.fold });
        return null;
      }
    }
    const cps = this.readCharEscape();
    if (cps) {
      for (let k = 0; k < cps.length - 1; k++) items.push({ kind: "cp", cp: cps[k] });
      return cps[cps.length - 1];
    }
    return this.next().codePointAt(0)!;
  }

  /** JS text (inside brackets) for a flat item list; null when nested negation needs composition. */
  flatItems(items: ClassItem[], fold: boolean): string {
    let out = "";
    for (const it of items) {
      if (it.kind === "raw") {
        if (fold && it.fold) this.unsupported("Unicode property inside a mixed-case pattern");
        out += it.text;
      } else if (it.kind === "cp") {
        if (fold) for (const v of caseVariants(it.cp)) out += litCp(v, true);
        else out += litCp(it.cp, true);
      } else if (it.kind === "range") {
        out += `${litCp(it.lo, true)}-${litCp(it.hi, true)}`;
        if (fold) {
          if (it.hi >= 0x80 && it.lo < 0x80) {
            if (it.lo <= 0x7a && it.hi >= 0x41) this.addAsciiFold(it.lo, 0x7f, (t) => (out += t));
            this.unsupported("non-ASCII range inside a mixed-case pattern");
          } else if (it.hi >= 0x80) this.unsupported("non-ASCII range inside a mixed-case pattern");
          this.addAsciiFold(it.lo, it.hi, (t) => (out += t));
        }
      }
    }
    return out;
  }

  addAsciiFold(lo: number, hi: number, add: (t: string) => void): void {
    const a = Math.max(lo, 0x41);
    const b = Math.min(hi, 0x5a);
    if (a <= b) add(`${litCp(a + 32, true)}-${litCp(b + 32, true)}`);
    const c = Math.max(lo, 0x61);
    const d = Math.min(hi, 0x7a);
    if (c <= d) add(`${litCp(c - 32, true)}-${litCp(d - 32, true)}`);
  }

  /** Emits a class node as a JS atom matching exactly one character. */
  emitClass(node: ClassNode, flags: Flags): string {
    const fold = flags.i && this.mixedCase;
    const simple = (items: ClassItem[]) => items.every((i) => i.kind !== "sub");
    // flatten non-negated nested classes without intersections
    const flatten = (items: ClassItem[]): ClassItem[] => {
      const out: ClassItem[] = [];
      for (const i of items) {
        if (i.kind === "sub" && !i.node.neg && i.node.and.length === 0) out.push(...flatten(i.node.items));
        else out.push(i);
      }
      return out;
    };
    const union = (items: ClassItem[]): string => {
      items = flatten(items);
      const flat = items.filter((i) => i.kind !== "sub");
      const subs = items.filter((i): i is { kind: "sub"; node: ClassNode } => i.kind === "sub");
      const parts: string[] = [];
      if (flat.length) parts.push(`[${this.flatItems(flat, fold)}]`);
      for (const s of subs) parts.push(this.emitClass(s.node, flags));
      if (parts.length === 0) return "[]";
      return parts.length === 1 ? parts[0] : `(?:${parts.join("|")})`;
    };
    if (node.and.length === 0 && simple(flatten(node.items))) {
      return `[${node.neg ? "^" : ""}${this.flatItems(flatten(node.items), fold)}]`;
    }
    let body = union(node.items);
    for (const a of node.and) body = `(?:(?=${body})${union(a)})`;
    return node.neg ? `(?:(?!${body})[\\s\\S])` : body;
  }
}

/** Onigmo's popular quantifiers: ? * + ?? *? +? (index into {@link REDUCE}), or -1. */
function popularQ(min: number, max: number, lazy: boolean): number {
  const k = min === 0 && max === 1 ? 0 : min === 0 && max === -1 ? 1 : min === 1 && max === -1 ? 2 : -1;
  return k < 0 ? -1 : k + (lazy ? 3 : 0);
}

/** Onigmo's ReduceTypeTable[inner][outer] for stacked quantifiers. */
const REDUCE: string[][] = [
  ["del", "a", "a", "qq", "aq", "asis"],
  ["del", "del", "del", "p_qq", "p_qq", "del"],
  ["a", "a", "del", "asis", "p_qq", "del"],
  ["del", "aq", "aq", "del", "aq", "aq"],
  ["del", "del", "del", "del", "del", "del"],
  ["asis", "pq_q", "del", "aq", "aq", "del"],
];

function applyFlags(f: Flags, on: string, off: string): Flags {
  const n = { ...f };
  for (const c of on) n[c as keyof Flags] = true;
  for (const c of off) n[c as keyof Flags] = false;
  return n;
}

/** Counts capture groups, named groups and inline i-flag changes without translating. */
function prescan(src: string): { groups: number; named: boolean; namedCount: number; inlineFlags: boolean } {
  let groups = 0;
  let namedCount = 0;
  let inlineFlags = false;
  let depth = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (depth > 0) {
      if (c === "[") depth++;
      else if (c === "]") depth--;
      continue;
    }
    if (c === "[") {
      depth = 1;
      if (src[i + 1] === "^") i++;
      if (src[i + 1] === "]") i++;
      continue;
    }
    if (c === "(") {
      if (src[i + 1] !== "?") groups++;
      else {
        // Sticky matches at i + 2: slicing the rest of the pattern per group would be quadratic.
        const at = (re: RegExp): boolean => ((re.lastIndex = i + 2), re.test(src));
        if (at(/<[^=!]/y) || src.startsWith("'", i + 2)) namedCount++;
        else if (at(/[imx]*(?:-[imx]*)?[:)]/y) && at(/[mx-]*i/y)) inlineFlags = true;
      }
    }
  }
  return { groups, named: namedCount > 0, namedCount, inlineFlags };
}

function prescanNames(src: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  let n = 0;
  const re = /\\.|\(\?<([A-Za-z_][A-Za-z0-9_]*)>|\(\?'([A-Za-z_][A-Za-z0-9_]*)'/gs;
  for (let m; (m = re.exec(src)); ) {
    const name = m[1] ?? m[2];
    if (name) {
      n++;
      if (!out.has(name)) out.set(name, []);
      out.get(name)!.push(n);
    }
  }
  return out;
}

export interface Compiled {
  js: RegExp;
  info: RegexpInfo;
}

/** Translates a Ruby pattern. Throws RegexpSyntaxError (Ruby's message, without the `: /src/` suffix) or UnsupportedRubyError. */
export function translateRegexp(source: string, options: number): Compiled {
  // rb_reg_preprocess scans the escapes before Onigmo parses: a trailing lone backslash is
  // reported first, whatever else is wrong with the pattern.
  if (/(^|[^\\])(\\\\)*\\$/.test(source)) throw new RegexpSyntaxError("too short escape sequence");
  const t = new Translator(source, options);
  const flags: Flags = { i: (options & OPT_I) !== 0, m: (options & OPT_M) !== 0, x: (options & OPT_X) !== 0 };
  const pattern = t.translate(flags);
  const useI = flags.i && !t.mixedCase;
  let js: RegExp;
  try {
    js = new RegExp(pattern, `du${useI ? "i" : ""}`);
  } catch (e) {
    throw new UnsupportedRubyError(`regexp /${source}/ (${(e as Error).message})`, {});
  }
  const info: RegexpInfo = {
    groupMap: t.groupMap,
    names: t.names,
    nameGroups: t.nameGroups,
    global: new RegExp(pattern, `gdu${useI ? "i" : ""}`),
    sticky: new RegExp(pattern, `ydu${useI ? "i" : ""}`),
  };
  return { js, info };
}

/**
 * re.c's rb_reg_expr_str for a UTF-8 source shown between slashes (error messages): verbatim unless
 * it holds a `/` or a non-printable ASCII character; then `/` becomes `\/`, other controls but
 * white space `\xNN`, non-ASCII `\uXXXX`, and a backslash keeps the character after it as is.
 */
export function regexpExprStr(source: string): string {
  const chars = Array.from(source);
  const printable = (c: number): boolean => c >= 0x20 && c < 0x7f;
  if (!chars.some((ch) => ch.codePointAt(0)! < 0x80 && (ch === "/" || !printable(ch.codePointAt(0)!)))) return source;
  let out = "";
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    const c = ch.codePointAt(0)!;
    if (ch === "\\" && i + 1 < chars.length) {
      out += ch + chars[++i];
    } else if (c >= 0x80) {
      out += c < 0x10000 ? `\\u${c.toString(16).toUpperCase().padStart(4, "0")}` : `\\u{${c.toString(16).toUpperCase()}}`;
    } else if (ch === "/") out += "\\/";
    else if (printable(c) || (c >= 9 && c <= 13)) out += ch;
    else out += `\\x${c.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/**
 * Compiles a Ruby regexp. Pattern errors throw RegexpSyntaxError carrying Ruby's message
 * (`... : /source/`); callers raise it as RegexpError (see {@link compileRegexpOrRaise}).
 */
export function compileRegexp(source: string, options: number): RRegexp {
  let c: Compiled;
  try {
    c = translateRegexp(source, options);
  } catch (e) {
    if (e instanceof RegexpSyntaxError) throw new RegexpSyntaxError(`${e.message}: /${regexpExprStr(source)}/`);
    throw e;
  }
  const re = new RRegexp(source, options, c.js);
  infos.set(re, c.info);
  return re;
}

/** compileRegexp raising Ruby's RegexpError on a bad pattern. */
export function compileRegexpOrRaise(it: Interp, source: string, options: number): RRegexp {
  try {
    return compileRegexp(source, options);
  } catch (e) {
    if (e instanceof RegexpSyntaxError) it.raise("RegexpError", e.message);
    throw e;
  }
}

/** A Regexp matching `s` literally (String patterns of split/sub/gsub/scan/index). */
export function regexpFromString(s: string): RRegexp {
  let re = literalCache.get(s);
  if (!re) {
    re = compileRegexp(quote(s), 0);
    if (literalCache.size >= 256) literalCache.delete(literalCache.keys().next().value!);
    literalCache.set(s, re);
  }
  return re;
}
const literalCache = new Map<string, RRegexp>();

export function regexpInfo(re: RRegexp): RegexpInfo {
  let info = infos.get(re);
  if (!info) {
    info = translateRegexp(re.source, re.options).info;
    infos.set(re, info);
  }
  return info;
}

/** Regexp.escape. */
export function quote(s: string): string {
  let out = "";
  for (const ch of s) {
    switch (ch) {
      case "[": case "]": case "{": case "}": case "(": case ")": case "|": case "-": case "*": case ".": case "\\": case "?": case "+": case "^": case "$": case "#":
        out += "\\" + ch;
        break;
      case " ":
        out += "\\ ";
        break;
      case "\t":
        out += "\\t";
        break;
      case "\n":
        out += "\\n";
        break;
      case "\r":
        out += "\\r";
        break;
      case "\f":
        out += "\\f";
        break;
      case "\v":
        out += "\\v";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Matching helpers (offsets are UTF-16 indices into the JS string).

/** Searches from UTF-16 offset `from`; null when no match. */
export function execAt(re: RRegexp, s: string, from: number): RegExpExecArray | null {
  if (from > s.length) return null;
  const g = regexpInfo(re).global;
  g.lastIndex = from;
  for (;;) {
    const m = guardedRegexpExec(g, s);
    // V8 may report a match starting between the halves of a surrogate pair (e.g. for
    // lookaround-only patterns); Ruby positions are characters, so search on from the next one.
    if (m && m.index > 0 && isTrail(s.charCodeAt(m.index)) && isLead(s.charCodeAt(m.index - 1))) {
      g.lastIndex = m.index + 1;
      continue;
    }
    return m;
  }
}

const isLead = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isTrail = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** Anchored match at UTF-16 offset `at`. */
export function execSticky(re: RRegexp, s: string, at: number): RegExpExecArray | null {
  const y = regexpInfo(re).sticky;
  y.lastIndex = at;
  return guardedRegexpExec(y, s);
}

/** UTF-16 offset -> character offset. */
export function charIndex(s: string, u16: number): number {
  let n = 0;
  for (let i = 0; i < u16; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < u16) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Character offset -> UTF-16 offset (clamped to the end). */
export function u16Index(s: string, ci: number): number {
  let i = 0;
  for (let n = 0; n < ci && i < s.length; n++) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  return i;
}

/** Position just after the character at UTF-16 offset `i`. */
export function nextCharIndex(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? i + 2 : i + 1;
}

export function makeMatch(re: RRegexp, input: string, m: RegExpExecArray): RMatchData {
  return new RMatchData(re, input, m);
}

/** Ruby group `n` of a match as [start, end] UTF-16 offsets, or null when it did not participate. */
export function groupSpan(md: RMatchData, n: number): [number, number] | null {
  const info = regexpInfo(md.regexp);
  const j = info.groupMap[n];
  if (j === undefined) return null;
  const ind = md.m.indices?.[j];
  return ind ? [ind[0], ind[1]] : null;
}

export function groupCount(md: RMatchData): number {
  return regexpInfo(md.regexp).groupMap.length - 1;
}

export function groupText(md: RMatchData, n: number): string | null {
  const sp = groupSpan(md, n);
  return sp ? md.input.slice(sp[0], sp[1]) : null;
}

function binaryOf(md: RMatchData): boolean {
  const b = md.getIvar("__binary");
  return b === true;
}

function mstr(md: RMatchData, s: string): RString {
  return new RString(s, binaryOf(md));
}

/** The group number for a MatchData name reference (the last participating group of that name). */
function nameToGroup(it: Interp, md: RMatchData, name: string): number {
  const gs = regexpInfo(md.regexp).nameGroups.get(name);
  if (!gs) return it.raise("IndexError", `undefined group name reference: ${name}`);
  for (let k = gs.length - 1; k >= 0; k--) if (groupSpan(md, gs[k])) return gs[k];
  return gs[gs.length - 1];
}

/** Runs a match for Ruby (`Regexp#match`, `=~`): sets `$~`, returns the MatchData or nil. */
export function matchFrom(it: Interp, re: RRegexp, s: RString, charPos: number, setLast = true): RMatchData | null {
  const text = s.s;
  let from = charPos;
  if (from < 0) {
    from += charIndex(text, text.length);
    if (from < 0) {
      if (setLast) it.setLastMatch(null);
      return null;
    }
  }
  const u = u16Index(text, from);
  if (charIndex(text, u) < from) {
    if (setLast) it.setLastMatch(null);
    return null;
  }
  const m = execAt(re, text, u);
  if (!m) {
    if (setLast) it.setLastMatch(null);
    return null;
  }
  const md = newMatchData(re, s, m);
  if (setLast) it.setLastMatch(md);
  return md;
}

/** Builds a MatchData for string `s` (its text is snapshotted, as Ruby freezes a copy). */
export function newMatchData(re: RRegexp, s: RString, m: RegExpExecArray): RMatchData {
  const md = new RMatchData(re, s.s, m);
  if (s.binary) md.setIvar("__binary", true);
  return md;
}

// ---------------------------------------------------------------------------------------------
// Regexp#to_s / inspect.

function optionString(o: number): string {
  return `${o & OPT_M ? "m" : ""}${o & OPT_I ? "i" : ""}${o & OPT_X ? "x" : ""}`;
}

const NONPRINT = /[\p{Cc}\p{Cs}\p{Cn}]|(?![\p{Zs}])\p{White_Space}/u;

/** rb_reg_expr_str: escapes unescaped '/' and non-printable characters. */
export function regexpSourceText(src: string): string {
  let needs = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (c === "/" || NONPRINT.test(c)) {
      needs = true;
      break;
    }
  }
  if (!needs) return src;
  let out = "";
  const cps = [...src];
  for (let i = 0; i < cps.length; i++) {
    const ch = cps[i];
    if (ch === "\\" && i + 1 < cps.length) {
      out += ch + cps[++i];
    } else if (ch === "/") out += "\\/";
    else if (!NONPRINT.test(ch)) out += ch;
    else if (/\s/.test(ch) && ch.codePointAt(0)! < 0x80) out += ch;
    else {
      const cp = ch.codePointAt(0)!;
      out += cp < 0x80 ? `\\x${cp.toString(16).toUpperCase().padStart(2, "0")}` : `\\u{${cp.toString(16).toUpperCase()}}`;
    }
  }
  return out;
}

export function regexpInspect(re: RRegexp): string {
  return `/${regexpSourceText(re.source)}/${optionString(re.options)}${re.options & OPT_N ? "n" : ""}`;
}

function validPattern(src: string, options: number): boolean {
  try {
    translateRegexp(src, options);
    return true;
  } catch (e) {
    if (e instanceof RegexpSyntaxError) return false;
    return true;
  }
}

export function regexpToS(re: RRegexp): string {
  let options = re.options;
  let p = re.source;
  const charOpt = (c: string | undefined): number => (c === "i" ? OPT_I : c === "m" ? OPT_M : c === "x" ? OPT_X : 0);
  for (;;) {
    if (p.length >= 4 && p[0] === "(" && p[1] === "?") {
      let err = true;
      let k = 2;
      let opts = options;
      while (k < p.length && charOpt(p[k])) opts |= charOpt(p[k++]);
      if (p.length - k > 1 && p[k] === "-") {
        k++;
        while (k < p.length && charOpt(p[k])) opts &= ~charOpt(p[k++]);
      }
      if (p[k] === ")") {
        options = opts;
        p = p.slice(k + 1);
        continue;
      }
      if (p[k] === ":" && p[p.length - 1] === ")") {
        const inner = p.slice(k + 1, -1);
        if (validPattern(inner, opts)) {
          err = false;
          options = opts;
          p = inner;
        }
      }
      if (err) {
        options = re.options;
        p = re.source;
      }
    }
    break;
  }
  let out = "(?" + optionString(options);
  if ((options & 7) !== 7) out += "-" + optionString(~options & 7);
  return `${out}:${regexpSourceText(p)})`;
}

function matchDataInspect(it: Interp, md: RMatchData): string {
  const info = regexpInfo(md.regexp);
  let out = `#<MatchData ${it.inspect(mstr(md, groupText(md, 0)!))}`;
  const n = groupCount(md);
  const labels: string[] = [];
  if (info.names.length) {
    for (const [name, gs] of info.nameGroups) for (const g of gs) labels[g] = name;
  }
  for (let g = 1; g <= n; g++) {
    const t = groupText(md, g);
    out += ` ${labels[g] ?? g}:${t === null ? "nil" : it.inspect(mstr(md, t))}`;
  }
  return out + ">";
}

// ---------------------------------------------------------------------------------------------
// Methods.

/** Target string of Regexp#match / =~ (Symbol allowed), or null for nil. */
function matchTarget(it: Interp, v: Value): RString | null {
  if (v === null) return null;
  if (v instanceof RString) return v;
  if (v instanceof RSymbol) return str(v.name);
  return new RString(toStr(it, v));
}

function optionsFromArg(it: Interp, v: Value | undefined): number {
  if (v === undefined || v === null || v === false) return 0;
  if (typeof v === "number") return v & 0xff;
  if (v instanceof RString) {
    let o = 0;
    for (const c of v.s) {
      if (c === "i") o |= OPT_I;
      else if (c === "m") o |= OPT_M;
      else if (c === "x") o |= OPT_X;
      else it.raise("ArgumentError", `unknown regexp option: ${v.s}`);
    }
    return o;
  }
  return OPT_I;
}

function unionPart(it: Interp, v: Value): string {
  if (v instanceof RRegexp) return regexpToS(v);
  return quote(toStr(it, v));
}

/** The public matchData index helper (int, name, symbol) used by MatchData#[] and String#[]. */
export function matchGroupValue(it: Interp, md: RMatchData, idx: Value): Value {
  let g: number;
  if (idx instanceof RString || idx instanceof RSymbol) g = nameToGroup(it, md, idx instanceof RString ? idx.s : idx.name);
  else {
    g = toInt(it, idx);
    const n = groupCount(md);
    if (g < 0) {
      g += n + 1;
      if (g <= 0) return null;
    }
    if (g > n) return null;
  }
  const t = groupText(md, g);
  return t === null ? null : mstr(md, t);
}

function captures(md: RMatchData): Value[] {
  const out: Value[] = [];
  for (let g = 1; g <= groupCount(md); g++) {
    const t = groupText(md, g);
    out.push(t === null ? null : mstr(md, t));
  }
  return out;
}

function offsetOf(it: Interp, md: RMatchData, v: Value, end: boolean): Value {
  let g: number;
  if (v instanceof RString || v instanceof RSymbol) g = nameToGroup(it, md, v instanceof RString ? v.s : v.name);
  else {
    g = toInt(it, v);
    if (g < 0 || g > groupCount(md)) it.raise("IndexError", `index ${g} out of matches`);
  }
  const sp = groupSpan(md, g);
  if (!sp) return null;
  return charIndex(md.input, end ? sp[1] : sp[0]);
}

export function installRegexp(): void {
  const R = cRegexp;
  R.consts.set("IGNORECASE", OPT_I);
  R.consts.set("EXTENDED", OPT_X);
  R.consts.set("MULTILINE", OPT_M);
  R.consts.set("FIXEDENCODING", OPT_FIXED);
  R.consts.set("NOENCODING", OPT_N);

  const newRe = (_self: Value, args: Value[], _b: unknown, it: Interp): Value => {
    if (args.length < 1 || args.length > 3) arityError(it, args.length, "1..3");
    const a = args[0];
    if (a instanceof RRegexp) return a;
    const src = toStr(it, a);
    return compileRegexpOrRaise(it, src, optionsFromArg(it, args[1]));
  };
  R.defineS("new", newRe);
  R.defineS("compile", newRe);
  R.defineS("escape", (_s, args, _b, it) => str(quote(args[0] instanceof RSymbol ? args[0].name : toStr(it, args[0]))), 1);
  R.defineS("quote", (_s, args, _b, it) => str(quote(args[0] instanceof RSymbol ? args[0].name : toStr(it, args[0]))), 1);
  R.defineS("union", (_s, args, _b, it) => {
    let parts = args;
    if (parts.length === 1 && parts[0] instanceof RArray) parts = parts[0].a;
    if (parts.length === 0) return compileRegexp("(?!)", 0);
    if (parts.length === 1) {
      const p = parts[0];
      if (p instanceof RRegexp) return p;
      return compileRegexpOrRaise(it, quote(toStr(it, p)), 0);
    }
    return compileRegexpOrRaise(it, parts.map((p) => unionPart(it, p)).join("|"), 0);
  });
  R.defineS("last_match", (_s, args, _b, it) => {
    const md = it.getLastMatch();
    if (args.length === 0) return md;
    if (!md) return null;
    return matchGroupValue(it, md, args[0]);
  }, [0, 1]);

  R.define("source", (self: RRegexp) => str(self.source), 0);
  R.define("to_s", (self: RRegexp) => str(regexpToS(self)), 0);
  R.define("inspect", (self: RRegexp) => str(regexpInspect(self)), 0);
  R.define("options", (self: RRegexp) => self.options, 0);
  R.define("casefold?", (self: RRegexp) => (self.options & OPT_I) !== 0, 0);
  R.define("names", (self: RRegexp) => arr(regexpInfo(self).names.map((n) => str(n))), 0);
  R.define("named_captures", (self: RRegexp) => {
    const h = new RHash();
    for (const [n, gs] of regexpInfo(self).nameGroups) h.set(str(n), arr(gs.slice()));
    return h;
  }, 0);
  R.define("hash", (self: RRegexp) => {
    let h = self.options;
    for (let i = 0; i < self.source.length; i++) h = (h * 31 + self.source.charCodeAt(i)) | 0;
    return h;
  }, 0);
  const eqRe = (self: RRegexp, args: Value[]): Value => {
    const o = args[0];
    return o instanceof RRegexp && o.source === self.source && o.options === self.options;
  };
  R.define("==", eqRe, 1);
  R.define("eql?", eqRe, 1);
  R.define("freeze", (self: RRegexp) => self, 0);
  R.define("match", (self: RRegexp, args, blk, it) => {
    if (args.length < 1 || args.length > 2) arityError(it, args.length, "1..2");
    const s = matchTarget(it, args[0]);
    if (!s) {
      it.setLastMatch(null);
      return null;
    }
    const md = matchFrom(it, self, s, args.length > 1 ? toInt(it, args[1]) : 0);
    if (md && blk) return it.yield(blk, [md]);
    return md;
  });
  R.define("match?", (self: RRegexp, args, _b, it) => {
    if (args.length < 1 || args.length > 2) arityError(it, args.length, "1..2");
    const s = matchTarget(it, args[0]);
    if (!s) return false;
    return matchFrom(it, self, s, args.length > 1 ? toInt(it, args[1]) : 0, false) !== null;
  });
  R.define("=~", (self: RRegexp, args, _b, it) => {
    const s = matchTarget(it, args[0]);
    if (!s) {
      it.setLastMatch(null);
      return null;
    }
    const md = matchFrom(it, self, s, 0);
    return md ? charIndex(md.input, md.m.index) : null;
  }, 1);
  R.define("===", (self: RRegexp, args, _b, it) => {
    const a = args[0];
    let s: RString | null = null;
    if (a instanceof RString) s = a;
    else if (a instanceof RSymbol) s = str(a.name);
    else if (a !== null && typeof a === "object" && !(a instanceof RFloat) && it.respondTo(a, "to_str", true)) s = new RString(toStr(it, a));
    if (!s) {
      it.setLastMatch(null);
      return false;
    }
    return matchFrom(it, self, s, 0) !== null;
  }, 1);

  const M = cMatchData;
  M.define("[]", (self: RMatchData, args, _b, it) => {
    if (args.length === 2 || (args.length === 1 && args[0] instanceof RRange)) {
      return it.send(arr([mstr(self, groupText(self, 0)!), ...captures(self)]), "[]", args);
    }
    if (args.length !== 1) arityError(it, args.length, "1..2");
    return matchGroupValue(it, self, args[0]);
  });
  M.define("captures", (self: RMatchData) => arr(captures(self)), 0);
  M.define("deconstruct", (self: RMatchData) => arr(captures(self)), 0);
  M.define("named_captures", (self: RMatchData, args, _b, it) => {
    const h = new RHash();
    let symbolize = false;
    const kw = args[args.length - 1];
    if (kw instanceof RHash && kw.kw) symbolize = truthy(kw.lookup(RSymbol.of("symbolize_names")) ?? null);
    for (const [n] of regexpInfo(self.regexp).nameGroups) {
      const g = nameToGroup(it, self, n);
      const t = groupText(self, g);
      h.set(symbolize ? RSymbol.of(n) : str(n), t === null ? null : mstr(self, t));
    }
    return h;
  });
  M.define("names", (self: RMatchData) => arr(regexpInfo(self.regexp).names.map((n) => str(n))), 0);
  M.define("pre_match", (self: RMatchData) => mstr(self, self.input.slice(0, self.m.index)), 0);
  M.define("post_match", (self: RMatchData) => mstr(self, self.input.slice(self.m.index + self.m[0].length)), 0);
  M.define("to_a", (self: RMatchData) => arr([mstr(self, groupText(self, 0)!), ...captures(self)]), 0);
  M.define("to_s", (self: RMatchData) => mstr(self, groupText(self, 0)!), 0);
  M.define("size", (self: RMatchData) => groupCount(self) + 1, 0);
  M.define("length", (self: RMatchData) => groupCount(self) + 1, 0);
  M.define("string", (self: RMatchData) => {
    const s = mstr(self, self.input);
    s.frozen = true;
    return s;
  }, 0);
  M.define("regexp", (self: RMatchData) => self.regexp, 0);
  M.define("begin", (self: RMatchData, args, _b, it) => offsetOf(it, self, args[0], false), 1);
  M.define("end", (self: RMatchData, args, _b, it) => offsetOf(it, self, args[0], true), 1);
  M.define("offset", (self: RMatchData, args, _b, it) => arr([offsetOf(it, self, args[0], false), offsetOf(it, self, args[0], true)]), 1);
  M.define("values_at", (self: RMatchData, args, _b, it) => arr(args.map((a) => matchGroupValue(it, self, a))));
  M.define("inspect", (self: RMatchData, _a, _b, it) => str(matchDataInspect(it, self)), 0);
  M.define("==", (self: RMatchData, args) => {
    const o = args[0];
    return o instanceof RMatchData && o.input === self.input && o.regexp.source === self.regexp.source && o.m.index === self.m.index && o.m[0] === self.m[0];
  }, 1);
  M.define("eql?", (self: RMatchData, args) => {
    const o = args[0];
    return o instanceof RMatchData && o.input === self.input && o.regexp.source === self.regexp.source && o.m.index === self.m.index && o.m[0] === self.m[0];
  }, 1);
}
