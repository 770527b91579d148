/**
 * The property-based half of linkplate/testing: broken fixture templates are caught with small,
 * shrunk counterexamples that load back and reproduce; generated inputs survive the YAML round
 * trip; generated deployments resolve links like a director.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rubyFromPlainJson } from "../../src/bosh/evaluation-context.js";
import { loadYaml } from "../../src/ruby/data/yaml.js";
import { hashKeyOf } from "../../src/ruby/runtime/values.js";
import {
  InstanceSpec,
  Link,
  LinkInstance,
  PropertyCheckError,
  ReleaseDir,
  arbConsumes,
  arbInstanceSpec,
  arbLinkGraph,
  arbProperties,
  caseYaml,
  checkTemplate,
  containsLinkAddresses,
  loadCase,
  outputParsesAsYaml,
  rendersWithoutError,
} from "../../src/testing/index.js";

const fixture = await ReleaseDir.open("test/testing/fixtures/release");
const sample = await ReleaseDir.open("templates");
const broken = fixture.job("broken");

function failure(f: () => void): PropertyCheckError {
  try {
    f();
  } catch (e) {
    if (e instanceof PropertyCheckError) return e;
    throw e;
  }
  throw new Error("the property check passed");
}

describe("a deliberately broken template is caught with a shrunk counterexample", () => {
  it("division by zero on instance index 2 shrinks to just that index", () => {
    const t = broken.template("config/shards");
    const e = failure(() => checkTemplate(t, { runs: 200, seed: 42 }, rendersWithoutError()));
    expect(e.message).toContain("render failed: ZeroDivisionError: divided by 0");
    // Everything else shrank back to Ruby's defaults, so only the index is printed.
    expect(e.yaml).toBe("properties: {}\nspec:\n  index: 2\nconsumes:\n  - name: peers\n    address: q-s0.peers.default.my-deployment.bosh\n");
    expect(e.message).toContain(e.yaml);
    const c = loadCase(e.yaml);
    expect(() => t.render(c.properties, c)).toThrow(/divided by 0/);
  });

  it("an unquoted string property that breaks the YAML output shrinks to one short value", () => {
    const t = broken.template("config/broken.yml");
    const e = failure(() => checkTemplate(t, { runs: 200, seed: 7 }, outputParsesAsYaml()));
    expect(e.message).toContain("output is not YAML");
    const c = loadCase(e.yaml);
    const props = c.properties as ReturnType<typeof loadYaml>;
    // Only broken.name is left, a string of a few characters.
    expect(e.counterexample.properties).toEqual({ broken: { name: expect.any(String) } });
    expect(((e.counterexample.properties as { broken: { name: string } }).broken.name).length).toBeLessThanOrEqual(3);
    expect(() => loadYaml(t.render(props, c), "out.yml")).toThrow();
  });

  it("a template that drops link instances shrinks to three instances", () => {
    const t = broken.template("config/peers");
    const e = failure(() => checkTemplate(t, { runs: 200, seed: 3 }, containsLinkAddresses()));
    expect(e.message).toMatch(/address .* of link 'peers' is not in the output/);
    expect(e.counterexample.consumes).toHaveLength(1);
    expect(e.counterexample.consumes[0].instances).toHaveLength(3);
    expect(e.yaml).not.toContain("spec:");
  });

  it("a template without the bug passes the same checks", () => {
    checkTemplate(fixture.job("broken").template("config/broken.yml"), { runs: 50, properties: arbProperties(broken, { "broken.name": fc.constantFrom("a", "web-1") }) }, outputParsesAsYaml());
  });
});

describe("arbitraries", () => {
  it("counterexample YAML loads back to the same Ruby values (strings Psych would retype are quoted)", () => {
    const web = sample.job("web");
    fc.assert(
      fc.property(fc.record({ properties: arbProperties(web), spec: arbInstanceSpec(), consumes: arbConsumes(web) }), (input) => {
        const back = loadCase(caseYaml(input));
        expect(hashKeyOf(back.properties as never)).toBe(hashKeyOf(rubyFromPlainJson(input.properties)));
        const t = web.template("config/upstreams.conf");
        expect(hashKeyOf(t.context(back.properties, back))).toBe(hashKeyOf(t.context(input.properties, input)));
      }),
      { numRuns: 200, seed: 1 },
    );
  });

  it("arbProperties: overrides pin, require or drop a property; unknown names are refused", () => {
    const web = sample.job("web");
    fc.assert(
      fc.property(arbProperties(web, { "web.port": fc.constant(1), "web.tls.certificate": "required", "web.workers": "absent" }), (p) => {
        const w = p.web as Record<string, unknown>;
        expect(w.port).toBe(1);
        expect(typeof (w.tls as Record<string, unknown>).certificate).toBe("string");
        expect("workers" in w).toBe(false);
      }),
      { numRuns: 50, seed: 2 },
    );
    expect(() => arbProperties(web, { "web.nope": "required" })).toThrow("arbProperties: job 'web' declares no property 'web.nope' (declared: web.port, web.workers, web.tls.certificate, web.tls.private_key, web.features)");
  });

  it("arbConsumes: required links always, optional ones sometimes, link properties from the providing job", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(arbConsumes(sample.job("web")), (links) => {
        expect(links[0].name).toBe("db");
        const db = links[0].properties as { database: { port: unknown; name: unknown } };
        expect(Object.keys(db.database)).toEqual(["port", "name"]);
        seen.add(links.map((l) => l.name).join(","));
      }),
      { numRuns: 100, seed: 5 },
    );
    expect([...seen].sort()).toEqual(["db", "db,cache"]);
  });

  it("arbLinkGraph: every instance of every group renders, links point at the providers' instances", () => {
    fc.assert(
      fc.property(arbLinkGraph(sample), (g) => {
        const byName = new Map(g.groups.map((x) => [x.name, x]));
        for (const group of g.groups) {
          const job = sample.job(group.job);
          for (const link of group.consumes) {
            const provider = [...byName.values()].find((p) => sample.job(p.job).provides.some((x) => x.name === link.name));
            expect(link.instances.map((i) => (i as LinkInstance).address)).toEqual(provider!.instances.map((s) => s.address));
          }
          for (const spec of group.instances) {
            expect(spec.deployment).toBe(g.deployment);
            for (const t of job.templates()) {
              try {
                t.render(group.properties, { spec, consumes: group.consumes });
              } catch (e) {
                // The only documented failure: database.admin_password has no default.
                expect((e as Error).message).toContain(`Can't find property '["database.admin_password"]'`);
              }
            }
          }
        }
      }),
      { numRuns: 30, seed: 9 },
    );
    expect(() => arbLinkGraph(sample, { jobs: ["worker"] })).toThrow("arbLinkGraph: job 'worker' consumes 'db' (type postgres) and no job of the graph provides it");
  });

  it("InstanceSpec and Link values print only what differs from Ruby's defaults", () => {
    const yaml = caseYaml({
      properties: { a: { b: "yes", c: "1.0", d: ":sym", e: "plain" } },
      spec: new InstanceSpec({ az: "z1" }),
      consumes: [new Link({ name: "db", instances: [new LinkInstance(), new LinkInstance({ address: "10.0.0.1" })] })],
    });
    expect(yaml).toBe('properties:\n  a:\n    b: "yes"\n    c: "1.0"\n    d: ":sym"\n    e: plain\nspec:\n  az: z1\nconsumes:\n  - name: db\n    instances:\n      - {}\n      - address: "10.0.0.1"\n');
  });
});

describe("plain property trees", () => {
  it("property names such as constructor and __proto__ are ordinary keys", async () => {
    const { setDotted, getDotted } = await import("../../src/testing/plain.js");
    const tree = {};
    setDotted(tree, "a.constructor", 1);
    setDotted(tree, "__proto__.x", 2);
    expect(getDotted(tree, "a.constructor")).toBe(1);
    expect(getDotted(tree, "__proto__.x")).toBe(2);
    expect(getDotted({}, "__proto__")).toBeUndefined();
    expect(Object.getPrototypeOf(tree)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it("loadCase refuses unknown keys", () => {
    expect(() => loadCase("properties: {}\nspec:\n  zone: z1\n")).toThrow("(case.yml): spec: unknown key 'zone' (known: address, az, bootstrap, deployment, id, index, ip, name, networks)");
    expect(() => loadCase("propertes: {}\n")).toThrow("(case.yml): unknown key 'propertes'");
  });
});
