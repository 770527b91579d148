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
export { createEngine, Engine, Template, type CompileOptions, type DnsInput, type EngineOptions, type Limits, type ParseLimits, type RenderOptions } from "./engine.js";
export { WorkerEngine, WorkerTemplate, type WorkerEngineOptions, type WorkerRenderOptions } from "./isolate/worker-engine.js";
export { DEFAULT_LIMITS } from "./ruby/interp/runtime.js";
export {
  AggregateLinkplateError,
  InputError,
  LimitExceededError,
  LinkplateError,
  SandboxError,
  TemplateRenderError,
  TemplateSyntaxError,
  UnsupportedRubyError,
  type SourcePosition,
} from "./diagnostics/errors.js";
export type { ContextInput, PlainJson } from "./bosh/evaluation-context.js";
export type { DnsIndexTables } from "./bosh/dns-encoder.js";
export { compileErb, type ErbProgram } from "./erb/index.js";
export { parseJson } from "./ruby/data/json.js";
export { loadYaml } from "./ruby/data/yaml.js";
export { loadJobDir, parseJobSpec, jobProperties, renderJob, JobRenderError, type JobDir, type JobSpec, type RenderedJob } from "./render/job.js";
export { renderGraph, writeTreeAtomically, DeploymentRenderError } from "./render/deployment.js";
export { loadReleases, resolveFromFiles, type LoadedReleases } from "./render/releases.js";
export { LinkGraph, loadLinkGraph, resolveDeployment, resolveOrThrow } from "./links/index.js";
