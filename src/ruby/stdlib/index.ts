/**
 * The standard library shims templates use. All of them are installed up front (BOSH's process
 * has json, yaml, ipaddr... loaded before any template runs), and `require` of any name in
 * {@link REQUIRABLE} is a no-op.
 */
import { installJson } from "./json.js";
import { installYaml } from "./yaml.js";

let installed = false;

/** Installs every stdlib module and class (idempotent). */
export function installStdlib(): void {
  if (installed) return;
  installed = true;
  installJson();
  installYaml();
}

/** Library names `require` accepts as no-ops. */
export const REQUIRABLE: ReadonlySet<string> = new Set([
  "json",
  "json/ext",
  "yaml",
  "psych",
]);
