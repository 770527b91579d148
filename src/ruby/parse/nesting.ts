/**
 * Bounds on what a program may ask of the parser and the compiler, checked before Prism sees it.
 *
 * Parsing and compiling are recursive (Prism in WebAssembly, its JavaScript deserializer and our
 * compiler), so the nesting of the source decides how much stack they need. `prescanNesting`
 * is a cheap linear over-estimate of that nesting: it reads brackets, block keywords, operators and
 * words, skipping quoted strings and comments, and reports where the estimate first exceeds the
 * limit. It over-counts on purpose (an expression `a + b.c` counts 4) so that ordinary code never
 * comes close. {@link astDepthExceeds} is the exact check on the parsed tree, before our compiler
 * recurses over it, for sources that the estimate under-counts.
 */
import type { Node } from "@ruby/prism/src/nodes.js";
import { InputError } from "../../diagnostics/errors.js";

/** Compile-time limits (on the template source, not on renders). */
export interface ParseLimits {
  /** Characters of the Ruby program compiled from one template. */
  sourceSize: number;
  /** Nesting of brackets, blocks, keywords and operator chains (see `prescanNesting`). */
  nesting: number;
}

export const DEFAULT_PARSE_LIMITS: Readonly<ParseLimits> = Object.freeze({
  sourceSize: 8 * 1024 * 1024,
  nesting: 500,
});

/** Merges user-given parse limits over the defaults; each must be a non-negative number. */
export function resolveParseLimits(given: Partial<ParseLimits> | null | undefined): ParseLimits {
  const out: ParseLimits = { ...DEFAULT_PARSE_LIMITS };
  if (given === null || given === undefined) return out;
  if (typeof given !== "object") throw new InputError(`parseLimits must be an object, got ${typeof given}`);
  for (const key of Object.keys(given)) {
    if (key !== "sourceSize" && key !== "nesting") throw new InputError(`unknown parse limit '${key}' (known: sourceSize, nesting)`);
    const v = given[key];
    if (v === undefined) continue;
    if (typeof v !== "number" || Number.isNaN(v) || v < 0) throw new InputError(`parse limit '${key}' must be a non-negative number, got ${String(v)}`);
    out[key] = v;
  }
  return out;
}

const OPENERS = new Set(["begin", "case", "class", "def", "do", "for", "module"]);
/** Openers only at the start of a statement; after an operand they are modifiers. */
const STATEMENT_OPENERS = new Set(["if", "unless", "while", "until"]);
const SEPARATORS = new Set(["then", "else", "elsif", "when", "in", "rescue", "ensure"]);

/** An open bracket or block; `quote` for a string's `#{...}`; `loopDo` while a `while`/`until`/`for` header may still end in `do`. */
type Level = { chain: number; quote: string | null; loopDo: boolean };

/**
 * Returns the UTF-16 index where the nesting estimate first exceeds `max`, or -1.
 * Each open bracket or block keyword counts 1 plus every operator character and word in the
 * expression in progress at its level (operators and words nest in the tree: `!!!x`, `a.b.c`,
 * `p p p x`, `1+1+1`); `,`, `;`, newlines and clause keywords end an expression.
 */
export function prescanNesting(code: string, max: number): number {
  const levels: Level[] = [{ chain: 0, quote: null, loopDo: false }];
  let total = 0;
  let afterOperand = false;
  const n = code.length;
  let i = 0;
  const bump = (by: number): boolean => {
    levels[levels.length - 1].chain += by;
    total += by;
    return total > max;
  };
  const open = (quote: string | null): boolean => {
    levels.push({ chain: 0, quote, loopDo: false });
    total += 1;
    afterOperand = false;
    return total > max;
  };
  const close = (): string | null => {
    if (levels.length === 1) {
      endExpression();
      return null;
    }
    const l = levels.pop()!;
    total -= 1 + l.chain;
    afterOperand = true;
    return l.quote;
  };
  const endExpression = (): void => {
    const l = levels[levels.length - 1];
    total -= l.chain;
    l.chain = 0;
    l.loopDo = false;
    afterOperand = false;
  };
  /** Skips a quoted string from after its opening quote; returns the index after it, or (for `#{`) a negative index meaning "code resumes there". */
  const skipString = (from: number, quote: string): number => {
    let j = from;
    while (j < n) {
      const c = code[j];
      if (c === "\\") j += 2;
      else if (c === quote) return j + 1;
      else if (quote !== "'" && c === "#" && code[j + 1] === "{") return -(j + 2) - 1;
      else j++;
    }
    return n;
  };
  while (i < n) {
    const c = code[i];
    const cc = code.charCodeAt(i);
    if (c === "\n" || c === ";" || c === ",") {
      endExpression();
      i++;
    } else if (c === " " || c === "\t" || c === "\r") {
      i++;
    } else if (c === "#") {
      while (i < n && code[i] !== "\n") i++;
    } else if (c === '"' || c === "'" || c === "`") {
      const r = skipString(i + 1, c);
      if (r >= 0) {
        i = r;
        afterOperand = true;
        if (bump(1)) return i - 1;
      } else {
        if (open(c)) return -r - 1;
        i = -r - 1;
      }
    } else if (c === "(" || c === "[" || c === "{") {
      if (open(null)) return i;
      i++;
    } else if (c === ")" || c === "]" || c === "}") {
      const quote = close();
      i++;
      if (quote !== null) {
        // End of a `#{...}`: the string goes on.
        const r = skipString(i, quote);
        if (r >= 0) i = r;
        else {
          if (open(quote)) return -r - 1;
          i = -r - 1;
        }
      }
    } else if (isWordStart(cc) || (cc >= 48 && cc <= 57)) {
      let j = i + 1;
      while (j < n && isWordChar(code.charCodeAt(j))) j++;
      if ((code[j] === "?" || code[j] === "!") && code[j + 1] !== "=") j++;
      const word = code.slice(i, j);
      const top = levels[levels.length - 1];
      if (word === "do" && top.loopDo) {
        // `while c do ... end`: the `do` belongs to the loop already open.
        top.loopDo = false;
      } else if (OPENERS.has(word) || (STATEMENT_OPENERS.has(word) && !afterOperand)) {
        if (open(null)) return i;
        if (word === "while" || word === "until" || word === "for") levels[levels.length - 1].loopDo = true;
      } else if (word === "end") {
        close();
      } else if (SEPARATORS.has(word)) {
        endExpression();
      } else {
        if (bump(1)) return i;
        afterOperand = true;
      }
      i = j;
    } else {
      // Operators and anything else: each character may be a level of the tree (`!!!!x`, `- - x`).
      if (bump(1)) return i;
      afterOperand = false;
      i++;
    }
  }
  return -1;
}

function isWordStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 64 || c === 36 || c >= 128;
}

function isWordChar(c: number): boolean {
  return isWordStart(c) || (c >= 48 && c <= 57);
}

/**
 * The first node deeper than `max` in the tree under `root` (counted in nodes), or null; iterative,
 * so it works at any depth.
 */
export function astDepthExceeds(root: Node, max: number): Node | null {
  const stack: { node: Node; depth: number }[] = [{ node: root, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > max) return node;
    for (const child of node.compactChildNodes()) stack.push({ node: child, depth: depth + 1 });
  }
  return null;
}
