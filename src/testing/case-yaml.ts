/**
 * A render input (properties, instance spec, links) as YAML ready to paste into a unit test, and
 * back. Only what differs from Ruby's test defaults is printed; strings Psych would read as
 * something else (`yes`, `1.0`, `:x`, ...) are quoted, so the YAML loads back to the same values.
 */
import { Document, visit } from "yaml";
import { InputError } from "../diagnostics/errors.js";
import { loadYaml } from "../ruby/data/yaml.js";
import { RArray, RHash, RString, type Value } from "../ruby/runtime/values.js";
import { tokenizesAsNonString } from "../ruby/stdlib/yaml-dump.js";
import { type Data, INSTANCE_SPEC_DEFAULTS, InstanceSpec, LINK_INSTANCE_DEFAULTS, Link, LinkInstance } from "./instance-spec.js";
import { type PlainJson, toPlain } from "./plain.js";

/** The inputs of one render. */
export interface RenderCase {
  properties: Data;
  spec: InstanceSpec;
  consumes: Link[];
}

const SAFE_PLAIN = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;


function changed(obj: object, defaults: Record<string, unknown>): Record<string, PlainJson> {
  const out: Record<string, PlainJson> = {};
  for (const k of Object.keys(defaults)) {
    const v = toPlain((obj as Record<string, Data>)[k]);
    if (JSON.stringify(v) !== JSON.stringify(defaults[k])) out[k] = v;
  }
  return out;
}

/** The case as plain data, leaving out Ruby's defaults. */
export function caseData(c: RenderCase): Record<string, PlainJson> {
  const out: Record<string, PlainJson> = { properties: toPlain(c.properties) ?? {} };
  const spec = changed(c.spec, INSTANCE_SPEC_DEFAULTS);
  if (Object.keys(spec).length > 0) out.spec = spec;
  if (c.consumes.length > 0) {
    out.consumes = c.consumes.map((l) => {
      const link: Record<string, PlainJson> = { name: l.name };
      if (l.instances.length > 0) link.instances = l.instances.map((i) => (i instanceof LinkInstance ? changed(i, LINK_INSTANCE_DEFAULTS) : toPlain(i as Data)));
      const props = toPlain(l.properties);
      if (props !== null && (typeof props !== "object" || Object.keys(props).length > 0)) link.properties = props;
      if (l.address !== null) link.address = toPlain(l.address);
      return link;
    });
  }
  return out;
}

/** YAML a person can paste into a test and read back with {@link loadCase}. */
export function caseYaml(c: RenderCase): string {
  const doc = new Document(caseData(c), { version: "1.1" });
  visit(doc, {
    Scalar(_key, node) {
      // Quote every string Psych might read as something else (or that needs escapes).
      if (typeof node.value === "string" && (!SAFE_PLAIN.test(node.value) || tokenizesAsNonString(node.value))) node.type = "QUOTE_DOUBLE";
    },
  });
  return doc.toString({ lineWidth: 0 });
}

/** A mapping of known field names (an unknown or non-String key is an InputError). */
function fields(h: RHash, known: readonly string[], where: string): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [k, v] of h.entries()) {
    if (!(k instanceof RString) || !known.includes(k.s)) throw new InputError(`${where}: unknown key ${k instanceof RString ? `'${k.s}'` : "(not a string)"} (known: ${known.join(", ")})`);
    Object.defineProperty(out, k.s, { value: v, enumerable: true });
  }
  return out;
}

function str(h: RHash, k: string, where: string): string {
  const v = h.getStr(k);
  if (!(v instanceof RString)) throw new InputError(`${where}: '${k}' must be a string`);
  return v.s;
}

/**
 * Reads a case printed by a failed property check (YAML with Ruby's rules) back into render
 * inputs: `const c = loadCase(yaml); template.render(c.properties, c)`.
 */
export function loadCase(yaml: string, filename = "(case.yml)"): RenderCase {
  const v = loadYaml(yaml, filename);
  if (!(v instanceof RHash)) throw new InputError(`${filename}: a case is a mapping with properties, spec, consumes`);
  fields(v, ["properties", "spec", "consumes"], filename);
  const specH = v.getStr("spec");
  const spec = new InstanceSpec(specH instanceof RHash ? fields(specH, Object.keys(INSTANCE_SPEC_DEFAULTS), `${filename}: spec`) : {});
  const consumes: Link[] = [];
  const links = v.getStr("consumes");
  if (links instanceof RArray) {
    for (const l of links.a) {
      if (!(l instanceof RHash)) throw new InputError(`${filename}: each of consumes is a mapping`);
      fields(l, ["name", "instances", "properties", "address"], `${filename}: link`);
      const instances = l.getStr("instances");
      consumes.push(
        new Link({
          name: str(l, "name", filename),
          instances: instances instanceof RArray ? instances.a.map((i) => new LinkInstance(i instanceof RHash ? fields(i, Object.keys(LINK_INSTANCE_DEFAULTS), `${filename}: link instance`) : {})) : [],
          properties: l.getStr("properties") ?? {},
          address: l.getStr("address") ?? null,
        }),
      );
    }
  }
  return { properties: v.getStr("properties") ?? {}, spec, consumes };
}
