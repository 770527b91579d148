/** Literals: numbers, strings, symbols, regexps, arrays, hashes, ranges. */
import { nodeKind } from "../../parse/node-kind.js";
import type * as P from "@ruby/prism/src/nodes.js";
import {
  RArray,
  RFloat,
  RHash,
  RRange,
  RRegexp,
  RString,
  classOf,
  hashKeyOf,
  str,
  sym,
  } from "../../runtime/values.js";
import { Frame } from "../frame.js";
import type { Code } from "../params.js";
import { compileRegexpLiteral, regexpToS } from "../hooks.js";
import { RT } from "./current.js";
import { brokenUtf8, brokenUtf8String, joinUtf8Pieces } from "../../runtime/broken-utf8.js";
import { integerLiteral, interpPiece, interpToS, splatToArray } from "./semantics.js";
import { CompilerBase, evaluateAll } from "./base.js";

type Node = P.Node;

export abstract class LiteralCompiler extends CompilerBase {
  cNilNode(): Code {
    return () => null;
  }

  cTrueNode(): Code {
    return () => true;
  }

  cFalseNode(): Code {
    return () => false;
  }

  cSelfNode(): Code {
    return (f) => f.self;
  }

  cIntegerNode(n: P.IntegerNode): Code {
    // Read from the source text: @ruby/prism 1.9.0's deserializer garbles literals of 2**31 and more.
    const v = integerLiteral(this.rawSlice(n.location));
    return () => v;
  }

  cFloatNode(n: P.FloatNode): Code {
    const v = new RFloat(n.value);
    return () => v;
  }

  cImaginaryNode(n: Node): Code {
    return this.unsupported(n, "Complex literal");
  }

  cRationalNode(n: Node): Code {
    return this.unsupported(n, "Rational literal");
  }

  /** A string literal's value. Prism's decoder (TextDecoder) drops a leading UTF-8 BOM; Ruby keeps it. */
  protected stringValue(n: P.StringNode): string {
    const v = n.unescaped.value;
    if (n.contentLoc && v.charCodeAt(0) !== 0xfeff && !v.startsWith("\\x")) {
      const raw = this.rawSlice(n.contentLoc);
      if (raw.startsWith("\\xEF\\xBB\\xBF") || raw.charCodeAt(0) === 0xfeff) return `\ufeff${v}`;
    }
    return v;
  }


  /** The bytes of a literal that is not valid UTF-8 (`"\xff"`), or null for a valid one. */
  protected invalidUtf8Bytes(n: P.StringNode): Uint8Array | null {
    const raw = n.unescaped as unknown as { validEncoding?: boolean; value: string };
    if (raw.validEncoding !== false || n.isForcedBinaryEncoding()) return null;
    // Prism decodes invalid UTF-8 as windows-1252; recover the bytes.
    return Uint8Array.from(Array.from(raw.value, (c) => WIN1252_BYTE.get(c) ?? c.charCodeAt(0)));
  }

  cStringNode(n: P.StringNode): Code {
    const bytes = this.invalidUtf8Bytes(n);
    if (bytes !== null) {
      const frozen = n.isFrozen();
      return () => {
        const r = brokenUtf8String(bytes);
        if (frozen) r.frozen = true;
        return r;
      };
    }
    const s = this.stringValue(n);
    if (n.isFrozen()) {
      return () => {
        const r = new RString(s);
        r.frozen = true;
        return r;
      };
    }
    return () => new RString(s);
  }

  cSymbolNode(n: P.SymbolNode): Code {
    const v = sym(n.unescaped.value);
    return () => v;
  }

  cXStringNode(n: Node): Code {
    const at = n.location.startOffset;
    return () => ((RT.pos = at), RT.sandbox("backtick command execution"));
  }

  cInterpolatedXStringNode(n: Node): Code {
    return this.cXStringNode(n);
  }

  cSourceLineNode(n: Node): Code {
    const line = this.meta.lineOf(n.location.startOffset);
    return () => line;
  }

  cSourceFileNode(): Code {
    const file = this.meta.filename;
    return () => str(file);
  }


  /**
   * The parts of an interpolated literal, concatenated with Ruby's `to_s` rules: text, or a String
   * when a part holds bytes that are not valid UTF-8 (they join as bytes, as CRuby's do).
   */
  protected parts(parts: Node[]): (f: Frame) => string | RString {
    const codes = parts.map((p): ((f: Frame) => string | RString) => {
      if (nodeKind(p) === "StringNode") {
        const bytes = this.invalidUtf8Bytes(p as P.StringNode);
        if (bytes !== null) {
          const r = brokenUtf8String(bytes);
          return () => r;
        }
        const s = this.stringValue(p as P.StringNode);
        return () => s;
      }
      const c = nodeKind(p) === "EmbeddedStatementsNode" ? this.stmts((p as P.EmbeddedStatementsNode).statements) : this.compile(p);
      return (f: Frame) => interpPiece(c(f));
    });
    return (f) => {
      let out = "";
      let pieces: (string | RString)[] | null = null;
      for (const c of codes) {
        const v = c(f);
        if (pieces !== null) pieces.push(v);
        else if (typeof v === "string") out += v;
        else pieces = [out, v];
      }
      return pieces === null ? out : joinUtf8Pieces(pieces);
    };
  }

  cInterpolatedStringNode(n: P.InterpolatedStringNode): Code {
    const p = this.parts(n.parts);
    const frozen = n.isFrozen();
    return (f) => {
      const v = p(f);
      const s = typeof v === "string" ? new RString(v) : v;
      if (frozen) s.frozen = true;
      RT.checkSize(s.s.length, "String");
      return s;
    };
  }

  cEmbeddedStatementsNode(n: P.EmbeddedStatementsNode): Code {
    return this.stmts(n.statements);
  }

  cEmbeddedVariableNode(n: P.EmbeddedVariableNode): Code {
    return this.compile(n.variable);
  }

  cInterpolatedSymbolNode(n: P.InterpolatedSymbolNode): Code {
    const p = this.parts(n.parts);
    const at = n.location.startOffset;
    return (f) => {
      const v = p(f);
      if (typeof v === "string") return sym(v);
      if (brokenUtf8.has(v)) {
        RT.pos = at;
        return RT.raise("EncodingError", `invalid symbol in encoding UTF-8 :${RT.toS(RT.send(v, "inspect"))}`);
      }
      return sym(v.s);
    };
  }


  protected regexpOptions(n: { isIgnoreCase(): boolean; isExtended(): boolean; isMultiLine(): boolean }): number {
    return (n.isIgnoreCase() ? 1 : 0) | (n.isExtended() ? 2 : 0) | (n.isMultiLine() ? 4 : 0);
  }


  cRegularExpressionNode(n: P.RegularExpressionNode): Code {
    // Ruby drops the backslash of an escaped delimiter: /a\/b/.source is "a/b".
    const open = this.rawSlice(n.openingLoc);
    const delim = open === "/" ? "/" : open.length === 3 ? open[2] : "";
    const raw = this.rawSlice(n.contentLoc);
    const source = delim === "/" ? raw.replace(/\\\//g, "/") : raw;
    const opts = this.regexpOptions(n);
    const at = n.location.startOffset;
    let cached: RRegexp | null = null;
    return () => {
      if (cached) return cached;
      RT.pos = at;
      return (cached = compileRegexpLiteral(RT, source, opts));
    };
  }

  cInterpolatedRegularExpressionNode(n: P.InterpolatedRegularExpressionNode): Code {
    const opts = this.regexpOptions(n);
    const at = n.location.startOffset;
    const codes = n.parts.map((p) => {
      if (nodeKind(p) === "StringNode") {
        const s = this.rawSlice((p as P.StringNode).contentLoc ?? p.location);
        return () => s;
      }
      const c = nodeKind(p) === "EmbeddedStatementsNode" ? this.stmts((p as P.EmbeddedStatementsNode).statements) : this.compile(p);
      return (f: Frame) => {
        const v = c(f);
        return v instanceof RRegexp ? regexpToS(v) : interpToS(v);
      };
    });
    return (f) => {
      let src = "";
      for (const c of codes) src += (c as (f: Frame) => string)(f);
      RT.pos = at;
      return compileRegexpLiteral(RT, src, opts);
    };
  }

  cMatchLastLineNode(n: Node): Code {
    return this.unsupported(n, "regexp literal as a condition (matches $_)");
  }


  cArrayNode(n: P.ArrayNode): Code {
    const hasSplat = n.elements.some((e) => nodeKind(e) === "SplatNode");
    if (!hasSplat) {
      const values = evaluateAll(n.elements.map((e) => this.compile(e)));
      return (f) => new RArray(values(f));
    }
    const items = this.argItems(n.elements);
    return (f) => new RArray(items(f));
  }


  cHashNode(n: P.HashNode): Code {
    return this.hashElements(n.elements, false);
  }

  cKeywordHashNode(n: P.KeywordHashNode): Code {
    return this.hashElements(n.elements, true);
  }

  protected hashElements(elements: Node[], kw: boolean): Code {
    const parts = elements.map((e) => {
      if (nodeKind(e) === "AssocNode") {
        const a = e as P.AssocNode;
        const value = this.compile(a.value);
        // A String literal key is the same frozen String every time (Ruby dedups it too): made once, hashed once.
        if (nodeKind(a.key) === "StringNode" && this.invalidUtf8Bytes(a.key as P.StringNode) === null) {
          const fixed = new RString(this.stringValue(a.key as P.StringNode));
          fixed.frozen = true;
          return { key: null, fixed, hashed: hashKeyOf(fixed), value, splat: false };
        }
        return { key: this.compile(a.key), fixed: null, hashed: null, value, splat: false };
      }
      const s = e as P.AssocSplatNode;
      return { key: null, fixed: null, hashed: null, value: this.compile(s.value), splat: true };
    });
    return (f) => {
      const h = new RHash();
      for (const p of parts) {
        if (p.splat) {
          const v = p.value(f);
          if (v === null) continue;
          if (!(v instanceof RHash)) RT.raise("TypeError", `no implicit conversion of ${classOf(v).name} into Hash`);
          for (const [k, x] of (v as RHash).entries()) h.set(k, x);
        } else if (p.fixed !== null) {
          h.setHashed(p.hashed, p.fixed, p.value(f));
        } else {
          h.set(p.key!(f), p.value(f));
        }
      }
      h.kw = kw;
      RT.checkSize(h.size, "Hash");
      return h;
    };
  }

  cImplicitNode(n: P.ImplicitNode): Code {
    return this.compile(n.value);
  }


  cRangeNode(n: P.RangeNode): Code {
    const l = this.compile(n.left);
    const r = this.compile(n.right);
    const excl = n.isExcludeEnd();
    return (f) => {
      const a = l(f);
      const b = r(f);
      if (a !== null && b !== null && !(typeof a === "number" && typeof b === "number")) {
        const c = RT.send(a, "<=>", [b]);
        if (c === null) RT.raise("ArgumentError", "bad value for range");
      }
      return new RRange(a, b, excl);
    };
  }

  cSplatNode(n: P.SplatNode): Code {
    const e = this.compile(n.expression);
    return (f) => new RArray(splatToArray(e(f)));
  }
}

/** windows-1252's characters for bytes 0x80-0x9F (the rest decode to U+0000-U+00FF as is). */
const WIN1252_BYTE = new Map<string, number>(
  [0x20ac, -1, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, -1, 0x017d, -1, -1, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, -1, 0x017e, 0x0178]
    .map((cp, i) => [cp, 0x80 + i] as const)
    .filter(([cp]) => cp >= 0)
    .map(([cp, b]) => [String.fromCharCode(cp), b]),
);
