/**
 * One-call property checks: render a template over generated properties, links and instance
 * specs and hold a predicate; a failure throws with the shrunk input as YAML to paste into a test.
 */
import type { Arbitrary } from "fast-check";
import { LinkplateError, TemplateRenderError } from "../diagnostics/errors.js";
import { parseJson } from "../ruby/data/json.js";
import { loadYaml } from "../ruby/data/yaml.js";
import { arbConsumes, arbInstanceSpec, arbProperties } from "./arbitraries.js";
import { type RenderCase, caseYaml } from "./case-yaml.js";
import { fc } from "./fast-check.js";
import { type Data, type InstanceSpec, type Link, LinkInstance } from "./instance-spec.js";
import { type PropertyTree, getDotted, toPlain } from "./plain.js";
import type { Template } from "./release.js";

/** What one render gave, handed to a predicate. */
export interface RenderResult {
  template: Template;
  input: RenderCase;
  /** The output, or null when the render threw. */
  output: string | null;
  /** The error the render threw (a LinkplateError), or null. */
  error: LinkplateError | null;
  /** Renders the same input again. */
  rerender(): string;
}

/** Throws (or returns false) when the render does not have the property. */
export type Predicate = (result: RenderResult) => boolean | void;

export interface CheckOptions {
  /** Manifest properties (default: `arbProperties(template.job)`). */
  properties?: Arbitrary<PropertyTree>;
  /** Consumed links (default: `arbConsumes(template.job)`). */
  consumes?: Arbitrary<Link[]>;
  /** The instance (default: `arbInstanceSpec()`). */
  spec?: Arbitrary<InstanceSpec>;
  /** Number of renders (default 100). */
  runs?: number;
  /** fast-check seed, to replay a failure. */
  seed?: number;
}

/** A property check failed: the message holds the reason and the shrunk input as YAML. */
export class PropertyCheckError extends LinkplateError {
  override name = "PropertyCheckError";
  constructor(
    message: string,
    readonly counterexample: RenderCase,
    /** The counterexample as YAML (load it with `loadCase`). */
    readonly yaml: string,
    readonly seed: number,
    filename: string,
  ) {
    super(message, { filename });
  }
}

function render(template: Template, input: RenderCase): RenderResult {
  const run = () => template.render(input.properties, { spec: input.spec, consumes: input.consumes });
  let output: string | null = null;
  let error: LinkplateError | null = null;
  try {
    output = run();
  } catch (e) {
    if (!(e instanceof LinkplateError)) throw e;
    error = e;
  }
  return { template, input, output, error, rerender: run };
}

/**
 * Renders `template` over generated inputs (`runs` times) and checks `predicate` on every result.
 * Throws {@link PropertyCheckError} with the smallest failing input fast-check finds.
 */
export function checkTemplate(template: Template, options: CheckOptions, predicate: Predicate): void {
  const f = fc();
  const job = template.job;
  const inputs = f.record({
    properties: options.properties ?? arbProperties(job),
    spec: options.spec ?? arbInstanceSpec(),
    consumes: options.consumes ?? arbConsumes(job),
  });
  const details = f.check(
    f.property(inputs, (input) => predicate(render(template, input)) !== false),
    { numRuns: options.runs ?? 100, seed: options.seed },
  );
  if (!details.failed || !details.counterexample) return;
  const input = details.counterexample[0] as RenderCase;
  const yaml = caseYaml(input);
  const err = details.errorInstance;
  const reason = err instanceof Error ? err.message : "the predicate returned false";
  throw new PropertyCheckError(
    `${template.path}: property failed on render ${details.numRuns} of ${options.runs ?? 100}, shrunk ${details.numShrinks} time(s) (seed ${details.seed}):\n` +
      `  ${reason.split("\n").join("\n  ")}\n` +
      `Counterexample (paste into a unit test; const c = loadCase(yaml); template.render(c.properties, c)):\n${yaml}`,
    input,
    yaml,
    details.seed,
    template.path,
  );
}

class PredicateFailure extends Error {}

function fail(message: string): never {
  throw new PredicateFailure(message);
}

function propertyNames(message: string): string[] {
  const m = /^Can't find property '(\[.*\])'$/s.exec(message);
  if (!m) return [];
  try {
    return JSON.parse(m[1]) as string[];
  } catch {
    return [];
  }
}

function declaredWithoutDefault(template: Template, name: string): boolean {
  return template.job.properties.some((d) => d.name === name && (d.default === undefined || d.default === null));
}

function absentIn(props: Data, name: string): boolean {
  const v = getDotted(toPlain(props), name);
  return v === undefined || v === null;
}

/** A link property the provider left nil (declared there without a default). */
function nilInSomeLink(links: Link[], name: string): boolean {
  return links.some((l) => getDotted(toPlain(l.properties), name) === null);
}

export interface RendersOptions {
  /** Further errors the template documents (e.g. its own `raise "x is required"`), by message. */
  allow?: RegExp[];
}

/**
 * The render succeeds, or fails only with a documented required-property error: `Can't find
 * property` naming declared properties without a default that the input left out (or link
 * properties the provider left nil), or a message matching `allow`.
 */
export function rendersWithoutError(options: RendersOptions = {}): Predicate {
  return (r) => {
    const e = r.error;
    if (!e) return;
    if (e instanceof TemplateRenderError) {
      if (options.allow?.some((re) => re.test(e.rubyMessage))) return;
      if (e.rubyClass === "Bosh::Common::Template::UnknownProperty") {
        const names = propertyNames(e.rubyMessage);
        const documented = names.length > 0 && names.every((n) => (declaredWithoutDefault(r.template, n) && absentIn(r.input.properties, n)) || nilInSomeLink(r.input.consumes, n));
        if (documented) return;
      }
      fail(`render failed: ${e.rubyClass}: ${e.rubyMessage} (${e.where})`);
    }
    fail(`render failed: ${e.message.split("\n")[0]}`);
  };
}

/** When the render succeeds, its output loads as YAML (with Ruby's Psych rules). */
export function outputParsesAsYaml(): Predicate {
  return (r) => {
    if (r.output === null) return;
    try {
      loadYaml(r.output, `${r.template.path} (output)`);
    } catch (e) {
      fail(`output is not YAML: ${(e as Error).message.split("\n")[0]}\n--- output ---\n${r.output}`);
    }
  };
}

/** When the render succeeds, its output parses as JSON. */
export function outputParsesAsJson(): Predicate {
  return (r) => {
    if (r.output === null) return;
    try {
      parseJson(r.output, `${r.template.path} (output)`);
    } catch (e) {
      fail(`output is not JSON: ${(e as Error).message.split("\n")[0]}\n--- output ---\n${r.output}`);
    }
  };
}

/** When the render succeeds, the address of every instance of every consumed link appears in the output. */
export function containsLinkAddresses(links?: string[]): Predicate {
  return (r) => {
    if (r.output === null) return;
    for (const l of r.input.consumes) {
      if (links && !links.includes(l.name)) continue;
      for (const i of l.instances) {
        const address = i instanceof LinkInstance ? i.address : null;
        if (typeof address === "string" && !r.output.includes(address)) fail(`address ${address} of link '${l.name}' is not in the output\n--- output ---\n${r.output}`);
      }
    }
  };
}

/** The same input renders the same bytes (or the same error) twice. */
export function deterministic(): Predicate {
  return (r) => {
    let again: string;
    try {
      again = r.rerender();
    } catch (e) {
      if (r.error && e instanceof Error && e.message === r.error.message) return;
      fail(`second render failed: ${(e as Error).message.split("\n")[0]}`);
    }
    if (again !== r.output) fail(`second render differs${r.output === null ? " (the first one failed)" : ""}`);
  };
}

/** All predicates hold. */
export function all(...predicates: Predicate[]): Predicate {
  return (r) => {
    for (const p of predicates) if (p(r) === false) return false;
  };
}
