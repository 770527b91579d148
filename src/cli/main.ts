#!/usr/bin/env node
/**
 * The `linkplate` command. Every user error is printed as `file:line:col: message` (with a
 * code frame where there is one) and exits 1; nothing is written unless everything rendered.
 */
import { realpathSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { asLinkplateError } from "../diagnostics/boundary.js";
import { InputError, InternalError, LinkplateError } from "../diagnostics/errors.js";
import { createEngine } from "../engine.js";
import { parseJson } from "../ruby/data/json.js";
import { loadYaml } from "../ruby/data/yaml.js";
import { RHash, type Value } from "../ruby/runtime/values.js";
import { JobRenderError, jobProperties, loadJobDir, renderJob } from "../render/job.js";
import { DeploymentRenderError, renderGraph, writeTreeAtomically } from "../render/deployment.js";
import { loadReleases, resolveFromFiles } from "../render/releases.js";
import { resolveCommand } from "./commands/resolve.js";

const USAGE = `linkplate — render BOSH job templates offline, as BOSH does

Usage:
  linkplate render TEMPLATE --context FILE [--dns FILE] [--filename NAME]
      Render one ERB template against a context (JSON or YAML: the spec Hash BOSH
      hands its evaluation context) and print the result.
  linkplate render-job JOB_DIR [--properties FILE] [--context FILE] [--dns FILE] -o OUT
      Render every template of a job folder (spec defaults applied) into OUT.
  linkplate render-deployment MANIFEST... --release DIR... [--facts FILE] -o OUT
      Resolve links and render every job of every instance into OUT/<group>/<index>/<job>/.
  linkplate resolve MANIFEST... --release DIR... [--facts FILE] [--json]
      Print the resolved link graph.
  linkplate help
`;

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** Reads a JSON (by extension) or YAML data file with Ruby's rules. */
async function readData(path: string): Promise<Value> {
  const text = await readFile(path, "utf8").catch(() => {
    throw new LinkplateError(`${path}: cannot read file`, { filename: path });
  });
  return path.endsWith(".json") ? parseJson(text, path) : loadYaml(text, path);
}

/** Reads a plain JSON file (the DNS index tables); bad JSON is the user's input error. */
async function readJsonFile(path: string): Promise<Record<string, unknown> | null> {
  const text = await readFile(path, "utf8").catch(() => {
    throw new InputError(`${path}: cannot read file`, { filename: path });
  });
  try {
    return JSON.parse(text) as Record<string, unknown> | null; // its shape is checked where it is used
  } catch (e) {
    throw new InputError(`${path}: invalid JSON: ${(e as Error).message}`, { filename: path });
  }
}

async function cmdRender(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { context: { type: "string" }, dns: { type: "string" }, filename: { type: "string" } } });
  if (positionals.length !== 1) throw new UsageError("render takes exactly one TEMPLATE");
  const path = positionals[0];
  const source = await readFile(path, "utf8").catch(() => {
    throw new LinkplateError(`${path}: cannot read template`, { filename: path });
  });
  const context = values.context ? await readData(values.context) : new RHash();
  const dns = values.dns ? await readJsonFile(values.dns) : null;
  const engine = await createEngine();
  io.stdout(engine.compile(source, { filename: values.filename ?? path }).render(context, { dns }));
  return 0;
}

async function cmdRenderJob(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { properties: { type: "string" }, context: { type: "string" }, dns: { type: "string" }, out: { type: "string", short: "o" } },
  });
  if (positionals.length !== 1) throw new UsageError("render-job takes exactly one JOB_DIR");
  if (!values.out) throw new UsageError("render-job needs -o OUT");
  const job = await loadJobDir(positionals[0]);
  const ctx = values.context ? await readData(values.context) : new RHash();
  if (!(ctx instanceof RHash)) throw new LinkplateError(`${values.context}: the context must be a mapping`, { filename: values.context });
  const given = values.properties ? await readData(values.properties) : (ctx.getStr("properties") ?? null);
  if (given !== null && !(given instanceof RHash)) throw new LinkplateError(`${values.properties}: properties must be a mapping`, { filename: values.properties });
  ctx.setStr("properties", jobProperties(job.spec, given as RHash | null));
  if (!ctx.getStr("name")) ctx.setStr("name", job.spec.name as never);
  const dns = values.dns ? await readJsonFile(values.dns) : null;
  const engine = await createEngine();
  const rendered = renderJob(engine, job, ctx, { dns });
  await writeTreeAtomically(values.out, rendered.files);
  io.stdout(`rendered ${rendered.files.size} file(s) of job '${job.spec.name}' into ${values.out}\n`);
  return 0;
}

async function cmdRenderDeployment(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { release: { type: "string", short: "r", multiple: true }, facts: { type: "string" }, out: { type: "string", short: "o" } },
  });
  if (positionals.length === 0) throw new UsageError("render-deployment needs a MANIFEST");
  if (!values.out) throw new UsageError("render-deployment needs -o OUT");
  const releases = await loadReleases(values.release ?? []);
  const graph = await resolveFromFiles(positionals, releases, values.facts ?? null);
  const engine = await createEngine();
  const files = renderGraph(engine, graph, (release, job) => releases.jobDir(release, job));
  await writeTreeAtomically(values.out, files);
  io.stdout(`rendered ${files.size} file(s) of deployment '${graph.deployment}' into ${values.out}\n`);
  for (const w of graph.warnings) io.stderr(`warning: ${w}\n`);
  return 0;
}

class UsageError extends Error {}

export async function main(argv: string[], io: Io): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case "render":
        return await cmdRender(rest, io);
      case "render-job":
        return await cmdRenderJob(rest, io);
      case "render-deployment":
        return await cmdRenderDeployment(rest, io);
      case "resolve":
        return await resolveCommand(rest, { stdout: io.stdout, stderr: io.stderr, readFile: (p) => readFile(p, "utf8"), readdir: (p) => readdir(p) });
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.stdout(USAGE);
        return cmd === undefined ? 1 : 0;
      default:
        throw new UsageError(`unknown command '${cmd}'`);
    }
  } catch (thrown) {
    if (thrown instanceof UsageError || isParseArgsError(thrown)) {
      io.stderr(`linkplate: ${thrown.message}\n\n${USAGE}`);
      return 2;
    }
    // Past this point every failure is typed: an unexpected JS exception becomes an InternalError.
    const e = asLinkplateError(thrown);
    if (e instanceof DeploymentRenderError || e instanceof JobRenderError) {
      const jobs = e instanceof JobRenderError ? [e] : e.groupErrors.flatMap((g) => g.jobs);
      const details = jobs.flatMap((j) => j.failures.map((f) => `\n${f.error.where}:\n${f.error.frame}`));
      io.stderr(`${e.message}\n${details.join("\n")}\n`);
      return 1;
    }
    if (e instanceof InternalError) {
      io.stderr(`linkplate: ${e.message}\n`);
      return 70;
    }
    const head = e.message.startsWith(e.filename) || e.filename === "(unknown)" ? e.message : `${e.where}: ${e.message}`;
    io.stderr(`${head}\n`);
    return 1;
  }
}

function isParseArgsError(e: unknown): e is TypeError {
  return e instanceof TypeError && (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS") === true;
}

/** True when this module is the program (also through npm's bin symlink), false when imported. */
function isMain(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  main(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) }).then(
    (code) => process.exit(code),
    (e: unknown) => {
      // main() turns every failure into a message; this is the last resort, still without a stack.
      process.stderr.write(`linkplate: ${asLinkplateError(e).message}\n`);
      process.exit(70);
    },
  );
}

