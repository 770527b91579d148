/**
 * linkplate/testing's RSpec-shaped helpers against a fixture release. Every expectation was taken
 * from Ruby running BOSH's own Bosh::Common::Template::Test on the same fixture
 * (Debian's ruby 3.1 with ../shared/reference/bosh-common-lib on the load path).
 */
import { describe, expect, it } from "vitest";
import { TemplateRenderError } from "../../src/diagnostics/errors.js";
import { RFloat, RHash, RString } from "../../src/ruby/runtime/values.js";
import { loadYaml } from "../../src/ruby/data/yaml.js";
import { InstanceSpec, Link, LinkInstance, ReleaseDir, TemplateTestError } from "../../src/testing/index.js";

const REL = "test/testing/fixtures/release";
const release = await ReleaseDir.open(REL);
const job = release.job("api");

describe("ReleaseDir / Job / Template", () => {
  it("renders with Ruby's defaults: context keys in Template#render's order, spec defaults filled in", () => {
    expect(job.template("config/context.json").render({})).toBe(
      'spec keys: [:properties, :address, :az, :bootstrap, :deployment, :id, :index, :ip, :name, :networks, :job, :links]\nname: me, job: me, index: 0, az: az1, ip: 192.168.0.0\nnetworks: 192.168.0.0\nlinks: []\nratio: 1.0, tags: ["a", "b"], on: true\n',
    );
  });

  it("puts links in the order of the job's consumes; undeclared properties are dropped; false is kept, nil takes the default", () => {
    const out = job.template("config/context.json").render(
      { api: { ratio: null, on: false, extra: 1 }, other: 2 },
      {
        spec: new InstanceSpec({ name: "web", index: 3, az: "z9" }),
        consumes: [
          new Link({ name: "queue", properties: { port: 1 } }),
          new Link({ name: "db", instances: [new LinkInstance(), new LinkInstance({ name: "x", address: "10.0.0.1", bootstrap: true })], properties: { port: 5432 } }),
        ],
      },
    );
    expect(out).toBe(
      'spec keys: [:properties, :address, :az, :bootstrap, :deployment, :id, :index, :ip, :name, :networks, :job, :links]\nname: web, job: web, index: 3, az: z9, ip: 192.168.0.0\nnetworks: 192.168.0.0\nlinks: [:db, :queue]\nratio: 1.0, tags: ["a", "b"], on: false\ndb: [["i-name", "jkl8098", 4, "az4", "link.instance.fake.example.com", false], ["x", "jkl8098", 4, "az4", "10.0.0.1", true]] 5432\n',
    );
  });

  it("context() is the Hash Template#render hands the evaluation context", () => {
    const ctx = job.template("config/api.json").context({ api: { port: 1 } }, { consumes: [new Link({ name: "db" })] });
    expect([...ctx.entries()].map(([k]) => (k as RString).s)).toEqual(["properties", "address", "az", "bootstrap", "deployment", "id", "index", "ip", "name", "networks", "job", "links"]);
    const api = (ctx.getStr("properties") as RHash).getStr("api") as RHash;
    expect([...api.entries()].map(([k]) => (k as RString).s)).toEqual(["port", "ratio", "name", "tags", "more_tags", "on"]);
    expect(api.getStr("ratio")).toBeInstanceOf(RFloat);
    expect(api.getStr("name")).toBeNull();
  });

  it("a spec given as a Hash is merged as is (Ruby calls to_h on it), as several RSpec suites do", () => {
    const ctx = job.monit().context({}, { spec: { address: "10.0.0.1", deployment: "d" } });
    expect([...ctx.entries()].map(([k]) => (k as RString).s)).toEqual(["properties", "address", "deployment", "links"]);
    expect(job.monit().render({}, { spec: { address: "10.0.0.1", deployment: "d" } })).toBe("check process api\n  with pidfile /var/vcap/sys/run/api/pid\n  group vcap-d\n");
  });

  it("takes properties read with Ruby's YAML rules (floats stay Float, key order kept)", () => {
    const props = loadYaml('api:\n  ratio: 2.0\n  "on": off\n', "props.yml");
    expect(job.template("config/context.json").render(props)).toContain('ratio: 2.0, tags: ["a", "b"], on: false\n');
    // Unquoted, `on` is the key true (YAML 1.1), so api.on is absent and keeps its default.
    expect(job.template("config/context.json").render(loadYaml("api:\n  on: off\n", "props.yml"))).toContain('ratio: 1.0, tags: ["a", "b"], on: true\n');
  });

  it("finds a template by its rendered path, the first in spec order when two share it", () => {
    expect(job.template("config/api.json").render({ api: { name: "n" } }, { consumes: [new Link({ name: "db", instances: [new LinkInstance({ address: "10.1.1.1" })] })] })).toBe(
      '{"port":8080,"name":"n","db":["10.1.1.1"]}\n',
    );
  });

  it("renders the monit file", () => {
    expect(job.monit().render({}, { spec: new InstanceSpec({ deployment: "dep" }) })).toBe("check process api\n  with pidfile /var/vcap/sys/run/api/pid\n  group vcap-dep\n");
  });

  it("renderWith renders a hand-built context", () => {
    expect(job.monit().renderWith({ deployment: "x" })).toBe("check process api\n  with pidfile /var/vcap/sys/run/api/pid\n  group vcap-x\n");
  });
});

describe("errors, with Ruby's texts", () => {
  const thrown = (f: () => unknown): unknown => {
    try {
      f();
    } catch (e) {
      return e;
    }
    throw new Error("did not throw");
  };

  it("a link the job does not consume", () => {
    const e = thrown(() => job.template("config/context.json").render({}, { consumes: [new Link({ name: "db" }), new Link({ name: "nope" })] }));
    expect(e).toBeInstanceOf(TemplateTestError);
    expect((e as TemplateTestError).message).toBe("Link 'nope' is not declared as a consumed link in this job.");
    expect((e as TemplateTestError).rubyClass).toBe("RuntimeError");
  });

  it("an unknown rendered path lists the possible values", () => {
    const e = thrown(() => job.template("config/nope"));
    expect(e).toBeInstanceOf(TemplateTestError);
    expect((e as TemplateTestError).message).toBe(
      "Template for rendered path filename not found: config/nope. Possible values are: [config/api.json, config/context.json, config/missing.txt, config/api.json]",
    );
  });

  it("a missing template file, reported after the link check as Ruby does", () => {
    expect(() => job.template("config/missing.txt").render({})).toThrow(`No such file at ${REL}/jobs/api/templates/missing.erb`);
    expect(() => job.template("config/missing.txt").render({}, { consumes: [new Link({ name: "nope" })] })).toThrow("Link 'nope' is not declared as a consumed link in this job.");
  });

  it("a missing job", () => {
    expect(() => release.job("ghost")).toThrow(`No such file or directory @ rb_sysopen - ${REL}/jobs/ghost/spec`);
  });

  it("render errors are the engine's typed errors", () => {
    const e = thrown(() => job.template("config/api.json").render({}, { consumes: [new Link({ name: "db" })] }));
    expect(e).toBeInstanceOf(TemplateRenderError);
    expect((e as TemplateRenderError).rubyClass).toBe("Bosh::Common::Template::UnknownProperty");
    expect((e as TemplateRenderError).rubyMessage).toBe(`Can't find property '["api.name"]'`);
    expect(() => job.template("config/api.json").render({ api: { name: "n" } })).toThrow(/Can't find link 'db'/);
  });

  it("a Link needs a name", () => {
    expect(() => new Link({} as never)).toThrow(/missing keyword: :name/);
  });
});
