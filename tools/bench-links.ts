/**
 * Link resolution benchmark: deployments of 500, 1,000 and 2,000 instance groups × 5 jobs, each
 * job consuming one explicit link (≈5 links per group, 10,000 at 2,000 groups), 2 instances per
 * group. Prints the median of a few runs. Target: under 1 s at 2,000 groups.
 *
 *   npx tsx tools/bench-links.ts
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { RArray, RHash, str, type Value } from "../src/ruby/runtime/values.js";
import { rhash } from "../src/links/rb.js";
import { resolveDeployment } from "../src/links/resolver.js";
import type { ReleaseInput } from "../src/links/types.js";

const JOBS = 5;

function release(): ReleaseInput {
  const jobs = [];
  for (let k = 0; k < JOBS; k++) {
    jobs.push({
      spec: rhash([
        ["name", str(`svc${k}`)],
        ["provides", new RArray([rhash([["name", str("svc")], ["type", str("svc")], ["properties", new RArray([str("port"), str("tls.enabled")])]])])],
        ["consumes", new RArray([rhash([["name", str("up")], ["type", str("svc")]])])],
        ["properties", rhash([["port", rhash([["default", 8080 + k]])], ["tls.enabled", rhash([["default", false]])]])],
      ]) as Value,
    });
  }
  return { name: "bench", jobs };
}

/** A manifest with `groups` instance groups; job k of group g consumes job k of group g+1. */
export function benchManifest(groups: number): RHash {
  const igs: Value[] = [];
  for (let g = 0; g < groups; g++) {
    const jobs: Value[] = [];
    for (let k = 0; k < JOBS; k++) {
      jobs.push(
        rhash([
          ["name", str(`svc${k}`)],
          ["release", str("bench")],
          ["provides", rhash([["svc", rhash([["as", str(`svc-${g}-${k}`)]])]])],
          ["consumes", rhash([["up", rhash([["from", str(`svc-${(g + 1) % groups}-${k}`)]])]])],
          ["properties", rhash([["port", 9000 + k]])],
        ]),
      );
    }
    igs.push(
      rhash([
        ["name", str(`ig-${g}`)],
        ["instances", 2],
        ["azs", new RArray([str("z1"), str("z2")])],
        ["networks", new RArray([rhash([["name", str("default")]])])],
        ["jobs", new RArray(jobs)],
      ]),
    );
  }
  return rhash([
    ["name", str("bench")],
    ["instance_groups", new RArray(igs)],
  ]);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function benchLinks(): Promise<string[]> {
  const lines: string[] = [];
  const rel = release();
  for (const n of [500, 1000, 2000]) {
    const manifest = benchManifest(n);
    const times: number[] = [];
    const cpu: number[] = [];
    let links = 0;
    for (let run = 0; run < 5; run++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const r = resolveDeployment({ manifests: [manifest], releases: [rel], cloud: { azs: ["z1", "z2"], networks: [{ name: "default", type: "manual" }] } });
      times.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      if (!r.graph) throw new Error(`bench deployment failed: ${r.error?.message.slice(0, 300)}`);
      links = 0;
      for (const g of r.graph.data.instanceGroups) for (const j of g.jobs) links += j.links.size;
    }
    lines.push(`links: ${String(n).padStart(5)} instance groups × ${JOBS} jobs, ${String(links).padStart(6)} links: median ${median(times).toFixed(1)} ms (min ${Math.min(...times).toFixed(1)} ms, CPU median ${median(cpu).toFixed(1)} ms, ${times.length} runs)`);
  }
  return lines;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const l of await benchLinks()) console.log(l);
}
