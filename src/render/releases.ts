/** Release folders on disk (`<release>/jobs/<job>/{spec,monit,templates}`) and resolving manifests against them. */
import { readFile, readdir, realpath } from "node:fs/promises";
import { basename, join } from "node:path";
import { InputError } from "../diagnostics/errors.js";
import { type LinkGraph, resolveOrThrow } from "../links/index.js";
import type { ManifestInput, ReleaseInput } from "../links/types.js";
import { directorFromValue, cloudFromValue, instancesFromValue, dnsFromValue } from "../links/facts.js";
import { get, getS } from "../links/rb.js";
import { loadYamlWithPositions } from "../ruby/data/yaml.js";
import type { Value } from "../ruby/runtime/values.js";
import { type JobDir, loadJobDir } from "./job.js";
import { containedRealPath } from "./paths.js";

/** The file access release loading needs (node:fs by default; tests pass a virtual tree). */
export interface ReleaseFs {
  readFile(path: string): Promise<string>;
  readdir(path: string): Promise<string[]>;
  /** Present for real folders: symlinks are then checked to stay inside the release. */
  realpath?(path: string): Promise<string>;
}

export const nodeFs: ReleaseFs = {
  readFile: (p) => readFile(p, "utf8"),
  readdir: async (p) => (await readdir(p, { withFileTypes: true })).filter((d) => d.isDirectory() || d.isSymbolicLink()).map((d) => d.name),
  realpath: (p) => realpath(p),
};

export interface LoadedReleases {
  inputs: ReleaseInput[];
  /** Release name → folder, in the order given. */
  dirs: Map<string, string>;
  /** The job folder of `job` in `release` (any release when null). Rendering only. */
  jobDir(release: string | null, job: string): JobDir;
}

/**
 * A release's name as the director knows it: `final_name` in config/final.yml (what
 * `bosh create-release --final` uses), else its `name`, else the folder's name.
 */
export async function releaseName(dir: string, fs: ReleaseFs = nodeFs): Promise<string> {
  const final = join(dir, "config", "final.yml");
  let text: string | null = null;
  try {
    text = await fs.readFile(final);
  } catch {
    // No final.yml: the folder name is the release name.
  }
  if (text !== null) {
    const v = loadYamlWithPositions(text, final).value;
    const name = getS(v, "final_name") ?? getS(v, "name");
    if (name) return name;
  }
  return basename(dir.replace(/\/+$/, "")) || dir;
}

/**
 * Loads release folders given as `DIR` or `NAME=DIR`. With `specsOnly` only job specs are read
 * (enough to resolve links); otherwise templates too, each checked to stay inside its job.
 */
export async function loadReleases(args: string[], options: { fs?: ReleaseFs; specsOnly?: boolean } = {}): Promise<LoadedReleases> {
  const fs = options.fs ?? nodeFs;
  const inputs: ReleaseInput[] = [];
  const dirs = new Map<string, string>();
  const jobsByRelease = new Map<string, Map<string, JobDir>>();
  for (const arg of args) {
    const eq = arg.indexOf("=");
    const dir = eq > 0 ? arg.slice(eq + 1) : arg;
    const name = eq > 0 ? arg.slice(0, eq) : await releaseName(dir, fs);
    if (dirs.has(name)) throw new InputError(`${dir}: release '${name}' is already given by --release ${dirs.get(name)}`, { filename: dir });
    let jobNames: string[];
    try {
      jobNames = (await fs.readdir(join(dir, "jobs"))).sort();
    } catch {
      throw new InputError(`${dir}: not a release folder (no jobs/ directory)`, { filename: dir });
    }
    const rel: ReleaseInput = { name, jobs: [] };
    const jobs = new Map<string, JobDir>();
    for (const j of jobNames) {
      const jobPath = join(dir, "jobs", j);
      if (fs.realpath) await containedRealPath(join(dir, "jobs"), j, "job folder");
      const specFile = join(jobPath, "spec");
      let text: string;
      try {
        text = await fs.readFile(fs.realpath ? await containedRealPath(jobPath, "spec", "the job spec") : specFile);
      } catch (e) {
        if (e instanceof InputError) throw e;
        continue; // not a job folder
      }
      const src = loadYamlWithPositions(text, specFile);
      rel.jobs.push({ spec: src.value, filename: specFile, positionOf: src.positionOf.bind(src) });
      if (!options.specsOnly) {
        const jd = await loadJobDir(jobPath);
        jobs.set(jd.spec.name, jd);
      }
    }
    inputs.push(rel);
    dirs.set(name, dir);
    jobsByRelease.set(name, jobs);
  }
  return {
    inputs,
    dirs,
    jobDir(release, job) {
      const candidates = release !== null && jobsByRelease.has(release) ? [jobsByRelease.get(release)!] : [...jobsByRelease.values()];
      for (const c of candidates) {
        const jd = c.get(job);
        if (jd) return jd;
      }
      throw new InputError(`job '${job}' not found in release '${release ?? "(any)"}' (releases given: ${[...dirs.keys()].join(", ") || "none"})`);
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
