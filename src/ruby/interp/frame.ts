import type { RClass, RMatchData, RProc, Value } from "../runtime/values.js";

/** Arguments of a frame that is not a method's (never read: `super` needs a method frame). */
const NO_ARGS: readonly Value[] = Object.freeze([]);

/**
 * One activation of a scope: the template body, a method body, a block body or a class body.
 * Locals live in slots numbered by Prism's per-scope `locals` list; blocks reach outer scopes
 * through `parent` (Prism's `depth`).
 */
export class Frame {
  readonly locals: Value[];
  /** The method-level frame this block frame belongs to (itself for method/template frames). */
  readonly home: Frame;
  /** `$~` lives on the method-level frame. */
  lastMatch: RMatchData | null = null;
  /** Default visibility for `def` in a class body after a bare `private`. */
  defaultVisibility: "public" | "private" | "protected" = "public";
  /** For a block frame: the block's proc, the target of `break`. */
  blockTag: object | null = null;
  /** For a method frame: the method's name (`__method__`), owner and arguments (for `super`). */
  methodName: string | null = null;
  methodOwner: RClass | null = null;
  methodArgs: Value[] = NO_ARGS as Value[];
  /** `$!` while a rescue clause runs. */
  currentException: Value = null;
  constructor(
    public readonly self: Value,
    size: number,
    public readonly parent: Frame | null,
    /** The class `def` and constants go to (Ruby's cref). */
    public readonly cref: RClass,
    /** The block the current method was called with (for `yield`/`block_given?`). */
    public readonly methodBlock: RProc | null,
    /** Identity of the method activation, the target of `return`. */
    public readonly returnTag: object | null,
    /** Lexical class nesting for constant lookup (innermost first). */
    public readonly lexicalScopes: readonly RClass[],
  ) {
    this.locals = localSlots(size);
    this.home = parent ? parent.home : this;
  }
}

const EMPTY: Value[] = [];

/** nil-filled slots; literals for the usual few (V8 allocates them inline, `fill` is a call). */
function localSlots(size: number): Value[] {
  switch (size) {
    case 0:
      return EMPTY;
    case 1:
      return [null];
    case 2:
      return [null, null];
    case 3:
      return [null, null, null];
    case 4:
      return [null, null, null, null];
    default:
      return new Array<Value>(size).fill(null);
  }
}
