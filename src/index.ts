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
export * from "./portable.js";
// Node only: worker isolation, job folders, releases and output trees on disk.
export { WorkerEngine, WorkerTemplate, type WorkerEngineOptions, type WorkerRenderOptions } from "./isolate/worker-engine.js";
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
