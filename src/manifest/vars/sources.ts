/**
 * Where `((name))` values come from: bosh's `template.Variables` (`Get(definition)`, `List()`),
 * its StaticVariables (the `-v`/`-l`/`--var-file`/`--vars-env` values merged) and MultiVars.
 */
import { YMap, type YamlValue } from "../values.js";
import { ManifestError } from "../errors.js";

/** A `variables:` entry of a manifest (`name`, `type`, `options`). */
export interface VariableDefinition {
  name: string;
  type: string;
  options: YamlValue;
}

export interface Lookup {
  found: boolean;
  value: YamlValue;
}

/** bosh's `template.Variables`: where `((name))` values come from. */
export interface VarsSource {
  /** The value of `def.name`; a store may generate it from `def.type` and `def.options`. */
  get(def: VariableDefinition): Lookup;
  /** Names this source provides (for `--var-errs-unused`). */
  list(): string[];
}

/**
 * `template.StaticVariables`: names set in flag order (later wins). A dotted name `a.b` sets key
 * `b` of a map `a` (StaticVariables.processed, including its quirk of checking the top level for
 * every piece of the path).
 */
export class StaticVars implements VarsSource {
  readonly values = new Map<string, YamlValue>();

  constructor(entries: Iterable<[string, YamlValue]> = []) {
    for (const [k, v] of entries) this.values.set(k, v);
  }

  set(name: string, value: YamlValue): void {
    this.values.set(name, value);
  }

  private processed(): Map<string, YamlValue> {
    const top = new YMap();
    for (const [name, val] of this.values) {
      const pieces = name.split(".");
      if (pieces.length === 1) {
        top.set(name, val);
        continue;
      }
      let ref = top;
      for (const p of pieces.slice(0, -1)) {
        if (!top.has(p)) ref.set(p, new YMap());
        const next = ref.get(p);
        if (!(next instanceof YMap)) throw new ManifestError(`Variable '${name}' conflicts with variable '${p}'`);
        ref = next;
      }
      ref.set(pieces[pieces.length - 1], val);
    }
    return new Map(top.entries().map(([k, v]) => [String(k), v]));
  }

  get(def: VariableDefinition): Lookup {
    const p = this.processed();
    return p.has(def.name) ? { found: true, value: p.get(def.name)! } : { found: false, value: null };
  }

  list(): string[] {
    return [...this.processed().keys()];
  }
}

/** `template.MultiVars`: the first source that finds a name wins. */
export class MultiVars implements VarsSource {
  constructor(readonly sources: VarsSource[]) {}
  get(def: VariableDefinition): Lookup {
    for (const s of this.sources) {
      const r = s.get(def);
      if (r.found) return r;
    }
    return { found: false, value: null };
  }
  list(): string[] {
    return this.sources.flatMap((s) => s.list());
  }
}
