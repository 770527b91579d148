/**
 * What every command shares: the IO seam, typed usage errors, reading data files (JSON by
 * extension, else YAML, both with Ruby's rules), the `--dns` tables, option parsing with
 * generated `--help`, and the progress line.
 */
import type { RenderProfile } from "../engine.js";
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { InputError } from "../diagnostics/errors.js";
import type { DnsIndexTables } from "../bosh/dns-encoder.js";
import { dnsTablesFromCorpus } from "../bosh/dns-encoder.js";
import { toJs } from "../links/rb.js";
import { parseJson } from "../ruby/data/json.js";
import { loadYaml, loadYamlWithPositions } from "../ruby/data/yaml.js";
import { RArray, RHash, RString, type Value } from "../ruby/runtime/values.js";

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** True when stderr is a terminal (progress lines are drawn only then). */
  isTty?: boolean;
  /** Reads a text file (node:fs by default; tests may pass a virtual tree). */
  readFile?: (p: string) => Promise<string>;
  /** Lists a folder (node:fs by default). */
  readdir?: (p: string) => Promise<string[]>;
  /** Environment for `--vars-env` (process.env by default). */
  env?: Record<string, string | undefined>;
}

/** Bad command line: printed with the command's usage, exit 2. */
export class UsageError extends Error {}

export async function readText(io: Io, path: string, what: string): Promise<string> {
  try {
    return io.readFile ? await io.readFile(path) : await readFile(path, "utf8");
  } catch {
    throw new InputError(`${path}: cannot read ${what}`, { filename: path });
  }
}

/** A JSON (by extension) or YAML data file, read with Ruby's rules (positions in errors). */
export async function readData(io: Io, path: string, what: string): Promise<Value> {
  const text = await readText(io, path, what);
  return path.endsWith(".json") ? parseJson(text, path) : loadYaml(text, path);
}

/** Same, keeping node positions for later error messages. */
export async function readDataWithPositions(io: Io, path: string, what: string) {
  const text = await readText(io, path, what);
  if (path.endsWith(".json")) {
    const value = parseJson(text, path);
    return { value, positionOf: () => null };
  }
  const src = loadYamlWithPositions(text, path);
  return { value: src.value, positionOf: src.positionOf.bind(src) };
}

const DNS_KEYS: Record<string, "map" | "bool" | "groups" | "string"> = {
  az_indices: "map",
  network_indices: "map",
  instance_indices: "map",
  service_groups: "groups",
  short_dns: "bool",
  root_domain: "string",
  domain_name: "string",
};

/**
 * `--dns FILE`: the director's DNS index tables, YAML or JSON (docs/cli.md, "DNS tables").
 * Every key and value is checked; a bad file is an InputError naming it, never a raw exception.
 */
export async function readDns(io: Io, path: string): Promise<DnsIndexTables> {
  const v = await readData(io, path, "DNS tables");
  const bad = (msg: string) => new InputError(`${path}: ${msg} (see docs/cli.md, "DNS tables")`, { filename: path });
  if (!(v instanceof RHash)) throw bad("DNS tables must be a mapping");
  for (const [k, x] of v.entries()) {
    const key = k instanceof RString ? k.s : String(k);
    const kind = Object.prototype.hasOwnProperty.call(DNS_KEYS, key) ? DNS_KEYS[key] : undefined;
    if (!kind) throw bad(`unknown key '${key}' (known: ${Object.keys(DNS_KEYS).join(", ")})`);
    if (kind === "map" && !(x instanceof RHash && [...x.entries()].every(([a, b]) => a instanceof RString && typeof b === "number" && Number.isInteger(b)))) throw bad(`'${key}' must map names to integers`);
    if (kind === "bool" && typeof x !== "boolean") throw bad(`'${key}' must be true or false`);
    if (kind === "string" && !(x instanceof RString)) throw bad(`'${key}' must be a string`);
    if (kind === "groups" && !(x instanceof RArray && x.a.every((g) => g instanceof RArray && g.a.length === 4 && g.a.slice(0, 3).every((s) => s instanceof RString) && typeof g.a[3] === "number"))) {
      throw bad(`'${key}' must be a list of [type, name, deployment, id]`);
    }
  }
  return dnsTablesFromCorpus(toJs(v) as Record<string, unknown>);
}

export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  multiple?: boolean;
  arg?: string;
  help: string;
}

export interface CommandSpec {
  name: string;
  synopsis: string;
  description: string;
  options: Record<string, OptionSpec>;
}

/** `linkplate CMD --help` text, generated from the option table. */
export function helpText(spec: CommandSpec): string {
  const rows = Object.entries(spec.options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : "    "}--${name}${o.arg ? ` ${o.arg}` : ""}`;
    return `  ${flag.padEnd(30)} ${o.help}${o.multiple ? " (repeatable)" : ""}`;
  });
  return `usage: linkplate ${spec.name} ${spec.synopsis}\n\n${spec.description}\n\nOptions:\n${rows.join("\n")}\n  -h, --help                     show this help\n`;
}

export type Parsed = { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] };

/** Parses argv against a spec; `--help` prints the help text and returns null. */
export function parseCommand(spec: CommandSpec, args: string[], io: Io): Parsed | null {
  const options: Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }> = { help: { type: "boolean", short: "h" } };
  for (const [name, o] of Object.entries(spec.options)) options[name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, ""));
  }
  if (parsed.values.help) {
    io.stdout(helpText(spec));
    return null;
  }
  return parsed as Parsed;
}

export const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
export const strs = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : []);

/** A progress line on stderr, drawn only on a terminal and erased when done. */
export class Progress {
  private shown = false;
  constructor(private readonly io: Io) {}
  update(text: string): void {
    if (!this.io.isTty) return;
    this.io.stderr(`\r\x1b[2K${text}`);
    this.shown = true;
  }
  done(): void {
    if (this.shown) this.io.stderr("\r\x1b[2K");
    this.shown = false;
  }
}

/** `--profile`: director (default) or create-env; anything else is a usage error. */
export function profileOption(v: unknown): RenderProfile {
  if (v === undefined || v === null) return "director";
  if (v === "director" || v === "create-env") return v;
  throw new UsageError(`--profile takes director or create-env, not '${String(v)}'`);
}
