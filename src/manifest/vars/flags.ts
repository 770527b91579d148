/**
 * The bosh CLI's variable and ops-file flags, read from files and the environment with the same
 * rules and error texts: `-v name=value`, `--var-file name=path`, `-l file`, `--vars-env PREFIX`,
 * `-o file`, and the manifest argument itself (director/template/*_arg.go, cmd/opts/*_arg.go).
 */
import { readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { resolve as resolvePath } from "node:path";
import { YMap, type YamlValue } from "../values.js";
import { ManifestError, wrapError } from "../errors.js";
import { parseYaml } from "../yaml-read.js";
import { toYaml } from "../yaml-write.js";
import { decodeOpDefinitions, opsFromDefinitions, type Op, type OpDefinition } from "../patch/ops.js";

/** Go's os error texts for the errno codes a read can hit. */
const ERRNO_TEXT: Record<string, string> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  ENOTDIR: "not a directory",
  ELOOP: "too many levels of symbolic links",
};

/** bosh-utils' FileSystem.ReadFile: its error texts (`Opening file X: open X: ...`). */
export function readFileGo(path: string): string {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "";
    throw new ManifestError({ wrap: `Opening file ${path}`, cause: `open ${path}: ${ERRNO_TEXT[code] ?? code}` }, { filename: path });
  }
  if (isDir) throw new ManifestError({ wrap: `Reading file content ${path}`, cause: `read ${path}: is a directory` }, { filename: path });
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "";
    throw new ManifestError({ wrap: `Opening file ${path}`, cause: `open ${path}: ${ERRNO_TEXT[code] ?? code}` }, { filename: path });
  }
}

/** bosh-utils' ExpandPath: a leading `~` is the home folder, then the absolute path. */
export function expandPath(path: string): string {
  const p = path.startsWith("~") ? homedir() + path.slice(1) : path;
  return resolvePath(p);
}

function trimWrappingQuotes(s: string): string {
  if ((s[0] === '"' && s[s.length - 1] === '"') || (s[0] === "'" && s[s.length - 1] === "'")) return s.slice(1, -1);
  return s;
}

/** `-v name=value`: the value is YAML unless it decodes to a string (then the raw text, unquoted once). */
export function parseVarFlag(arg: string): [string, YamlValue] {
  const eq = arg.indexOf("=");
  if (eq < 0) throw new ManifestError(`Expected var '${arg}' to be in format 'name=value'`);
  const name = arg.slice(0, eq), raw = arg.slice(eq + 1);
  if (name.length === 0) throw new ManifestError(`Expected var '${arg}' to specify non-empty name`);
  if (raw.length === 0) throw new ManifestError(`Expected var '${arg}' to specify non-empty value`);
  let value: YamlValue;
  try {
    value = parseYaml(raw);
  } catch (e) {
    throw wrapError(`Deserializing variables '${arg}'`, e);
  }
  return [name, typeof value === "string" ? trimWrappingQuotes(raw) : value];
}

/** `--var-file name=path`: the file's text as is. */
export function readVarFileFlag(arg: string): [string, string] {
  const eq = arg.indexOf("=");
  if (eq < 0) throw new ManifestError(`Expected var '${arg}' to be in format 'name=path'`);
  const name = arg.slice(0, eq), path = arg.slice(eq + 1);
  if (name.length === 0) throw new ManifestError(`Expected var '${arg}' to specify non-empty name`);
  if (path.length === 0) throw new ManifestError(`Expected var '${arg}' to specify non-empty path`);
  const abs = expandPath(path);
  try {
    return [name, readFileGo(abs)];
  } catch (e) {
    throw wrapError(`Reading variable from file '${abs}'`, e);
  }
}

/** The text a scalar map key has when decoded into a Go `string` (vars files are map[string]interface{}). */
function keyText(k: YamlValue): string {
  if (k === null) return "";
  if (typeof k === "string") return k;
  if (k instanceof YMap || Array.isArray(k)) throw new ManifestError("yaml: invalid map key");
  return toYaml(k).replace(/\n$/, "");
}

/** yaml.Unmarshal into `map[string]interface{}` (`what` names the Go type in errors). */
export function decodeVarsMap(text: string, what: string, filename?: string): Map<string, YamlValue> {
  const doc = parseYaml(text, filename);
  const out = new Map<string, YamlValue>();
  if (doc === null) return out;
  if (!(doc instanceof YMap)) {
    const tag = Array.isArray(doc) ? "!!seq" : typeof doc === "string" ? "!!str" : typeof doc === "boolean" ? "!!bool" : typeof doc === "bigint" ? "!!int" : "!!float";
    const shown = Array.isArray(doc) ? "" : ` \`${String(doc).length > 10 ? `${String(doc).slice(0, 7)} ...` : String(doc)}\``;
    throw new ManifestError(`yaml: unmarshal errors:\n  line 1: cannot unmarshal ${tag}${shown} into ${what}`);
  }
  for (const [k, v] of doc.entries()) out.set(keyText(k), v);
  return out;
}

/** `-l path`: a YAML map of variables (keys as strings). */
export function readVarsFile(path: string): Map<string, YamlValue> {
  if (path.length === 0) throw new ManifestError("Expected file path to be non-empty");
  let text: string;
  try {
    text = readFileGo(path);
  } catch (e) {
    throw wrapError(`Reading variables file '${path}'`, e);
  }
  try {
    return decodeVarsMap(text, "template.StaticVariables", path);
  } catch (e) {
    throw wrapError(`Deserializing variables file '${path}'`, e);
  }
}

/** `--vars-env PREFIX`: every `PREFIX_name` variable of `env` (in `env`'s order), its value parsed as YAML. */
export function varsFromEnv(prefix: string, env: Record<string, string | undefined>): Map<string, YamlValue> {
  if (prefix.length === 0) throw new ManifestError("Expected environment variable prefix to be non-empty");
  const out = new Map<string, YamlValue>();
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || !name.startsWith(`${prefix}_`)) continue;
    try {
      out.set(name.slice(prefix.length + 1), parseYaml(value));
    } catch (e) {
      throw wrapError(`Deserializing YAML from environment variable '${name}'`, e);
    }
  }
  return out;
}

/** `-o path`: an ops file, its operations labelled `operation [i] in PATH failed`. */
export function readOpsFile(path: string): Op[] {
  if (path.length === 0) throw new ManifestError("Expected file path to be non-empty");
  let text: string;
  try {
    text = readFileGo(path);
  } catch (e) {
    throw wrapError(`Reading ops file '${path}'`, e);
  }
  let defs: OpDefinition[];
  try {
    defs = decodeOpDefinitions(parseYaml(text, path));
  } catch (e) {
    throw wrapError(`Deserializing ops file '${path}'`, e);
  }
  try {
    return opsFromDefinitions(defs, (i) => `operation [${i}] in ${path} failed`);
  } catch (e) {
    throw wrapError("Building ops", e);
  }
}

/** The manifest/template argument (a FileBytesArg): its bytes as text. */
export function readTemplate(path: string): string {
  if (path.length === 0) throw new ManifestError("Expected file path to be non-empty");
  return readFileGo(path);
}
