/**
 * The portable core of linkplate: everything that needs no file system, no child process and no
 * worker thread (ERB compiler, interpreter, BOSH API, link graph and resolver, service-link
 * export). It imports no `node:` module, so bundlers build it for browsers: the package's
 * `browser` export condition points here. Under Node, `linkplate` exports all of this too.
 *
 * In a browser, Prism's WebAssembly is fetched from `prism.wasm` beside this module (bundlers
 * emit it as an asset) unless `createEngine({ prismWasm })` gives its bytes or URL; regexp
 * searches have no time bound (run the engine in a Web Worker you can terminate), and ejs
 * templates run without node:vm's separate context and timeout (docs/browser.md).
 * @packageDocumentation
 */
export type { PrismWasmSource } from "./ruby/parse/prism.js";
export { createEngine, Engine, Template, type CompileOptions, type DnsInput, type EngineOptions, type Limits, type ParseLimits, type RenderOptions, type RenderProfile } from "./engine.js";
export { EjsTemplate, type EjsLimits, type EjsRenderOptions } from "./ejs/template.js";
export { DEFAULT_LIMITS } from "./ruby/interp/runtime.js";
export {
  AggregateLinkplateError,
  InputError,
  InternalError,
  LimitExceededError,
  LinkplateError,
  SandboxError,
  TemplateRenderError,
  TemplateSyntaxError,
  UnsupportedRubyError,
  type SourcePosition,
} from "./diagnostics/errors.js";
export { SourceText, type LineColumn } from "./diagnostics/source.js";
// Ruby values as the API hands them over (contexts, link graphs): Map-backed, never plain objects.
export { RObject, RArray, RHash, RString, type Value } from "./ruby/runtime/values.js";
export type { ContextInput, PlainJson } from "./bosh/evaluation-context.js";
export type { DnsIndexTables } from "./bosh/dns-encoder.js";
export { compileErb, type ErbProgram } from "./erb/index.js";
export type { CompileErbOptions, TemplatePosition } from "./erb/compiler.js";
export { parseJson } from "./ruby/data/json.js";
export { loadYaml, type LoadYamlOptions } from "./ruby/data/yaml.js";
export { placeAddons, type AddonSource, type AddonLevel } from "./links/addons.js";
export { cloudFromCloudConfig, IpAllocator, type CloudSubnet, type PositionOf } from "./links/cloud-config.js";
export { LinkGraph, loadLinkGraph, resolveDeployment, resolveOrThrow, type GraphData, type GraphJob, type GraphGroup, type ResolveResult, type DeploymentOutcome } from "./links/index.js";
export type { GraphFeatures, GraphNetwork } from "./links/graph.js";
export type { DnsGroup, DnsTables } from "./links/dns.js";
export { LinkResolutionError, type LinkErrorKind, type ResolveInput, type ManifestInput, type ReleaseInput, type CloudFacts, type DirectorFacts, type InstanceFact, type InstanceFacts, type NetworkType } from "./links/types.js";
export {
  serviceLinkEnv,
  serviceLinkHosts,
  ServiceLinkError,
  formatCompose,
  formatEnv,
  formatHosts,
  formatJson,
  formatZone,
  type PortInput,
  type ServiceLinkErrorCode,
  type ServiceLinkFlavor,
  type ServiceLinkHost,
  type ServiceLinkOptions,
  type ServiceLinkVariable,
} from "./export/index.js";
