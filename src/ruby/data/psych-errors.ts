/**
 * Psych::SyntaxError's text for a document the `yaml` package refused. Psych reports libyaml's
 * problem and context (`did not find expected key while parsing a block mapping at line 1 column 1`);
 * the package reports its own (`All mapping items must start at the same column`). This maps the
 * package's error codes to libyaml's wording and mark for the common mistakes, each checked against
 * CRuby 4.0 (test/data/psych-errors.test.ts). Anything else keeps the package's text: the class and
 * the line are right, the words are not libyaml's (docs/differences.md).
 */

/** An error of the `yaml` package: a code, a message and the offsets it covers. */
export interface YamlPackageError {
  code: string;
  message: string;
  pos: [number, number];
}

/** libyaml's message (problem, then context when there is one) and the offset its mark points at. */
export interface PsychSyntax {
  message: string;
  offset: number;
  /** The mark is libyaml's stream end, which starts a new line when the text does not end with one. */
  streamEnd?: boolean;
}

const NEXT_TOKEN = "found character that cannot start any token while scanning for the next token";

export function psychSyntax(text: string, errors: readonly YamlPackageError[]): PsychSyntax {
  const first = errors[0];
  const at = first.pos[0];
  const has = (code: string, start: string) => errors.some((e) => e.code === code && e.message.startsWith(start));
  switch (first.code) {
    case "BAD_SCALAR_START":
      return { message: NEXT_TOKEN, offset: at };
    case "TAB_AS_INDENT": {
      // After a plain scalar the tab could continue it: libyaml reports it on that scalar.
      const plain = plainScalarEndingBefore(text, at);
      return plain === null ? { message: NEXT_TOKEN, offset: at } : { message: "found a tab character that violates indentation while scanning a plain scalar", offset: plain };
    }
    case "BAD_DQ_ESCAPE": {
      // `\x`, `\u`, `\U` with too few hex digits, or an escape libyaml does not know.
      const hex = "xuU".includes(text[at + 1] ?? "");
      return { message: hex ? "did not find expected hexdecimal number while parsing a quoted scalar" : "found unknown escape character while parsing a quoted scalar", offset: openQuoteAt(text, at) };
    }
    case "BLOCK_AS_IMPLICIT_KEY": {
      // A line indented less than the one before does not continue the collection that was open.
      if (isDedent(text, at)) {
        const block = enclosingBlock(text, at);
        if (block !== null) return blockMessage(block);
      }
      // libyaml stops at the indicator that starts the nested mapping: its `:` (or a `?`).
      if (text[at] === "?") return { message: "mapping keys are not allowed in this context", offset: at };
      const colon = text.indexOf(":", at);
      return { message: "mapping values are not allowed in this context", offset: colon < 0 ? at : colon };
    }
    case "MISSING_CHAR":
      if (first.message.startsWith("Missing closing")) {
        return { message: "found unexpected end of stream while scanning a quoted scalar", offset: openQuoteAt(text, at) };
      }
      if (first.message.startsWith("Flow sequence must end")) return flowEnd(text, at, "[");
      if (first.message.startsWith("Flow map must end")) return flowEnd(text, at, "{");
      break;
    case "BAD_INDENT": {
      if (first.message.startsWith("Flow sequence in block collection")) return flowEnd(text, at, "[");
      if (first.message.startsWith("Flow map in block collection")) return flowEnd(text, at, "{");
      const block = enclosingBlock(text, at);
      if (block !== null) return blockMessage(block);
      break;
    }
    case "MULTILINE_IMPLICIT_KEY": {
      // A plain scalar that ran onto the next line and then met `: `: libyaml stops at that colon.
      const colon = /:(?=[ \t\r\n]|$)/g;
      colon.lastIndex = at;
      const m = colon.exec(text);
      if (m !== null) return { message: "mapping values are not allowed in this context", offset: m.index };
      break;
    }
  }
  if (has("MISSING_CHAR", "Implicit map keys need to be followed by map values") && !has("UNEXPECTED_TOKEN", "Unexpected block-seq-ind")) {
    const e = errors.find((x) => x.code === "MISSING_CHAR" && x.message.startsWith("Implicit map keys"))!;
    return { message: "could not find expected ':' while scanning a simple key", offset: e.pos[0] };
  }
  // A line that does not continue the document's top-level block collection.
  if (["BAD_INDENT", "UNEXPECTED_TOKEN", "MULTILINE_IMPLICIT_KEY"].includes(first.code)) {
    const root = rootCollection(text);
    if (root?.kind === "map") return { message: "did not find expected key while parsing a block mapping", offset: root.offset };
    if (root?.kind === "seq") return { message: "did not find expected '-' indicator while parsing a block collection", offset: root.offset };
  }
  return { message: first.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, ""), offset: at };
}

/**
 * The opening quote of the quoted scalar still open at `at`. A quote opens a scalar only where a
 * token starts (line start, or after `:`, `-`, `?`, `,`, `[`, `{` and spaces), so apostrophes in
 * plain text and `''` inside single quotes are not taken for one; comments are skipped.
 */
function openQuoteAt(text: string, at: number): number {
  let quote = "";
  let start = -1;
  let tokenStart = true;
  for (let i = 0; i < Math.min(at, text.length); i++) {
    const c = text[i];
    if (quote) {
      if (quote === '"' && c === "\\") i++;
      else if (quote === "'" && c === "'" && text[i + 1] === "'") i++;
      else if (c === quote) {
        quote = "";
        tokenStart = false;
      }
      continue;
    }
    if ((c === '"' || c === "'") && tokenStart) {
      quote = c;
      start = i;
    } else if (c === "#" && tokenStart) {
      const nl = text.indexOf("\n", i);
      i = nl < 0 ? text.length : nl - 1;
    } else if (c === "\n") tokenStart = true;
    else if (c !== " " && c !== "\t") tokenStart = ":-?,[{".includes(c);
  }
  return quote && start >= 0 ? start : at;
}

/** An unclosed flow collection: libyaml names its opening bracket, or the empty node it expected. */
function flowEnd(text: string, at: number, open: "[" | "{"): PsychSyntax {
  const start = unclosedBracket(text, at, open);
  if (start < 0) return { message: `did not find expected ',' or '${open === "[" ? "]" : "}"}' while parsing a flow ${open === "[" ? "sequence" : "mapping"}`, offset: at };
  if (text.slice(start + 1).trim() === "") return { message: "did not find expected node content while parsing a flow node", offset: text.length, streamEnd: true };
  return { message: `did not find expected ',' or '${open === "[" ? "]" : "}"}' while parsing a flow ${open === "[" ? "sequence" : "mapping"}`, offset: start };
}

/** The outermost bracket of kind `open` still open at `at` (quotes skipped). */
function unclosedBracket(text: string, at: number, open: "[" | "{"): number {
  const stack: [string, number][] = [];
  let quote = "";
  for (let i = 0; i < Math.min(at, text.length); i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = "";
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === "[" || c === "{") stack.push([c, i]);
    else if ((c === "]" || c === "}") && stack.length) stack.pop();
  }
  const found = stack.find(([c]) => c === open);
  return found ? found[1] : -1;
}

/** libyaml's words for a line that does not continue the block collection open at `block`. */
function blockMessage(block: { kind: "map" | "seq"; offset: number }): PsychSyntax {
  return block.kind === "map"
    ? { message: "did not find expected key while parsing a block mapping", offset: block.offset }
    : { message: "did not find expected '-' indicator while parsing a block collection", offset: block.offset };
}

interface SourceLine {
  start: number;
  indent: number;
  content: string;
}

function sourceLines(text: string): SourceLine[] {
  const lines: SourceLine[] = [];
  let start = 0;
  for (const raw of text.split("\n")) {
    const indent = raw.length - raw.replace(/^ +/, "").length;
    lines.push({ start, indent, content: raw.slice(indent).replace(/\r$/, "") });
    start += raw.length + 1;
  }
  return lines;
}

const isBlank = (l: SourceLine) => l.content === "" || l.content.startsWith("#");

function lineIndexAt(lines: SourceLine[], at: number): number {
  let i = 0;
  while (i + 1 < lines.length && lines[i + 1].start <= at) i++;
  return i;
}

/** Whether the line holding `at` is indented less than the last non-blank line before it. */
function isDedent(text: string, at: number): boolean {
  const lines = sourceLines(text);
  const n = lineIndexAt(lines, at);
  if (at > lines[n].start + lines[n].indent) return false;
  for (let i = n - 1; i >= 0; i--) if (!isBlank(lines[i])) return lines[n].indent < lines[i].indent;
  return false;
}

/**
 * The block collection the line holding `at` falls into, by indentation as libyaml's parser sees
 * it: the nearest line above indented no deeper, and the first line of that collection's run.
 */
function enclosingBlock(text: string, at: number): { kind: "map" | "seq"; offset: number } | null {
  const lines = sourceLines(text);
  const n = lineIndexAt(lines, at);
  const indent = lines[n].indent;
  for (let i = n - 1; i >= 0; i--) {
    const l = lines[i];
    if (isBlank(l) || l.indent > indent || l.content.startsWith("---")) continue;
    let first = i;
    for (let j = i - 1; j >= 0; j--) {
      if (isBlank(lines[j])) continue;
      if (lines[j].indent < l.indent || lines[j].content.startsWith("---")) break;
      if (lines[j].indent === l.indent) first = j;
    }
    const seq = l.content === "-" || l.content.startsWith("- ");
    if (!seq && !/:(\s|$)/.test(l.content)) return null;
    return { kind: seq ? "seq" : "map", offset: lines[first].start + l.indent };
  }
  return null;
}

/** Where the plain scalar ending the last non-blank line before `at` starts (a mapping value or item), or null. */
function plainScalarEndingBefore(text: string, at: number): number | null {
  const lines = sourceLines(text);
  for (let i = lineIndexAt(lines, at) - 1; i >= 0; i--) {
    const l = lines[i];
    if (isBlank(l)) continue;
    const m = /^(?:- +|[^#'"\s][^#]*?: +)([^\s#'"[\]{}|>&*!%@`,?:-][^#]*?)\s*(?:#.*)?$/d.exec(l.content);
    return m === null ? null : l.start + l.indent + m.indices![1][0];
  }
  return null;
}

/** Where the document's top-level block mapping or sequence starts, if it is one. */
function rootCollection(text: string): { kind: "map" | "seq"; offset: number } | null {
  let i = 0;
  for (;;) {
    while (i < text.length && (text[i] === " " || text[i] === "\n" || text[i] === "\r")) i++;
    if (text[i] === "#" || text[i] === "%") {
      const nl = text.indexOf("\n", i);
      if (nl < 0) return null;
      i = nl + 1;
      continue;
    }
    if (text.startsWith("---", i)) {
      i += 3;
      continue;
    }
    break;
  }
  if (i >= text.length) return null;
  if (text[i] === "-" && (i + 1 >= text.length || text[i + 1] === " " || text[i + 1] === "\n")) return { kind: "seq", offset: i };
  const line = text.slice(i, text.indexOf("\n", i) < 0 ? text.length : text.indexOf("\n", i));
  return /:(\s|$)/.test(line) ? { kind: "map", offset: i } : null;
}
