/**
 * A hand-written JSON reader producing Ruby values exactly as Ruby 4.0's `JSON.parse` (json 2.18)
 * does with default options:
 *
 * - objects → {@link RHash} with frozen {@link RString} keys in source order; a duplicate key
 *   overwrites the value but keeps the first key's position (Ruby Hash semantics);
 * - arrays → {@link RArray}; strings → unfrozen {@link RString};
 * - numbers with `.`, `e` or `E` → {@link RFloat} (`1.0` stays a Float, `1e400` is Infinity),
 *   other numbers → Integer (`number`, or `bigint` beyond the safe range; `-0` is 0);
 * - `true`/`false`/`null`; `/* *\/` and `//` comments are skipped like whitespace (json 2.x does);
 * - any scalar is accepted at top level; `NaN`/`Infinity`, trailing commas, leading zeros,
 *   raw control characters in strings, unknown escapes and lone surrogates are errors.
 *
 * Two entry points:
 * - {@link parseJson}: for input files (contexts, link graphs): errors are {@link InputError}s
 *   with file, 1-based line and 1-based column (in characters).
 * - {@link parseJsonRuby}: for `JSON.parse` inside templates: errors are {@link JsonSyntaxError}s
 *   whose `rubyMessage` is worded as json 2.18 words its `JSON::ParserError` (or, when `nesting`
 *   is set, `JSON::NestingError`) messages, so the stdlib can raise the matching Ruby exception.
 */
import { Buffer } from "buffer";
import { InputError, LimitExceededError } from "../../diagnostics/errors.js";
import { RArray, RFloat, RHash, RString, type Value } from "../runtime/values.js";

/**
 * Thrown by {@link parseJsonRuby} (and internally by {@link parseJson}). The JSON stdlib turns it
 * into `JSON::ParserError` (or `JSON::NestingError` when {@link nesting} is true) with message
 * {@link rubyMessage}.
 */
export class JsonSyntaxError extends Error {
  override name = "JsonSyntaxError";
  constructor(
    /** Ruby's message, e.g. "unexpected character: 'x]' at line 1 column 2". */
    readonly rubyMessage: string,
    /** A plain description without Ruby's fragment/position suffix, e.g. "unexpected character 'x'". */
    readonly description: string,
    /** UTF-16 offset into the source where the error was detected. */
    readonly offset: number,
    /** 1-based line of {@link offset}. */
    readonly line: number,
    /** 1-based column (in characters) of {@link offset}. */
    readonly column: number,
    /** True for "nesting of N is too deep" (Ruby raises JSON::NestingError, a ParserError subclass). */
    readonly nesting = false,
  ) {
    super(rubyMessage);
    this.name = "JsonSyntaxError";
  }
}

export interface JsonParseOptions {
  /** Ruby's `max_nesting` (default 100 for parseJsonRuby; 0 or omitted for parseJson = unlimited). */
  maxNesting?: number;
  /** Ruby's `symbolize_names` is not supported here; the stdlib converts if it needs to. */
}

/**
 * Nesting no parse goes beyond, whatever `max_nesting` says: the reader is recursive, and deeper
 * documents would overflow the JavaScript stack. Files stop here with an InputError; `JSON.parse`
 * with `max_nesting: false` raises LimitExceededError.
 */
export const JSON_NESTING_CAP = 1000;

/** Parses JSON text from a file into Ruby values; syntax errors are {@link InputError}s at file:line:col. */
export function parseJson(text: string, filename = "(json)"): Value {
  if (typeof text !== "string") throw new InputError(`JSON input must be a string, got ${text === null ? "null" : typeof text}`, { filename });
  try {
    return new Parser(text, JSON_NESTING_CAP).parseDocument();
  } catch (e) {
    if (e instanceof JsonSyntaxError) {
      const pos = { filename, line: e.line, column: e.column };
      throw new InputError(`${filename}:${e.line}:${e.column}: invalid JSON: ${e.description}`, pos, codeFrame(text, e.line, e.column));
    }
    throw e;
  }
}

/** Parses JSON as `JSON.parse(text)` does in a template; errors are {@link JsonSyntaxError}s. */
export function parseJsonRuby(text: string, opts: JsonParseOptions = {}): Value {
  return new Parser(text, opts.maxNesting ?? 100).parseDocument();
}

// ---------------------------------------------------------------------------------------------

const enum C {
  TAB = 9,
  LF = 10,
  CR = 13,
  SPACE = 32,
  QUOTE = 34,
  PLUS = 43,
  COMMA = 44,
  MINUS = 45,
  DOT = 46,
  SLASH = 47,
  D0 = 48,
  D9 = 57,
  COLON = 58,
  E = 69,
  LBRACKET = 91,
  BACKSLASH = 92,
  RBRACKET = 93,
  e = 101,
  STAR = 42,
  LBRACE = 123,
  RBRACE = 125,
}

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(
    private readonly src: string,
    private readonly maxNesting: number,
  ) {}

  parseDocument(): Value {
    this.skipWs();
    if (this.pos >= this.src.length) this.fail("unexpected end of input", "unexpected end of input", this.pos);
    const v = this.parseValue();
    this.skipWs();
    if (this.pos < this.src.length) {
      this.fail(`unexpected token at end of stream '${this.fragment(this.pos)}'`, `unexpected ${this.describeChar(this.pos)} after the document`, this.pos);
    }
    return v;
  }

  private parseValue(): Value {
    const s = this.src;
    const c = s.charCodeAt(this.pos);
    switch (c) {
      case C.LBRACE:
        return this.parseObject();
      case C.LBRACKET:
        return this.parseArray();
      case C.QUOTE: {
        return new RString(this.parseString());
      }
      case 116: // t
        if (s.startsWith("true", this.pos)) {
          this.pos += 4;
          return true;
        }
        return this.badToken();
      case 102: // f
        if (s.startsWith("false", this.pos)) {
          this.pos += 5;
          return false;
        }
        return this.badToken();
      case 110: // n
        if (s.startsWith("null", this.pos)) {
          this.pos += 4;
          return null;
        }
        return this.badToken();
      case 78: // N (NaN)
      case 73: // I (Infinity)
        return this.badToken();
      default:
        if (c === C.MINUS || (c >= C.D0 && c <= C.D9)) return this.parseNumber();
        if (Number.isNaN(c)) return this.fail("unexpected end of input", "unexpected end of input", this.pos);
        return this.fail(`unexpected character: '${this.fragment(this.pos)}'`, `unexpected ${this.describeChar(this.pos)}`, this.pos);
    }
  }

  private badToken(): never {
    return this.fail(`unexpected token '${this.fragment(this.pos)}'`, `unexpected token '${this.word(this.pos)}'`, this.pos);
  }

  private enter(at: number): void {
    this.depth++;
    if (this.maxNesting > 0 && this.depth > this.maxNesting) {
      const m = `nesting of ${this.depth} is too deep`;
      this.fail(m, m, at, { nesting: true });
    }
    if (this.depth > JSON_NESTING_CAP) throw new LimitExceededError("JSON nesting depth", JSON_NESTING_CAP, {});
  }

  private parseArray(): RArray {
    const start = this.pos;
    this.pos++; // [
    const out: Value[] = [];
    this.skipWs();
    // json checks max_nesting only for non-empty containers.
    if (this.src.charCodeAt(this.pos) === C.RBRACKET) {
      this.pos++;
      return new RArray(out);
    }
    this.enter(start);
    for (;;) {
      this.skipWs();
      out.push(this.parseValue());
      this.skipWs();
      const c = this.src.charCodeAt(this.pos);
      if (c === C.COMMA) {
        this.pos++;
        this.skipWs();
        if (this.src.charCodeAt(this.pos) === C.RBRACKET) {
          this.fail(`unexpected character: '${this.fragment(this.pos)}'`, "trailing comma in array", this.pos);
        }
        continue;
      }
      if (c === C.RBRACKET) {
        this.pos++;
        break;
      }
      if (Number.isNaN(c)) this.fail("expected ',' or ']' after array value", "unterminated array (expected ',' or ']')", this.pos);
      this.fail("expected ',' or ']' after array value", `expected ',' or ']' after array value, got ${this.describeChar(this.pos)}`, this.pos);
    }
    this.depth--;
    return new RArray(out);
  }

  private parseObject(): RHash {
    const start = this.pos;
    this.pos++; // {
    const h = new RHash();
    this.skipWs();
    if (this.src.charCodeAt(this.pos) === C.RBRACE) {
      this.pos++;
      return h;
    }
    this.enter(start);
    for (let first = true; ; first = false) {
      this.skipWs();
      const c = this.src.charCodeAt(this.pos);
      if (c !== C.QUOTE) {
        // json words the first key's error without a colon, later ones with one.
        const got = `expected object key, got${first ? "" : ":"} ${Number.isNaN(c) ? "EOF" : `'${this.fragment(this.pos)}'`}`;
        this.fail(got, Number.isNaN(c) ? "unterminated object (expected a key)" : `expected a string key, got ${this.describeChar(this.pos)}`, this.pos);
      }
      const key = new RString(this.parseString());
      key.frozen = true;
      this.skipWs();
      if (this.src.charCodeAt(this.pos) !== C.COLON) {
        const d = this.src.charCodeAt(this.pos);
        const got = first ? "" : `, got: ${Number.isNaN(d) ? "EOF" : `'${this.fragment(this.pos)}'`}`;
        this.fail(`expected ':' after object key${got}`, `expected ':' after object key, got ${this.describeChar(this.pos)}`, this.pos);
      }
      this.pos++;
      this.skipWs();
      h.set(key, this.parseValue());
      this.skipWs();
      const d = this.src.charCodeAt(this.pos);
      if (d === C.COMMA) {
        this.pos++;
        this.skipWs();
        if (this.src.charCodeAt(this.pos) === C.RBRACE) {
          this.fail(`expected object key, got: '${this.fragment(this.pos)}'`, "trailing comma in object", this.pos);
        }
        continue;
      }
      if (d === C.RBRACE) {
        this.pos++;
        break;
      }
      if (Number.isNaN(d)) this.fail("expected ',' or '}' after object value, got: EOF", "unterminated object (expected ',' or '}')", this.pos);
      this.fail(`expected ',' or '}' after object value, got: '${this.fragment(this.pos)}'`, `expected ',' or '}' after object value, got ${this.describeChar(this.pos)}`, this.pos);
    }
    this.depth--;
    return h;
  }

  private parseString(): string {
    const s = this.src;
    const open = this.pos;
    let i = this.pos + 1;
    let chunkStart = i;
    let out = "";
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === C.QUOTE) {
        out += s.slice(chunkStart, i);
        this.pos = i + 1;
        return out;
      }
      if (c === C.BACKSLASH) {
        out += s.slice(chunkStart, i);
        const e = s.charCodeAt(i + 1);
        switch (e) {
          case C.QUOTE:
            out += '"';
            break;
          case C.BACKSLASH:
            out += "\\";
            break;
          case C.SLASH:
            out += "/";
            break;
          case 98:
            out += "\b";
            break;
          case 102:
            out += "\f";
            break;
          case 110:
            out += "\n";
            break;
          case 114:
            out += "\r";
            break;
          case 116:
            out += "\t";
            break;
          case 117: {
            const u = this.hex4(i + 2, i);
            if (u >= 0xd800 && u <= 0xdbff) {
              if (s.charCodeAt(i + 6) === C.BACKSLASH && s.charCodeAt(i + 7) === 117) {
                const lo = this.hex4(i + 8, i + 6);
                if (lo >= 0xdc00 && lo <= 0xdfff) {
                  out += String.fromCharCode(u, lo);
                  i += 12;
                  chunkStart = i;
                  continue;
                }
                this.fail(`invalid surrogate pair at '${this.fragment(i)}'`, "invalid UTF-16 surrogate pair in \\u escape", i);
              }
              this.fail(`incomplete surrogate pair at '${this.fragment(i)}'`, "incomplete UTF-16 surrogate pair in \\u escape", i);
            }
            // A lone low surrogate is accepted by json (it yields invalid UTF-8 bytes); kept as is.
            out += String.fromCharCode(u);
            i += 6;
            chunkStart = i;
            continue;
          }
          default:
            if (Number.isNaN(e)) this.fail('unexpected end of input, expected closing "', "unterminated string", open, { rubyAt: s.length });
            this.fail(`invalid escape character in string: '${this.fragment(i)}'`, `invalid escape '\\${s[i + 1]}' in string`, i);
        }
        i += 2;
        chunkStart = i;
        continue;
      }
      if (c < 0x20) {
        // json 2.18 quotes the fragment except for NUL, tab, LF and CR (a different code path).
        const frag = c === 0 || c === C.TAB || c === C.LF || c === C.CR ? this.fragment(i, false) : `'${this.fragment(i)}'`;
        this.fail(`invalid ASCII control character in string: ${frag}`, `raw control character ${charName(c)} in string (escape it)`, i);
      }
      if (Number.isNaN(c)) this.fail('unexpected end of input, expected closing "', "unterminated string", open, { rubyAt: s.length });
      i++;
    }
  }

  private hex4(at: number, escAt: number): number {
    let v = 0;
    for (let k = 0; k < 4; k++) {
      const c = this.src.charCodeAt(at + k);
      let d: number;
      if (c >= 48 && c <= 57) d = c - 48;
      else if (c >= 97 && c <= 102) d = c - 87;
      else if (c >= 65 && c <= 70) d = c - 55;
      else return this.fail(`incomplete unicode character escape sequence at '${this.fragment(escAt)}'`, "invalid \\u escape (expected 4 hex digits)", escAt);
      v = v * 16 + d;
    }
    return v;
  }

  private parseNumber(): Value {
    const s = this.src;
    const start = this.pos;
    let i = start;
    if (s.charCodeAt(i) === C.MINUS) i++;
    const intStart = i;
    let c = s.charCodeAt(i);
    if (c === C.D0) {
      i++;
      c = s.charCodeAt(i);
      if (c >= C.D0 && c <= C.D9) this.badNumber(start);
    } else if (c >= C.D0 && c <= C.D9) {
      while (c >= C.D0 && c <= C.D9) c = s.charCodeAt(++i);
    } else {
      // "-" alone or "-Infinity"
      if (c === 73) this.badToken();
      this.badNumber(start);
    }
    const intEnd = i;
    let isFloat = false;
    if (c === C.DOT) {
      isFloat = true;
      c = s.charCodeAt(++i);
      if (!(c >= C.D0 && c <= C.D9)) this.badNumber(start);
      while (c >= C.D0 && c <= C.D9) c = s.charCodeAt(++i);
    }
    if (c === C.e || c === C.E) {
      isFloat = true;
      c = s.charCodeAt(++i);
      if (c === C.PLUS || c === C.MINUS) c = s.charCodeAt(++i);
      if (!(c >= C.D0 && c <= C.D9)) this.badNumber(start);
      while (c >= C.D0 && c <= C.D9) c = s.charCodeAt(++i);
    }
    this.pos = i;
    const text = s.slice(start, i);
    if (isFloat) return new RFloat(Number(text));
    if (intEnd - intStart <= 15) {
      const n = Number(text);
      return n === 0 ? 0 : n;
    }
    const b = BigInt(text);
    return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
  }

  private badNumber(start: number): never {
    return this.fail(`invalid number: '${this.fragment(start)}'`, `invalid number '${this.word(start)}'`, start);
  }

  /** Skips JSON whitespace and json 2.x comments. */
  private skipWs(): void {
    const s = this.src;
    let i = this.pos;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === C.SPACE || c === C.LF || c === C.CR || c === C.TAB) {
        i++;
        continue;
      }
      if (c === C.SLASH) {
        const d = s.charCodeAt(i + 1);
        if (d === C.STAR) {
          const end = s.indexOf("*/", i + 2);
          if (end < 0) this.fail("unterminated comment, expected closing '*/'", "unterminated /* comment", i);
          i = end + 2;
          continue;
        }
        if (d === C.SLASH) {
          const end = s.indexOf("\n", i + 2);
          i = end < 0 ? s.length : end + 1;
          continue;
        }
        this.fail(`unexpected token '${this.fragment(i)}'`, "unexpected character '/'", i);
      }
      break;
    }
    this.pos = i;
  }

  // -- errors ----------------------------------------------------------------------------------

  /** Up to 32 bytes of source from `at` (json's PARSE_ERROR_FRAGMENT_LEN), cut at a character boundary. */
  private fragment(at: number, cutAtSpace = true): string {
    let bytes = 0;
    let i = at;
    const s = this.src;
    while (i < s.length) {
      const cp = s.codePointAt(i)!;
      const n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + n > 32) break;
      bytes += n;
      i += cp > 0xffff ? 2 : 1;
    }
    let frag = s.slice(at, i);
    const nul = frag.indexOf("\0");
    if (nul >= 0) frag = frag.slice(0, nul); // a C string: NUL ends it
    // json 2.x quotes up to the first JSON whitespace, and drops a trailing multibyte
    // character (its cut for a fragment that may end inside one).
    const ws = cutAtSpace ? frag.search(/[ \t\r\n]/) : -1;
    if (ws >= 0) frag = frag.slice(0, ws);
    const last = frag.codePointAt(frag.length - 1 - (frag.length >= 2 && /[\udc00-\udfff]/.test(frag[frag.length - 1]) ? 1 : 0));
    if (last !== undefined && last >= 0x80) frag = frag.slice(0, frag.length - (last > 0xffff ? 2 : 1));
    return frag;
  }

  /** The run of non-delimiter characters at `at` (for plain messages). */
  private word(at: number): string {
    const m = /^[^\s,\]}:"/]{1,40}/.exec(this.src.slice(at, at + 40));
    return m ? m[0] : this.src.charAt(at);
  }

  private describeChar(at: number): string {
    if (at >= this.src.length) return "end of input";
    const ch = String.fromCodePoint(this.src.codePointAt(at)!);
    return ch.charCodeAt(0) < 0x20 || ch === "\uFEFF" ? charName(ch.codePointAt(0)!) : `character '${ch}'`;
  }

  /** Throws: `rubyCore` is json's message before its " at line L column C" suffix (added here, json-style, at `rubyAt`). */
  private fail(rubyCore: string, description: string, at: number, opts: { nesting?: boolean; rubyAt?: number } = {}): never {
    const nesting = opts.nesting ?? false;
    const rubyAt = opts.rubyAt ?? at;
    const { line, column } = lineCol(this.src, at);
    const rb = rubyCursor(this.src, rubyAt);
    const rubyMessage = nesting ? rubyCore : `${rubyCore} at line ${rb.line} column ${rb.column}`;
    throw new JsonSyntaxError(rubyMessage, description, at, line, column, nesting);
  }
}

function charName(c: number): string {
  return `U+${c.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** 1-based line and 1-based column counted in characters (code points). */
export function lineCol(src: string, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = src.indexOf("\n"); i >= 0 && i < at; i = src.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  let column = 1;
  for (let i = lineStart; i < at && i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) i++;
    column++;
  }
  return { line, column };
}

/**
 * json 2.18's `cursor_position`: column counts bytes back to the previous newline (1-based),
 * and its line count is one less than the real line whenever the cursor is past a newline.
 */
function rubyCursor(src: string, at: number): { line: number; column: number } {
  const nl = at > 0 ? src.lastIndexOf("\n", Math.min(at, src.length) - 1) : -1;
  // json checks the character under the cursor first: a cursor *on* a newline stops there.
  if (at < src.length && src.charCodeAt(at) === 10) {
    return { line: 1 + countNewlines(src.slice(0, at)), column: 0 };
  }
  const lineText = src.slice(nl + 1, at);
  const column = Buffer.byteLength(lineText, "utf8") + 1;
  if (nl < 0) return { line: 1, column };
  const n = countNewlines(src.slice(0, nl));
  return { line: 1 + n, column };
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf("\n"); i >= 0; i = s.indexOf("\n", i + 1)) n++;
  return n;
}

/** A small code frame: the offending line with a caret under the column. */
export function codeFrame(src: string, line: number, column: number): string {
  const lines = src.split("\n");
  const text = (lines[line - 1] ?? "").replace(/\r$/, "");
  if (text.length > 200) return "";
  const gutter = String(line);
  return `${gutter} | ${text}\n${" ".repeat(gutter.length)} | ${" ".repeat(Math.max(0, column - 1))}^`;
}
