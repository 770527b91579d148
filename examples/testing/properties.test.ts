/**
 * Property-based tests of the sample release in templates/: every template renders over 200
 * generated combinations of properties, links and instance specs without an undocumented error,
 * and its output keeps its format.
 */
import { describe, it } from "vitest";
import {
  ReleaseDir,
  all,
  arbConsumes,
  checkTemplate,
  containsLinkAddresses,
  deterministic,
  outputParsesAsJson,
  outputParsesAsYaml,
  rendersWithoutError,
} from "../../src/testing/index.js";

const release = await ReleaseDir.open("templates");
const RUNS = 200;

// web.yml picks a primary database instance, so web needs at least one (a property check found
// that an empty db link fails with "undefined method 'address' for nil"; see docs/testing.md).
const consumesOf = (job: string) => (job === "web" ? arbConsumes(release.job("web"), { db: { minInstances: 1 } }) : undefined);

describe("every template of the sample release", () => {
  for (const name of release.jobNames()) {
    const job = release.job(name);
    for (const template of [...job.templates(), ...(job.hasMonit() ? [job.monit()] : [])]) {
      it(`${name}: ${template.path}`, () => {
        checkTemplate(template, { runs: RUNS, consumes: consumesOf(name) }, all(rendersWithoutError(), deterministic()));
      });
    }
  }
});

describe("formats", () => {
  it("web's config/web.yml is YAML and names every database instance", () => {
    checkTemplate(release.job("web").template("config/web.yml"), { runs: RUNS, consumes: consumesOf("web") }, all(rendersWithoutError(), outputParsesAsYaml(), containsLinkAddresses(["db"])));
  });

  it("web's config/upstreams.conf lists every database instance", () => {
    checkTemplate(release.job("web").template("config/upstreams.conf"), { runs: RUNS }, all(rendersWithoutError(), containsLinkAddresses(["db"])));
  });

  it("worker's config/worker.json is JSON with every web endpoint", () => {
    checkTemplate(release.job("worker").template("config/worker.json"), { runs: RUNS }, all(rendersWithoutError(), outputParsesAsJson(), containsLinkAddresses(["web"])));
  });
});
