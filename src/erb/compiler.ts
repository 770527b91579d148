/**
 * ERB (trim_mode '-') -> the Ruby program `ERB.new(template, trim_mode: '-').src` of Ruby 4.0
 * (erb 6.0.x), byte for byte, plus a map from program positions back to the template.
 *
 * This mirrors `ERB::Compiler` (ExplicitScanner + Buffer) token by token, as verified on Ruby 4.0
 * (trim mode '-', `<%%`, comments, newlines; test/erb checks it against CRuby's `ERB#src`). The
 * program keeps the template's line structure: template line N is program line N + headerLines.
 */
import { TemplateRenderError } from "../diagnostics/errors.js";
import { SourceText, byteOffsetToIndex, type LineColumn } from "../diagnostics/source.js";
import { dumpBinaryString } from "./escape.js";
import { detectMagicComment } from "./magic-comment.js";

export interface CompileErbOptions {
  /** Template name for messages (BOSH: `<job>/<templates key>`); Ruby's default is `(erb)`. */
  filename?: string;
}

export interface TemplatePosition extends LineColumn {
  /** 0-based UTF-16 offset in the template. */
  offset: number;
}

/** A compiled template. */
export interface ErbProgram {
  /** The Ruby program, identical to Ruby 4.0's `ERB#src` (as a JS string; text bytes >= 0x80 are `\xHH`). */
  readonly code: string;
  readonly template: string;
  readonly filename: string;
  /** The template with line starts (positions, code frames). */
  readonly source: SourceText;
  /** Encoding of the program and of the result string (`#coding:` header; UTF-8 unless a magic comment says otherwise). */
  readonly encoding: string;
  /** Whether string literals are frozen (`frozen_string_literal: true` magic comment). */
  readonly frozenStringLiteral: boolean;
  /**
   * The word of a `frozen_string_literal` magic comment as written (`true`, `false`, or anything else,
   * which Ruby warns about and ignores), or null.
   */
  readonly frozenStringLiteralValue: string | null;
  /** Lines before the first template line: 1 (`#coding:`), 2 with a frozen magic comment, 0 for `coding: internal`. */
  readonly headerLines: number;
  /** Template position of a UTF-16 index in `code` (indices past the end map to the template's end). */
  templatePosition(codeIndex: number): TemplatePosition;
  /** Template position of a UTF-8 byte offset in `code` (what Prism reports). */
  templatePositionOfByte(codeByteOffset: number): TemplatePosition;
  /** Template offset (0-based UTF-16) of a UTF-16 index in `code`. */
  templateOffset(codeIndex: number): number;
}

/** A run of program text mapped to the template: char-by-char (`verbatim`) or all to `src`. */
type Part = { text: string; src: number; verbatim: boolean };
type Command = { origin: number; parts: Part[] };
/** Text or code collected from the template: pieces copied verbatim, each starting at `src`. */
type Piece = { text: string; src: number };

class Program {
  code = "";
  /** Segment i starts at code index segStart[i] and maps to template offset segSrc[i] (+ distance if verbatim). */
  readonly segStart: number[] = [];
  readonly segSrc: number[] = [];
  readonly segVerbatim: boolean[] = [];

  emit(text: string, src: number, verbatim: boolean): void {
    if (text === "") return;
    const n = this.segStart.length;
    const at = this.code.length;
    if (n > 0) {
      const lastStart = this.segStart[n - 1];
      const lastSrc = this.segSrc[n - 1];
      const lastVerb = this.segVerbatim[n - 1];
      const continues = verbatim
        ? lastVerb && lastSrc + (at - lastStart) === src
        : !lastVerb && lastSrc === src;
      if (!continues) {
        this.segStart.push(at);
        this.segSrc.push(src);
        this.segVerbatim.push(verbatim);
      }
    } else {
      this.segStart.push(at);
      this.segSrc.push(src);
      this.segVerbatim.push(verbatim);
    }
    this.code += text;
  }
}

/** `ERB::Compiler::Buffer`. */
class Buffer {
  private line: Command[] = [];
  constructor(private readonly prog: Program) {}

  push(cmd: Command): void {
    this.line.push(cmd);
  }

  private writeLine(): void {
    this.line.forEach((cmd, i) => {
      if (i > 0) this.prog.emit("; ", cmd.origin, false);
      for (const p of cmd.parts) this.prog.emit(p.text, p.src, p.verbatim);
    });
  }

  /** A line break; the newline maps to template offset `src`. */
  cr(src: number): void {
    this.writeLine();
    this.line = [];
    this.prog.emit("\n", src, true);
  }

  close(end: number): void {
    this.push({ origin: end, parts: [{ text: "_erbout", src: end, verbatim: false }] });
    this.writeLine();
  }
}

function piecesText(pieces: Piece[]): string {
  return pieces.length === 1 ? pieces[0].text : pieces.map((p) => p.text).join("");
}

/** One raw newline per `\n` in the pieces, each mapped to its template newline. */
function newlineParts(pieces: Piece[]): Part[] {
  const parts: Part[] = [];
  for (const p of pieces) {
    for (let i = p.text.indexOf("\n"); i !== -1; i = p.text.indexOf("\n", i + 1)) {
      parts.push({ text: "\n", src: p.src + i, verbatim: true });
    }
  }
  return parts;
}

function verbatimParts(pieces: Piece[]): Part[] {
  return pieces.map((p) => ({ text: p.text, src: p.src, verbatim: true }));
}

const enum Stag {
  None,
  Code,
  Insert,
  Comment,
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/**
 * Compiles a template as `ERB.new(template, trim_mode: '-')` does.
 * Throws `TemplateRenderError` (ArgumentError `unknown encoding name - <name>`) for a magic comment
 * naming an unknown encoding, as `ERB.new` raises.
 */
export function compileErb(template: string, options: CompileErbOptions = {}): ErbProgram {
  const filename = options.filename ?? "(erb)";
  const s = template;
  const len = s.length;
  const source = new SourceText(template, filename);

  const magic = detectMagicComment(s);
  if (magic.unknownEncoding) {
    // The comment starts at byte 0; point at its first character.
    const at = s.indexOf(magic.codingName ?? "", 3);
    const pos = source.position(at >= 0 ? at : 0);
    throw new TemplateRenderError(
      "ArgumentError",
      `unknown encoding name - ${magic.codingName}`,
      { filename, line: pos.line, column: pos.column },
      source.codeFrame(pos.line, pos.column),
    );
  }

  const prog = new Program();
  let headerLines = 0;
  // Without a magic comment the header names the template String's encoding: UTF-8.
  const headerEncoding = magic.encoding === undefined ? "UTF-8" : magic.encoding;
  if (headerEncoding !== null) {
    prog.emit(`#coding:${headerEncoding}\n`, 0, false);
    headerLines++;
  }
  if (magic.frozen !== null) {
    prog.emit(`#frozen-string-literal:${magic.frozen}\n`, 0, false);
    headerLines++;
  }

  const out = new Buffer(prog);
  out.push({ origin: 0, parts: [{ text: "_erbout = +''", src: 0, verbatim: false }] });

  let content: Piece[] = [];
  let contentSize = 0;
  let stag = Stag.None;
  let stagAt = 0; // template offset of the open tag's `<%`

  const append = (text: string, src: number): void => {
    content.push({ text, src });
    contentSize += text.length;
  };
  const resetContent = (): void => {
    content = [];
    contentSize = 0;
  };
  const addPutCmd = (): void => {
    const text = piecesText(content);
    const origin = content[0].src;
    out.push({
      origin,
      parts: [{ text: `_erbout.<< ${dumpBinaryString(text)}.freeze`, src: origin, verbatim: false }, ...newlineParts(content)],
    });
  };
  /** compile_stag for an opener. */
  const openTag = (kind: Stag, at: number): void => {
    stag = kind;
    stagAt = at;
    if (contentSize > 0) addPutCmd();
    resetContent();
  };
  /** compile_etag('%>') -> compile_content; `etagAt` is the template offset of the closing `%>`/`-%>`. */
  const closeTag = (etagAt: number): void => {
    switch (stag) {
      case Stag.Code: {
        const parts = verbatimParts(content);
        const last = parts[parts.length - 1];
        if (last !== undefined && last.text.endsWith("\n")) {
          // content.chop!: "\r\n" goes as a unit.
          const cut = last.text.endsWith("\r\n") ? 2 : 1;
          const brk = last.src + last.text.length - cut;
          last.text = last.text.slice(0, -cut);
          out.push({ origin: stagAt, parts });
          out.cr(brk);
        } else {
          out.push({ origin: stagAt, parts });
        }
        break;
      }
      case Stag.Insert:
        out.push({
          origin: stagAt,
          parts: [
            { text: "_erbout.<<((", src: stagAt, verbatim: false },
            ...verbatimParts(content),
            { text: ").to_s)", src: etagAt, verbatim: false },
          ],
        });
        break;
      case Stag.Comment:
        out.push({ origin: stagAt, parts: newlineParts(content) });
        break;
      default:
        break;
    }
    stag = Stag.None;
    resetContent();
  };

  /** compile_stag for the text before an opener (`scanner[1]`). */
  function textToken(from: number, to: number): void {
    if (to <= from) return;
    if (to - from === 1 && s.charCodeAt(from) === 0x0a) {
      // compile_stag's `when "\n"`: the text is flushed at once.
      append("\n", from);
      addPutCmd();
      resetContent();
      return;
    }
    append(s.slice(from, to), from);
  }

  let pos = 0;
  while (pos < len) {
    if (stag === Stag.None) {
      // /(.*?)(^[ \t]*<%-|<%-|<%%|<%=|<%#|<%|\z)/m
      const q = s.indexOf("<%", pos);
      if (q === -1) {
        textToken(pos, len);
        pos = len;
        break;
      }
      const next = s.charCodeAt(q + 2);
      if (next === 0x2d /* - */) {
        let r = q;
        while (r > pos && isBlank(s.charCodeAt(r - 1))) r--;
        const lineStart = r === pos || s.charCodeAt(r - 1) === 0x0a;
        textToken(pos, lineStart ? r : q);
        openTag(Stag.Code, q);
        pos = q + 3;
      } else {
        textToken(pos, q);
        if (next === 0x25 /* % */) {
          append("<%", q);
          pos = q + 3;
        } else if (next === 0x3d /* = */) {
          openTag(Stag.Insert, q);
          pos = q + 3;
        } else if (next === 0x23 /* # */) {
          openTag(Stag.Comment, q);
          pos = q + 3;
        } else {
          openTag(Stag.Code, q);
          pos = q + 2;
        }
      }
    } else {
      // /(.*?)(-%>|%%>|%>|\z)/m
      const q = s.indexOf("%>", pos);
      if (q === -1) {
        if (len > pos) append(s.slice(pos, len), pos);
        pos = len;
        break;
      }
      const prev = q > pos ? s.charCodeAt(q - 1) : -1;
      if (prev === 0x2d /* - */) {
        if (q - 1 > pos) append(s.slice(pos, q - 1), pos);
        closeTag(q - 1);
        pos = q + 2;
        // scanner.scan(/(\r?\n|\z)/)
        if (s.charCodeAt(pos) === 0x0a) {
          out.cr(pos);
          pos += 1;
        } else if (s.charCodeAt(pos) === 0x0d && s.charCodeAt(pos + 1) === 0x0a) {
          out.cr(pos);
          pos += 2;
        } else if (pos >= len) {
          out.cr(len);
        }
      } else if (prev === 0x25 /* % */) {
        if (q - 1 > pos) append(s.slice(pos, q - 1), pos);
        append("%>", q);
        pos = q + 2;
      } else {
        if (q > pos) append(s.slice(pos, q), pos);
        closeTag(q);
        pos = q + 2;
      }
    }
  }
  if (contentSize > 0) addPutCmd();
  out.close(len);

  const code = prog.code;
  const segStart = Int32Array.from(prog.segStart);
  const segSrc = Int32Array.from(prog.segSrc);
  const segVerbatim = Uint8Array.from(prog.segVerbatim, (v) => (v ? 1 : 0));
  const frozenValue = magic.frozen;
  // Without a #coding header Ruby evaluates the program in the program string's own encoding.
  const encoding = headerEncoding ?? (/[^\x00-\x7f]/.test(code) ? "ASCII-8BIT" : "UTF-8");

  const templateOffset = (codeIndex: number): number => {
    const i = Math.trunc(codeIndex);
    if (i >= code.length || segStart.length === 0) return len;
    if (i <= 0) return segSrc[0];
    let lo = 0;
    let hi = segStart.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (segStart[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    const off = segVerbatim[lo] ? segSrc[lo] + (i - segStart[lo]) : segSrc[lo];
    return off > len ? len : off;
  };
  const templatePosition = (codeIndex: number): TemplatePosition => {
    const offset = templateOffset(codeIndex);
    const { line, column } = source.position(offset);
    return { line, column, offset };
  };
  let byteConv: ((b: number) => number) | null = null;

  return {
    code,
    template,
    filename,
    source,
    encoding,
    frozenStringLiteral: frozenValue !== null && frozenValue.toLowerCase() === "true",
    frozenStringLiteralValue: frozenValue,
    headerLines,
    templatePosition,
    templateOffset,
    templatePositionOfByte(codeByteOffset: number): TemplatePosition {
      byteConv ??= byteOffsetToIndex(code);
      return templatePosition(byteConv(codeByteOffset));
    },
  };
}
