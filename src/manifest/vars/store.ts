import type { Lookup, VariableDefinition, VarsSource } from "./sources.js";

/**
 * `--vars-store FILE`: values read from FILE; a variable it lacks whose definition has a `type`
 * (password, certificate, rsa, ssh) is generated and FILE rewritten.
 */
export class VarsStore implements VarsSource {
  constructor(readonly path: string) {}
  get(def: VariableDefinition): Lookup {
    void def;
    return { found: false, value: null };
  }
  list(): string[] {
    return [];
  }
}
