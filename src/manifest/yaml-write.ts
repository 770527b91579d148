/**
 * `yaml.Marshal(obj)` as Go's yaml.v2 writes it: a transcription of the parts of its libyaml
 * emitter (emitterc.go) that block-style output of decoded data reaches — style selection
 * (`analyze_scalar`, `select_scalar_style`), the plain / single-quoted / double-quoted / literal
 * writers with their 80-column folding, indentation, simple-key checks — plus the encoder's
 * choices (sorted keys in yaml.v2's "natural" order, strings that would resolve to another type
 * double-quoted, multi-line strings literal, floats as `%g`).
 */
import { YMap, goFloat, type YamlValue } from "./values.js";
import { compareKeys } from "./yaml-keys.js";
import { resolvePlain, isBase60Float } from "./yaml-resolve.js";

type Style = "plain" | "single" | "double" | "literal";

interface ScalarData {
  cps: number[];
  byteLength: number;
  multiline: boolean;
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

const BEST_INDENT = 2;
const BEST_WIDTH = 80;

const isBreak = (c: number | undefined): boolean => c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
const isSpace = (c: number | undefined): boolean => c === 0x20;
const isBlank = (c: number | undefined): boolean => c === 0x20 || c === 0x09;
const isBlankz = (c: number | undefined): boolean => c === undefined || c === 0 || isBlank(c) || isBreak(c);
/** libyaml's is_printable, which works on UTF-8 bytes: 4-byte characters are not printable. */
const isPrintable = (c: number): boolean =>
  c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);

function analyzeScalar(value: string): ScalarData {
  const cps = Array.from(value, (ch) => ch.codePointAt(0)!);
  const data: ScalarData = {
    cps,
    byteLength: Buffer.byteLength(value, "utf8"),
    multiline: false,
    flowPlainAllowed: false,
    blockPlainAllowed: true,
    singleQuotedAllowed: true,
    blockAllowed: false,
  };
  if (cps.length === 0) return data;
  let blockIndicators = false, flowIndicators = false, lineBreaks = false, specialCharacters = false;
  let leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
  let breakSpace = false, spaceBreak = false, previousSpace = false, previousBreak = false;
  if (value.startsWith("---") || value.startsWith("...")) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i];
    const followedByWhitespace = i + 1 >= cps.length || isBlank(cps[i + 1]);
    const ch = String.fromCodePoint(c);
    if (i === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(ch)) {
        flowIndicators = true;
        blockIndicators = true;
      } else if (ch === "?" || ch === ":") {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      } else if (ch === "-" && followedByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else if (",?[]{}".includes(ch)) {
      flowIndicators = true;
    } else if (ch === ":") {
      flowIndicators = true;
      if (followedByWhitespace) blockIndicators = true;
    } else if (ch === "#" && precededByWhitespace) {
      flowIndicators = true;
      blockIndicators = true;
    }
    if (!isPrintable(c)) specialCharacters = true;
    if (isSpace(c)) {
      if (i === 0) leadingSpace = true;
      if (i === cps.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === cps.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(c);
  }
  data.multiline = lineBreaks;
  data.flowPlainAllowed = true;
  data.blockPlainAllowed = true;
  data.singleQuotedAllowed = true;
  data.blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) data.flowPlainAllowed = data.blockPlainAllowed = false;
  if (trailingSpace) data.blockAllowed = false;
  if (breakSpace) data.flowPlainAllowed = data.blockPlainAllowed = data.singleQuotedAllowed = false;
  if (spaceBreak || specialCharacters) data.flowPlainAllowed = data.blockPlainAllowed = data.singleQuotedAllowed = data.blockAllowed = false;
  if (lineBreaks) data.flowPlainAllowed = data.blockPlainAllowed = false;
  if (flowIndicators) data.flowPlainAllowed = false;
  if (blockIndicators) data.blockPlainAllowed = false;
  return data;
}

/** Emitter state: the libyaml fields that block output of plain data touches. */
class Emitter {
  out = "";
  column = 0;
  indent = -1;
  indents: number[] = [];
  whitespace = true;
  indention = true;
  flowLevel = 0;
  rootContext = false;
  sequenceContext = false;
  mappingContext = false;
  simpleKeyContext = false;

  private put(s: string): void {
    this.out += s;
    this.column++;
  }
  private putBreak(): void {
    this.out += "\n";
    this.column = 0;
  }
  private write(c: number): void {
    this.out += String.fromCodePoint(c);
    this.column++;
  }
  private writeBreak(c: number): void {
    if (c === 0x0a) this.putBreak();
    else {
      this.out += String.fromCodePoint(c);
      this.column = 0;
    }
  }
  increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }
  popIndent(): void {
    this.indent = this.indents.pop()!;
  }
  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(" ");
    this.whitespace = true;
    this.indention = true;
  }
  writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(" ");
    for (const ch of indicator) this.put(ch);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  // --- nodes ---------------------------------------------------------------------------------

  node(v: YamlValue, root: boolean, sequence: boolean, mapping: boolean, simpleKey: boolean): void {
    this.rootContext = root;
    this.sequenceContext = sequence;
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
    if (v instanceof YMap) this.mappingNode(v);
    else if (Array.isArray(v)) this.sequenceNode(v);
    else this.scalarNode(v);
  }

  private mappingNode(m: YMap): void {
    if (m.size === 0 || this.flowLevel > 0) {
      this.writeIndicator("{", true, true, false);
      this.increaseIndent(true, false);
      this.flowLevel++;
      this.flowLevel--;
      this.popIndent();
      this.writeIndicator("}", false, false, false);
      return;
    }
    this.increaseIndent(false, false);
    for (const [k, v] of sortedEntries(m)) {
      this.writeIndent();
      const key = scalarEvent(k);
      if (!key.data.multiline && key.data.byteLength <= 128) {
        this.node(k, false, false, true, true);
        this.writeIndicator(":", false, false, false);
      } else {
        this.writeIndicator("?", true, false, true);
        this.node(k, false, false, true, false);
        this.writeIndent();
        this.writeIndicator(":", true, false, true);
      }
      this.node(v, false, false, true, false);
    }
    this.popIndent();
  }

  private sequenceNode(a: YamlValue[]): void {
    if (a.length === 0 || this.flowLevel > 0) {
      this.writeIndicator("[", true, true, false);
      this.increaseIndent(true, false);
      this.popIndent();
      this.writeIndicator("]", false, false, false);
      return;
    }
    this.increaseIndent(false, this.mappingContext && !this.indention);
    for (const item of a) {
      this.writeIndent();
      this.writeIndicator("-", true, false, true);
      this.node(item, false, true, false, false);
    }
    this.popIndent();
  }

  private scalarNode(v: Exclude<YamlValue, YMap | YamlValue[]>): void {
    const { data, style: requested, tag } = scalarEvent(v);
    let style = requested;
    if (this.simpleKeyContext && data.multiline) style = "double";
    if (style === "plain") {
      if ((this.flowLevel > 0 && !data.flowPlainAllowed) || (this.flowLevel === 0 && !data.blockPlainAllowed)) style = "single";
      if (data.cps.length === 0 && (this.flowLevel > 0 || this.simpleKeyContext)) style = "single";
    }
    if (style === "single" && !data.singleQuotedAllowed) style = "double";
    if (style === "literal" && (!data.blockAllowed || this.flowLevel > 0 || this.simpleKeyContext)) style = "double";
    if (tag) {
      this.writeIndicator(tag, true, false, false);
    }
    this.increaseIndent(true, false);
    const allowBreaks = !this.simpleKeyContext;
    switch (style) {
      case "plain":
        this.writePlain(data.cps, allowBreaks);
        break;
      case "single":
        this.writeSingleQuoted(data.cps, allowBreaks);
        break;
      case "double":
        this.writeDoubleQuoted(data.cps, allowBreaks);
        break;
      case "literal":
        this.writeLiteral(data.cps);
        break;
    }
    this.popIndent();
  }

  // --- scalar writers (emitterc.go) ------------------------------------------------------------

  private writePlain(v: number[], allowBreaks: boolean): void {
    if (!this.whitespace) this.put(" ");
    let spaces = false, breaks = false;
    for (let i = 0; i < v.length; ) {
      const c = v[i];
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && !isSpace(v[i + 1])) {
          this.writeIndent();
          i++;
        } else {
          this.write(c);
          i++;
        }
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        i++;
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(c);
        i++;
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingleQuoted(v: number[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false, breaks = false;
    for (let i = 0; i < v.length; ) {
      const c = v[i];
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < v.length - 1 && !isSpace(v[i + 1])) {
          this.writeIndent();
        } else {
          this.write(c);
        }
        i++;
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        i++;
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.write(c);
        i++;
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(v: number[], allowBreaks: boolean): void {
    let spaces = false;
    this.writeIndicator('"', true, false, false);
    // libyaml's is_bom looks at the value's first character whatever the position.
    const bom = v[0] === 0xfeff;
    for (let i = 0; i < v.length; ) {
      const c = v[i];
      if (!isPrintable(c) || bom || isBreak(c) || c === 0x22 || c === 0x5c) {
        i++;
        this.put("\\");
        const simple: Record<number, string> = {
          0x00: "0", 0x07: "a", 0x08: "b", 0x09: "t", 0x0a: "n", 0x0b: "v", 0x0c: "f", 0x0d: "r", 0x1b: "e",
          0x22: '"', 0x5c: "\\", 0x85: "N", 0xa0: "_", 0x2028: "L", 0x2029: "P",
        };
        const s = simple[c];
        if (s !== undefined) this.put(s);
        else {
          const [letter, w] = c <= 0xff ? ["x", 2] : c <= 0xffff ? ["u", 4] : ["U", 8];
          this.put(letter);
          for (const d of c.toString(16).toUpperCase().padStart(w, "0")) this.put(d);
        }
        spaces = false;
      } else if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < v.length - 1) {
          this.writeIndent();
          if (isSpace(v[i + 1])) this.put("\\");
        } else {
          this.write(c);
        }
        i++;
        spaces = true;
      } else {
        this.write(c);
        i++;
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeBlockScalarHints(v: number[]): void {
    if (isSpace(v[0]) || isBreak(v[0])) this.writeIndicator(String(BEST_INDENT), false, false, false);
    let chomp = "";
    if (v.length === 0) chomp = "-";
    else {
      const i = v.length - 1;
      if (!isBreak(v[i])) chomp = "-";
      else if (i === 0) chomp = "+";
      else if (isBreak(v[i - 1])) chomp = "+";
    }
    if (chomp) this.writeIndicator(chomp, false, false, false);
  }

  private writeLiteral(v: number[]): void {
    this.writeIndicator("|", true, false, false);
    this.writeBlockScalarHints(v);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (let i = 0; i < v.length; i++) {
      const c = v[i];
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

interface ScalarEvent {
  data: ScalarData;
  style: Style;
  /** An explicit tag to print (only `!!binary`-free data reaches here, so never set today). */
  tag: string;
}

/** The encoder's side: the text of a scalar and the style it asks the emitter for. */
function scalarEvent(v: YamlValue): ScalarEvent {
  let text: string;
  let style: Style = "plain";
  if (v === null) text = "null";
  else if (typeof v === "boolean") text = v ? "true" : "false";
  else if (typeof v === "bigint") text = v.toString();
  else if (typeof v === "number") text = goFloat(v, "yaml");
  else if (typeof v === "string") {
    text = v;
    const canUsePlain = resolvePlain(v).tag === "str" && !isBase60Float(v);
    style = v.includes("\n") ? "literal" : canUsePlain ? "plain" : "double";
  } else throw new TypeError("not a scalar");
  return { data: analyzeScalar(text), style, tag: "" };
}

function sortedEntries(m: YMap): [YamlValue, YamlValue][] {
  return m.struct ? m.entries() : m.entries().sort((a, b) => compareKeys(a[0], b[0]));
}

/** yaml.Marshal of a decoded value. */
export function toYaml(value: YamlValue): string {
  const e = new Emitter();
  e.node(value, true, false, false, false);
  e.writeIndent();
  return e.out;
}
