import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/diagnostics/errors.js";
import { LinkGraph, loadLinkGraph } from "../../src/links/graph.js";
import { LINK_GRAPH_SCHEMA } from "../../src/links/schema.js";
import { dataEqual, toJs } from "../../src/links/rb.js";
import { RFloat } from "../../src/ruby/runtime/values.js";
import { resolve } from "./helpers.js";

const SMALL = `
linkplate_graph: 1
deployment: shop
instance_groups:
- name: db
  instances: 2
  azs: [z1, z2]
  jobs:
  - name: postgres
    properties: {port: 5432}
- name: web
  instances: 1
  jobs:
  - name: app
    release: shop
    properties:
      ratio: 1.0
      "b": 1
      "503": 2
    links:
      db:
        instance_group: db
        properties: {port: 5432}
      cache:
        address: cache.example.com
        instances: [{address: cache.example.com}]
        properties: {}
`;

describe("link graph format", () => {
  it("the JSON schema file is the schema the loader uses", () => {
    const file = JSON.parse(readFileSync(new URL("../../schema/link-graph.schema.json", import.meta.url), "utf8"));
    expect(file).toEqual(JSON.parse(JSON.stringify(LINK_GRAPH_SCHEMA)));
  });

  it("fills defaults for a small hand-written graph", () => {
    const g = loadLinkGraph(SMALL, "small.yml");
    const db = g.group("db");
    expect(db.networks).toEqual([{ name: "default", default: [] }]);
    expect(db.instances.map((i) => [i.index, i.az, i.bootstrap])).toEqual([
      [0, "z1", true],
      [1, "z2", false],
    ]);
    expect(db.instances[0].id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const link = toJs(g.job("web", "app").links) as any;
    expect(Object.keys(link.db)).toEqual(["deployment_name", "domain", "default_network", "networks", "instance_group", "properties", "use_short_dns_addresses", "use_dns_addresses", "use_link_dns_names", "instances", "group_name"]);
    expect(link.db.instances.map((i: any) => i.index)).toEqual([0, 1]);
    expect(link.db.instances[0].address).toBe(db.instances[0].ips.get("default"));
    expect(link.db.group_name).toBe("db-db");
    expect(link.cache).toEqual({ address: "cache.example.com", instances: [{ address: "cache.example.com" }], properties: {} });
  });

  it("contextFor gives the renderer's context Hash (template view of links, Ruby values kept)", () => {
    const g = loadLinkGraph(SMALL, "small.yml");
    const ctx = g.contextFor("web", 0, "app");
    const js = toJs(ctx) as any;
    expect(Object.keys(js)).toEqual(["name", "index", "id", "az", "address", "ip", "bootstrap", "deployment", "networks", "job", "release", "properties_need_filtering", "dns_domain_name", "persistent_disk", "properties", "links"]);
    expect(js.name).toBe("web");
    expect(js.deployment).toBe("shop");
    expect(js.address).toBe(js.ip);
    expect(js.networks.default.dns_record_name).toBe("0.web.default.shop.bosh");
    expect(js.networks.default.default).toEqual(["dns", "gateway"]);
    expect(js.links.db.networks).toBeUndefined();
    expect(js.links.db.use_dns_addresses).toBeUndefined();
    expect(js.links.db.instance_group).toBe("db");
    // Floats and key order survive.
    const props = ctx.getStr("properties") as any;
    expect(props.getStr("ratio")).toBeInstanceOf(RFloat);
    expect([...props.entries()].map(([k]: any) => k.s)).toEqual(["ratio", "b", "503"]);
  });

  it("dnsFor returns the director tables", () => {
    const g = loadLinkGraph(SMALL, "small.yml");
    const d = g.dnsFor();
    expect([...d.azIndices]).toEqual([
      ["z1", 1],
      ["z2", 2],
    ]);
    expect(d.serviceGroups[0]).toEqual({ type: "instance-group", name: "db", deployment: "shop", id: 1 });
    expect(d.shortDns).toBe(false);
    expect(d.instanceIndices.size).toBe(3);
  });

  it("reports every schema problem with file:line:col", () => {
    const bad = `linkplate_graph: 2
deployment: x
instance_groups:
- name: a
  instances: -1
  jobs:
  - name: j
    bogus: 1
`;
    let err: unknown;
    try {
      loadLinkGraph(bad, "bad.yml");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const e = err as InputError;
    expect(e.filename).toBe("bad.yml");
    expect(e.line).toBe(1);
    expect(e.message).toContain("bad.yml:1:1: /linkplate_graph: expected 1, got 2");
    expect(e.message).toContain("bad.yml:5:3: /instance_groups/0/instances: must be >= 0");
    expect(e.message).toContain("bad.yml:8:5: /instance_groups/0/jobs/0/bogus: unknown key 'bogus'");
  });

  it("YAML syntax errors are InputErrors with a position", () => {
    expect(() => loadLinkGraph("linkplate_graph: 1\ndeployment: [\n", "broken.yml")).toThrow(InputError);
  });

  it("round-trips a resolved graph through YAML and JSON", () => {
    const r = resolve(
      `
- name: r
  jobs:
  - name: s
    provides: [{name: l, type: t, properties: [x]}]
    properties: {x: {default: 1.5}}
  - name: c
    consumes: [{name: l, type: t}]
`,
      [
        `
name: rt
instance_groups:
- {name: a, instances: 2, azs: [z1], networks: [{name: net}], jobs: [{name: s, release: r}, {name: c, release: r}]}
`,
      ],
    );
    const g = r.graph!;
    const again = loadLinkGraph(g.toYaml(), "rt.yml");
    expect(dataEqual(again.toValue(), g.toValue(), true)).toBe(true);
    const viaJson = loadLinkGraph(JSON.stringify(toJs(g.toValue())), "rt.json");
    expect(dataEqual(viaJson.links(), g.links())).toBe(true);
    expect(g.contextFor("a", 1, "c").getStr("links")).toBeDefined();
    expect(g).toBeInstanceOf(LinkGraph);
  });

  it("a minimal graph is enough to render", () => {
    const g = loadLinkGraph("linkplate_graph: 1\ndeployment: d\ninstance_groups: [{name: a, jobs: [{name: j}]}]\n", "min.yml");
    const ctx = toJs(g.contextFor("a", 0, "j")) as any;
    expect(ctx.bootstrap).toBe(true);
    expect(ctx.ip).toBe("10.1.0.2");
    expect(ctx.links).toEqual({});
    expect(ctx.properties).toEqual({});
    expect(() => g.contextFor("a", 1, "j")).toThrow(InputError);
    expect(() => g.contextFor("b", 0, "j")).toThrow(InputError);
  });

  it("shorthand links use DNS names with local DNS and use_dns_addresses, short names with short DNS", () => {
    const base = `linkplate_graph: 1
deployment: d
local_dns: true
features: {use_dns_addresses: true, use_short_dns_addresses: SHORT}
instance_groups:
- name: db
  instances: [{id: 11111111-1111-4111-8111-111111111111, num: 7}]
- name: web
  jobs: [{name: app, links: {db: {instance_group: db}}}]
`;
    const long = toJs(loadLinkGraph(base.replace("SHORT", "false"), "g.yml").job("web", "app").links) as any;
    expect(long.db.instances[0].address).toBe("11111111-1111-4111-8111-111111111111.db.default.d.bosh");
    const short = toJs(loadLinkGraph(base.replace("SHORT", "true"), "g.yml").job("web", "app").links) as any;
    expect(short.db.instances[0].address).toBe("q-m7n1s0.q-g1.bosh");
  });
});

