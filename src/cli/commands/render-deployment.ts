/**
 * `linkplate render-deployment MANIFEST... --release DIR... --out DIR` (or `--graph GRAPH.yml`):
 * resolves links (or reads a saved graph, e.g. `linkplate resolve`'s output) and renders every job
 * of every instance into OUT/<group>/<index>/<job>/..., written safely (src/render/output.ts).
 */
import { resolve as resolvePath } from "node:path";
import { InputError } from "../../diagnostics/errors.js";
import { createEngine } from "../../engine.js";
import { type LinkGraph, loadLinkGraph, resolveOrThrow } from "../../links/index.js";
import { renderGraph } from "../../render/deployment.js";
import { writeOutputTree } from "../../render/output.js";
import { loadReleases } from "../../render/releases.js";
import { MANIFEST_OPTIONS, loadDeploymentInput } from "../deployment-input.js";
import { type CommandSpec, type Io, Progress, UsageError, parseCommand, readText, str, strs } from "../shared.js";

export const RENDER_DEPLOYMENT: CommandSpec = {
  name: "render-deployment",
  synopsis: "MANIFEST... --release [NAME=]DIR... --out DIR [options]\n       linkplate render-deployment --graph GRAPH.yml --release [NAME=]DIR... --out DIR",
  description:
    "Resolve the links of the manifests (the last one is rendered; earlier ones provide cross-deployment\nlinks) and render every job of every instance into DIR/<instance group>/<index>/<job>/.\nDIR becomes a link to a fresh generation folder; a previous linkplate output of the same deployment\nis replaced atomically, anything else is refused (docs/cli.md, \"Output folders\").",
  options: {
    out: { type: "string", arg: "DIR", help: "the output folder (required)" },
    force: { type: "boolean", help: "move a non-empty folder that is not this deployment's linkplate output aside to DIR.linkplate-backup-N (never deletes)" },
    graph: { type: "string", arg: "PATH", help: "render from a saved link graph (linkplate resolve's output) instead of manifests" },
    ...MANIFEST_OPTIONS,
    json: { type: "boolean", help: "print the result (files written, or errors with positions) as JSON on stdout" },
  },
};

/** A saved graph: `resolve` prints one YAML document per manifest (`---` separated) or JSON; the last is rendered. */
export function graphFromText(text: string, filename: string): LinkGraph {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("[")) {
    const docs = JSON.parse(trimmed) as unknown[];
    if (!Array.isArray(docs) || docs.length === 0) throw new InputError(`${filename}: an empty list of graphs`, { filename });
    return loadLinkGraph(JSON.stringify(docs[docs.length - 1]), filename);
  }
  const docs = text.split(/^---[ \t]*$/m).filter((d) => d.trim() !== "");
  if (docs.length === 0) throw new InputError(`${filename}: no link graph in the file`, { filename });
  if (docs.length === 1) return loadLinkGraph(text, filename);
  // Keep line numbers right for the last document by blanking the ones before it.
  const last = text.lastIndexOf(docs[docs.length - 1]);
  return loadLinkGraph(text.slice(0, last).replace(/[^\n]/g, "") + text.slice(last), filename);
}

export async function renderDeploymentCommand(args: string[], io: Io): Promise<number> {
  const p = parseCommand(RENDER_DEPLOYMENT, args, io);
  if (!p) return 0;
  const v = p.values;
  const out = str(v.out);
  if (!out) throw new UsageError("render-deployment needs --out DIR (-o is an ops file, as in the bosh CLI)");
  const graphFile = str(v.graph);
  if (!graphFile && p.positionals.length === 0) throw new UsageError("render-deployment needs a MANIFEST or --graph GRAPH.yml");
  if (graphFile && p.positionals.length) throw new UsageError("give either manifests or --graph, not both");
  const progress = new Progress(io);
  let graph: LinkGraph;
  let jobDir: (release: string | null, job: string) => ReturnType<Awaited<ReturnType<typeof loadReleases>>["jobDir"]>;
  let inputs: string[];
  const warnings: string[] = [];
  if (graphFile) {
    const releases = await loadReleases(strs(v.release));
    graph = graphFromText(await readText(io, graphFile, "link graph"), graphFile);
    jobDir = (r, j) => releases.jobDir(r, j);
    inputs = [graphFile, ...[...releases.dirs.values()]];
  } else {
    progress.update("reading releases and manifests...");
    const d = await loadDeploymentInput(io, p.positionals, v, false);
    graph = resolveOrThrow(d.resolve);
    jobDir = (r, j) => d.releases.jobDir(r, j);
    inputs = d.inputs;
    warnings.push(...d.warnings);
  }
  warnings.push(...graph.warnings);
  const engine = await createEngine();
  const files = renderGraph(engine, graph, jobDir, (done, total, what) => progress.update(`rendering ${done + 1}/${total}: ${what}`));
  progress.update(`writing ${files.size} files...`);
  const notices: string[] = [];
  const written = await writeOutputTree(out, files, { kind: "deployment", name: graph.deployment, force: v.force === true, inputs, notice: (l) => notices.push(l) });
  progress.done();
  if (v.json) {
    io.stdout(`${JSON.stringify({ ok: true, deployment: graph.deployment, out: resolvePath(out), generation: written.generation, files: [...files.keys()].sort(), warnings: [...warnings, ...notices] }, null, 2)}\n`);
    return 0;
  }
  for (const w of warnings) io.stderr(`warning: ${w}\n`);
  for (const n of notices) io.stderr(`${n}\n`);
  io.stdout(`rendered ${files.size} file(s) of deployment '${graph.deployment}' into ${out}\n`);
  return 0;
}
