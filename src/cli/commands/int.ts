/**
 * `linkplate int TEMPLATE [-o OPS]... [-v NAME=VALUE]... [-l FILE]... [--var-file NAME=PATH]...
 * [--vars-env PREFIX]... [--vars-store FILE] [--var-errs] [--var-errs-unused] [--path PTR] [--json]`
 *
 * `bosh interpolate` offline: same flags (go-flags forms: `--flag value`, `--flag=value`, `-fvalue`),
 * same output bytes and the same error texts. On an error bosh prints a blank line on stdout (or,
 * with `--json`, a JSON document holding the message) and the message then `Exit code 1` on stderr.
 */
import {
  ManifestError,
  MultiVars,
  StaticVars,
  VarsStore,
  interpolate,
  parsePointer,
  parseVarFlag,
  parseYaml,
  readOpsFile,
  readTemplate,
  readVarFileFlag,
  readVarsFile,
  renderResult,
  varsFromEnv,
  type Op,
  type Pointer,
  type VarsSource,
  type YamlValue,
} from "../../manifest/index.js";
import { goJsonString } from "../../manifest/values.js";
import { expandPath } from "../../manifest/vars/flags.js";

export interface IntIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: Record<string, string | undefined>;
}

export const INT_USAGE = `usage: linkplate int TEMPLATE [options]   (bosh interpolate, offline)

  -o, --ops-file PATH       apply go-patch operations from a YAML file (repeatable)
  -v, --var NAME=VALUE      set a variable (VALUE is YAML)
      --var-file NAME=PATH  set a variable to a file's contents
  -l, --vars-file PATH      load variables from a YAML file (repeatable)
      --vars-env PREFIX     load variables from PREFIX_name environment variables
      --vars-store PATH     load variables from, and save generated ones to, a YAML file
      --var-errs            fail when a variable is not found
      --var-errs-unused     fail when a given variable is not used
      --path POINTER        print only the value at POINTER (e.g. /instance_groups/name=web)
      --json                print bosh's JSON UI document
`;

interface FlagSpec {
  long: string;
  short?: string;
  /** The go type go-flags names in "invalid argument" errors; absent for booleans. */
  goType?: string;
}

const FLAGS: FlagSpec[] = [
  { long: "var", short: "v", goType: "[]template.VarKV" },
  { long: "var-file", goType: "[]template.VarFileArg" },
  { long: "vars-file", short: "l", goType: "[]template.VarsFileArg" },
  { long: "vars-env", goType: "[]template.VarsEnvArg" },
  { long: "vars-store", goType: "opts.VarsFSStore" },
  { long: "ops-file", short: "o", goType: "[]opts.OpsFileArg" },
  { long: "path", goType: "patch.Pointer" },
  { long: "var-errs" },
  { long: "var-errs-unused" },
  // bosh's global options that `int` accepts and ignores (or uses for output).
  { long: "json" },
  { long: "tty" },
  { long: "no-color" },
  { long: "non-interactive", short: "n" },
];

const flagName = (f: FlagSpec): string => (f.short ? `-${f.short}, --${f.long}` : `--${f.long}`);

/** Thrown for go-flags parse failures (already worded as bosh prints them). */
class FlagError extends ManifestError {}

interface Parsed {
  template: string | null;
  extra: string[];
  envVars: Map<string, YamlValue>[];
  varsFiles: Map<string, YamlValue>[];
  varFiles: [string, string][];
  kvs: [string, YamlValue][];
  ops: Op[];
  store: string | null;
  path: Pointer | null;
  varErrs: boolean;
  varErrsUnused: boolean;
  json: boolean;
  tty: boolean;
}

/** go-flags' parse, converting each value in argument order as bosh's UnmarshalFlag methods do. */
function parseArgs(args: string[], env: Record<string, string | undefined>): Parsed {
  const p: Parsed = {
    template: null, extra: [], envVars: [], varsFiles: [], varFiles: [], kvs: [], ops: [], store: null, path: null,
    varErrs: false, varErrsUnused: false, json: false, tty: false,
  };
  const apply = (f: FlagSpec, value: string): void => {
    try {
      switch (f.long) {
        case "var":
          p.kvs.push(parseVarFlag(value));
          break;
        case "var-file":
          p.varFiles.push(readVarFileFlag(value));
          break;
        case "vars-file":
          p.varsFiles.push(readVarsFile(value));
          break;
        case "vars-env":
          p.envVars.push(varsFromEnv(value, env));
          break;
        case "vars-store":
          if (value.length === 0) throw new ManifestError("Expected file path to be non-empty");
          p.store = expandPath(value);
          break;
        case "ops-file":
          p.ops.push(...readOpsFile(value));
          break;
        case "path":
          p.path = parsePointer(value);
          break;
      }
    } catch (e) {
      if (!(e instanceof ManifestError)) throw e;
      throw new FlagError(`invalid argument for flag \`${flagName(f)}' (expected ${f.goType}): ${e.message}`, { filename: e.filename, line: e.line, column: e.column });
    }
  };
  const setBool = (f: FlagSpec): void => {
    if (f.long === "var-errs") p.varErrs = true;
    else if (f.long === "var-errs-unused") p.varErrsUnused = true;
    else if (f.long === "json") p.json = true;
    else if (f.long === "tty") p.tty = true;
  };
  let onlyPositional = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (onlyPositional || !arg.startsWith("-") || arg === "-") {
      positional(arg);
      continue;
    }
    if (arg === "--") {
      onlyPositional = true;
      continue;
    }
    let spec: FlagSpec | undefined;
    let inline: string | undefined;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
      spec = FLAGS.find((f) => f.long === name);
      if (!spec) throw new FlagError(`unknown flag \`${name}'`);
    } else {
      const name = arg[1];
      spec = FLAGS.find((f) => f.short === name);
      if (!spec) throw new FlagError(`unknown flag \`${name}'`);
      if (arg.length > 2) inline = arg.slice(2);
    }
    if (!spec.goType) {
      if (inline !== undefined) throw new FlagError(`bool flag \`${flagName(spec)}' cannot have an argument`);
      setBool(spec);
      continue;
    }
    if (inline === undefined) {
      if (i + 1 >= args.length) throw new FlagError(`expected argument for flag \`${flagName(spec)}'`);
      inline = args[++i];
    }
    apply(spec, inline);
  }
  return p;

  function positional(arg: string): void {
    if (p.template === null) {
      readTemplate(arg); // bosh reads the file when it parses the argument
      p.template = arg;
    } else p.extra.push(arg);
  }
}

/** bosh's UI document for `--json` (json.MarshalIndent with four spaces, no final newline). */
function jsonUi(blocks: string[] | null, lines: string[]): string {
  const list = (xs: string[]): string => `[\n${xs.map((x) => `        ${goJsonString(x)}`).join(",\n")}\n    ]`;
  return `{\n    "Tables": null,\n    "Blocks": ${blocks ? list(blocks) : "null"},\n    "Lines": ${list(lines)}\n}`;
}

export async function intCommand(args: string[], io: IntIo): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    io.stdout(INT_USAGE);
    return 0;
  }
  const json = args.includes("--json");
  try {
    const p = parseArgs(args, io.env);
    if (p.template === null) throw new FlagError("the required argument `PATH` was not provided");
    if (p.extra.length) throw new ManifestError(`Command '*opts.InterpolateOpts' does not support extra arguments: ${p.extra.join(", ")}`);

    const statics = new StaticVars();
    for (const m of [...p.envVars, ...p.varsFiles]) for (const [k, v] of m) statics.set(k, v);
    for (const [k, v] of p.varFiles) statics.set(k, v);
    for (const [k, v] of p.kvs) statics.set(k, v);
    const sources: VarsSource[] = [statics];
    let vars: VarsSource = statics;
    if (p.store !== null) {
      const store = new VarsStore(p.store);
      sources.push(store);
      vars = new MultiVars(sources);
      store.certLoader = vars;
    }
    const doc = parseYaml(readTemplate(p.template), p.template);
    const { value } = interpolate(doc, { ops: p.ops, vars, varErrs: p.varErrs, varErrsUnused: p.varErrsUnused, path: p.path });
    const block = renderResult(value, p.path !== null);
    if (json) io.stdout(jsonUi([block], ["Succeeded"]));
    else io.stdout(p.tty ? `${block}\nSucceeded\n` : block);
    return 0;
  } catch (e) {
    if (!(e instanceof ManifestError)) throw e;
    const text = e.multiline;
    if (json) io.stdout(jsonUi(null, [text, "Exit code 1"]));
    else {
      io.stdout("\n");
      io.stderr(`${text}\nExit code 1\n`);
    }
    return 1;
  }
}
