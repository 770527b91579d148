/**
 * A Ruby program compiled once (Prism parse + closure compilation) and run many times.
 */
import { LimitExceededError, TemplateSyntaxError } from "../../diagnostics/errors.js";
import { byteOffsetToIndex } from "../../diagnostics/source.js";
import { DEFAULT_PARSE_LIMITS, type ParseLimits, astDepthExceeds, prescanNesting } from "../parse/nesting.js";
import type { ParseResult, PrismParse } from "../parse/prism.js";
import { type Value, RClass, RObject, realClassOf, singletonClassOf } from "../runtime/values.js";
import { Compiler } from "./compiler.js";
import type { Code } from "./params.js";
import { Frame } from "./frame.js";
import type { PositionResolver } from "./runtime.js";

export interface ProgramSource {
  /** The Ruby program text. */
  code: string;
  filename: string;
  frozenStringLiteral: boolean;
  /** Maps a program UTF-16 index to a 1-based user-facing line/column. */
  position(index: number): { line: number; column: number };
  /** A code frame around a user-facing line/column. */
  frame(line: number, column: number): string;
  /** Local variables the program's binding already has (ERB#result_with_hash style). */
  locals?: string[];
  /** What Ruby reports as the line (`__LINE__`, backtraces) minus the user-facing line: ERB's frozen_string_literal header shifts it by one. */
  rubyLineOffset?: number;
  /** Bounds on the program's size and nesting, checked before it is parsed (defaults: {@link DEFAULT_PARSE_LIMITS}). */
  parseLimits?: Partial<ParseLimits>;
}

/**
 * Lexical nesting (Ruby's cref chain, innermost first) of the method whose `binding` a program is
 * evaluated in, by the class of `self`. BOSH evaluates a template with
 * `EvaluationContext#get_binding`, defined inside `module Bosh::Common; module Template; class
 * EvaluationContext`, so an unqualified `UnknownProperty` resolves through `Bosh::Common::Template`.
 */
const bindingNesting = new WeakMap<RClass, readonly RClass[]>();

/** Declares that programs run with an instance of `cls` as `self` see `nesting` as their lexical scopes. */
export function setBindingNesting(cls: RClass, nesting: readonly RClass[]): void {
  bindingNesting.set(cls, nesting);
}

export class RubyProgram {
  readonly resolver: PositionResolver;
  private readonly body: Code;
  private readonly size: number;
  private readonly localSlots: number[];
  /** Constructs linkplate does not implement, found while compiling (each raises UnsupportedRubyError if run). */
  readonly unsupported: { construct: string; line: number; column: number }[];

  constructor(parse: PrismParse, readonly src: ProgramSource) {
    const locals = src.locals ?? [];
    const limits = { ...DEFAULT_PARSE_LIMITS, ...src.parseLimits };
    const limitAt = (limit: string, max: number, index: number | null): LimitExceededError => {
      if (index === null) return new LimitExceededError(limit, max, { filename: src.filename });
      const p = src.position(index);
      return new LimitExceededError(limit, max, { filename: src.filename, ...p }, src.frame(p.line, p.column));
    };
    if (src.code.length > limits.sourceSize) throw limitAt("template source size", limits.sourceSize, limits.sourceSize);
    const deep = prescanNesting(src.code, limits.nesting);
    if (deep >= 0) throw limitAt("nesting depth", limits.nesting, deep);
    let result: ParseResult;
    try {
      result = parse(src.code, {
        partial_script: true,
        frozen_string_literal: src.frozenStringLiteral,
        version: "4.0",
        ...(locals.length > 0 ? { scopes: [locals] } : {}),
      });
    } catch (e) {
      // The parser ran out of stack (it has already been replaced by a fresh instance).
      if (e instanceof LimitExceededError) throw limitAt(e.limit, e.max, null);
      throw e;
    }
    const toIndex = byteOffsetToIndex(src.code);
    this.resolver = {
      filename: src.filename,
      rubyLineOffset: src.rubyLineOffset ?? 0,
      position: (byteOffset) => src.position(toIndex(byteOffset)),
      frame: (line, column) => src.frame(line, column),
    };
    if (result.errors.length > 0) {
      const first = result.errors[0];
      const p = src.position(toIndex(first.location.startOffset));
      const msgs = result.errors.map((e) => {
        const q = src.position(toIndex(e.location.startOffset));
        return `${src.filename}:${q.line}:${q.column}: ${e.message}`;
      });
      throw new TemplateSyntaxError(
        `${result.errors.length === 1 ? "syntax error found" : "syntax errors found"}\n${msgs.join("\n")}\n${src.frame(p.line, p.column)}`,
        { filename: src.filename, line: p.line, column: p.column },
        src.frame(p.line, p.column),
        result.errors.map((e) => e.message),
      );
    }
    // A syntactic level is up to two nodes deep (a statement list and its statement).
    const tooDeep = astDepthExceeds(result.value, 2 * limits.nesting + 10);
    if (tooDeep !== null) throw limitAt("nesting depth", limits.nesting, toIndex(tooDeep.location.startOffset));
    const compiler = new Compiler({
      source: src.code,
      byteToIndex: toIndex,
      lineOf: (b) => src.position(toIndex(b)).line + (src.rubyLineOffset ?? 0),
      filename: src.filename,
    });
    const compiled = compiler.compileProgram(result.value);
    // A node may be compiled more than once (fast paths keep a general fallback): one entry per site.
    const sites = new Map(compiler.unsupportedSites.map((u) => [`${u.at}\0${u.construct}`, u]));
    this.unsupported = [...sites.values()].map(({ construct, at }) => ({ construct, ...src.position(toIndex(at)) }));
    // Prism puts the binding's locals (the `scopes` option) into the program's own scope.
    this.localSlots = locals.map((n) => result.value.locals.indexOf(n));
    this.body = compiled.body;
    this.size = compiled.size;
  }

  /** Runs the program with `self`; top-level `def`/constants go to `self`'s singleton class. */
  run(self: Value, localValues: Value[] = []): Value {
    const cref: RClass = self instanceof RObject ? singletonClassOf(self) : (self as unknown as RClass);
    const nesting = bindingNesting.get(realClassOf(self)) ?? [];
    const frame = new Frame(self, this.size, null, cref, null, null, [cref, ...nesting]);
    this.localSlots.forEach((slot, i) => {
      if (slot >= 0) frame.locals[slot] = localValues[i] ?? null;
    });
    return this.body(frame);
  }
}
