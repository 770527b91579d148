/**
 * linkplate/testing: test BOSH release templates from vitest (or any runner) the way RSpec suites
 * do with `Bosh::Template::Test`, with no Ruby installed, plus property-based checks (fast-check).
 *
 * @example
 * ```ts
 * import { ReleaseDir, InstanceSpec, Link, LinkInstance } from "linkplate/testing";
 * const release = await ReleaseDir.open("path/to/release");
 * const template = release.job("web").template("config/web.yml");
 * template.render({ web: { port: 8080 } }, {
 *   spec: new InstanceSpec({ az: "z1" }),
 *   consumes: [new Link({ name: "db", instances: [new LinkInstance({ address: "10.0.0.1" })] })],
 * });
 * ```
 * @packageDocumentation
 */
export { ReleaseDir, Job, Template, type ConsumedLink, type ProvidedLink, type PropertyDecl, type RenderInputs } from "./release.js";
export {
  InstanceSpec,
  Link,
  LinkInstance,
  INSTANCE_SPEC_DEFAULTS,
  LINK_INSTANCE_DEFAULTS,
  type Data,
  type InstanceSpecFields,
  type LinkFields,
  type LinkInstanceFields,
} from "./instance-spec.js";
export { TemplateTestError } from "./errors.js";
