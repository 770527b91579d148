/**
 * Source positions: line starts of a text, offset -> line/column, code frames, and conversion of
 * UTF-8 byte offsets (what Prism reports for a JS string it UTF-8 encodes) to UTF-16 string indices.
 *
 * Conventions: offsets are 0-based UTF-16 indices into the JS string; lines are 1-based and end at
 * `\n` (as Ruby counts them; a `\r` before it belongs to the line); columns are 1-based and counted in
 * characters (Unicode code points).
 */

export interface LineColumn {
  /** 1-based line. */
  line: number;
  /** 1-based column in characters (code points). */
  column: number;
}

function hasSurrogates(text: string): boolean {
  return /[\ud800-\udfff]/.test(text);
}

/** Number of code points in `text.slice(from, to)` (a lone surrogate counts as one). */
function codePointCount(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Binary search: the largest i with starts[i] <= x (starts ascending, starts[0] <= x). */
function floorIndex(starts: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** A text (usually a template) with its line starts, for positions and code frames. */
export class SourceText {
  readonly text: string;
  readonly filename: string;
  /** UTF-16 index of the first character of each line (lineStarts[0] === 0). */
  readonly lineStarts: readonly number[];
  private readonly surrogates: boolean;

  constructor(text: string, filename = "(erb)") {
    this.text = text;
    this.filename = filename;
    const starts = [0];
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    this.lineStarts = starts;
    this.surrogates = hasSurrogates(text);
  }

  /** Number of lines (a trailing newline starts a last, empty line). */
  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Line and column of a UTF-16 offset (clamped to the text). */
  position(offset: number): LineColumn {
    const off = Math.max(0, Math.min(Math.trunc(offset), this.text.length));
    const idx = floorIndex(this.lineStarts, off);
    const start = this.lineStarts[idx];
    const column = this.surrogates ? codePointCount(this.text, start, off) + 1 : off - start + 1;
    return { line: idx + 1, column };
  }

  /** UTF-16 offset of a 1-based line/column (clamped to the line and the text). */
  offset(line: number, column = 1): number {
    const l = Math.max(1, Math.min(Math.trunc(line), this.lineCount));
    const start = this.lineStarts[l - 1];
    const end = l < this.lineCount ? this.lineStarts[l] - 1 : this.text.length;
    let i = start;
    for (let col = 1; col < column && i < end; col++) {
      const c = this.text.charCodeAt(i);
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < end && (this.text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
    }
    return i;
  }

  /** The text of a 1-based line without its line ending (`\n` or `\r\n`); "" when out of range. */
  lineText(line: number): string {
    if (line < 1 || line > this.lineCount) return "";
    const start = this.lineStarts[line - 1];
    let end = line < this.lineCount ? this.lineStarts[line] - 1 : this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === 13 && line < this.lineCount) end--;
    return this.text.slice(start, end);
  }

  /**
   * A few lines around `line`, the failing one marked with `>`, a caret under `column` (omit or pass
   * null for none), line numbers in a gutter:
   *
   * ```
   *   1 | a
   * > 2 | <%= nil.foo %>
   *     |        ^
   *   3 | b
   * ```
   *
   * Returns "" when `line` is outside the text.
   */
  codeFrame(line: number, column: number | null = null, contextLines = 2): string {
    if (!(line >= 1 && line <= this.lineCount)) return "";
    const first = Math.max(1, line - contextLines);
    const last = Math.min(this.lineCount, line + contextLines);
    const width = String(last).length;
    const out: string[] = [];
    for (let l = first; l <= last; l++) {
      const text = this.lineText(l);
      const mark = l === line ? ">" : " ";
      const num = String(l).padStart(width);
      out.push(text === "" ? `${mark} ${num} |` : `${mark} ${num} | ${text}`);
      if (l === line && column !== null && column >= 1) {
        // Keep tabs so the caret lines up however the terminal expands them.
        let pad = "";
        let col = 1;
        for (const ch of text) {
          if (col >= column) break;
          pad += ch === "\t" ? "\t" : " ";
          col++;
        }
        if (col < column) pad += " ".repeat(column - col);
        out.push(`  ${" ".repeat(width)} | ${pad}^`);
      }
    }
    return out.join("\n");
  }
}

/** UTF-8 length of a JS string (a lone surrogate counts 3 bytes, as `TextEncoder` writes U+FFFD). */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function isAscii(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[^\x00-\x7f]/.test(text);
}

/**
 * A converter from UTF-8 byte offsets in `text` (as Prism reports them) to UTF-16 indices.
 * A byte offset inside a multi-byte character maps to that character's index; offsets past the end
 * map to `text.length`. For ASCII text it is the identity (nothing precomputed).
 */
export function byteOffsetToIndex(text: string): (byteOffset: number) => number {
  const len = text.length;
  if (isAscii(text)) return (b) => (b <= 0 ? 0 : b >= len ? len : b);
  const total = utf8Length(text);
  const map = new Uint32Array(total + 1);
  let b = 0;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    let size: number;
    if (c < 0x80) size = 1;
    else if (c < 0x800) size = 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < len && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) size = 4;
    else size = 3;
    for (let k = 0; k < size; k++) map[b + k] = i;
    b += size;
    if (size === 4) i++;
  }
  map[total] = len;
  return (byteOffset) => (byteOffset <= 0 ? 0 : byteOffset >= total ? len : map[byteOffset]);
}

/** The reverse converter: UTF-16 index in `text` -> UTF-8 byte offset (identity for ASCII text). */
export function indexToByteOffset(text: string): (index: number) => number {
  const len = text.length;
  if (isAscii(text)) return (i) => (i <= 0 ? 0 : i >= len ? len : i);
  const map = new Uint32Array(len + 1);
  let b = 0;
  for (let i = 0; i < len; i++) {
    map[i] = b;
    const c = text.charCodeAt(i);
    if (c < 0x80) b += 1;
    else if (c < 0x800) b += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < len && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      map[++i] = b; // the low surrogate shares the pair's start
      b += 4;
    } else b += 3;
  }
  map[len] = b;
  return (index) => (index <= 0 ? 0 : index >= len ? map[len] : map[index]);
}
