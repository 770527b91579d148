/**
 * Property tests over generated link graphs (fast-check, fixed seed): names are valid shell
 * identifiers and host labels, output is deterministic and sorted, every instance of every
 * consumed link appears exactly once per port, and hosts and env agree on addresses. Expectations
 * are computed from the generator's own model, not from the exporter.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadLinkGraph } from "../../src/links/index.js";
import { serviceLinkEnv, serviceLinkHosts } from "../../src/export/index.js";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface ModelInstance {
  index: number;
  address: string;
  az: string | null;
}
interface ModelLink {
  name: string;
  provider: string | null; // instance group, or null for a manual link
  instances: ModelInstance[]; // manual links: as written, numbered by position
  properties: { [k: string]: Json };
  job: number;
}
interface Model {
  groups: Array<{ name: string; instances: ModelInstance[] }>;
  links: ModelLink[];
  consumerInstances: number;
}

const azArb = fc.constantFrom<string | null>(null, "z1", "z2", "us-east_1a");
const valueArb: fc.Arbitrary<Json> = fc.oneof(
  fc.integer({ min: -5, max: 70000 }),
  fc.constantFrom("80", "08", "x y", "", "it's", "$HOME", "a\nb"),
  fc.boolean(),
  fc.constantFrom(1.5, 0.25, -3.75),
  fc.constant(null),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 3 })), { maxLength: 3 }),
);
const propsArb: fc.Arbitrary<{ [k: string]: Json }> = fc.record(
  {
    port: valueArb,
    http_port: valueArb,
    name: valueArb,
    flag: valueArb,
    cfg: fc.oneof(fc.constant({}), fc.record({ level: valueArb, port: valueArb, deep: fc.record({ admin_port: valueArb }, { requiredKeys: [] }) }, { requiredKeys: [] })),
  },
  { requiredKeys: [] },
);

/** Link names: letters with an optional dashed part or dotted part; no digits, so no name can look like another link's `<name>-<N>`. */
const linkNameArb = fc.stringMatching(/^[a-z]{1,4}([-.][a-z]{1,3})?$/);
const prefixOf = (n: string) => n.toUpperCase().replace(/[^A-Z0-9_]/g, "_");
const labelOf = (n: string) => n.replace(/[^a-z-]/g, "");

const modelArb: fc.Arbitrary<Model> = fc
  .record({
    groups: fc.array(
      fc.record({
        indexes: fc.uniqueArray(fc.integer({ min: 0, max: 12 }), { maxLength: 4 }),
        azs: fc.array(azArb, { minLength: 4, maxLength: 4 }),
        dns: fc.boolean(),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    links: fc.uniqueArray(
      fc.record({ name: linkNameArb, provider: fc.nat(4), props: propsArb, job: fc.nat(1), manual: fc.array(fc.oneof(fc.ipV4(), fc.domain()), { maxLength: 3 }) }),
      { maxLength: 4, selector: (l) => prefixOf(l.name) },
    ),
    consumerInstances: fc.integer({ min: 1, max: 3 }),
  })
  .filter((m) => new Set(m.links.map((l) => labelOf(l.name))).size === m.links.length)
  .map(({ groups, links, consumerInstances }) => {
    let ip = 0;
    const gs = groups.map((g, gi) => ({
      name: `prov${gi}`,
      instances: g.indexes.map((index, k) => ({ index, az: g.azs[k], address: `10.${gi}.${Math.floor(++ip / 200)}.${(ip % 200) + 1}` })),
    }));
    const ls: ModelLink[] = links.map((l) => {
      const provider = l.provider < gs.length ? gs[l.provider] : null;
      return {
        name: l.name,
        provider: provider?.name ?? null,
        instances: provider ? provider.instances : l.manual.map((address, k) => ({ index: k, address, az: null })),
        properties: l.props,
        job: l.job,
      };
    });
    return { groups: gs, links: ls, consumerInstances };
  });

function graphOf(m: Model): ReturnType<typeof loadLinkGraph> {
  const link = (l: ModelLink) => (l.provider ? { instance_group: l.provider, properties: l.properties } : { properties: l.properties, instances: l.instances.map((i) => ({ address: i.address })) });
  const jobs = [0, 1].map((j) => ({ name: `job${j}`, links: Object.fromEntries(m.links.filter((l) => l.job === j).map((l) => [l.name, link(l)])) }));
  const doc = {
    linkplate_graph: 1,
    deployment: "gen",
    instance_groups: [
      ...m.groups.map((g) => ({ name: g.name, instances: g.instances.map((i) => ({ index: i.index, az: i.az, ips: { default: i.address } })), jobs: [{ name: "server" }] })),
      { name: "consumer", instances: m.consumerInstances, jobs },
    ],
  };
  return loadLinkGraph(JSON.stringify(doc), "gen.json");
}

/** Ports per the documented rule, from the model's properties. */
function modelPorts(props: { [k: string]: Json }): number[] {
  const found: number[] = [];
  const walk = (h: { [k: string]: Json }) => {
    for (const [k, v] of Object.entries(h)) {
      if (v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length) walk(v);
      else if (k === "port" || k.endsWith("_port")) {
        const n = typeof v === "number" ? v : typeof v === "string" && /^[1-9][0-9]*$/.test(v) ? Number(v) : NaN;
        if (Number.isInteger(n) && n >= 1 && n <= 65535 && !found.includes(n)) found.push(n);
      }
    }
  };
  walk(props);
  return found.sort((a, b) => a - b);
}

const isIp = (a: string) => /^\d+\.\d+\.\d+\.\d+$/.test(a);
const params = { seed: 13, numRuns: 150 };

describe("service-link export over generated graphs", () => {
  it("variable names are shell identifiers, host names are DNS labels; output is sorted and deterministic", () => {
    fc.assert(
      fc.property(modelArb, (m) => {
        const g = graphOf(m);
        const opts = { group: "consumer", index: m.consumerInstances - 1 };
        const vars = serviceLinkEnv(g, opts);
        const names = vars.map((v) => v.name);
        for (const n of names) expect(n).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
        expect(names).toEqual([...names].sort());
        expect(new Set(names).size).toBe(names.length);
        const hosts = serviceLinkHosts(g, opts);
        for (const h of hosts) expect(h.name).toMatch(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/);
        expect(new Set(hosts.map((h) => h.name)).size).toBe(hosts.length);
        // Deterministic: again, and from the graph written out and read back.
        expect(serviceLinkEnv(g, opts)).toEqual(vars);
        const again = loadLinkGraph(g.toYaml(), "again.yml");
        expect(serviceLinkEnv(again, opts)).toEqual(vars);
        expect(serviceLinkHosts(again, opts)).toEqual(hosts);
      }),
      params,
    );
  });

  it("every instance of every consumed link appears exactly once per port", () => {
    fc.assert(
      fc.property(modelArb, (m) => {
        const vars = new Map(serviceLinkEnv(graphOf(m), { group: "consumer", index: 0 }).map((v) => [v.name, v.value]));
        for (const l of m.links) {
          const prefix = prefixOf(l.name);
          const ports = modelPorts(l.properties);
          for (const p of ports) {
            const pattern = new RegExp(`^${prefix}_(\\d+)_PORT_${p}_TCP$`);
            const seen = [...vars].filter(([n]) => pattern.test(n));
            expect(seen.map(([n]) => Number(pattern.exec(n)![1])).sort((a, b) => a - b)).toEqual(l.instances.map((i) => i.index + 1).sort((a, b) => a - b));
            for (const i of l.instances) expect(vars.get(`${prefix}_${i.index + 1}_PORT_${p}_TCP`)).toBe(`tcp://${i.address}:${p}`);
          }
          for (const i of l.instances) expect(vars.get(`${prefix}_${i.index + 1}_PORT`)).toBe(ports.length ? `tcp://${i.address}:${ports[0]}` : undefined);
        }
      }),
      params,
    );
  });

  it("hosts and env agree on addresses", () => {
    fc.assert(
      fc.property(modelArb, (m) => {
        const opts = { group: "consumer", index: 0 };
        const vars = serviceLinkEnv(graphOf(m), opts);
        const hosts = new Map(serviceLinkHosts(graphOf(m), opts).map((h) => [h.name, h]));
        for (const l of m.links) {
          const prefix = prefixOf(l.name);
          const label = labelOf(l.name);
          const targets = (name: string) => {
            const h = hosts.get(name);
            return h ? [...h.addresses, ...h.aliases] : [];
          };
          expect(targets(label).sort()).toEqual([...new Set(l.instances.map((i) => i.address))].sort());
          for (const i of l.instances) {
            const n = i.index + 1;
            const h = hosts.get(`${label}-${n}`)!;
            expect(isIp(i.address) ? h.addresses : h.aliases).toEqual([i.address]);
            for (const v of vars) if (v.name.startsWith(`${prefix}_${n}_PORT_`) && v.name.endsWith("_ADDR")) expect(v.value).toBe(i.address);
          }
          // AZ variants: the env list and the host entry name the same addresses.
          for (const az of new Set(l.instances.map((i) => i.az).filter((a) => a !== null))) {
            const inAz = l.instances.filter((i) => i.az === az).sort((a, b) => a.index - b.index).map((i) => i.address);
            expect(vars.find((v) => v.name === `${prefix}_AZ_${prefixOf(az!)}_ADDRS`)?.value).toBe(inAz.join(" "));
            expect(targets(`${label}-az-${az!.replace(/_/g, "-")}`)).toEqual(inAz);
          }
        }
      }),
      params,
    );
  });
});
