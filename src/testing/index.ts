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
  type Properties,
  type InstanceSpecFields,
  type LinkFields,
  type LinkInstanceFields,
} from "./instance-spec.js";
export { TemplateTestError } from "./errors.js";
export {
  arbProperties,
  arbInstanceSpec,
  arbLinkInstance,
  arbLink,
  arbConsumes,
  arbLinkGraph,
  type ArbLinkGraphOptions,
  type ArbLinkOptions,
  type GraphGroup,
  type LinkGraphSample,
  type PropertyOverrides,
} from "./arbitraries.js";
export {
  checkTemplate,
  rendersWithoutError,
  outputParsesAsYaml,
  outputParsesAsJson,
  containsLinkAddresses,
  deterministic,
  all,
  PropertyCheckError,
  type CheckOptions,
  type Predicate,
  type RenderResult,
  type RendersOptions,
} from "./check.js";
export { caseYaml, loadCase, type RenderCase } from "./case-yaml.js";
export { getDotted, mergeTrees, setDotted, type PlainJson, type PropertyTree } from "./plain.js";
