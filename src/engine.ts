/**
 * The public engine: compile an ERB template once (ERB -> Ruby -> Prism -> closures), render it
 * many times against BOSH contexts, synchronously.
 *
 * @example
 * ```ts
 * import { createEngine } from "linkplate";
 * const engine = await createEngine();
 * const template = engine.compile("port: <%= p('port') %>\n", { filename: "web/config.yml.erb" });
 * template.render({ properties: { port: 8080 } });   // "port: 8080\n"
 * ```
 */
import { createCreateEnvEvaluationContext } from "./bosh/create-env-context.js";
import { type DnsIndexTables, dnsTablesOption } from "./bosh/dns-encoder.js";
import { type ContextInput, type PlainJson, createEvaluationContext, installBosh, rubyFromPlainJson } from "./bosh/evaluation-context.js";
import { guardMethods } from "./diagnostics/boundary.js";
import { InputError, LimitExceededError, UnsupportedRubyError } from "./diagnostics/errors.js";
import { EjsTemplate, isEjsFilename } from "./ejs/index.js";
import { SourceText } from "./diagnostics/source.js";
import { compileErb } from "./erb/compiler.js";
import { parseJson } from "./ruby/data/json.js";
import { loadYaml } from "./ruby/data/yaml.js";
import { type Limits, RubyProgram, execute, loadRuby } from "./ruby/index.js";
import type { PrismWasmSource } from "./ruby/parse/prism.js";
import { decodeUtf8ByteChars } from "./ruby/runtime/broken-utf8.js";
import { resolveLimits } from "./ruby/interp/runtime.js";
import { WorkerEngine, type WorkerEngineOptions } from "./isolate/worker-engine.js";
import { type ParseLimits, resolveParseLimits } from "./ruby/parse/nesting.js";
import type { PrismParse } from "./ruby/parse/prism.js";
import { RObject, RString, type Value } from "./ruby/runtime/values.js";

export type { Limits, ParseLimits, WorkerEngineOptions };
export { WorkerEngine };

/**
 * Which renderer a render reproduces: `director` (bosh-common's EvaluationContext, what the director
 * renders with) or `create-env` (bosh-cli's embedded renderer, what `bosh create-env` renders with:
 * no links, its own context shape and messages; see docs/profiles.md).
 */
export type RenderProfile = "director" | "create-env";

export interface EngineOptions {
  /** Resource limits for every render (defaults: {@link DEFAULT_LIMITS}). */
  limits?: Partial<Limits>;
  /** The default profile of every render (default `director`). */
  profile?: RenderProfile;
  /**
   * Limits on template sources at compile time: `sourceSize` (characters of the template and of
   * the Ruby compiled from it, default 8 Mi) and `nesting` (nesting depth of brackets, blocks and
   * operator chains, default 500). Both raise {@link LimitExceededError} at the position.
   */
  parseLimits?: Partial<ParseLimits>;
  /**
   * Prism's WebAssembly (bytes, or a URL to fetch), read on the first `createEngine` of the
   * process or page. Node reads it from the installed `@ruby/prism`; browser bundles fetch the
   * `prism.wasm` shipped beside the module unless this says otherwise.
   */
  prismWasm?: PrismWasmSource;
}

export interface CompileOptions {
  /** Name used in error messages; BOSH uses `<job>/<path under templates/>`. */
  filename?: string;
  /** Names of local variables the template can read (values given at render time). */
  locals?: string[];
}

/** The `dns` field of a corpus case, or DNS index tables built by the link graph. */
export type DnsInput = DnsIndexTables | Record<string, unknown> | null;

export interface RenderOptions {
  /** Director DNS index tables for `link(...).address(...)`; null: no encoder, as in BOSH's test helpers. */
  dns?: DnsInput;
  /** Limits for this render only. */
  limits?: Partial<Limits>;
  /** Values of the locals named at compile time (Ruby values or plain JSON data). */
  locals?: Record<string, Value | PlainJson>;
  /** The renderer to reproduce (default: the engine's). `create-env` takes bosh-cli's RootContext as context. */
  profile?: RenderProfile;
}

export class Engine {
  readonly limits: Limits;
  readonly profile: RenderProfile;
  /** How many times Prism has parsed a program (compiled templates never parse again). */
  parseCount = 0;
  readonly parseLimits: ParseLimits;
  private readonly parse: PrismParse;

  /** @internal use {@link createEngine} */
  constructor(parse: PrismParse, options: EngineOptions) {
    this.parse = (src, opts) => {
      this.parseCount++;
      return parse(src, opts);
    };
    this.limits = resolveLimits(options.limits);
    if (options.profile !== undefined && options.profile !== "director" && options.profile !== "create-env") {
      throw new InputError(`unknown render profile '${String(options.profile)}' (director or create-env)`);
    }
    this.profile = options.profile ?? "director";
    this.parseLimits = resolveParseLimits(options.parseLimits);
  }

  /** Compiles an ERB template. Throws TemplateSyntaxError for Ruby that does not parse. */
  compile(source: string, options: CompileOptions = {}): Template {
    const filename = options.filename ?? "(erb)";
    if (typeof source !== "string") throw new InputError(`template source must be a string, got ${source === null ? "null" : typeof source}`, { filename });
    const localNames = checkLocalNames(options.locals, filename);
    if (source.length > this.parseLimits.sourceSize) {
      const text = new SourceText(source);
      const p = text.position(this.parseLimits.sourceSize);
      throw new LimitExceededError("template source size", this.parseLimits.sourceSize, { filename, ...p }, text.codeFrame(p.line, p.column));
    }
    const erb = compileErb(source, { filename });
    const text = new SourceText(source);
    const program = new RubyProgram(this.parse, {
      code: erb.code,
      filename,
      frozenStringLiteral: erb.frozenStringLiteral,
      position: (index) => {
        const p = erb.templatePosition(index);
        return { line: p.line, column: p.column };
      },
      frame: (line, column) => text.codeFrame(line, column),
      locals: localNames,
      rubyLineOffset: erb.headerLines - 1,
      parseLimits: this.parseLimits,
    });
    return new Template(program, filename, this.limits, localNames, this.profile);
  }

  /**
   * Compiles a template of either dialect, chosen by the file name: `.ejs` is the ejs dialect
   * (JavaScript expressions, trusted templates only), anything else ERB.
   */
  compileAny(source: string, options: CompileOptions = {}): Template | EjsTemplate {
    const filename = options.filename ?? "(erb)";
    if (!isEjsFilename(filename)) return this.compile(source, options);
    if (typeof source !== "string") throw new InputError(`template source must be a string, got ${source === null ? "null" : typeof source}`, { filename });
    return new EjsTemplate(source, filename, { timeMs: 2000, output: this.limits.output });
  }

  /** Compiles and renders in one call. */
  render(source: string, context: ContextInput, options: RenderOptions & CompileOptions = {}): string {
    return this.compile(source, options).render(context, options);
  }

  /**
   * Reads a context (or property/link file) as Ruby would: whole-number floats stay Float,
   * key order is kept, null stays distinct from absent. YAML follows Psych's scalar rules.
   */
  parseContext(text: string, format: "json" | "yaml", filename = format === "json" ? "(context.json)" : "(context.yml)"): Value {
    if (format !== "json" && format !== "yaml") throw new InputError(`unknown context format ${JSON.stringify(String(format))} (expected "json" or "yaml")`, { filename });
    if (typeof text !== "string") throw new InputError(`context text must be a string, got ${text === null ? "null" : typeof text}`, { filename });
    return format === "json" ? parseJson(text, filename) : loadYaml(text, filename);
  }
}

export class Template {
  /** @internal */
  constructor(
    private readonly program: RubyProgram,
    readonly filename: string,
    private readonly limits: Limits,
    private readonly localNames: string[],
    private readonly profile: RenderProfile = "director",
  ) {}

  /** Ruby constructs this template uses that linkplate does not implement: rendering raises UnsupportedRubyError if one runs. */
  get unsupportedRuby(): readonly { construct: string; line: number; column: number }[] {
    return this.program.unsupported;
  }

  /**
   * Renders against a BOSH context: the spec Hash the director hands its EvaluationContext
   * (`name`, `index`, `properties`, `links`, ...), as a Ruby Hash from {@link Engine.parseContext}
   * or as plain JSON-shaped data. linkplate never changes the context, and treats a Ruby Hash as
   * read-only once rendered with: it is checked the first time (every key a String or Symbol, as
   * BOSH's EvaluationContext needs) and the property paths read from it are remembered, so give a
   * new Hash rather than changing one already rendered with.
   */
  render(context: ContextInput, options: RenderOptions = {}): string {
    const limits = options.limits ? resolveLimits(this.limits, options.limits) : this.limits;
    const profile = options.profile ?? this.profile;
    if (profile !== "director" && profile !== "create-env") throw new InputError(`unknown render profile '${String(profile)}' (director or create-env)`, { filename: this.filename });
    const self = profile === "create-env" ? createCreateEnvEvaluationContext(context) : createEvaluationContext(context, { dns: dnsTablesOption(options.dns) });
    const given = options.locals ?? null;
    if (given !== null && (typeof given !== "object" || Array.isArray(given))) throw new InputError(`locals must be an object, got ${Array.isArray(given) ? "an array" : typeof given}`, { filename: this.filename });
    const locals = this.localNames.map((n) => {
      // Own properties only: a local called `constructor` must not find Object.prototype's.
      const v = given !== null && Object.hasOwn(given, n) ? given[n] : undefined;
      return v === undefined ? null : v instanceof RObject ? v : rubyFromPlainJson(v as PlainJson);
    });
    const { value } = execute(this.program, self, limits, locals);
    const out = value instanceof RString ? outputText(value, this.filename) : String(value);
    if (out.length > limits.output) {
      throw new LimitExceededError("output size", limits.output, { filename: this.filename, line: null, column: null });
    }
    return out;
  }
}

/**
 * The output as text. A buffer that took bytes (a BINARY String, or UTF-8 holding invalid bytes)
 * is the file BOSH writes: its bytes decode as UTF-8 to the same file, or cannot be text at all.
 */
function outputText(out: RString, filename: string): string {
  if (!out.binary || !/[^\x00-\x7f]/.test(out.s)) return out.s;
  const text = decodeUtf8ByteChars(out.s);
  if (text === null) throw new UnsupportedRubyError("template output holding bytes that are not valid UTF-8 (linkplate renders text)", { filename });
  return text;
}

/** The `locals` compile option: Ruby local variable names (`[a-z_]` then word characters). */
function checkLocalNames(names: unknown, filename: string): string[] {
  if (names === undefined || names === null) return [];
  if (!Array.isArray(names)) throw new InputError(`locals must be an array of names, got ${typeof names}`, { filename });
  for (const n of names) {
    if (typeof n !== "string" || !/^[a-z_][A-Za-z0-9_]*$/.test(n)) throw new InputError(`invalid local variable name ${typeof n === "string" ? JSON.stringify(n) : String(n)}`, { filename });
  }
  return [...names] as string[];
}

// The public boundary: an unexpected JavaScript exception in compile, render or parseContext
// reaches the caller as an InternalError (a LinkplateError) naming the template, never raw.
guardMethods(Engine.prototype, ["compile", "compileAny"], (_, [, options]) => ({ filename: (options as CompileOptions | undefined)?.filename ?? "(erb)" }));
guardMethods(Engine.prototype, ["render"], (_, [, , options]) => ({ filename: (options as CompileOptions | undefined)?.filename ?? "(erb)" }));
guardMethods(Engine.prototype, ["parseContext"], (_, [, format, filename]) => ({ filename: (filename as string | undefined) ?? `(context.${format === "json" ? "json" : "yml"})` }));
guardMethods(Template.prototype, ["render"], (template) => ({ filename: template.filename }));

/**
 * Loads the parser (WebAssembly) once; compile and render are synchronous afterwards.
 *
 * With `{ isolate: "worker" }` the engine is a {@link WorkerEngine} instead: compiles and renders
 * run in a worker thread with a heap limit (`maxHeapMb`) and a wall-clock timeout (`timeoutMs`),
 * and return Promises. Use it for templates from releases you do not trust: a render that
 * overruns its heap or time rejects with LimitExceededError and the host process goes on.
 */
export async function createEngine(options: WorkerEngineOptions): Promise<WorkerEngine>;
export async function createEngine(options?: EngineOptions): Promise<Engine>;
export async function createEngine(options: EngineOptions | WorkerEngineOptions = {}): Promise<Engine | WorkerEngine> {
  if ((options as Partial<WorkerEngineOptions>).isolate === "worker") {
    resolveLimits(options.limits);
    resolveParseLimits(options.parseLimits);
    return new WorkerEngine(options as WorkerEngineOptions);
  }
  if ((options as { isolate?: unknown }).isolate !== undefined) throw new InputError(`unknown isolate mode ${JSON.stringify(String((options as { isolate?: unknown }).isolate))} (expected "worker")`);
  const parse = await loadRuby(options.prismWasm);
  installBosh();
  return new Engine(parse, options);
}
