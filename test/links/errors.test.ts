import { describe, expect, it } from "vitest";
import { resolve } from "./helpers.js";

const REL = `
- name: r
  jobs:
  - name: s
    provides: [{name: l, type: t, properties: [p]}]
    properties: {p: {default: 1}}
  - name: c
    consumes: [{name: l, type: t}]
`;
const group = (extra = "", nets = "[{name: net}]") => `
name: d
${extra}
instance_groups:
- name: g
  instances: 1
  networks: ${nets}
  jobs: [{name: s, release: r}, {name: c, release: r}]
`;

describe("manifest-level errors", () => {
  it.each([
    ["features: [1]", "Key 'features' expects a Hash, but received 'Array'"],
    ["features: {use_dns_addresses: 'yes please'}", "Key 'use_dns_addresses' in 'features' expected to be a boolean, but received 'String'"],
    ["features: {use_short_dns_addresses: 1}", "Key 'use_short_dns_addresses' in 'features' expected to be a boolean, but received 'Integer'"],
    ["features: {use_link_dns_names: ~}", "Key 'use_link_dns_names' in 'features' expected to be a boolean, but received 'NilClass'"],
    ["features: {use_link_dns_names: true, use_short_dns_addresses: false}", "cannot enable `use_link_dns_names` when `use_short_dns_addresses` is explicitly disabled"],
    ["features: {use_link_dns_names: true, use_dns_addresses: false}", "cannot enable `use_link_dns_names` when `use_dns_addresses` is explicitly disabled"],
  ])("%s", (extra, msg) => {
    const r = resolve(REL, [group(extra)]);
    expect(r.error!.message).toBe(msg);
    expect(r.error!.kind).toBe("features");
  });

  it.each([
    ["[{name: a}, {name: b}]", "Instance group 'g' must specify which network is default for dns, gateway, since it has more than one network configured"],
    ["[{name: a, default: [dns]}, {name: b}]", "Instance group 'g' must specify which network is default for gateway, since it has more than one network configured"],
    [
      "[{name: a, default: [dns, gateway]}, {name: b, default: [dns, gateway]}]",
      "Instance group 'g' specified more than one network to contain default. 'dns' has default networks: 'a', 'b'. 'gateway' has default networks: 'a', 'b'.",
    ],
    ["[{name: a, default: [dns, gateway, bogus]}]", "Instance group 'g' specified an invalid default network property 'bogus', valid properties are: dns, gateway"],
  ])("networks %s", (nets, msg) => {
    expect(resolve(REL, [group("", nets)]).error!.message).toBe(msg);
  });

  it("addressable wins over gateway for the link network", () => {
    const r = resolve(REL, [group("", "[{name: a, default: [dns, gateway]}, {name: b, default: [addressable]}]")]);
    expect(r.ok).toBe(true);
    const l = r.graph!.job("g", "c").links.getStr("l") as any;
    expect(l.getStr("default_network").s).toBe("b");
  });
});

describe("provider-side parse errors (one job, all together)", () => {
  it("P1, P2 and P3", () => {
    const rel = `
- name: r
  jobs:
  - name: s
    provides: [{name: l1, type: t}, {name: l2, type: t}, {name: l3, type: t, properties: [nope]}]
`;
    const m = `
name: d
instance_groups:
- name: g
  instances: 1
  networks: [{name: net}]
  jobs:
  - name: s
    release: r
    provides: {l1: [x], l2: {name: z}}
`;
    expect(resolve(rel, [m]).error!.message).toBe(
      [
        "Provider 'l1' in job 's' in instance group 'g' specified in the manifest should only be a hash or string 'nil'",
        "Cannot specify 'name' or 'type' properties in the manifest for link 'l2' in job 's' in instance group 'g'. Please provide these keys in the release only.",
        "Link property nope in template s is not defined in release spec",
      ].join("\n"),
    );
  });
});

describe("release spec validation", () => {
  it.each([
    ["provides: {a: b}", "Job 's' has invalid spec format: 'provides' must be an array of hashes with name and type"],
    ["provides: [x]", "Provides section in the release spec must be a list of hashes"],
    ["provides: [{name: a}]", "Each provides item in the provides section of the release spec must contain 'name' and 'type'"],
    ["provides: [{name: a, type: t, optional: true}]", "Link 'a' of type 't' is a provides link, not allowed to have 'optional' key"],
    ["provides: [{name: a, type: t}, {name: a, type: u}]", "Job 's' specifies duplicate provides link with name 'a'"],
    ["consumes: [{name: a, type: t}, {name: a, type: u}]", "Job 's' specifies duplicate consumes link with name 'a'"],
  ])("%s", (spec, msg) => {
    const rel = `
- name: r
  jobs:
  - name: s
    ${spec}
`;
    const r = resolve(rel, [`name: d\ninstance_groups: []\n`]);
    expect(r.error!.message).toBe(msg);
  });
});

describe("addresses", () => {
  it("dynamic networks always give DNS names; W3 when DNS wanted but unavailable", () => {
    const m = `
name: d
features: {use_dns_addresses: true}
instance_groups:
- name: g
  instances: 1
  networks: [{name: dyn}]
  jobs: [{name: s, release: r}]
- name: h
  instances: 1
  networks: [{name: man}]
  jobs: [{name: s, release: r}, {name: c, release: r, consumes: {l: {from: l, network: man}}}]
`;
    const r = resolve(REL.replace("consumes: [{name: l, type: t}]", "consumes: [{name: l, type: t}]\n  - name: c2\n    consumes: [{name: l, type: t}]"), [m.replace("{name: c, release: r, consumes: {l: {from: l, network: man}}}", "{name: c, release: r}")], {
      cloud: { networks: [{ name: "dyn", type: "dynamic" }, { name: "man", type: "manual" }] },
    });
    // two providers of type t → error
    expect(r.ok).toBe(false);
    const single = `
name: d
features: {use_dns_addresses: true}
instance_groups:
- name: g
  instances: 1
  networks: [{name: dyn}]
  jobs: [{name: s, release: r}]
- name: h
  instances: 1
  networks: [{name: man}]
  jobs: [{name: c, release: r}]
`;
    const ok = resolve(REL, [single], { cloud: { networks: [{ name: "dyn", type: "dynamic" }, { name: "man", type: "manual" }] } });
    const l = ok.graph!.job("h", "c").links.getStr("l") as any;
    const inst = l.getStr("instances").a[0];
    expect(inst.getStr("address").s).toBe(`${inst.getStr("id").s}.g.dyn.d.bosh`);
    const provIp = resolve(REL, [single.replace("name: dyn}]\n  jobs: [{name: s", "name: man}]\n  jobs: [{name: s")], { cloud: { networks: [{ name: "man", type: "manual" }] } });
    expect(provIp.deployments[0].warnings).toHaveLength(1);
    expect(provIp.deployments[0].warnings[0]).toMatch(/^DNS address not available for the link provider instance: g\/[0-9a-f-]+$/);
  });
});
