/**
 * Rendering a whole deployment: resolve the link graph from manifests and release job specs,
 * then render every job of every instance into a file tree `<group>/<index>/<job>/<path>`,
 * with the director's nested error report when anything fails.
 */
import { LinkplateError } from "../diagnostics/errors.js";
import type { Engine } from "../engine.js";
import type { LinkGraph } from "../links/index.js";
import { JobRenderError, type JobDir, renderJob } from "./job.js";

/** The director's "Unable to render instance groups for deployment" failure. */
export class DeploymentRenderError extends LinkplateError {
  override name = "DeploymentRenderError";
  constructor(
    readonly deployment: string,
    readonly groupErrors: { group: string; jobs: JobRenderError[] }[],
  ) {
    const body = groupErrors
      .map((g) => `  - Unable to render jobs for instance group '${g.group}'. Errors are:\n${g.jobs.map((j) => indent(`- ${j.message}`, 4)).join("\n")}`)
      .join("\n");
    super(`Unable to render instance groups for deployment. Errors are:\n${body}`, groupErrors[0]?.jobs[0] ?? {});
  }
}

function indent(text: string, n: number): string {
  const pad = " ".repeat(n);
  return text
    .split("\n")
    .map((l) => pad + l)
    .join("\n");
}

/** Finds the job folder for a release job name. */
export type JobLookup = (release: string | null, job: string) => JobDir;

/**
 * Renders every instance of every group. Errors are collected per instance group (the first
 * failing instance of a group reports; identical messages of its siblings are not repeated).
 */
export function renderGraph(engine: Engine, graph: LinkGraph, jobs: JobLookup, onProgress?: (done: number, total: number, what: string) => void): Map<string, string> {
  const total = graph.data.instanceGroups.reduce((n, g) => n + g.instances.length * g.jobs.length, 0);
  let done = 0;
  const out = new Map<string, string>();
  const dns = graph.dnsFor();
  const groupErrors: { group: string; jobs: JobRenderError[] }[] = [];
  for (const g of graph.data.instanceGroups) {
    const failed = new Map<string, JobRenderError>();
    for (const inst of g.instances) {
      for (const j of g.jobs) {
        onProgress?.(done++, total, `${g.name}/${inst.index} ${j.name}`);
        if (failed.has(j.name)) continue;
        const dir = jobs(j.release, j.name);
        const context = graph.contextFor(g.name, inst.index, j.name);
        try {
          const rendered = renderJob(engine, dir, context, { dns, applySpecDefaults: false });
          for (const [dst, content] of rendered.files) out.set(`${g.name}/${inst.index}/${j.name}/${dst}`, content);
        } catch (e) {
          if (e instanceof JobRenderError) failed.set(j.name, e);
          else throw e;
        }
      }
    }
    if (failed.size > 0) groupErrors.push({ group: g.name, jobs: [...failed.values()] });
  }
  if (groupErrors.length > 0) throw new DeploymentRenderError(graph.deployment, groupErrors);
  return out;
}
