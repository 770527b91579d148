/**
 * Rendering jobs and deployments to files, behind the public boundary: an unexpected JavaScript
 * exception from any of these comes out as an InternalError (a LinkplateError), never raw.
 */
import { guarded } from "../diagnostics/boundary.js";
import * as deployment from "./deployment.js";
import * as job from "./job.js";
import * as output from "./output.js";
import * as releases from "./releases.js";

/** Parses a job spec (YAML with Psych's rules). */
export const parseJobSpec = guarded(job.parseJobSpec, (_text, filename) => ({ filename }));
/** Reads a job folder: `spec`, `monit` (optional) and the templates the spec lists. */
export const loadJobDir = guarded(job.loadJobDir, (dir) => ({ filename: dir }));
/** The properties a job's templates see: spec defaults under the given properties, undeclared ones dropped. */
export const jobProperties = guarded(job.jobProperties);
/** The context a job's templates see: properties bound to the spec, the job's name, consumed links checked. */
export const jobContext = guarded(job.jobContext, (...a: Parameters<typeof job.jobContext>) => ({ filename: a[0].dir }));
/** Renders every template of a job against one instance context; throws JobRenderError listing all failures. */
export const renderJob = guarded(job.renderJob, (...a: Parameters<typeof job.renderJob>) => ({ filename: a[1].dir }));
/** Renders every instance of every group; errors are collected per instance group. */
export const renderGraph = guarded(deployment.renderGraph);
/** Writes a rendered tree as a new generation of a linkplate output folder, swapped in whole. */
export const writeOutputTree = guarded(output.writeOutputTree, (outDir) => ({ filename: outDir }));
/** A release's name: `final_name`, then `name` of config/final.yml, then the folder's name. */
export const releaseName = guarded(releases.releaseName, (dir) => ({ filename: dir }));
/** Loads release folders given as `DIR` or `NAME=DIR`. */
export const loadReleases = guarded(releases.loadReleases);
/** Resolves manifests (the last one is the deployment rendered) against loaded releases. */
export const resolveFromFiles = guarded(releases.resolveFromFiles);

export { JobRenderError, type JobDir, type JobSpec, type RenderedJob, type RenderJobOptions, type TemplateFailure } from "./job.js";
export { DeploymentRenderError, type JobLookup } from "./deployment.js";
export { OutputFolderError, OUTPUT_MARKER, type WriteOutputOptions, type WrittenOutput } from "./output.js";
export { PathEscapeError } from "./paths.js";
export type { LoadedReleases, ReleaseFs } from "./releases.js";
