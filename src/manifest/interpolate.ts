/**
 * bosh's `Template.Evaluate` (director/template/template.go) on a decoded document: ops files,
 * then `((variables))` (a whole-value reference keeps the value's type; inside a string only
 * strings and integers are allowed; `((!name))` is the same variable; `((a.b.c))` digs into a
 * map), then the `variables:` definitions whose values were found are removed, then the missing
 * / unused checks, then the `--path` find.
 */
import { YMap, cloneValue, goFormat, goTypeName, type YamlValue } from "./values.js";
import { ManifestError, wrapError, type GoError } from "./errors.js";
import { applyOps, findPath, removeOp, type Op } from "./patch/ops.js";
import { Pointer, parsePointer, type Token } from "./patch/pointer.js";
import { toYaml } from "./yaml-write.js";
import type { Lookup, VariableDefinition, VarsSource } from "./vars/sources.js";

export interface InterpolateOptions {
  /** go-patch operations applied before interpolation (all ops files in order). */
  ops?: Op[];
  /** Variable sources (static flags, then the vars store). */
  vars?: VarsSource;
  /** `--var-errs`: fail when a variable is not found. */
  varErrs?: boolean;
  /** `--var-errs-unused`: fail when a provided variable is not used. */
  varErrsUnused?: boolean;
  /** `--path`: extract this value after interpolation. */
  path?: Pointer | null;
}

export interface InterpolateResult {
  value: YamlValue;
  /** Names of variables that were not found (sorted). */
  missing: string[];
}

const NAME = "\\(\\( ?(!?[-/.\\w\\p{L}]+) ?\\)\\)";
const INTERPOLATION = new RegExp(NAME, "gu");
const ANCHORED = new RegExp(`^${NAME}$`, "u");

const noVars: VarsSource = { get: () => ({ found: false, value: null }), list: () => [] };

/** Go's sort.Strings (byte order). */
function sortStrings(names: Iterable<string>): string[] {
  return [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** What a scalar decoded into a Go `string` field holds (yaml.v2 sets the scalar's text). */
function goStringField(v: YamlValue | undefined): string {
  if (v === undefined || v === null) return "";
  if (v instanceof YMap || Array.isArray(v)) throw new ManifestError(`yaml: unmarshal errors:\n  cannot unmarshal !!${Array.isArray(v) ? "seq" : "map"} into string`);
  if (typeof v === "string") return v;
  return toYaml(v).replace(/\n$/, "");
}

class VarsTracker {
  defs: VariableDefinition[] = [];
  readonly missing = new Set<string>();
  readonly visited = new Set<string>();
  readonly visitedAll = new Set<string>();

  constructor(
    readonly vars: VarsSource,
    readonly expectAllFound: boolean,
    readonly expectAllUsed: boolean,
  ) {}

  get(name: string): Lookup {
    this.visitedAll.add(name);
    if (this.visited.has(name)) throw new ManifestError("Detected recursion");
    const scoped = new VarsTracker(this.vars, this.expectAllFound, this.expectAllUsed);
    scoped.defs = this.defs;
    scoped.visited.add(name);
    for (const k of this.visited) scoped.visited.add(k);

    const found = this.defs.find((d) => d.name === name);
    const def: VariableDefinition = found ? { ...found } : { name, type: "", options: null };
    try {
      def.options = interpolateNode(def.options, scoped);
    } catch (e) {
      throw wrapError(`Interpolating variable '${name}' definition options`, e);
    }
    if (scoped.missing.size > 0) return { found: false, value: null };
    const r = this.vars.get(def);
    if (!r.found) this.missing.add(name);
    return r;
  }

  /** varsLookup.Get: `a.b.c` looks `a` up, then finds `/b/c` in it (indexes retried as keys). */
  lookup(name: string): Lookup {
    const split = name.split(".");
    const r = this.get(split[0]);
    if (!r.found || split.length === 1) return r;
    let pointer: Pointer;
    try {
      pointer = parsePointer(`/${split.slice(1).join("/")}`);
    } catch (e) {
      throw e instanceof ManifestError ? e : new ManifestError(String(e));
    }
    try {
      return { found: true, value: findPath(r.value, pointer) };
    } catch {
      const tokens: Token[] = pointer.tokens.map((t) => (t.kind === "index" ? { kind: "key", key: String(t.index), optional: false } : t));
      return { found: true, value: findPath(r.value, new Pointer(tokens)) };
    }
  }

  extractDefinitions(obj: YamlValue): void {
    if (obj instanceof YMap) {
      const section = obj.get("variables");
      if (section !== undefined && section !== null) {
        if (!Array.isArray(section)) throw new ManifestError(`yaml: unmarshal errors:\n  cannot unmarshal !!${section instanceof YMap ? "map" : "str"} into []template.VariableDefinition`);
        this.defs = section.map((item) => {
          if (item !== null && !(item instanceof YMap)) throw new ManifestError("yaml: unmarshal errors:\n  cannot unmarshal !!str into template.VariableDefinition");
          const m = item ?? new YMap();
          return { name: goStringField(m.get("name")), type: goStringField(m.get("type")), options: cloneValue(m.get("options") ?? null) };
        });
      }
    }
    for (const def of this.defs) {
      if (def.type.length > 0) {
        try {
          this.get(def.name);
        } catch (e) {
          throw wrapError("Getting all variables from variable definitions sections", e);
        }
      }
    }
  }

  foundVars(obj: YamlValue): YamlValue {
    const foundDefs: string[] = [];
    for (const def of this.defs) {
      let r: Lookup;
      try {
        r = this.get(def.name);
      } catch (e) {
        throw wrapError("Getting all variables from variable definitions sections", e);
      }
      if (r.found) foundDefs.push(def.name);
    }
    for (const name of foundDefs) {
      obj = removeOp(new Pointer([{ kind: "root" }, { kind: "key", key: "variables", optional: false }, { kind: "matching", key: "name", value: name, optional: false, modifiers: [] }]))(obj);
    }
    return obj;
  }

  error(): ManifestError | null {
    const errs: GoError[] = [];
    if (this.expectAllFound && this.missing.size > 0) errs.push({ wrap: "Expected to find variables", cause: { multi: sortStrings(this.missing) } });
    if (this.expectAllUsed) {
      const unused = new Set(this.vars.list().filter((n) => !this.visitedAll.has(n)));
      if (unused.size > 0) errs.push({ wrap: "Expected to use variables", cause: { multi: sortStrings(unused) } });
    }
    return errs.length ? new ManifestError({ multi: errs }) : null;
  }
}

/** interpolator.Interpolate: maps and lists are changed in place, as in Go. */
function interpolateNode(node: YamlValue, tracker: VarsTracker): YamlValue {
  if (node instanceof YMap) {
    for (const [k, v] of node.entries()) {
      const ev = interpolateNode(v, tracker);
      const ek = interpolateNode(k, tracker);
      node.delete(k);
      if (ek instanceof YMap || Array.isArray(ek)) throw new ManifestError(`runtime error: hash of unhashable type ${goTypeName(ek)}`);
      node.set(ek, ev);
    }
    return node;
  }
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) node[i] = interpolateNode(node[i], tracker);
    return node;
  }
  if (typeof node !== "string") return node;
  let s = node;
  for (const m of node.matchAll(INTERPOLATION)) {
    const name = m[1].replace(/^!/, "");
    let r: Lookup;
    try {
      r = tracker.lookup(name);
    } catch (e) {
      throw wrapError(`Finding variable '${name}'`, e);
    }
    if (!r.found) continue;
    if (ANCHORED.test(s)) return r.value;
    const v = r.value;
    if (typeof v === "string" || (typeof v === "bigint")) {
      const str = String(v);
      s = s.split(`((${name}))`).join(str).split(`((!${name}))`).join(str);
    } else {
      throw new ManifestError(`Invalid type '${goTypeName(v)}' for value '${goFormat(v)}' and variable '${name}'. Supported types for interpolation within a string are integers and strings.`);
    }
  }
  return s;
}

/**
 * `Template.Evaluate` on a decoded document: ops, then variables, then the `--path` find.
 * Throws a {@link ManifestError} with bosh's message on any failure.
 */
export function interpolate(doc: YamlValue, opts: InterpolateOptions = {}): InterpolateResult {
  let obj = doc;
  if (opts.ops && opts.ops.length) obj = applyOps(obj, opts.ops);
  const tracker = new VarsTracker(opts.vars ?? noVars, opts.varErrs ?? false, opts.varErrsUnused ?? false);
  tracker.extractDefinitions(obj);
  obj = interpolateNode(obj, tracker);
  obj = tracker.foundVars(obj);
  const err = tracker.error();
  if (err) throw err;
  if (opts.path) obj = findPath(obj, opts.path);
  return { value: obj, missing: sortStrings(tracker.missing) };
}

/**
 * What `bosh int` prints for a successful evaluation: the YAML, or with `--path` a string value
 * as raw text (bosh's UnescapedMultiline).
 */
export function renderResult(value: YamlValue, rawStrings: boolean): string {
  if (rawStrings && typeof value === "string") return `${value}\n`;
  return toYaml(value);
}
