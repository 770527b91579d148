/**
 * Addon placement (bosh-director Addon::Filter rules) and IP assignment from a cloud config (the
 * director's IP provider on a fresh deployment), checked on small manifests.
 */
import { describe, expect, test } from "vitest";
import { placeAddons, type AddonSource } from "../../src/links/addons.js";
import { cloudFromCloudConfig } from "../../src/links/cloud-config.js";
import { getA, getS, toJs } from "../../src/links/rb.js";
import { resolveDeployment } from "../../src/links/resolver.js";
import { loadYaml } from "../../src/ruby/data/yaml.js";
import type { Value } from "../../src/ruby/runtime/values.js";

const y = (s: string): Value => loadYaml(s, "t.yml");

const MANIFEST = `name: dep
stemcells: [{alias: default, os: ubuntu-jammy}, {alias: win, os: windows2019}]
instance_groups:
- {name: web, azs: [z1], stemcell: default, networks: [{name: a}], jobs: [{name: nginx, release: web}]}
- {name: db, azs: [z2], stemcell: default, networks: [{name: b}], jobs: [{name: pg, release: data}]}
- {name: win, azs: [z1, z2], stemcell: win, networks: [{name: a}], jobs: [{name: iis, release: web}]}
- {name: smoke, azs: [z1], stemcell: default, lifecycle: errand, networks: [{name: a}], jobs: [{name: t, release: web}]}
`;

/** Instance groups that received the addon job `x`. */
function placed(addon: string, level: AddonSource["level"] = "runtime", teams: string[] = []): string[] {
  const m = placeAddons(y(MANIFEST), [{ addons: y(`- name: a\n  jobs: [{name: x, release: r}]\n${addon}`), level }], teams);
  return getA(m, "instance_groups")
    .filter((ig) => getA(ig, "jobs").some((j) => getS(j, "name") === "x"))
    .map((ig) => getS(ig, "name")!);
}

describe("addon placement", () => {
  const cases: Array<[string, string, string[]]> = [
    ["no filters: every instance group", "", ["web", "db", "win", "smoke"]],
    ["include jobs (name and release)", "  include: {jobs: [{name: nginx, release: web}]}\n", ["web"]],
    ["include jobs of another release do not match", "  include: {jobs: [{name: nginx, release: other}]}\n", []],
    ["include instance_groups", "  include: {instance_groups: [db, win]}\n", ["db", "win"]],
    ["include jobs AND instance_groups", "  include: {jobs: [{name: nginx, release: web}], instance_groups: [db]}\n", []],
    ["include deployments", "  include: {deployments: [dep]}\n", ["web", "db", "win", "smoke"]],
    ["include other deployment", "  include: {deployments: [nope]}\n", []],
    ["include stemcell os", "  include: {stemcell: [{os: windows2019}]}\n", ["win"]],
    ["include networks", "  include: {networks: [b]}\n", ["db"]],
    ["include azs", "  include: {azs: [z2]}\n", ["db", "win"]],
    ["include lifecycle errand", "  include: {lifecycle: errand}\n", ["smoke"]],
    ["include lifecycle service", "  include: {lifecycle: service}\n", ["web", "db", "win"]],
    ["exclude lifecycle errand", "  exclude: {lifecycle: errand}\n", ["web", "db", "win"]],
    ["exclude jobs", "  exclude: {jobs: [{name: pg, release: data}]}\n", ["web", "win", "smoke"]],
    ["include stemcell, exclude instance group", "  include: {stemcell: [{os: ubuntu-jammy}]}\n  exclude: {instance_groups: [smoke]}\n", ["web", "db"]],
    ["exclude without criteria excludes nothing", "  exclude: {}\n", ["web", "db", "win", "smoke"]],
    ["include teams the deployment lacks", "  include: {teams: [ops]}\n", []],
  ];
  for (const [name, filter, want] of cases) test(name, () => expect(placed(filter)).toEqual(want));

  test("teams are director facts; deployment-level addons ignore them", () => {
    expect(placed("  include: {teams: [ops]}\n", "runtime", ["ops"])).toEqual(["web", "db", "win", "smoke"]);
    expect(placed("  include: {teams: [ops]}\n", "deployment")).toEqual(["web", "db", "win", "smoke"]);
  });
  test("deployment-level addons may not filter on deployments (director text)", () => {
    expect(() => placed("  include: {deployments: [dep]}\n", "deployment")).toThrow("Deployment filter is not allowed for deployment level addons.");
  });
  test("an include job needs name and release", () => {
    expect(() => placed("  include: {jobs: [{name: nginx}]}\n")).toThrow("in runtime config's include section must have both name and release.");
  });
  test("addon jobs get the addon job's or the addon's properties, never the manifest's", () => {
    const m = placeAddons(y(`${MANIFEST}properties: {global: 1}\n`), [
      { addons: y("- name: a\n  properties: {lvl: 2}\n  jobs: [{name: x, release: r}, {name: z, release: r, properties: {own: 3}}]\n  include: {instance_groups: [web]}\n"), level: "runtime" },
    ]);
    const jobs = getA(getA(m, "instance_groups")[0], "jobs");
    expect(toJs(jobs[1])).toEqual({ name: "x", release: "r", properties: { lvl: 2 } });
    expect(toJs(jobs[2])).toEqual({ name: "z", release: "r", properties: { own: 3 } });
  });
});

const CLOUD = `azs: [{name: z1}, {name: z2}]
networks:
- name: net
  type: manual
  subnets:
  - {range: 10.0.0.0/24, gateway: 10.0.0.1, reserved: [10.0.0.2-10.0.0.4, 10.0.0.6], static: [10.0.0.100-10.0.0.110], azs: [z1]}
  - {range: 10.0.1.0/28, gateway: 10.0.1.1, azs: [z2]}
- {name: dyn, type: dynamic}
`;

function ips(manifest: string, cloud = CLOUD): Record<string, string[]> | string {
  const rel = { name: "r", jobs: [{ spec: y("name: j\n") }] };
  const res = resolveDeployment({ manifests: [y(manifest)], releases: [rel], cloud: cloudFromCloudConfig(y(cloud), "cc.yml") });
  if (res.error) return res.error.message;
  const out: Record<string, string[]> = {};
  for (const g of res.graph!.data.instanceGroups) out[g.name] = g.instances.map((i) => `${i.az}:${[...i.ips.values()].join(",")}`);
  return out;
}

describe("IPs from a cloud config", () => {
  test("dynamic IPs: lowest free address of the AZ's subnet, skipping network, gateway, reserved and static", () => {
    expect(ips("name: d\ninstance_groups:\n- {name: a, instances: 4, azs: [z1, z2], networks: [{name: net}], jobs: [{name: j, release: r}]}\n- {name: b, instances: 2, azs: [z1], networks: [{name: net}], jobs: [{name: j, release: r}]}\n")).toEqual({
      a: ["z1:10.0.0.5", "z2:10.0.1.2", "z1:10.0.0.7", "z2:10.0.1.3"],
      b: ["z1:10.0.0.8", "z1:10.0.0.9"],
    });
  });
  test("static IPs come from the static range and decide the AZ", () => {
    expect(ips("name: d\ninstance_groups:\n- {name: a, instances: 2, azs: [z1, z2], networks: [{name: net, static_ips: [10.0.0.101, 10.0.0.100]}], jobs: [{name: j, release: r}]}\n- {name: b, instances: 1, azs: [z1], networks: [{name: net}], jobs: [{name: j, release: r}]}\n")).toEqual({
      a: ["z1:10.0.0.101", "z1:10.0.0.100"],
      b: ["z1:10.0.0.5"],
    });
  });
  test("a static IP outside the static ranges, a wrong count, or an exhausted subnet is an error", () => {
    expect(ips("name: d\ninstance_groups:\n- {name: a, instances: 1, azs: [z1], networks: [{name: net, static_ips: [10.0.0.50]}], jobs: [{name: j, release: r}]}\n")).toContain(
      "Instance group 'a' with network 'net' declares static ip '10.0.0.50', which belongs to no subnet's static range",
    );
    expect(ips("name: d\ninstance_groups:\n- {name: a, instances: 2, azs: [z1], networks: [{name: net, static_ips: [10.0.0.100]}], jobs: [{name: j, release: r}]}\n")).toContain(
      "Instance group 'a' has 2 instances but was allocated 1 static IPs in network 'net'",
    );
    // 10.0.1.0/28: 16 addresses minus network, broadcast and gateway leave 13
    expect(ips("name: d\ninstance_groups:\n- {name: a, instances: 14, azs: [z2], networks: [{name: net}], jobs: [{name: j, release: r}]}\n")).toContain("Failed to reserve IP for instance group 'a' in network 'net': no more available");
  });
  test("dynamic networks get no IP; spec.networks carries the subnet's netmask and gateway", () => {
    const rel = { name: "r", jobs: [{ spec: y("name: j\n") }] };
    const res = resolveDeployment({ manifests: [y("name: d\ninstance_groups:\n- {name: a, instances: 1, azs: [z1], networks: [{name: net}], jobs: [{name: j, release: r}]}\n")], releases: [rel], cloud: cloudFromCloudConfig(y(CLOUD), "cc.yml") });
    const ctx = toJs(res.graph!.contextFor("a", 0, "j")) as { networks: Record<string, { ip: string; netmask: string; gateway: string }>; ip: string };
    expect(ctx.ip).toBe("10.0.0.5");
    expect(ctx.networks.net).toMatchObject({ ip: "10.0.0.5", netmask: "255.255.255.0", gateway: "10.0.0.1" });
  });
  test("bad cloud configs are typed errors", () => {
    expect(() => cloudFromCloudConfig(y("networks: [{name: n, subnets: [{range: 10.0.0.0/33}]}]\n"), "cc.yml")).toThrow("network 'n': subnet #0 needs an IPv4 'range' such as 10.0.0.0/24 (got '10.0.0.0/33')");
    expect(() => cloudFromCloudConfig(y("networks: [{name: n, subnets: [{range: 10.0.0.0/24, gateway: 10.0.1.1}]}]\n"), "cc.yml")).toThrow("gateway '10.0.1.1' is not an address of the range");
    expect(() => cloudFromCloudConfig(y("networks: [{name: n, subnets: [{range: 10.0.0.0/24, static: [10.0.1.5]}]}]\n"), "cc.yml")).toThrow("is outside the subnet range");
    expect(() => cloudFromCloudConfig(y("azs: [{name: z1}]\nnetworks: [{name: n, subnets: [{range: 10.0.0.0/24, azs: [z9]}]}]\n"), "cc.yml")).toThrow("names unknown availability zone 'z9'");
    expect(() => cloudFromCloudConfig(y("networks: [{name: n, type: bogus}]\n"), "cc.yml")).toThrow("network 'n' has unknown type 'bogus'");
  });
});
