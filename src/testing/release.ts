/**
 * `ReleaseDir` / `Job` / `Template` shaped like Ruby's `Bosh::Common::Template::Test`: open a
 * release folder, pick a job, pick a template by its RENDERED path, render it with manifest
 * properties, an instance spec and consumed links. The context is built exactly as Ruby's
 * `Template#render` builds it, key for key and in the same order.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { type ContextInput, type PlainJson } from "../bosh/evaluation-context.js";
import { InputError } from "../diagnostics/errors.js";
import type { EjsTemplate } from "../ejs/index.js";
import { type Engine, type RenderOptions, type Template as EngineTemplate, createEngine } from "../engine.js";
import { type JobSpec, jobProperties, parseJobSpec } from "../render/job.js";
import { RArray, RHash, RString, type Value } from "../ruby/runtime/values.js";
import { TemplateTestError } from "./errors.js";
import { loadFastCheck } from "./fast-check.js";
import { type Data, InstanceSpec, type Link, type Properties, toRuby } from "./instance-spec.js";

let sharedEngine: Promise<Engine> | null = null;

/** Ruby's `File.join`: parts joined by one "/" (duplicate separators at the joins collapse), nothing normalised. */
export function rubyFileJoin(...parts: string[]): string {
  let out = "";
  for (const p of parts) {
    if (out === "") out = p;
    else out = `${out.replace(/\/+$/, "")}/${p.replace(/^\/+/, "")}`;
  }
  return out;
}

/** A release folder (`jobs/<name>/spec`, `jobs/<name>/templates/...`). */
export class ReleaseDir {
  /** @internal use {@link ReleaseDir.open} */
  constructor(
    readonly path: string,
    /** @internal */ readonly engine: Engine,
  ) {}

  /**
   * Opens a release folder. The only async step: it loads the engine (Prism, WebAssembly) once for
   * the whole process, and fast-check when it is installed (for the property-based helpers).
   */
  static async open(path: string): Promise<ReleaseDir> {
    if (typeof path !== "string") throw new InputError("ReleaseDir.open: the release path must be a string");
    sharedEngine ??= createEngine();
    const [engine] = await Promise.all([sharedEngine, loadFastCheck()]);
    return new ReleaseDir(path, engine);
  }

  /** Reads `jobs/<name>/spec` (YAML with Ruby's rules). */
  job(name: string): Job {
    return new Job(this, name);
  }

  /** The job folders (those holding a `spec`), sorted. */
  jobNames(): string[] {
    const jobs = rubyFileJoin(this.path, "jobs");
    try {
      return readdirSync(jobs, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(rubyFileJoin(jobs, d.name, "spec")))
        .map((d) => d.name)
        .sort();
    } catch {
      throw new InputError(`${this.path}: not a release folder (no jobs/)`, { filename: this.path });
    }
  }
}

/** A consumed link as the job spec declares it. */
export interface ConsumedLink {
  name: string;
  type: string | null;
  optional: boolean;
}

/** A provided link as the job spec declares it. */
export interface ProvidedLink {
  name: string;
  type: string | null;
  /** Property names (dotted) the link exposes to consumers. */
  properties: string[];
}

/** A declared property of the job spec. */
export interface PropertyDecl {
  name: string;
  /** The spec default (a Ruby value), undefined when none. */
  default: Value | undefined;
  /** The spec `example`, when given. */
  example: Value | undefined;
  /** The spec `type` (e.g. `certificate`), when given. */
  type: string | null;
  description: string | null;
}

function strOf(v: Value | undefined): string | null {
  return v instanceof RString ? v.s : null;
}

export class Job {
  /** `<release>/jobs/<name>`, joined as Ruby's File.join does. */
  readonly path: string;
  readonly spec: JobSpec;

  /** @internal use {@link ReleaseDir.job} */
  constructor(
    readonly release: ReleaseDir,
    readonly name: string,
  ) {
    this.path = rubyFileJoin(release.path, "jobs", name);
    const specPath = rubyFileJoin(this.path, "spec");
    let text: string;
    try {
      text = readFileSync(specPath, "utf8");
    } catch {
      throw new TemplateTestError("Errno::ENOENT", `No such file or directory @ rb_sysopen - ${specPath}`, { filename: specPath });
    }
    this.spec = parseJobSpec(text, specPath, { checkDestinations: false });
  }

  /**
   * The template whose RENDERED path (a value of the spec's `templates` map) is `renderedPath`,
   * as Ruby's `Job#template`: the first match in spec order.
   */
  template(renderedPath: string): Template {
    for (const [src, dst] of this.spec.templates) {
      if (dst === renderedPath) return new Template(this, rubyFileJoin(this.path, "templates", src));
    }
    throw new TemplateTestError(
      "RuntimeError",
      `Template for rendered path filename not found: ${renderedPath}. Possible values are: [${[...this.spec.templates.values()].join(", ")}]`,
      { filename: rubyFileJoin(this.path, "spec") },
    );
  }

  /** Every template of the spec, in spec order (each by its own source file, even when two share a rendered path). */
  templates(): Template[] {
    return [...this.spec.templates.keys()].map((src) => new Template(this, rubyFileJoin(this.path, "templates", src)));
  }

  /** Whether the job has a monit file. */
  hasMonit(): boolean {
    return existsSync(rubyFileJoin(this.path, "monit"));
  }

  /** The job's monit file, rendered like any template (RSpec suites use `Template.new(spec, job_path + '/monit')`). */
  monit(): Template {
    return new Template(this, rubyFileJoin(this.path, "monit"));
  }

  /** The spec's `consumes`, in order. */
  get consumes(): ConsumedLink[] {
    const c = this.spec.raw.getStr("consumes");
    if (!(c instanceof RArray)) return [];
    const out: ConsumedLink[] = [];
    for (const e of c.a) {
      if (!(e instanceof RHash)) continue;
      const name = strOf(e.getStr("name"));
      if (name === null) continue;
      out.push({ name, type: strOf(e.getStr("type")), optional: e.getStr("optional") === true });
    }
    return out;
  }

  /** The spec's `provides`, in order. */
  get provides(): ProvidedLink[] {
    const c = this.spec.raw.getStr("provides");
    if (!(c instanceof RArray)) return [];
    const out: ProvidedLink[] = [];
    for (const e of c.a) {
      if (!(e instanceof RHash)) continue;
      const name = strOf(e.getStr("name"));
      if (name === null) continue;
      const props = e.getStr("properties");
      out.push({ name, type: strOf(e.getStr("type")), properties: props instanceof RArray ? props.a.flatMap((p) => (p instanceof RString ? [p.s] : [])) : [] });
    }
    return out;
  }

  /** The spec's declared properties, in order. */
  get properties(): PropertyDecl[] {
    const p = this.spec.raw.getStr("properties");
    const out: PropertyDecl[] = [];
    for (const [name, def] of this.spec.properties) {
      const d = p instanceof RHash ? p.getStr(name) : undefined;
      const h = d instanceof RHash ? d : null;
      out.push({
        name,
        default: def === null ? undefined : def,
        example: h?.getStr("example"),
        type: h ? strOf(h.getStr("type")) : null,
        description: h ? strOf(h.getStr("description")) : null,
      });
    }
    return out;
  }
}

/** The second argument of {@link Template.render}, as Ruby's keyword arguments. */
export interface RenderInputs {
  /**
   * The instance (default: `new InstanceSpec()`, Ruby's defaults). A plain object or Ruby Hash is
   * merged in as is, as Ruby's `spec.to_h` lets many RSpec suites pass `{ 'address' => '10.0.0.1' }`.
   */
  spec?: InstanceSpec | Data;
  /** The links the job consumes (default: none). */
  consumes?: Link[];
}

const compiled = new WeakMap<Engine, Map<string, EngineTemplate | EjsTemplate>>();

export class Template {
  /** @internal use {@link Job.template} or {@link Job.monit} */
  constructor(
    readonly job: Job,
    /** The template file, `<release>/jobs/<job>/templates/<source path>`. */
    readonly path: string,
  ) {}

  /**
   * The Hash Ruby's `Template#render` hands the evaluation context: `properties` (only declared
   * ones, spec defaults filled in), the instance spec's keys, `job: {name}`, then `links` in the
   * order of the job's `consumes`. Throws Ruby's error for a link the job does not consume.
   */
  context(properties: Properties | undefined, inputs: RenderInputs = {}): RHash {
    const given = toRuby(properties ?? null, "properties");
    if (given !== null && !(given instanceof RHash)) throw new InputError("Template#render: manifest properties must be a Hash (a plain object)");
    const ctx = new RHash();
    ctx.setStr("properties", jobProperties(this.job.spec, given));
    const spec = inputs.spec === undefined ? new InstanceSpec() : inputs.spec;
    const specHash = spec instanceof InstanceSpec ? spec.toRuby() : toRuby(spec, "spec");
    if (!(specHash instanceof RHash)) throw new InputError("Template#render: spec must be an InstanceSpec or a Hash (a plain object)");
    // Hash#merge: a key already there (even 'properties') keeps its place and takes the new value.
    for (const [k, v] of specHash.entries()) ctx.set(k, v);
    ctx.setStr("links", this.linksHash(inputs.consumes ?? []));
    return ctx;
  }

  /** Renders with manifest properties (nested, as the Ruby Hash), an instance spec and consumed links. */
  render(properties: Properties | undefined, inputs: RenderInputs = {}): string {
    return this.renderWith(this.context(properties, inputs));
  }

  /** Renders against a hand-built context Hash (Ruby's `EvaluationContext.new(hash, nil)`), no DNS encoder. */
  renderWith(context: ContextInput, options: Pick<RenderOptions, "limits"> = {}): string {
    const source = this.source();
    return this.compiled(source).render(context as ContextInput, { dns: null, limits: options.limits });
  }

  private text: string | null = null;

  /** The template text, read at the first render (as Ruby reads it in render) and kept for later ones. */
  private source(): string {
    if (this.text !== null) return this.text;
    try {
      if (statSync(this.path).isFile()) return (this.text = readFileSync(this.path, "utf8"));
    } catch {
      // reported below, with Ruby's text
    }
    throw new TemplateTestError("RuntimeError", `No such file at ${this.path}`, { filename: this.path });
  }

  /** Compiled once per engine; a `.ejs` template takes the ejs dialect, as in render-job. */
  private compiled(source: string): EngineTemplate | EjsTemplate {
    const engine = this.job.release.engine;
    let cache = compiled.get(engine);
    if (!cache) compiled.set(engine, (cache = new Map()));
    const key = `${this.path}\0${source}`;
    let t = cache.get(key);
    if (!t) cache.set(key, (t = engine.compileAny(source, { filename: this.path })));
    return t;
  }

  private linksHash(links: Link[]): RHash {
    const out = new RHash();
    const known = new Set<string>();
    for (const consume of this.job.consumes) {
      known.add(consume.name);
      const link = links.find((l) => l.name === consume.name);
      if (link) out.setStr(link.name, link.toRuby());
    }
    for (const link of links) {
      if (!known.has(link.name)) {
        throw new TemplateTestError("RuntimeError", `Link '${link.name}' is not declared as a consumed link in this job.`, { filename: rubyFileJoin(this.job.path, "spec") });
      }
    }
    return out;
  }
}

export type { PlainJson };
