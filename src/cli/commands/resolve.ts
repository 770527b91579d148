/**
 * `linkplate resolve manifest.yml [more manifests] --release DIR ... [--facts FILE] [--json]`
 *
 * Resolves the links of one or more deployment manifests (deployed in order) against release job
 * specs (`DIR/jobs/<job>/spec`) and prints each deployment's link graph (YAML documents, or JSON
 * with --json). Any error is printed with file:line:col; exit 1. Usage errors exit 2.
 */
import { readdir } from "node:fs/promises";
import { basename, join } from "node:path";
import { LinkplateError } from "../../diagnostics/errors.js";
import { loadYamlWithPositions } from "../../ruby/data/yaml.js";
import type { Value } from "../../ruby/runtime/values.js";
import { cloudFromValue, directorFromValue, dnsFromValue, instancesFromValue } from "../../links/facts.js";
import { get, getS } from "../../links/rb.js";
import { dumpJson } from "../../links/yaml-out.js";
import { resolveDeployment } from "../../links/resolver.js";
import type { ManifestInput, ReleaseInput } from "../../links/types.js";

export interface ResolveIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readFile: (p: string) => Promise<string>;
  /** Lists a directory (defaults to node:fs). */
  readdir?: (p: string) => Promise<string[]>;
}

const USAGE = `usage: linkplate resolve MANIFEST... --release [NAME=]DIR... [--facts FILE] [--json]

  --release [NAME=]DIR  a release directory with jobs/<job>/spec files (repeatable); its name is
                        NAME, else 'name' in DIR/config/final.yml, else the directory name
  --facts FILE          director facts in the link-scenario layout (keys director, cloud,
                        instances, dns; other keys ignored)
  --json                print JSON instead of YAML
`;

function where(e: LinkplateError): string {
  return e.where;
}

export async function resolveCommand(args: string[], io: ResolveIo): Promise<number> {
  const manifests: string[] = [];
  const releaseArgs: string[] = [];
  let factsFile: string | null = null;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--release" || a === "-r") {
      if (i + 1 >= args.length) return usage(io, "--release needs a directory");
      releaseArgs.push(args[++i]);
    } else if (a.startsWith("--release=")) releaseArgs.push(a.slice(10));
    else if (a === "--facts") {
      if (i + 1 >= args.length) return usage(io, "--facts needs a file");
      factsFile = args[++i];
    } else if (a.startsWith("--facts=")) factsFile = a.slice(8);
    else if (a === "--json") json = true;
    else if (a === "-h" || a === "--help") {
      io.stdout(USAGE);
      return 0;
    } else if (a.startsWith("-")) return usage(io, `unknown option ${a}`);
    else manifests.push(a);
  }
  if (!manifests.length) return usage(io, "no manifest given");
  const list = io.readdir ?? ((p: string) => readdir(p));

  try {
    const releases: ReleaseInput[] = [];
    for (const r of releaseArgs) {
      const eq = r.indexOf("=");
      const dir = eq > 0 ? r.slice(eq + 1) : r;
      let name = eq > 0 ? r.slice(0, eq) : null;
      if (name === null) {
        try {
          const final = loadYamlWithPositions(await io.readFile(join(dir, "config", "final.yml")), join(dir, "config", "final.yml"));
          name = getS(final.value, "name") ?? null;
        } catch {
          name = null;
        }
      }
      name ??= basename(dir.replace(/\/+$/, ""));
      let jobs: string[];
      try {
        jobs = (await list(join(dir, "jobs"))).sort();
      } catch {
        io.stderr(`linkplate resolve: ${dir}: no jobs directory\n`);
        return 1;
      }
      const rel: ReleaseInput = { name, jobs: [] };
      for (const j of jobs) {
        const file = join(dir, "jobs", j, "spec");
        let text: string;
        try {
          text = await io.readFile(file);
        } catch {
          continue;
        }
        const src = loadYamlWithPositions(text, file);
        rel.jobs.push({ spec: src.value, filename: file, positionOf: src.positionOf.bind(src) });
      }
      releases.push(rel);
    }
    const inputs: ManifestInput[] = [];
    for (const m of manifests) {
      const src = loadYamlWithPositions(await io.readFile(m), m);
      inputs.push({ value: src.value, filename: m, positionOf: src.positionOf.bind(src) });
    }
    let facts: Value = null;
    if (factsFile) facts = loadYamlWithPositions(await io.readFile(factsFile), factsFile).value;

    const res = resolveDeployment({
      manifests: inputs,
      releases,
      director: directorFromValue(get(facts, "director")),
      cloud: cloudFromValue(get(facts, "cloud")),
      instances: instancesFromValue(get(facts, "instances")),
      dns: dnsFromValue(get(facts, "dns")),
    });
    for (const d of res.deployments) for (const w of d.warnings) io.stderr(`warning: ${d.name}: ${w}\n`);
    if (res.error) {
      const e = res.error;
      for (const d of res.deployments) {
        if (!d.error) continue;
        const entries = d.error.errors.length ? d.error.errors : [d.error];
        if (d.error.kind === "resolve") io.stderr(`${where(d.error)}: error: Failed to resolve links from deployment '${d.name}'. See errors below:\n`);
        for (const x of entries) io.stderr(`${where(x)}: error: ${x.message}\n`);
      }
      void e;
      return 1;
    }
    const out: string[] = [];
    for (const d of res.deployments) out.push(json ? dumpJson(d.graph!.toValue()) + "\n" : d.graph!.toYaml());
    io.stdout(json ? (out.length === 1 ? out[0] : `[\n${out.map((o) => o.trimEnd()).join(",\n")}\n]\n`) : out.map((o) => `---\n${o}`).join(""));
    return 0;
  } catch (e) {
    if (e instanceof LinkplateError) {
      const msg = e.message.startsWith(e.filename) ? e.message : `${e.where}: ${e.message}`;
      io.stderr(`${msg}\n`);
      return 1;
    }
    throw e;
  }
}

function usage(io: ResolveIo, msg: string): number {
  io.stderr(`linkplate resolve: ${msg}\n${USAGE}`);
  return 2;
}
