/** Property tests over generated manifests (fast-check). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveDeployment, type ResolveResult } from "../../src/links/resolver.js";
import { dataEqual, getS, rhash, toJs } from "../../src/links/rb.js";
import type { InstanceFact, InstanceFacts, ReleaseInput } from "../../src/links/types.js";
import { RArray, RHash, str, type Value } from "../../src/ruby/runtime/values.js";
import { releases } from "./helpers.js";

const REL = releases(`
- name: r
  jobs:
  - name: p_a
    provides: [{name: la, type: a}]
  - name: p_b
    provides: [{name: lb, type: b}]
  - name: p_ab
    provides: [{name: la, type: a}, {name: lb, type: b}]
  - name: c_a
    consumes: [{name: ca, type: a}]
  - name: c_ab
    consumes: [{name: ca, type: a}, {name: cb, type: b, optional: true}]
  - name: pc_a
    provides: [{name: la, type: a}]
    consumes: [{name: ca, type: a, optional: true}]
`);
const SPEC = new Map<string, { provides: Array<[string, string]>; consumes: Array<[string, string]> }>([
  ["p_a", { provides: [["la", "a"]], consumes: [] }],
  ["p_b", { provides: [["lb", "b"]], consumes: [] }],
  ["p_ab", { provides: [["la", "a"], ["lb", "b"]], consumes: [] }],
  ["c_a", { provides: [], consumes: [["ca", "a"]] }],
  ["c_ab", { provides: [], consumes: [["ca", "a"], ["cb", "b"]] }],
  ["pc_a", { provides: [["la", "a"]], consumes: [["ca", "a"]] }],
]);

type ProvOpt = { kind: "none" } | { kind: "as"; alias: string } | { kind: "nil" };
type ConsOpt = { kind: "implicit" } | { kind: "from"; alias: string } | { kind: "nil" };
interface GenJob {
  name: string;
  prov: ProvOpt[];
  cons: ConsOpt[];
}
interface GenGroup {
  name: string;
  instances: number;
  jobs: GenJob[];
}

const aliasArb = fc.constantFrom("x", "y", "la", "lb");
const provArb: fc.Arbitrary<ProvOpt> = fc.oneof(fc.constant({ kind: "none" as const }), aliasArb.map((alias) => ({ kind: "as" as const, alias })), fc.constant({ kind: "nil" as const }));
const consArb: fc.Arbitrary<ConsOpt> = fc.oneof({ weight: 3, arbitrary: fc.constant({ kind: "implicit" as const }) }, { weight: 3, arbitrary: aliasArb.map((alias) => ({ kind: "from" as const, alias })) }, { weight: 1, arbitrary: fc.constant({ kind: "nil" as const }) });
const jobArb = (name: string): fc.Arbitrary<GenJob> =>
  fc.record({ prov: fc.array(provArb, { minLength: 2, maxLength: 2 }), cons: fc.array(consArb, { minLength: 2, maxLength: 2 }) }).map((r) => ({ name, ...r }));
const groupArb = (i: number): fc.Arbitrary<GenGroup> =>
  fc
    .subarray([...SPEC.keys()], { minLength: 1, maxLength: 3 })
    .chain((names) => fc.tuple(fc.integer({ min: 0, max: 3 }), fc.tuple(...names.map(jobArb))))
    .map(([instances, jobs]) => ({ name: `g${i}`, instances, jobs }));
const deploymentArb: fc.Arbitrary<GenGroup[]> = fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => groupArb(i))));

function toManifest(groups: GenGroup[]): RHash {
  return rhash([
    ["name", str("gen")],
    [
      "instance_groups",
      new RArray(
        groups.map((g) =>
          rhash([
            ["name", str(g.name)],
            ["instances", g.instances],
            ["azs", new RArray([str("z1"), str("z2")])],
            ["networks", new RArray([rhash([["name", str("net")]])])],
            [
              "jobs",
              new RArray(
                g.jobs.map((j) => {
                  const spec = SPEC.get(j.name)!;
                  const provides = new RHash();
                  spec.provides.forEach(([ln], k) => {
                    const o = j.prov[k];
                    if (o.kind === "as") provides.set(str(ln), rhash([["as", str(o.alias)]]));
                    if (o.kind === "nil") provides.set(str(ln), str("nil"));
                  });
                  const consumes = new RHash();
                  spec.consumes.forEach(([ln], k) => {
                    const o = j.cons[k];
                    if (o.kind === "from") consumes.set(str(ln), rhash([["from", str(o.alias)]]));
                    if (o.kind === "nil") consumes.set(str(ln), str("nil"));
                  });
                  return rhash([
                    ["name", str(j.name)],
                    ["release", str("r")],
                    ["provides", provides],
                    ["consumes", consumes],
                  ]);
                }),
              ),
            ],
          ]),
        ),
      ),
    ],
  ]) as RHash;
}

/** Instance facts that depend only on names (so reordering groups changes nothing). */
function facts(groups: GenGroup[]): InstanceFacts {
  const m = new Map<string, InstanceFact[]>();
  for (const g of groups) {
    const gi = Number(g.name.slice(1));
    m.set(
      g.name,
      Array.from({ length: g.instances }, (_, i) => ({
        id: `${String(gi).padStart(8, "0")}-0000-4000-8000-${String(i).padStart(12, "0")}`,
        index: i,
        az: i % 2 ? "z2" : "z1",
        bootstrap: i === 0,
        num: gi * 10 + i + 1,
        ips: new Map([["net", `10.0.${gi}.${i + 2}`]]),
      })),
    );
  }
  return new Map([["gen", m]]);
}

function run(groups: GenGroup[]): ResolveResult {
  const rel: ReleaseInput[] = REL;
  return resolveDeployment({ manifests: [toManifest(groups)], releases: rel, instances: facts(groups), cloud: { azs: ["z1", "z2"], networks: [{ name: "net", type: "manual" }] } });
}

/** ig → job → link name → link, with map order normalised away. */
function linkTable(r: ResolveResult): Map<string, Value> {
  const out = new Map<string, Value>();
  for (const g of r.graph!.data.instanceGroups) for (const j of g.jobs) for (const [k, v] of j.links.entries()) out.set(`${g.name}/${j.name}/${getS(rhash([["k", k]]), "k")}`, v);
  return out;
}

const shuffle = <T>(xs: T[], perm: number[]): T[] => xs.map((_, i) => i).sort((a, b) => (perm[a % perm.length] ?? 0) - (perm[b % perm.length] ?? 0) || a - b).map((i) => xs[i]);

describe("resolver properties", () => {
  it("is deterministic", () => {
    fc.assert(
      fc.property(deploymentArb, (groups) => {
        const a = run(groups);
        const b = run(groups);
        expect(a.ok).toBe(b.ok);
        if (a.ok) expect(dataEqual(a.graph!.toValue(), b.graph!.toValue(), true)).toBe(true);
        else expect(a.error!.message).toBe(b.error!.message);
      }),
      { numRuns: 150 },
    );
  });

  it("resolved links do not depend on the order of instance groups and jobs", () => {
    fc.assert(
      fc.property(deploymentArb, fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 6, maxLength: 6 }), (groups, perm) => {
        const a = run(groups);
        fc.pre(a.ok);
        const reordered = shuffle(groups, perm).map((g, i) => ({ ...g, jobs: shuffle(g.jobs, perm.slice(i)) }));
        const b = run(reordered);
        expect(b.ok).toBe(true);
        const ta = linkTable(a);
        const tb = linkTable(b);
        expect([...tb.keys()].sort()).toEqual([...ta.keys()].sort());
        for (const [k, v] of ta) expect(dataEqual(v, tb.get(k)!), k).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("every resolved link points at an existing, unblocked provider of the consumer's type", () => {
    fc.assert(
      fc.property(deploymentArb, (groups) => {
        const r = run(groups);
        if (!r.ok) return;
        for (const g of r.graph!.data.instanceGroups)
          for (const j of g.jobs)
            for (const [k, v] of j.links.entries()) {
              const linkName = (toJs(k) as string) ?? "";
              const ctype = SPEC.get(j.name)!.consumes.find(([n]) => n === linkName)![1];
              const l = toJs(v) as { instance_group: string; group_name: string };
              const pg = groups.find((x) => x.name === l.instance_group);
              expect(pg).toBeDefined();
              const matches = pg!.jobs.flatMap((pj) =>
                SPEC.get(pj.name)!.provides.flatMap(([pn, pt], idx) => {
                  const o = pj.prov[idx];
                  const alias = o.kind === "as" ? o.alias : pn;
                  return pt === ctype && o.kind !== "nil" && l.group_name === `${alias}-${pt}` ? [pj] : [];
                }),
              );
              expect(matches.length).toBeGreaterThan(0);
              const gj = groups.find((x) => x.name === g.name)!.jobs.find((x) => x.name === j.name)!;
              const copt = gj.cons[SPEC.get(j.name)!.consumes.findIndex(([n]) => n === linkName)];
              expect(copt.kind).not.toBe("nil");
              if (copt.kind === "from") expect(l.group_name).toBe(`${copt.alias}-${ctype}`);
            }
      }),
      { numRuns: 200 },
    );
  });

  it("errors follow manifest order (groups, jobs, consumes)", () => {
    fc.assert(
      fc.property(deploymentArb, (groups) => {
        const r = run(groups);
        if (r.ok || r.error!.kind !== "resolve") return;
        const rank = (ig: string, job: string, link: string): number => {
          const gi = groups.findIndex((g) => g.name === ig);
          const ji = groups[gi].jobs.findIndex((j) => j.name === job);
          const li = SPEC.get(job)!.consumes.findIndex(([n]) => n === link);
          return gi * 100 + ji * 10 + li;
        };
        const ranks = r.error!.errors.map((e) => {
          const m = /^Failed to resolve link '([^']+)' .* from job '([^']+)' in instance group '([^']+)'\./.exec(e.message);
          expect(m).not.toBeNull();
          return rank(m![3], m![2], m![1]);
        });
        expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
        expect(new Set(ranks).size).toBe(ranks.length);
      }),
      { numRuns: 200 },
    );
  });
});
