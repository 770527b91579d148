import type { YamlValue } from "../values.js";

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
  get(def: VariableDefinition): Lookup;
  /** Names this source provides (for `--var-errs-unused`). */
  list(): string[];
}

/** `template.StaticVariables`: `-v`, `-l`, `--var-file` and `--vars-env` values merged; dotted names nest. */
export class StaticVars implements VarsSource {
  readonly values = new Map<string, YamlValue>();
  get(def: VariableDefinition): Lookup {
    const value = this.values.get(def.name);
    return value === undefined ? { found: false, value: null } : { found: true, value };
  }
  list(): string[] {
    return [...this.values.keys()];
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
