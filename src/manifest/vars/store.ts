/**
 * `--vars-store FILE` (bosh-cli cmd/opts/vars_fs_store.go): values read from FILE on every
 * lookup; a variable it lacks whose definition has a `type` (password, certificate, rsa, ssh) is
 * generated, added, and FILE rewritten whole (yaml.v2 output, keys sorted).
 */
import { existsSync, writeFileSync } from "node:fs";
import { YMap, type YamlValue } from "../values.js";
import { ManifestError, wrapError } from "../errors.js";
import { toYaml } from "../yaml-write.js";
import { decodeVarsMap, readFileGo } from "./flags.js";
import { generateValue } from "./generators.js";
import type { Lookup, VariableDefinition, VarsSource } from "./sources.js";

export class VarsStore implements VarsSource {
  /** Where a certificate's `ca` option is looked up (bosh: all variable sources, store included). */
  certLoader: VarsSource | null = null;

  constructor(readonly path: string) {}

  private load(): Map<string, YamlValue> {
    if (!existsSync(this.path)) return new Map();
    const text = readFileGo(this.path);
    try {
      return decodeVarsMap(text, "template.StaticVariables", this.path);
    } catch (e) {
      throw wrapError(`Deserializing variables file store '${this.path}'`, e);
    }
  }

  private save(vars: Map<string, YamlValue>): void {
    const text = toYaml(YMap.from(vars.entries()));
    try {
      writeFileSync(this.path, text, { mode: 0o644 });
    } catch (e) {
      throw wrapError(`Writing variables to file store '${this.path}'`, new ManifestError((e as Error).message));
    }
  }

  get(def: VariableDefinition): Lookup {
    const vars = this.load();
    if (vars.has(def.name)) return { found: true, value: vars.get(def.name)! };
    if (def.type.length === 0) return { found: false, value: null };
    let value: YamlValue;
    try {
      value = generateValue(def.type, def.options, (name) => this.loadCert(name));
    } catch (e) {
      throw wrapError(`Generating variable '${def.name}'`, e);
    }
    const now = this.load();
    now.set(def.name, value);
    this.save(now);
    return { found: true, value };
  }

  list(): string[] {
    return [...this.load().keys()];
  }

  /** VarsCertLoader.LoadCerts: the `certificate` and `private_key` of variable `name`. */
  private loadCert(name: string): { certificate: string; privateKey: string } {
    const r = (this.certLoader ?? this).get({ name, type: "", options: null });
    if (!r.found) throw new ManifestError(`Expected to find variable '${name}' with a certificate`);
    const m = r.value instanceof YMap ? r.value : new YMap();
    const str = (v: YamlValue | undefined): string => (typeof v === "string" ? v : "");
    return { certificate: str(m.get("certificate")), privateKey: str(m.get("private_key")) };
  }
}
