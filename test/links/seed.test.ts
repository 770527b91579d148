/** The seed document's examples, as unit tests with our own fixtures. */
import { describe, expect, it } from "vitest";
import { linksOf, resolve } from "./helpers.js";

const WEB_PG = `
- name: shop
  jobs:
  - name: web
    consumes:
    - {name: primary_db, type: pg}
    properties: {}
  - name: postgres
    provides:
    - {name: conn, type: pg, properties: [port, auth.user, tls.enabled]}
    properties:
      port: {default: 5432}
      auth.user: {default: admin}
      auth.password: {description: secret, not shared}
      tls.enabled: {}
`;

describe("implicit linking (web + postgres)", () => {
  const m = `
name: shop
instance_groups:
- name: db
  instances: 2
  azs: [z1, z2]
  networks: [{name: net1}]
  jobs:
  - name: postgres
    release: shop
    properties: {port: 6432, auth: {user: shopper, password: hunter2}}
- name: frontend
  instances: 1
  azs: [z1]
  networks: [{name: net1}]
  jobs:
  - {name: web, release: shop}
`;
  const r = resolve(WEB_PG, [m], { cloud: { azs: ["z1", "z2"], networks: [{ name: "net1", type: "manual" }] } });
  it("resolves the only provider of the type", () => {
    expect(r.ok).toBe(true);
    const l = linksOf(r, "shop", "frontend", "web").primary_db;
    expect(Object.keys(l)).toEqual(["deployment_name", "domain", "default_network", "networks", "instance_group", "properties", "use_short_dns_addresses", "use_dns_addresses", "use_link_dns_names", "instances", "group_name"]);
    expect(l.deployment_name).toBe("shop");
    expect(l.domain).toBe("bosh");
    expect(l.instance_group).toBe("db");
    expect(l.default_network).toBe("net1");
    expect(l.group_name).toBe("conn-pg");
    expect(l.use_link_dns_names).toBe(null);
    expect(l.instances).toHaveLength(2);
    expect(l.instances[0].bootstrap).toBe(true);
    expect(Object.keys(l.instances[0])).toEqual(["name", "id", "index", "bootstrap", "az", "address"]);
  });
  it("carries only the listed properties; manifest values win, unset declared ones are null", () => {
    const l = linksOf(r, "shop", "frontend", "web").primary_db;
    expect(l.properties).toEqual({ port: 6432, auth: { user: "shopper" }, tls: { enabled: null } });
  });
  it("gives IP addresses when local DNS is off", () => {
    const l = linksOf(r, "shop", "frontend", "web").primary_db;
    for (const i of l.instances) expect(i.address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });
  it("gives DNS names with local DNS and use_dns_addresses", () => {
    const r2 = resolve(WEB_PG, [m.replace("name: shop\n", "name: shop\nfeatures: {use_dns_addresses: true}\n")], { director: { localDnsEnabled: true } });
    const l = linksOf(r2, "shop", "frontend", "web").primary_db;
    expect(l.use_dns_addresses).toBe(true);
    for (const i of l.instances) expect(i.address).toBe(`${i.id}.db.net1.shop.bosh`);
  });
});

describe("two databases with as/from", () => {
  const rel = `
- name: r
  jobs:
  - name: api
    consumes:
    - {name: main_db, type: db}
    - {name: report_db, type: db}
  - name: database
    provides:
    - {name: db, type: db}
`;
  const m = `
name: two
instance_groups:
- name: pg1
  instances: 1
  networks: [{name: net}]
  jobs: [{name: database, release: r, provides: {db: {as: primary}}}]
- name: pg2
  instances: 1
  networks: [{name: net}]
  jobs: [{name: database, release: r, provides: {db: {as: reporting}}}]
- name: app
  instances: 1
  networks: [{name: net}]
  jobs:
  - name: api
    release: r
    consumes:
      main_db: {from: primary}
      report_db: {from: reporting}
`;
  it("each consumer gets the provider whose alias it names", () => {
    const r = resolve(rel, [m]);
    const l = linksOf(r, "two", "app", "api");
    expect(l.main_db.instance_group).toBe("pg1");
    expect(l.main_db.group_name).toBe("primary-db");
    expect(l.report_db.instance_group).toBe("pg2");
    expect(l.report_db.group_name).toBe("reporting-db");
  });
  it("without from, the implicit consumers see two providers of the type", () => {
    const r = resolve(rel, [m.replace(/    consumes:\n.*\n.*\n/, "")]);
    expect(r.ok).toBe(false);
    expect(r.error!.message).toBe(
      [
        "Failed to resolve links from deployment 'two'. See errors below:",
        "  - Failed to resolve link 'main_db' with type 'db' from job 'api' in instance group 'app'. Multiple link providers found:",
        "    - Link provider 'db' with alias 'primary' from job 'database' in instance group 'pg1' in deployment 'two'",
        "    - Link provider 'db' with alias 'reporting' from job 'database' in instance group 'pg2' in deployment 'two'",
        "  - Failed to resolve link 'report_db' with type 'db' from job 'api' in instance group 'app'. Multiple link providers found:",
        "    - Link provider 'db' with alias 'primary' from job 'database' in instance group 'pg1' in deployment 'two'",
        "    - Link provider 'db' with alias 'reporting' from job 'database' in instance group 'pg2' in deployment 'two'",
      ].join("\n"),
    );
  });
  it("from naming an alias nobody provides fails with the alias in the header", () => {
    const r = resolve(rel, [m.replace("from: reporting", "from: nobody")]);
    expect(r.error!.message).toBe(
      "Failed to resolve links from deployment 'two'. See errors below:\n  - Failed to resolve link 'report_db' with alias 'nobody' and type 'db' from job 'api' in instance group 'app'. Details below:\n    - No link providers found",
    );
  });
});

describe("self-link", () => {
  const rel = `
- name: kv
  jobs:
  - name: raft
    provides: [{name: peers, type: raft, properties: [raft.port]}]
    consumes: [{name: peers, type: raft}]
    properties: {raft.port: {default: 4001}}
`;
  it("a job consumes its own group's link; instances ordered bootstrap, its AZ, other AZs", () => {
    const m = `
name: kv
instance_groups:
- name: store
  instances: 4
  azs: [z2, z1]
  networks: [{name: net}]
  jobs: [{name: raft, release: kv}]
`;
    const r = resolve(rel, [m]);
    const l = linksOf(r, "kv", "store", "raft").peers;
    expect(l.properties).toEqual({ raft: { port: 4001 } });
    expect(l.instances).toHaveLength(4);
    const azs = l.instances.map((i: any) => i.az);
    expect(azs[0]).toBe("z2");
    expect(l.instances[0].bootstrap).toBe(true);
    expect(azs).toEqual(["z2", "z2", "z1", "z1"]);
    const z1ids = l.instances.slice(2).map((i: any) => i.id);
    expect(z1ids).toEqual([...z1ids].sort());
  });
});

describe("cross-deployment", () => {
  const rel = `
- name: r
  jobs:
  - name: server
    provides: [{name: api, type: http}]
  - name: client
    consumes: [{name: api, type: http}]
`;
  const provider = (shared: string) => `
name: backend
instance_groups:
- name: srv
  instances: 1
  networks: [{name: net}]
  jobs: [{name: server, release: r, provides: {api: {as: public_api, shared: ${shared}}}}]
`;
  const consumer = `
name: frontend
instance_groups:
- name: cli
  instances: 1
  networks: [{name: net}]
  jobs: [{name: client, release: r, consumes: {api: {from: public_api, deployment: backend}}}]
`;
  it("a shared link is consumed from a deployment deployed earlier", () => {
    const r = resolve(rel, [provider("true"), consumer]);
    expect(r.ok).toBe(true);
    const l = linksOf(r, "frontend", "cli", "client").api;
    expect(l.deployment_name).toBe("backend");
    expect(l.instance_group).toBe("srv");
  });
  it("only the boolean true shares", () => {
    const r = resolve(rel, [provider('"true"'), consumer]);
    expect(r.deployments[0].error).toBe(null);
    expect(r.deployments[1].error!.message).toContain("No link providers found");
  });
  it("an unknown deployment is a parse error", () => {
    const r = resolve(rel, [consumer]);
    expect(r.error!.message).toBe("Link 'public_api' in job 'client' from instance group 'cli' consumes from deployment 'backend', but the deployment does not exist.");
    expect(r.error!.kind).toBe("parse");
  });
});

describe("custom provider definitions", () => {
  const rel = `
- name: r
  jobs:
  - name: proxy
    properties: {listen_port: {default: 80}}
  - name: app
    consumes: [{name: upstream, type: tcp}]
`;
  const m = (defs: string) => `
name: cp
instance_groups:
- name: edge
  instances: 1
  networks: [{name: net}]
  jobs:
  - name: proxy
    release: r
    custom_provider_definitions: ${defs}
    provides: {front: {as: edge_front}}
- name: web
  instances: 1
  networks: [{name: net}]
  jobs: [{name: app, release: r, consumes: {upstream: {from: edge_front}}}]
`;
  it("a job without provides in its spec offers a link the manifest defines", () => {
    const r = resolve(rel, [m("[{name: front, type: tcp, properties: [listen_port]}]")]);
    const l = linksOf(r, "cp", "web", "app").upstream;
    expect(l.group_name).toBe("edge_front-tcp");
    expect(l.properties).toEqual({ listen_port: 80 });
  });
  it("bad definitions are all reported together", () => {
    const r = resolve(rel, [m("[{name: '', type: tcp}, {name: x}, {name: x, type: t}]")]);
    expect(r.error!.message).toBe(
      [
        "Name for custom link provider definition in manifest in job 'proxy' in instance group 'edge' must be a valid non-empty string.",
        "Type for custom link provider definition in manifest in job 'proxy' in instance group 'edge' must be a valid non-empty string.",
        "Custom provider 'x' in job 'proxy' in instance group 'edge' is defined multiple times in manifest.",
      ].join("\n"),
    );
  });
});
