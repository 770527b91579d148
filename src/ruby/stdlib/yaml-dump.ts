/**
 * `to_yaml` / `YAML.dump` exactly as Ruby 4.0 (Psych 5.3 over libyaml 0.2.5) writes them.
 *
 * Two stages, as in Psych: {@link buildTree} turns Ruby values into nodes with Psych's style
 * requests (YAMLTree: which strings ask for quoting or a literal block, anchors for repeated
 * Arrays/Hashes), then {@link Emitter} replays libyaml's emitter: scalar analysis, style
 * selection, indentation, line folding at column 80, `---` header and `...` trailer.
 */
import { Buffer } from "buffer";
import { StringMemo } from "../runtime/string-memo.js";
import { TextBuilder } from "../runtime/builder.js";
import {
  type Interp,
  type Value,
  RArray,
  RFloat,
  RHash,
  RObject,
  RString,
  RSymbol,
  cArray,
  cHash,
} from "../runtime/values.js";
import { floatToS } from "../core/float-to-s.js";
import { RTime, strftime } from "./time.js";
import { RSet, cSet } from "./set.js";
import { UnsupportedRubyError } from "../../diagnostics/errors.js";

const enum Style {
  Any,
  Plain,
  Single,
  Double,
  Literal,
  Folded,
}

interface ScalarNode {
  kind: "scalar";
  value: string;
  tag: string | null;
  plain: boolean;
  quoted: boolean;
  style: Style;
  anchor: string | null;
  /** analyzeScalar(value), computed once (a key is analysed for the simple-key check and again to emit). */
  analysis: Analysis | null;
  /** Code points of `value` when it has no space or break to fold at (-2 when it has, -1 while not looked at). */
  columns: number;
}
interface SeqNode {
  kind: "seq";
  items: Node[];
  tag: string | null;
  anchor: string | null;
}
interface MapNode {
  kind: "map";
  pairs: [Node, Node][];
  tag: string | null;
  anchor: string | null;
}
interface AliasNode {
  kind: "alias";
  anchor: string;
  target: Node;
}
type Node = ScalarNode | SeqNode | MapNode | AliasNode;

export interface YamlDumpOptions {
  /** Psych's `indentation:` (libyaml best_indent, 2..9). */
  indentation?: number;
  /** Psych's `line_width:` (libyaml best_width; -1 = unlimited). */
  lineWidth?: number;
}

// ---------------------------------------------------------------------------------------------
// Psych::ScalarScanner#tokenize, reduced to the question the dumper asks: would this plain text
// load back as something other than a String? Ruby's ^/$ are line anchors.

const BOL = "(?<![^\\n])";
const EOL = "(?![^\\n])";
const RSPACE = " \\t\\n\\v\\f\\r";
const STRINGISH = new RegExp(`${BOL}[^\\d.:-]?[\\p{Alphabetic}_${RSPACE}!@#$%\\^&*(){}<>|/\\\\~;=]+`, "u");
const TIME = new RegExp(
  `${BOL}-?\\d{4}-\\d{1,2}-\\d{1,2}(?:[Tt]|[${RSPACE}]+)\\d{1,2}:\\d\\d:\\d\\d(?:\\.\\d*)?(?:[${RSPACE}]*(?:Z|[-+]\\d{1,2}:?(?:\\d\\d)?))?${EOL}`,
);
const DATE = new RegExp(`${BOL}(\\d{4})-(1[012]|0\\d|\\d)-([12]\\d|3[01]|0\\d|\\d)${EOL}`);
const FLOAT = new RegExp(`${BOL}(?:[-+]?([0-9][0-9_,]*)?\\.[0-9]*([eE][-+][0-9]+)?)${EOL}`);
const INTEGER_LEGACY = new RegExp(
  `${BOL}(?:[-+]?0b[_,]*[0-1][0-1_,]*|[-+]?0[_,]*[0-7][0-7_,]*|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[_,]*[0-9a-fA-F][0-9a-fA-F_,]*)${EOL}`,
);
const SEXAGESIMAL_INT = new RegExp(`${BOL}[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}${EOL}`);
const SEXAGESIMAL_FLOAT = new RegExp(`${BOL}[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}\\.[0-9_]*${EOL}`);

function validDate(s: string): boolean {
  const m = DATE.exec(s)!;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return d <= days;
}

function validTime(s: string): boolean {
  const m = /(-?\d{4})-(\d{1,2})-(\d{1,2})/.exec(s)!;
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = /(\d+):(\d+):(\d+)/.exec(s.slice(m.index + m[0].length))!;
  const [hh, mm, ss] = [Number(t[1]), Number(t[2]), Number(t[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return false;
  if (hh > 24 || mm > 59 || ss > 60) return false;
  if (hh === 24 && (mm > 0 || ss > 0)) return false;
  return true;
}

const NOT_BOOL_OR_NULL_LEAD = new RegExp(`${BOL}[^ytonf~]`, "i");
const NULL_WORD = new RegExp(`${BOL}null${EOL}`, "i");
const TRUE_WORD = new RegExp(`${BOL}(yes|true|on)${EOL}`, "i");
const FALSE_WORD = new RegExp(`${BOL}(no|false|off)${EOL}`, "i");
const POSITIVE_INF = new RegExp(`${BOL}\\+?\\.inf${EOL}`, "i");
const NEGATIVE_INF = new RegExp(`${BOL}-\\.inf${EOL}`, "i");
const NAN_WORD = new RegExp(`${BOL}\\.nan${EOL}`, "i");
const SYMBOL_LIKE = new RegExp(`${BOL}:.`);

/** True when Psych's scalar scanner would read `s` as a non-String. */
export function tokenizesAsNonString(s: string): boolean {
  if (s === "") return true;
  if (STRINGISH.test(s) || s.includes("\n")) {
    if ([...s].length > 5) return false;
    if (NOT_BOOL_OR_NULL_LEAD.test(s)) return false;
    if (s === "~" || NULL_WORD.test(s)) return true;
    if (TRUE_WORD.test(s)) return true;
    if (FALSE_WORD.test(s)) return true;
    return false;
  }
  if (TIME.test(s)) return validTime(s);
  if (DATE.test(s)) return validDate(s);
  if (POSITIVE_INF.test(s)) return true;
  if (NEGATIVE_INF.test(s)) return true;
  if (NAN_WORD.test(s)) return true;
  if (SYMBOL_LIKE.test(s)) return true;
  if (SEXAGESIMAL_INT.test(s)) return true;
  if (SEXAGESIMAL_FLOAT.test(s)) return true;
  if (FLOAT.test(s)) return !/^[-+]?\.$/.test(s);
  if (INTEGER_LEGACY.test(s)) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Psych::Visitors::YAMLTree

const WORDLEAD = new RegExp(`${BOL}[^\\p{L}\\p{M}\\p{Nd}\\p{Pc}][^"]*${EOL}`, "u");

/**
 * How YAMLTree would write a String (style, tag, and the emitter's analysis), by its text, for
 * dumps without `line_width:`. The nodes are shared by every dump that meets the text: a String
 * node never takes an anchor, and what the emitter learns about it is a function of the text.
 */
const stringStyles = new StringMemo<ScalarNode>(20_000, 8 << 20, 64 << 10);

function stringNode(s: RString, lineWidth: number | null): ScalarNode {
  // Binary Strings are written by their bytes; every other decision is a function of the text.
  if (lineWidth !== null || s.binary) return stringNodeOf(s.s, s.binary, lineWidth);
  let node = stringStyles.get(s.s);
  if (node === undefined) {
    node = stringNodeOf(s.s, false, null);
    node.analysis = analyzeScalar(node.value);
    stringStyles.set(s.s, node);
  }
  return node;
}

function stringNodeOf(text: string, binary: boolean, lineWidth: number | null): ScalarNode {
  let o = text;
  let plain = true;
  let quoted = true;
  let style = Style.Plain;
  let tag: string | null = null;
  if (binary && /[^\x00-\x7f]/.test(o)) {
    o = Buffer.from(o, "latin1").toString("base64");
    tag = "!binary";
    style = Style.Literal;
    plain = false;
    quoted = false;
  } else if (/\n(?!\n?$)/.test(o)) {
    style = Style.Literal;
  } else if (o === "<<") {
    style = Style.Single;
    tag = "tag:yaml.org,2002:str";
    plain = false;
    quoted = false;
  } else if (o === "y" || o === "Y" || o === "n" || o === "N") {
    style = Style.Double;
  } else if (lineWidth !== null && [...o].length > lineWidth) {
    style = Style.Folded;
  } else if (WORDLEAD.test(o)) {
    style = Style.Double;
  } else if (tokenizesAsNonString(o) || /^0[0-7]*[89]/.test(o)) {
    style = Style.Single;
  }
  return scalar(o, tag, plain, quoted, style);
}

function scalar(value: string, tag: string | null, plain: boolean, quoted: boolean, style: Style): ScalarNode {
  return { kind: "scalar", value, tag, plain, quoted, style, anchor: null, analysis: null, columns: -1 };
}

function buildTree(it: Interp, root: Value, lineWidth: number | null): Node {
  const registry = new Map<RObject, Node>();
  let counter = 0;
  const visit = (v: Value): Node => {
    it.tick();
    // Strings first: most values are, and a String is never an anchor.
    if (v instanceof RString) {
      if (v.ivars && v.ivars.size > 0) throw new UnsupportedRubyError("YAML dump of a String with instance variables", {});
      return stringNode(v, lineWidth);
    }
    if (v instanceof RArray || v instanceof RHash || v instanceof RTime || v instanceof RSet) {
      const seen = registry.get(v);
      if (seen) {
        if (seen.kind !== "alias" && seen.anchor === null) seen.anchor = String(++counter);
        return { kind: "alias", anchor: (seen as SeqNode | MapNode | ScalarNode).anchor!, target: seen };
      }
    }
    if (v === null) return scalar("", "tag:yaml.org,2002:null", true, false, Style.Any);
    if (v === true || v === false) return scalar(String(v), null, true, false, Style.Any);
    if (typeof v === "number" || typeof v === "bigint") return scalar(String(v), null, true, false, Style.Any);
    if (v instanceof RFloat) {
      const x = v.v;
      const t = Number.isNaN(x) ? ".nan" : x === Infinity ? ".inf" : x === -Infinity ? "-.inf" : floatToS(x);
      return scalar(t, null, true, false, Style.Any);
    }
    if (v instanceof RTime) {
      const node = scalar(strftime(v, "%Y-%m-%d %H:%M:%S.%9N Z"), null, true, false, Style.Any);
      registry.set(v, node);
      return node;
    }
    if (v instanceof RSymbol) {
      if (v.name === "") return scalar("", "!ruby/symbol", false, false, Style.Any);
      return scalar(`:${v.name}`, null, true, false, Style.Any);
    }
    if (v instanceof RArray && v.cls === cArray) {
      const node: SeqNode = { kind: "seq", items: [], tag: null, anchor: null };
      registry.set(v, node);
      // Building the tree runs no Ruby code: nothing can change what is being walked.
      for (const x of v.a) node.items.push(visit(x));
      return node;
    }
    if (v instanceof RHash && v.cls === cHash) {
      if (v.ivars && v.ivars.size > 0) throw new UnsupportedRubyError("YAML dump of a Hash with instance variables", {});
      const node: MapNode = { kind: "map", pairs: [], tag: null, anchor: null };
      registry.set(v, node);
      for (const [k, x] of v.entries()) node.pairs.push([visit(k), visit(x)]);
      return node;
    }
    if (v instanceof RSet && v.cls === cSet) {
      // Psych dumps a Set as an object with its backing Hash: `!ruby/object:Set` / `hash: {x: true}`.
      const node: MapNode = { kind: "map", pairs: [], tag: "!ruby/object:Set", anchor: null };
      registry.set(v, node);
      const inner: MapNode = { kind: "map", pairs: [], tag: null, anchor: null };
      for (const x of v.items) inner.pairs.push([visit(x), scalar("true", null, true, false, Style.Any)]);
      node.pairs.push([stringNode(new RString("hash"), lineWidth), inner]);
      return node;
    }
    const cls = v instanceof RObject ? v.cls.name : "?";
    throw new UnsupportedRubyError(`YAML dump of ${cls}`, {});
  };
  return visit(root);
}

// ---------------------------------------------------------------------------------------------
// libyaml's emitter (yaml_emitter_emit_*), block style only (Psych never asks for flow).

const isBreak = (c: number) => c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
const isBlankz = (c: number | undefined) => c === undefined || c === 0x20 || c === 0x09 || isBreak(c) || c === 0;
const isPrintable = (c: number) =>
  c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);

export interface Analysis {
  multiline: boolean;
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/**
 * Scalars made only of these characters (names, numbers, paths, base64, PEM blocks) have no
 * indicator but a leading `-`, nothing unprintable, and breaks and spaces whose effect regexps
 * find: a regexp scan instead of the character loop below, which stays the definition.
 */
const COMMON_SCALAR = /^[A-Za-z0-9_./+=\- \n]*$/;

/** libyaml's yaml_emitter_analyze_scalar: what styles can write `value`. */
export function analyzeScalar(value: string): Analysis {
  const n = value.length;
  if (n === 0 || !COMMON_SCALAR.test(value)) return analyzeScalarByCharacter(value);
  const lineBreaks = value.includes("\n");
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(n - 1);
  const leadingOrTrailing = first === 0x20 || first === 0x0a || last === 0x20 || last === 0x0a;
  const breakSpace = lineBreaks && value.includes("\n ");
  const spaceBreak = lineBreaks && value.includes(" \n");
  const second = n > 1 ? value.charCodeAt(1) : -1;
  const indicators = value.startsWith("---") || value.startsWith("...") || (first === 0x2d && (second === -1 || second === 0x20 || second === 0x0a));
  const plain = !(leadingOrTrailing || breakSpace || spaceBreak || lineBreaks || indicators);
  return {
    multiline: lineBreaks,
    flowPlainAllowed: plain,
    blockPlainAllowed: plain,
    singleQuotedAllowed: !(breakSpace || spaceBreak),
    blockAllowed: !(last === 0x20 || spaceBreak),
  };
}

/** The character loop of yaml_emitter_analyze_scalar (exported for the test that checks the regexp path against it). */
export function analyzeScalarByCharacter(value: string): Analysis {
  const n = value.length;
  if (n === 0) {
    return { multiline: false, flowPlainAllowed: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  }
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  if (value.startsWith("---") || value.startsWith("...")) {
    blockIndicators = true;
    flowIndicators = true;
  }
  // libyaml walks code points; walking code units is the same walk as long as a surrogate pair is
  // read as one code point. Looking one code point ahead only asks "blank?", which a lone
  // surrogate unit answers as its pair would (no).
  for (let i = 0; i < n; ) {
    let c = value.charCodeAt(i);
    let width = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const lo = value.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        c = ((c - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
        width = 2;
      }
    }
    const next = i + width;
    const first = i === 0;
    const last = next >= n;
    const followedByWhitespace = last || isBlankz(value.charCodeAt(next));
    if (first) {
      switch (c) {
        case 0x23: case 0x2c: case 0x5b: case 0x5d: case 0x7b: case 0x7d: case 0x26: case 0x2a: // # , [ ] { } & *
        case 0x21: case 0x7c: case 0x3e: case 0x27: case 0x22: case 0x25: case 0x40: case 0x60: // ! | > ' " % @ `
          flowIndicators = true;
          blockIndicators = true;
          break;
        case 0x3f: case 0x3a: // ? :
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case 0x2d: // -
          if (followedByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    } else {
      switch (c) {
        case 0x2c: case 0x3f: case 0x5b: case 0x5d: case 0x7b: case 0x7d: // , ? [ ] { }
          flowIndicators = true;
          break;
        case 0x3a: // :
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case 0x23: // #
          if (precededByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    }
    if (!isPrintable(c)) specialCharacters = true;
    const isBr = isBreak(c);
    if (isBr) lineBreaks = true;
    if (c === 0x20) {
      if (first) leadingSpace = true;
      if (last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBr) {
      if (first) leadingBreak = true;
      if (last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousBreak = true;
      previousSpace = false;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(c);
    i = next;
  }
  const a: Analysis = { multiline: lineBreaks, flowPlainAllowed: true, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
    a.blockAllowed = false;
  }
  if (lineBreaks) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (flowIndicators) a.flowPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

/**
 * Analyses of scalars by text, shared across dumps (read-only once made): templates dump the same
 * keys, values and certificates render after render.
 */
const analyses = new StringMemo<Analysis>(20_000, 8 << 20, 256);

function analysisOf(node: ScalarNode): Analysis {
  if (node.analysis !== null) return node.analysis;
  const v = node.value;
  let a = analyses.get(v);
  if (a === undefined) {
    a = analyzeScalar(v);
    analyses.set(v, a);
  }
  return (node.analysis = a);
}

/** Tag shorthand against libyaml's default directives `!` and `!!`. */
function analyzeTag(tag: string): { handle: string; suffix: string } {
  if (tag.startsWith("!")) return { handle: "!", suffix: tag.slice(1) };
  if (tag.startsWith("tag:yaml.org,2002:")) return { handle: "!!", suffix: tag.slice("tag:yaml.org,2002:".length) };
  return { handle: "", suffix: tag };
}

const SPACE_OR_BREAK = /[ \n\r\u0085\u2028\u2029]/;
const NO_TAG = { handle: "", suffix: "" } as const;
const SURROGATE = /[\uD800-\uDFFF]/;
const utf8Length = (s: string) => Buffer.byteLength(s, "utf8");
const INDENTS = Array.from({ length: 33 }, (_, n) => " ".repeat(n));
const indentOf = (n: number) => (n < INDENTS.length ? INDENTS[n] : " ".repeat(n));
const codePointCount = (s: string) => (SURROGATE.test(s) ? [...s].length : s.length);

class Emitter {
  private out = new TextBuilder();
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;
  private indents: number[] = [];
  private openEnded = 0;
  private mappingContext = false;
  private simpleKeyContext = false;
  constructor(
    private readonly bestIndent: number,
    private readonly bestWidth: number,
  ) {}

  result(): string {
    return this.out.toString();
  }

  private put(s: string): void {
    this.out.add(s);
    this.column += 1;
  }
  private putBreak(): void {
    this.out.add("\n");
    this.column = 0;
  }
  /** WRITE_BREAK: `\n` becomes the line break, other breaks are copied. */
  private writeBreak(ch: string): void {
    this.out.add(ch);
    this.column = 0;
  }
  private writeIndicator(ind: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(" ");
    // Indicators are ASCII: one column per character.
    this.out.add(ind);
    this.column += ind.length;
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }
  private writeIndent(): void {
    const indent = this.indent >= 0 ? this.indent : 0;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    if (this.column < indent) {
      this.out.add(indentOf(indent - this.column));
      this.column = indent;
    }
    this.whitespace = true;
    this.indention = true;
  }
  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? this.bestIndent : 0;
    else if (!indentless) this.indent += this.bestIndent;
  }
  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  document(root: Node): void {
    this.writeIndent();
    this.writeIndicator("---", true, false, false);
    this.emitNode(root, true, false, false, false);
    // document end (implicit)
    this.writeIndent();
    // stream end
    if (this.openEnded === 2) {
      this.writeIndicator("...", true, false, false);
      this.openEnded = 0;
      this.writeIndent();
    }
  }

  /** `_root`/`_sequence` mirror libyaml's context flags; block-only output never reads them. */
  private emitNode(node: Node, _root: boolean, _sequence: boolean, mapping: boolean, simpleKey: boolean): void {
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
    switch (node.kind) {
      case "alias":
        this.processAnchor("*", node.anchor);
        if (this.simpleKeyContext) this.put(" ");
        return;
      case "scalar":
        return this.emitScalar(node);
      case "seq":
        return this.emitSequence(node);
      case "map":
        return this.emitMapping(node);
    }
  }

  private processAnchor(indicator: string, anchor: string | null): void {
    if (anchor === null) return;
    this.writeIndicator(indicator, true, false, false);
    for (const ch of anchor) this.put(ch);
    this.whitespace = false;
    this.indention = false;
  }

  private processTag(handle: string, suffix: string): void {
    if (!handle && !suffix) return;
    if (handle) {
      if (!this.whitespace) this.put(" ");
      for (const ch of handle) this.put(ch);
      this.whitespace = false;
      this.indention = false;
      for (const ch of suffix) this.put(ch);
    } else {
      this.writeIndicator("!<", true, false, false);
      for (const ch of suffix) this.put(ch);
      this.writeIndicator(">", false, false, false);
    }
  }

  private emitSequence(node: SeqNode): void {
    this.processAnchor("&", node.anchor);
    const t = node.tag ? analyzeTag(node.tag) : { handle: "", suffix: "" };
    this.processTag(t.handle, t.suffix);
    if (node.items.length === 0) {
      this.writeIndicator("[", true, true, false);
      this.writeIndicator("]", false, false, false);
      return;
    }
    this.increaseIndent(false, this.mappingContext && !this.indention);
    for (const item of node.items) {
      this.writeIndent();
      this.writeIndicator("-", true, false, true);
      this.emitNode(item, false, true, false, false);
    }
    this.popIndent();
  }

  private emitMapping(node: MapNode): void {
    this.processAnchor("&", node.anchor);
    const t = node.tag ? analyzeTag(node.tag) : { handle: "", suffix: "" };
    this.processTag(t.handle, t.suffix);
    if (node.pairs.length === 0) {
      this.writeIndicator("{", true, true, false);
      this.writeIndicator("}", false, false, false);
      return;
    }
    this.increaseIndent(false, false);
    for (const [k, v] of node.pairs) {
      this.writeIndent();
      if (this.checkSimpleKey(k)) {
        this.emitNode(k, false, false, true, true);
        this.writeIndicator(":", false, false, false);
      } else {
        this.writeIndicator("?", true, false, true);
        this.emitNode(k, false, false, true, false);
        this.writeIndent();
        this.writeIndicator(":", true, false, true);
      }
      this.emitNode(v, false, false, true, false);
    }
    this.popIndent();
  }

  private checkSimpleKey(node: Node): boolean {
    let length = 0;
    switch (node.kind) {
      case "alias":
        length += node.anchor.length;
        break;
      case "scalar": {
        if (analysisOf(node).multiline) return false;
        const t = this.scalarTag(node);
        const v = node.value;
        // Up to three UTF-8 bytes per UTF-16 unit: a short key needs no count.
        length += (node.anchor?.length ?? 0) + t.handle.length + t.suffix.length + (v.length * 3 <= 128 ? v.length : utf8Length(v));
        break;
      }
      case "seq":
        if (node.items.length !== 0) return false;
        length += node.anchor?.length ?? 0;
        break;
      case "map":
        if (node.pairs.length !== 0) return false;
        length += node.anchor?.length ?? 0;
        break;
    }
    return length <= 128;
  }

  private scalarTag(node: ScalarNode): { readonly handle: string; readonly suffix: string } {
    if (node.tag && !node.plain && !node.quoted) return analyzeTag(node.tag);
    return NO_TAG;
  }

  private emitScalar(node: ScalarNode): void {
    const a = analysisOf(node);
    const tag = this.scalarTag(node);
    let handle = tag.handle;
    let suffix = tag.suffix;
    const noTag = !handle && !suffix;
    let style = node.style;
    if (style === Style.Any) style = Style.Plain;
    if (this.simpleKeyContext && a.multiline) style = Style.Double;
    if (style === Style.Plain) {
      if (!a.blockPlainAllowed) style = Style.Single;
      if (node.value.length === 0 && this.simpleKeyContext) style = Style.Single;
      if (noTag && !node.plain) style = Style.Single;
    }
    if (style === Style.Single && !a.singleQuotedAllowed) style = Style.Double;
    if ((style === Style.Literal || style === Style.Folded) && (!a.blockAllowed || this.simpleKeyContext)) style = Style.Double;
    if (noTag && !node.quoted && style !== Style.Plain) {
      handle = "!";
      suffix = "";
    }
    this.processAnchor("&", node.anchor);
    this.processTag(handle, suffix);
    this.increaseIndent(true, false);
    const allowBreaks = !this.simpleKeyContext;
    switch (style) {
      case Style.Plain:
        this.writePlain(node, allowBreaks);
        break;
      case Style.Single:
        this.writeSingle(node.value, allowBreaks);
        break;
      case Style.Double:
        this.writeDouble(node.value, allowBreaks);
        break;
      case Style.Literal:
        this.writeLiteral(node.value);
        break;
      default:
        throw new UnsupportedRubyError("YAML folded scalars (line_width:)", {});
    }
    this.popIndent();
  }

  private writePlain(node: ScalarNode, allowBreaks: boolean): void {
    const value = node.value;
    if (node.columns === -1) node.columns = SPACE_OR_BREAK.test(value) ? -2 : codePointCount(value);
    if (node.columns >= 0) {
      // Nothing to fold or break: the loop below would put it character by character, unchanged.
      if (!this.whitespace && value.length > 0) this.put(" ");
      this.out.add(value);
      this.column += node.columns;
      this.whitespace = false;
      this.indention = false;
      return;
    }
    const cs = [...value];
    if (!this.whitespace && cs.length > 0) this.put(" ");
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < cs.length; i++) {
      const ch = cs[i];
      const c = ch.codePointAt(0)!;
      if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && cs[i + 1] !== " ") {
          this.writeIndent();
        } else this.put(ch);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && ch === "\n") this.putBreak();
        this.writeBreak(ch);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(ch);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingle(value: string, allowBreaks: boolean): void {
    const cs = [...value];
    let spaces = false;
    let breaks = false;
    this.writeIndicator("'", true, false, false);
    for (let i = 0; i < cs.length; i++) {
      const ch = cs[i];
      const c = ch.codePointAt(0)!;
      if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i !== 0 && i !== cs.length - 1 && cs[i + 1] !== " ") {
          this.writeIndent();
        } else this.put(ch);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && ch === "\n") this.putBreak();
        this.writeBreak(ch);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (ch === "'") this.put("'");
        this.put(ch);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    if (breaks) this.writeIndent();
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDouble(value: string, allowBreaks: boolean): void {
    const cs = [...value];
    let spaces = false;
    this.writeIndicator('"', true, false, false);
    for (let i = 0; i < cs.length; i++) {
      const ch = cs[i];
      const c = ch.codePointAt(0)!;
      if (!isPrintable(c) || c === 0xfeff || isBreak(c) || ch === '"' || ch === "\\") {
        this.put("\\");
        const short: Record<number, string> = {
          0: "0",
          7: "a",
          8: "b",
          9: "t",
          10: "n",
          11: "v",
          12: "f",
          13: "r",
          27: "e",
          34: '"',
          92: "\\",
          0x85: "N",
          0xa0: "_",
          0x2028: "L",
          0x2029: "P",
        };
        const s = short[c];
        if (s !== undefined) this.put(s);
        else {
          const [w, p] = c <= 0xff ? [2, "x"] : c <= 0xffff ? [4, "u"] : [8, "U"];
          this.put(p);
          for (const d of c.toString(16).toUpperCase().padStart(w, "0")) this.put(d);
        }
        spaces = false;
      } else if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i !== 0 && i !== cs.length - 1) {
          this.writeIndent();
          if (cs[i + 1] === " ") this.put("\\");
        } else this.put(ch);
        spaces = true;
      } else {
        this.put(ch);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(value: string): void {
    this.writeIndicator("|", true, false, false);
    // block scalar hints
    const n = value.length;
    const firstCode = n > 0 ? value.charCodeAt(0) : -1;
    if (firstCode === 0x20 || (n > 0 && isBreak(firstCode))) {
      this.writeIndicator(String(this.bestIndent), false, false, false);
    }
    let openEnded = 0;
    let chomp: string | null = null;
    // The last two code points; breaks are all in the BMP, so code units answer for them.
    if (n === 0 || !isBreak(value.charCodeAt(n - 1))) chomp = "-";
    else if (n === 1 || isBreak(value.charCodeAt(n - 2))) {
      chomp = "+";
      openEnded = 2;
    }
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.openEnded = openEnded;
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    // Line by line: an indent before each run of non-break characters, the run written whole
    // (libyaml puts it character by character; the column counts code points either way).
    let i = 0;
    while (i < n) {
      const c = value.charCodeAt(i);
      if (isBreak(c)) {
        this.writeBreak(value[i]);
        this.indention = true;
        i++;
        continue;
      }
      let j = i + 1;
      while (j < n && !isBreak(value.charCodeAt(j))) j++;
      this.writeIndent();
      const run = value.slice(i, j);
      this.out.add(run);
      this.column += codePointCount(run);
      this.indention = false;
      i = j;
    }
  }

}

/** Psych.dump(value) / value.to_yaml. */
export function dumpYaml(it: Interp, v: Value, opts: YamlDumpOptions = {}): string {
  let bestIndent = opts.indentation ?? 2;
  if (bestIndent < 2 || bestIndent > 9) bestIndent = 2;
  let bestWidth = 80;
  let lineWidth: number | null = null;
  if (opts.lineWidth !== undefined) {
    if (opts.lineWidth < -1) it.raise("ArgumentError", `Invalid line_width ${opts.lineWidth}, must be non-negative or -1 for unlimited.`);
    if (opts.lineWidth === -1) bestWidth = Number.MAX_SAFE_INTEGER;
    else {
      lineWidth = opts.lineWidth;
      bestWidth = opts.lineWidth <= bestIndent * 2 ? 80 : opts.lineWidth;
    }
  }
  const tree = buildTree(it, v, lineWidth);
  const e = new Emitter(bestIndent, bestWidth);
  e.document(tree);
  return e.result();
}
