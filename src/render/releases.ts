/** Release folders on disk (`<release>/jobs/<job>/{spec,monit,templates}`) and resolving manifests against them. */
import { readFile, readdir } from "node:fs/promises";
import { basename, join } from "node:path";
import { InputError } from "../diagnostics/errors.js";
import { type LinkGraph, resolveOrThrow } from "../links/index.js";
import type { ManifestInput, ReleaseInput } from "../links/types.js";
import { directorFromValue, cloudFromValue, instancesFromValue, dnsFromValue } from "../links/facts.js";
import { get, getS } from "../links/rb.js";
import { loadYamlWithPositions } from "../ruby/data/yaml.js";
import type { Value } from "../ruby/runtime/values.js";
import { type JobDir, loadJobDir } from "./job.js";

export interface LoadedReleases {
  inputs: ReleaseInput[];
  /** The job folder of `job` in `release` (any release when null). */
  jobDir(release: string | null, job: string): JobDir;
}

async function releaseName(dir: string): Promise<string> {
  const final = join(dir, "config", "final.yml");
  try {
    const name = getS(loadYamlWithPositions(await readFile(final, "utf8"), final).value, "name");
    if (name) return name;
  } catch {
    // No final.yml: the folder name is the release name.
  }
  return basename(dir.replace(/\/+$/, ""));
}

/** Loads release folders given as `DIR` or `NAME=DIR`. */
export async function loadReleases(args: string[]): Promise<LoadedReleases> {
  const inputs: ReleaseInput[] = [];
  const dirs = new Map<string, Map<string, JobDir>>();
  for (const arg of args) {
    const eq = arg.indexOf("=");
    const dir = eq > 0 ? arg.slice(eq + 1) : arg;
    const name = eq > 0 ? arg.slice(0, eq) : await releaseName(dir);
    let jobNames: string[];
    try {
      jobNames = (await readdir(join(dir, "jobs"), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    } catch {
      throw new InputError(`${dir}: not a release folder (no jobs/ directory)`, { filename: dir });
    }
    const rel: ReleaseInput = { name, jobs: [] };
    const jobs = new Map<string, JobDir>();
    for (const j of jobNames) {
      const jd = await loadJobDir(join(dir, "jobs", j));
      const specFile = join(dir, "jobs", j, "spec");
      const src = loadYamlWithPositions(await readFile(specFile, "utf8"), specFile);
      rel.jobs.push({ spec: src.value, filename: specFile, positionOf: src.positionOf.bind(src) });
      jobs.set(jd.spec.name, jd);
    }
    inputs.push(rel);
    dirs.set(name, jobs);
  }
  return {
    inputs,
    jobDir(release, job) {
      const candidates = release !== null && dirs.has(release) ? [dirs.get(release)!] : [...dirs.values()];
      for (const c of candidates) {
        const jd = c.get(job);
        if (jd) return jd;
      }
      throw new InputError(`job '${job}' not found in release '${release ?? "(any)"}'`);
    },
  };
}

/** Resolves manifests (the last one is the deployment rendered) against loaded releases. */
export async function resolveFromFiles(manifests: string[], releases: LoadedReleases, factsFile: string | null): Promise<LinkGraph> {
  const inputs: ManifestInput[] = [];
  for (const m of manifests) {
    const text = await readFile(m, "utf8").catch(() => {
      throw new InputError(`${m}: cannot read manifest`, { filename: m });
    });
    const src = loadYamlWithPositions(text, m);
    inputs.push({ value: src.value, filename: m, positionOf: src.positionOf.bind(src) });
  }
  let facts: Value = null;
  if (factsFile) facts = loadYamlWithPositions(await readFile(factsFile, "utf8"), factsFile).value;
  return resolveOrThrow({
    manifests: inputs,
    releases: releases.inputs,
    director: directorFromValue(get(facts, "director")),
    cloud: cloudFromValue(get(facts, "cloud")),
    instances: instancesFromValue(get(facts, "instances")),
    dns: dnsFromValue(get(facts, "dns")),
  });
}
