/** Test helpers: build resolver inputs from YAML text. */
import { loadYaml } from "../../src/ruby/data/yaml.js";
import { RArray, type RHash, type Value } from "../../src/ruby/runtime/values.js";
import { resolveDeployment, type ResolveResult } from "../../src/links/resolver.js";
import type { CloudFacts, DirectorFacts, ReleaseInput } from "../../src/links/types.js";
import { getA, getS, toJs } from "../../src/links/rb.js";

/** `releases` YAML: a list of `{name, jobs: [spec...]}`. */
export function releases(yaml: string): ReleaseInput[] {
  const v = loadYaml(yaml, "releases.yml");
  if (!(v instanceof RArray)) throw new Error("releases must be a list");
  return v.a.map((r) => ({ name: getS(r, "name")!, jobs: getA(r, "jobs").map((spec) => ({ spec })) }));
}

export function manifest(yaml: string, filename = "manifest.yml"): Value {
  return loadYaml(yaml, filename);
}

export function resolve(rels: string, manifests: string[], opts: { director?: Partial<DirectorFacts>; cloud?: CloudFacts } = {}): ResolveResult {
  return resolveDeployment({ manifests: manifests.map((m, i) => manifest(m, `m${i}.yml`)), releases: releases(rels), ...opts });
}

/** Links of one consumer job of a result's deployment as plain JS. */
export function linksOf(r: ResolveResult, dep: string, ig: string, job: string): Record<string, any> {
  const d = r.deployments.find((x) => x.name === dep);
  if (!d?.graph) throw new Error(`deployment ${dep} failed: ${d?.error?.message}`);
  const g = d.graph.data.instanceGroups.find((x) => x.name === ig)!;
  const j = g.jobs.find((x) => x.name === job)!;
  return toJs(j.links as RHash) as Record<string, any>;
}
