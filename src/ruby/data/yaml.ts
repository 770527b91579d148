/**
 * YAML reading with the rules of Ruby's Psych 5.3 (Ruby 4.0), what the BOSH director and
 * `YAML.load` in templates use, rather than YAML 1.2 defaults.
 *
 * Syntax comes from the `yaml` package (parsed with the failsafe schema, so every scalar arrives
 * as its string value plus its style and explicit tag); typing is done here, transcribing Psych's
 * `ScalarScanner#tokenize` and `Visitors::ToRuby#deserialize` / `#revive_hash`:
 *
 * - plain scalars: `~`/`null` (any case)/empty → nil; `yes|true|on` / `no|false|off` (any case)
 *   → booleans, `y`/`n` stay strings; integers in Psych's legacy form (`0b`, `0x`, leading-0
 *   octal, `_` and `,` separators); floats only with a dot (`1e3` is a String, `1.0e+3` a Float);
 *   `.inf`/`-.inf`/`.nan`; base 60 (`1:20` → 4800, Psych's exponents); `:sym` → Symbol;
 *   dates and timestamps → Psych::DisallowedClass (Date/Time are not permitted by `YAML.load`);
 * - quoted and block scalars without a tag are Strings; a tagged scalar is typed by its tag
 *   (`!!str`, `!!float`, `!!binary`, `!ruby/symbol`; any other tag types it like a plain one);
 * - merge keys `<<` (Psych's `merge!`: merged values overwrite keys seen before the `<<`);
 *   duplicate keys: last value wins at the first key's position; aliases share the object;
 * - only the first document is read; an empty stream is nil.
 */
import { Buffer } from "buffer";
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from "yaml";
import { InputError, LimitExceededError, type SourcePosition } from "../../diagnostics/errors.js";
import { RArray, RFloat, RHash, RString, RSymbol, hashKeyOf, int, type Value } from "../runtime/values.js";
import { codeFrame } from "./json.js";
import { type YamlPackageError, psychSyntax } from "./psych-errors.js";
import { YAML_NESTING_CAP, yamlNestingExceeds } from "./yaml-nesting.js";

export interface LoadYamlOptions {
  /** Whether aliases (`*x`) are allowed, as Psych's `aliases:` (default true here; `YAML.load` defaults to false). */
  aliases?: boolean;
  /** Whether `:sym` scalars load as Symbols (default true, as `YAML.load`; false behaves as `YAML.safe_load`). */
  symbols?: boolean;
  /**
   * Dates and timestamps: "error" (default) raises Psych::DisallowedClass as `YAML.load` does;
   * "string" keeps the scalar text as a String (there is no Date/Time value in linkplate).
   */
  dates?: "error" | "string";
}

/**
 * A Psych exception: `rubyClass` is the Ruby class to raise (e.g. "Psych::DisallowedClass",
 * "Psych::SyntaxError", "Psych::AliasesNotEnabled", "Psych::AnchorNotDefined", "TypeError",
 * "ArgumentError") and `rubyMessage` its message. Thrown by {@link loadYamlRuby}.
 */
export class PsychError extends Error {
  override name = "PsychError";
  constructor(
    readonly rubyClass: string,
    readonly rubyMessage: string,
    /** Plain description without Ruby decoration. */
    readonly description: string,
    /** UTF-16 offset of the offending node or character. */
    readonly offset: number,
  ) {
    super(rubyMessage);
    this.name = "PsychError";
  }
}

export interface YamlSource {
  value: Value;
  /**
   * Where a mapping/sequence starts (no key), or where one of its entries is: a mapping key
   * (`key` a Ruby value, compared as a Hash key) or a sequence item (`key` an index).
   * A key's position is that of the definition whose value is in effect (the last duplicate, or
   * the merged mapping's key for entries a merge key brought in). Null when unknown.
   */
  positionOf(container: RHash | RArray, key?: Value | number): SourcePosition | null;
}

/** Loads the first YAML document of a file; errors are {@link InputError}s at file:line:col. */
export function loadYaml(text: string, filename: string, opts: LoadYamlOptions = {}): Value {
  return load(text, filename, opts, false).value;
}

/** As {@link loadYaml}, also recording source positions of every mapping, sequence, key and item. */
export function loadYamlWithPositions(text: string, filename: string, opts: LoadYamlOptions = {}): YamlSource {
  return load(text, filename, opts, true);
}

/**
 * For `YAML.load(text)` inside a template: same typing, Ruby's defaults (no aliases unless
 * `aliases: true`, symbols permitted), and failures thrown as {@link PsychError}s.
 */
export function loadYamlRuby(text: string, opts: LoadYamlOptions = {}): Value {
  if (yamlNestingExceeds(text) >= 0) throw new LimitExceededError("YAML nesting depth", YAML_NESTING_CAP, {});
  const c = new Converter(text, { aliases: opts.aliases ?? false, symbols: opts.symbols ?? true, dates: opts.dates ?? "error" }, false);
  return c.run();
}

function load(text: string, filename: string, opts: LoadYamlOptions, positions: boolean): YamlSource {
  if (typeof text !== "string") throw new InputError(`YAML input must be a string, got ${text === null ? "null" : typeof text}`, { filename });
  const deep = yamlNestingExceeds(text);
  if (deep >= 0) {
    const { line, col } = lineColumnOf(text, deep);
    throw new InputError(`${filename}:${line}:${col}: YAML nested deeper than ${YAML_NESTING_CAP} levels`, { filename, line, column: col }, codeFrame(text, line, col));
  }
  const c = new Converter(text, { aliases: opts.aliases ?? true, symbols: opts.symbols ?? true, dates: opts.dates ?? "error" }, positions);
  let value: Value;
  try {
    value = c.run();
  } catch (e) {
    if (e instanceof PsychError) {
      const { line, col } = c.lineCounter.linePos(e.offset);
      const pos = { filename, line, column: col };
      throw new InputError(`${filename}:${line}:${col}: ${e.description}`, pos, codeFrame(text, line, col));
    }
    throw e;
  }
  return {
    value,
    positionOf(container, key) {
      const rec = c.positions.get(container);
      if (!rec) return null;
      let off: number | undefined;
      if (key === undefined) off = rec.at;
      else if (container instanceof RArray) off = typeof key === "number" ? rec.items?.[key] : undefined;
      else off = rec.keys?.get(hashKeyOf(key as Value));
      if (off === undefined) return null;
      const { line, col } = c.lineCounter.linePos(off);
      return { filename, line, column: col };
    },
  };
}

function lineColumnOf(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, col: offset - start + 1 };
}

// ---------------------------------------------------------------------------------------------

interface PosRecord {
  at: number;
  keys?: Map<unknown, number>;
  items?: number[];
}

const STR_TAG = "tag:yaml.org,2002:str";

class Converter {
  lineCounter = new LineCounter();
  readonly positions = new WeakMap<object, PosRecord>();
  private anchors = new Map<string, Value>();

  constructor(
    private readonly text: string,
    private readonly opts: Required<LoadYamlOptions>,
    private readonly trackPositions: boolean,
  ) {}

  private parse(text: string): ReturnType<typeof parseAllDocuments> {
    this.lineCounter = new LineCounter();
    return parseAllDocuments(text, {
      schema: "failsafe",
      version: "1.1",
      uniqueKeys: false,
      prettyErrors: false,
      lineCounter: this.lineCounter,
      strict: false,
    });
  }

  run(): Value {
    const duplicate = duplicateYamlDirective(this.text);
    // libyaml's mark for this one is the stream's start, whatever line the directive is on.
    if (duplicate !== null) throw new PsychError("Psych::SyntaxError", "(<unknown>): found duplicate %YAML directive at line 1 column 1", "YAML syntax error: found duplicate %YAML directive", duplicate);
    let docs = this.parse(this.text);
    // Psych.load returns at the end of the first document, and a root that closes itself (a flow
    // collection, a quoted scalar) ends it: what follows is never parsed (`[a, b]]` is ["a", "b"]).
    if (Array.isArray(docs) && docs.length > 0) {
      const end = selfClosingRootEnd(docs[0] as Document.Parsed);
      if (end !== null && (docs[0] as Document.Parsed).errors.every((e) => e.pos[0] >= end)) docs = this.parse(this.text.slice(0, end));
    }
    if (!Array.isArray(docs) || docs.length === 0) {
      // EmptyStream: it may still carry errors.
      const errs = (docs as unknown as { errors?: { message: string; pos: [number, number] }[] }).errors;
      if (errs && errs.length) this.syntaxError(errs as YamlPackageError[]);
      return null;
    }
    const doc = docs[0] as Document.Parsed;
    if (doc.errors.length) this.syntaxError(doc.errors as YamlPackageError[]);
    return this.node(doc.contents as Node | null);
  }

  private syntaxError(errors: YamlPackageError[]): never {
    const { message, offset, streamEnd } = psychSyntax(this.text, errors);
    let { line, col } = this.lineCounter.linePos(offset);
    if (streamEnd && !/[\n\r]$/.test(this.text)) {
      line += 1;
      col = 1;
    }
    // The Ruby message carries libyaml's mark; a person reading an InputError is pointed at the problem itself.
    throw new PsychError("Psych::SyntaxError", `(<unknown>): ${message} at line ${line} column ${col}`, `YAML syntax error: ${message}`, errors[0].pos[0]);
  }

  private fail(rubyClass: string, rubyMessage: string, description: string, at: number): never {
    throw new PsychError(rubyClass, rubyMessage, description, at);
  }

  private disallowed(cls: string, at: number): never {
    return this.fail("Psych::DisallowedClass", `Tried to load unspecified class: ${cls}`, `Tried to load unspecified class: ${cls} (Psych's YAML.load does not create ${cls} objects)`, at);
  }

  private register(n: Node, v: Value): Value {
    const a = (n as { anchor?: string }).anchor;
    if (a) this.anchors.set(a, v);
    return v;
  }

  private node(n: Node | null | undefined): Value {
    if (n === null || n === undefined) return null;
    const start = n.range ? n.range[0] : 0;
    if (isAlias(n)) {
      if (!this.opts.aliases) {
        this.fail(
          "Psych::AliasesNotEnabled",
          "Alias parsing was not enabled. To enable it, pass `aliases: true` to `Psych::load` or `Psych::safe_load`.",
          "aliases are not enabled",
          start,
        );
      }
      if (!this.anchors.has(n.source)) {
        this.fail("Psych::AnchorNotDefined", `An alias referenced an unknown anchor: ${n.source}`, `An alias referenced an unknown anchor: ${n.source}`, start);
      }
      return this.anchors.get(n.source)!;
    }
    if (isScalar(n)) {
      let value = n.value as string | null;
      if ((n.type === "BLOCK_LITERAL" || n.type === "BLOCK_FOLDED") && value && value.endsWith("\n") && n.range) {
        value = this.chompAtEof(value, n.range[0], n.range[1]);
      }
      return this.register(n, this.scalar(value, n.type, n.tag, start));
    }
    if (isMap(n)) {
      const tag = n.tag;
      if (tag) this.checkMapTag(tag, start);
      const h = new RHash();
      this.register(n, h);
      const rec: PosRecord | null = this.trackPositions ? { at: start, keys: new Map() } : null;
      if (rec) this.positions.set(h, rec);
      for (const pair of n.items) {
        if (!isPair(pair)) continue;
        const kn = pair.key as Node | null;
        const vn = pair.value as Node | null;
        const keyAt = kn && kn.range ? kn.range[0] : start;
        const key = this.node(kn);
        const val = this.node(vn);
        const isMerge = key instanceof RString && key.s === "<<" && !(kn && isScalar(kn) && kn.tag === STR_TAG);
        if (isMerge && vn && (isAlias(vn) || isMap(vn))) {
          if (val instanceof RHash) {
            this.mergeInto(h, val, rec);
            continue;
          }
        } else if (isMerge && vn && isSeq(vn) && val instanceof RArray) {
          if (val.a.every((x) => x instanceof RHash)) {
            const merged = new RHash();
            const mrec: PosRecord | null = rec ? { at: start, keys: new Map() } : null;
            for (let i = val.a.length - 1; i >= 0; i--) this.mergeInto(merged, val.a[i] as RHash, mrec);
            this.mergeInto(h, merged, rec, mrec);
            continue;
          }
        }
        h.set(key, val);
        if (rec) rec.keys!.set(hashKeyOf(key), keyAt);
      }
      return h;
    }
    if (isSeq(n)) {
      const tag = n.tag;
      if (tag && /^!ruby\/array:/.test(tag)) this.disallowed(tag.slice("!ruby/array:".length), start);
      if (tag === "!omap" || tag === "tag:yaml.org,2002:omap") return this.omap(n, start);
      const a = new RArray();
      this.register(n, a);
      const rec: PosRecord | null = this.trackPositions ? { at: start, items: [] } : null;
      if (rec) this.positions.set(a, rec);
      for (const item of n.items) {
        const itemNode = item as Node | null;
        if (rec) rec.items!.push(itemNode && itemNode.range ? itemNode.range[0] : start);
        a.a.push(this.node(itemNode));
      }
      return a;
    }
    return null;
  }

  /**
   * A block scalar whose last content line has no line break (the end of the input) keeps no
   * final newline in libyaml (`"a: |\n x"` is "x"); `yaml` adds one. Drop it in that case.
   */
  private chompAtEof(value: string, from: number, to: number): string {
    const raw = this.text.slice(from, to);
    const nl = Math.max(raw.lastIndexOf("\n"), raw.lastIndexOf("\r"));
    if (nl < 0) return value;
    const lastLine = raw.slice(nl + 1);
    if (lastLine === "") return value;
    if (/[^ \t]/.test(lastLine)) return value.slice(0, -1);
    // A whitespace-only last line is content only when indented past the block's indentation.
    const body = raw.slice(raw.search(/[\r\n]/) + 1).split(/\r?\n|\r/);
    const first = body.find((l) => /[^ ]/.test(l));
    const indent = first === undefined ? 0 : first.length - first.trimStart().length;
    return lastLine.length > indent ? value.slice(0, -1) : value;
  }

  /** Psych::Omap (a Hash subclass): each item's first key maps to its last value. */
  private omap(n: Node & { items: unknown[] }, start: number): RHash {
    const h = new RHash();
    this.register(n, h);
    const rec: PosRecord | null = this.trackPositions ? { at: start, keys: new Map() } : null;
    if (rec) this.positions.set(h, rec);
    for (const item of n.items) {
      const m = item as Node;
      if (!isMap(m) || m.items.length === 0) {
        this.fail("NoMethodError", "undefined method 'children' for an omap entry", "!!omap entries must be one-pair mappings", m && m.range ? m.range[0] : start);
      }
      const first = m.items[0];
      const last = m.items[m.items.length - 1];
      const key = this.node(first.key as Node | null);
      const val = this.node(last.value as Node | null);
      h.set(key, val);
      if (rec) {
        const kn = first.key as Node | null;
        rec.keys!.set(hashKeyOf(key), kn && kn.range ? kn.range[0] : start);
      }
    }
    return h;
  }

  /** Ruby's `hash.merge!(other)`, carrying source positions of the merged keys. */
  private mergeInto(h: RHash, other: RHash, rec: PosRecord | null, otherRec?: PosRecord | null): void {
    const src = otherRec ?? this.positions.get(other);
    for (const [k, v] of other.entries()) {
      h.set(k, v);
      if (rec) {
        const hk = hashKeyOf(k);
        const at = src?.keys?.get(hk);
        if (at !== undefined) rec.keys!.set(hk, at);
      }
    }
  }

  private checkMapTag(tag: string, at: number): void {
    let m: RegExpExecArray | null;
    if (tag === "!set" || tag === "tag:yaml.org,2002:set") this.disallowed("Psych::Set", at);
    if ((m = /^!ruby\/object:?(.*)$/.exec(tag))) this.disallowed(m[1] || "Object", at);
    if ((m = /^!(?:map|ruby\/hash(?:-with-ivars)?):(.*)$/.exec(tag))) this.disallowed(m[1], at);
    if ((m = /^!ruby\/(?:struct|data(?:-with-ivars)?):?(.*)$/.exec(tag))) this.disallowed(m[1] || "Struct", at);
    if (tag === "!ruby/range") this.disallowed("Range", at);
    if (tag === "!ruby/regexp") this.disallowed("Regexp", at);
    if (/^!ruby\/exception/.test(tag)) this.disallowed(tag.split(":")[1] ?? "Exception", at);
    if (/^!(?:str|ruby\/string)(?::.*)?$/.test(tag) || tag === STR_TAG) this.disallowed("String", at);
    if (/^!ruby\//.test(tag)) this.fail("Psych::DisallowedClass", `Tried to load unspecified class: ${tag}`, `unsupported YAML tag ${tag}`, at);
  }

  private scalar(value: string | null, style: string | undefined, tag: string | undefined, at: number): Value {
    const v = value ?? "";
    if (!tag) {
      if (style && style !== "PLAIN") return new RString(v);
      return this.tokenize(v, at);
    }
    if (tag === "!binary" || tag === "tag:yaml.org,2002:binary") return new RString(unpackBase64(v), true);
    if (tag === STR_TAG || /^!(?:str|ruby\/string)(?::(.*))?$/.test(tag)) {
      const m = /^!(?:str|ruby\/string):(.+)$/.exec(tag);
      if (m) this.disallowed(m[1], at);
      return new RString(v);
    }
    if (tag === "tag:yaml.org,2002:float" || tag === "!float") {
      const t = this.tokenize(v, at);
      return rubyFloat(t, v, at, this);
    }
    let m: RegExpExecArray | null;
    if ((m = /^!ruby\/sym(bol)?:?(.*)?$/.exec(tag))) {
      if (!this.opts.symbols) this.disallowed("Symbol", at);
      return RSymbol.of(v);
    }
    if ((m = /^!ruby\/object:(BigDecimal|DateTime|Complex|Rational)$/.exec(tag))) this.disallowed(m[1], at);
    if (tag === "!ruby/class" || tag === "!ruby/module") this.disallowed(tag === "!ruby/class" ? "Class" : "Module", at);
    if (tag === "!ruby/regexp") this.disallowed("Regexp", at);
    if (tag === "!ruby/range") this.disallowed("Range", at);
    if (tag === "!ruby/encoding") this.disallowed("Encoding", at);
    if ((m = /^!ruby\/object:?(.*)$/.exec(tag))) this.disallowed(m[1] || "Object", at);
    return this.tokenize(v, at);
  }

  /** Psych::ScalarScanner#tokenize. */
  tokenize(s: string, at: number): Value {
    if (s === "") return null;
    if (STRINGISH.test(s) || s.includes("\n")) {
      if (s.length > 5) return new RString(s);
      if (/^[^ytonf~]/im.test(s)) return new RString(s);
      if (s === "~" || /^null$/im.test(s)) return null;
      if (/^(yes|true|on)$/im.test(s)) return true;
      if (/^(no|false|off)$/im.test(s)) return false;
      return new RString(s);
    }
    if (TIME.test(s)) {
      if (this.opts.dates === "string") return new RString(s);
      this.disallowed("Time", at);
    }
    if (DATE.test(s)) {
      if (this.opts.dates === "string") return new RString(s);
      this.disallowed("Date", at);
    }
    if (/^\+?\.inf$/im.test(s)) return new RFloat(Infinity);
    if (/^-\.inf$/im.test(s)) return new RFloat(-Infinity);
    if (/^\.nan$/im.test(s)) return new RFloat(NaN);
    if (/^:./m.test(s)) {
      if (!this.opts.symbols) this.disallowed("Symbol", at);
      const q = /^:(["'])(.*)\1/m.exec(s);
      return RSymbol.of(q ? q[2].replace(/^:/m, "") : s.replace(/^:/m, ""));
    }
    if (/^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}$/m.test(s)) {
      let i = 0n;
      s.split(":").forEach((n, e) => {
        i += rubyToI(n) * 60n ** BigInt(Math.abs(e - 2));
      });
      return int(i);
    }
    if (/^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}\.[0-9_]*$/m.test(s)) {
      let f = 0;
      s.split(":").forEach((n, e) => {
        f += rubyToF(n) * 60 ** Math.abs(e - 2);
      });
      return new RFloat(f);
    }
    if (FLOAT.test(s)) {
      if (/^[-+]?\.$/.test(s)) return new RString(s);
      const t = s.replace(/[,_]/g, "").replace(/\.([Ee]|$)/gm, "$1");
      const f = Number(t);
      if (Number.isNaN(f)) this.fail("ArgumentError", `invalid value for Float(): ${JSON.stringify(t)}`, `invalid float ${JSON.stringify(s)}`, at);
      return new RFloat(f);
    }
    if (INTEGER_LEGACY.test(s)) return parseRubyInteger(s.replace(/[,_]/g, ""));
    return new RString(s);
  }
}

// Psych's patterns. Ruby's `^`/`$` are line anchors (JS `m` flag); `\s` and `\d` are ASCII.
const STRINGISH = /^[^0-9.:-]?[\p{Alphabetic}_ \t\n\v\f\r!@#$%^&*(){}<>|/\\~;=]+/mu;
const TIME = /^-?[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t\n\v\f\r]+)[0-9]{1,2}:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t\n\v\f\r]*(?:Z|[-+][0-9]{1,2}:?(?:[0-9][0-9])?))?$/m;
const DATE = /^[0-9]{4}-(?:1[012]|0[0-9]|[0-9])-(?:[12][0-9]|3[01]|0[0-9]|[0-9])$/m;
const FLOAT = /^(?:[-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?)$/m;
const INTEGER_LEGACY = /^(?:[-+]?0b[_,]*[0-1][0-1_,]*|[-+]?0[_,]*[0-7][0-7_,]*|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[_,]*[0-9a-fA-F][0-9a-fA-F_,]*)$/m;

/** Ruby `Integer(str)` for the forms INTEGER_LEGACY admits (separators already removed). */
function parseRubyInteger(s: string): number | bigint {
  let neg = false;
  let t = s;
  if (t[0] === "+" || t[0] === "-") {
    neg = t[0] === "-";
    t = t.slice(1);
  }
  let b: bigint;
  if (/^0b/.test(t)) b = BigInt(t);
  else if (/^0x/.test(t)) b = BigInt(t);
  else if (/^0[0-7]+$/.test(t)) b = BigInt(`0o${t.slice(1)}`);
  else b = BigInt(t);
  return int(neg ? -b : b);
}

/** Ruby `String#to_i` (leading sign and digits, single `_` between digits). */
function rubyToI(n: string): bigint {
  const m = /^[ \t\n\v\f\r]*([-+]?)([0-9]+(?:_[0-9]+)*)/.exec(n);
  if (!m) return 0n;
  const v = BigInt(m[2].replace(/_/g, ""));
  return m[1] === "-" ? -v : v;
}

/** Ruby `String#to_f` for the digit strings base-60 floats contain. */
function rubyToF(n: string): number {
  const m = /^[ \t\n\v\f\r]*([-+]?[0-9]+(?:_[0-9]+)*(?:\.[0-9]+(?:_[0-9]+)*)?)/.exec(n);
  return m ? Number(m[1].replace(/_/g, "")) : 0;
}

/** Ruby `Float(x)` of a tokenized scalar (the `!!float` tag). */
function rubyFloat(t: Value, raw: string, at: number, c: Converter): Value {
  if (t instanceof RFloat) return t;
  if (typeof t === "number") return new RFloat(t);
  if (typeof t === "bigint") return new RFloat(Number(t));
  if (t === null) throw new PsychError("TypeError", "can't convert nil into Float", `!!float of an empty value`, at);
  if (t instanceof RString) {
    const s = t.s.trim().replace(/(\d)_(?=\d)/g, "$1");
    if (/^[-+]?(\d+(\.\d+)?([eE][-+]?\d+)?|\.\d+)$/.test(s) || /^[-+]?0x[0-9a-f]+$/i.test(s)) return new RFloat(Number(s));
    throw new PsychError("ArgumentError", `invalid value for Float(): ${JSON.stringify(raw)}`, `invalid !!float value ${JSON.stringify(raw)}`, at);
  }
  void c;
  throw new PsychError("TypeError", `can't convert ${t === true ? "true" : t === false ? "false" : "Symbol"} into Float`, `invalid !!float value ${JSON.stringify(raw)}`, at);
}

/** Ruby `str.unpack('m').first`: lenient base64 (skips non-alphabet characters), bytes as chars. */
function unpackBase64(s: string): string {
  const clean = s.replace(/[^A-Za-z0-9+/]/g, "");
  const buf = Buffer.from(clean, "base64");
  return buf.toString("latin1");
}

/** Where the first document's root ends when it closes itself (flow collection, quoted scalar), else null. */
function selfClosingRootEnd(doc: Document.Parsed): number | null {
  const root = doc.contents as (Node & { flow?: boolean; type?: string; range?: [number, number, number] }) | null;
  if (root === null || root.range === undefined || doc.errors.length === 0) return null;
  const closes = ((isMap(root) || isSeq(root)) && root.flow === true) || (isScalar(root) && (root.type === "QUOTE_SINGLE" || root.type === "QUOTE_DOUBLE"));
  return closes ? root.range[1] : null;
}

/** The offset of a second `%YAML` directive before the first document, or null. Reads only the directive lines. */
function duplicateYamlDirective(text: string): number | null {
  let seen = false;
  for (let offset = 0; offset < text.length; ) {
    const nl = text.indexOf("\n", offset);
    const line = text.slice(offset, nl < 0 ? text.length : nl);
    if (line.startsWith("---") || !(line.startsWith("%") || line.trim() === "" || line.trimStart().startsWith("#"))) return null;
    if (/^%YAML[ \t]/.test(line)) {
      if (seen) return offset;
      seen = true;
    }
    if (nl < 0) break;
    offset = nl + 1;
  }
  return null;
}
