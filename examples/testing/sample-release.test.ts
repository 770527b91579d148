/**
 * Unit tests of the sample release in templates/, written as a release author would with
 * linkplate/testing (the vitest counterpart of an RSpec suite using Bosh::Template::Test).
 */
import { describe, expect, it } from "vitest";
import { loadYaml } from "../../src/ruby/data/yaml.js";
import { plainFromRuby } from "../../src/testing/plain.js";
import { InstanceSpec, Link, LinkInstance, ReleaseDir, loadCase } from "../../src/testing/index.js";

const release = await ReleaseDir.open("templates");
const yaml = (text: string) => plainFromRuby(loadYaml(text, "(rendered)"));

const db = (...addresses: string[]) =>
  new Link({
    name: "db",
    instances: addresses.map((address, index) => new LinkInstance({ name: "db", index, az: `z${index + 1}`, address, bootstrap: index === 1 })),
    properties: { database: { port: 5432, name: "orders" } },
  });

describe("web: config/web.yml", () => {
  const template = release.job("web").template("config/web.yml");

  it("uses the bootstrap database instance as primary and the others as replicas", () => {
    const out = template.render({ web: { port: 9000 } }, { spec: new InstanceSpec({ az: "z1", index: 2 }), consumes: [db("10.0.0.1", "10.0.0.2", "10.0.0.3")] });
    expect(yaml(out)).toEqual({
      listen: "0.0.0.0:9000",
      workers: 2,
      instance: { az: "z1", index: 2, bootstrap: false },
      database: { host: "10.0.0.2", port: 5432, name: "orders", replicas: ["10.0.0.1", "10.0.0.3"] },
      features: {},
      tls: null,
    });
  });

  it("turns TLS on only when both the certificate and the key are set", () => {
    const tls = { certificate: "CERT", private_key: "KEY" };
    expect(yaml(template.render({ web: { tls } }, { consumes: [db("10.0.0.1")] }))).toMatchObject({ tls: { cert: "CERT", key: "KEY" } });
    expect(yaml(template.render({ web: { tls: { certificate: "CERT" } } }, { consumes: [db("10.0.0.1")] }))).toMatchObject({ tls: null });
  });

  it("lists cache instances only when the optional cache link is consumed", () => {
    const cache = new Link({ name: "cache", instances: [new LinkInstance({ address: "10.0.9.1" })] });
    expect(yaml(template.render({}, { consumes: [db("10.0.0.1"), cache] }))).toMatchObject({ cache: ["10.0.9.1:6379"] });
    expect(yaml(template.render({}, { consumes: [db("10.0.0.1")] }))).not.toHaveProperty("cache");
  });

  it("sorts feature flags", () => {
    expect(template.render({ web: { features: { search: true, beta: false } } }, { consumes: [db("10.0.0.1")] })).toContain("features:\n  beta: false\n  search: true\n");
  });

  it("fails like BOSH without the db link", () => {
    expect(() => template.render({})).toThrow(/Can't find link 'db'/);
  });

  it("refuses a link the job does not consume", () => {
    expect(() => template.render({}, { consumes: [new Link({ name: "queue" })] })).toThrow("Link 'queue' is not declared as a consumed link in this job.");
  });

  it("fails on an empty db link (found by the property check; pasted from its counterexample)", () => {
    const c = loadCase(`
properties: {}
consumes:
  - name: db
    properties:
      database:
        port: 5432
        name: app
    address: q-s0.db.default.my-deployment.bosh
`);
    expect(() => template.render(c.properties, c)).toThrow(/undefined method 'address' for nil/);
  });
});

describe("web: config/upstreams.conf", () => {
  it("has one server line per database instance", () => {
    const out = release.job("web").template("config/upstreams.conf").render({}, { consumes: [db("10.0.0.1", "10.0.0.2")] });
    expect(out).toBe("upstream database {\n  server 10.0.0.1:5432; # db/0 in z1 (first)\n  server 10.0.0.2:5432; # db/1 in z2\n}\n# no cache linked: sessions stay in the database\n");
  });
});

describe("database", () => {
  const job = release.job("database");

  it("needs the admin password, which has no default", () => {
    expect(() => job.template("bin/ctl").render({})).toThrow(`Can't find property '["database.admin_password"]'`);
  });

  it("shell-escapes the admin password", () => {
    expect(job.template("bin/ctl").render({ database: { admin_password: "it's" } })).toContain("export PGPASSWORD=it\\'s\n");
  });

  it("marks the bootstrap instance in postgresql.conf", () => {
    const conf = job.template("config/postgresql.conf");
    expect(conf.render({}, { spec: new InstanceSpec({ bootstrap: true }) })).toContain("# this instance is the bootstrap instance\n");
    expect(conf.render({})).toBe(
      "# rendered for my-deployment/me/0 (xxxxxx-xxxxxxxx-xxxxx)\nlisten_addresses = 'my.bosh.com'\nport = 5432\nmax_connections = 100\n",
    );
  });

  it("renders its monit file", () => {
    expect(job.monit().render({})).toContain("check process database\n");
  });
});

describe("worker: config/worker.json", () => {
  it("reads the db address for its own AZ from the link's manual address and keeps Float properties Float", () => {
    const web = new Link({ name: "web", instances: [new LinkInstance({ address: "10.0.1.1" })], properties: { web: { port: 8080 } } });
    const out = release
      .job("worker")
      .template("config/worker.json")
      .render({ worker: { queues: ["critical"] } }, { spec: new InstanceSpec({ az: "z2" }), consumes: [new Link({ name: "db", address: "db.service.internal" }), web] });
    expect(out).toContain('"poll_interval": 1.5');
    expect(JSON.parse(out)).toEqual({
      queues: ["critical"],
      poll_interval: 1.5,
      database_in_my_az: "db.service.internal",
      web_endpoints: ["http://10.0.1.1:8080"],
      deployment: "my-deployment",
    });
  });
});
