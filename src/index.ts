/**
 * linkplate: render BOSH job templates (Ruby ERB) offline, exactly as BOSH does.
 *
 * @example
 * ```ts
 * import { createEngine } from "linkplate";
 * const engine = await createEngine();
 * const template = engine.compile("port: <%= p('port') %>\n", { filename: "web/config.yml.erb" });
 * template.render({ properties: { port: 8080 } }); // "port: 8080\n"
 * ```
 * @packageDocumentation
 */
export { createEngine, Engine, Template, type CompileOptions, type DnsInput, type EngineOptions, type Limits, type ParseLimits, type RenderOptions, type RenderProfile } from "./engine.js";
export { EjsTemplate, type EjsLimits, type EjsRenderOptions } from "./ejs/template.js";
export { WorkerEngine, WorkerTemplate, type WorkerEngineOptions, type WorkerRenderOptions } from "./isolate/worker-engine.js";
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
export {
  loadJobDir,
  parseJobSpec,
  jobProperties,
  jobContext,
  renderJob,
  JobRenderError,
  renderGraph,
  DeploymentRenderError,
  writeOutputTree,
  OutputFolderError,
  OUTPUT_MARKER,
  PathEscapeError,
  loadReleases,
  releaseName,
  resolveFromFiles,
  type JobDir,
  type JobSpec,
  type RenderedJob,
  type RenderJobOptions,
  type TemplateFailure,
  type JobLookup,
  type WriteOutputOptions,
  type WrittenOutput,
  type LoadedReleases,
  type ReleaseFs,
} from "./render/index.js";
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
