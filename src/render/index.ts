/**
 * Rendering jobs and deployments to files, behind the public boundary: an unexpected JavaScript
 * exception from any of these comes out as an InternalError (a LinkplateError), never raw.
 */
import { guarded } from "../diagnostics/boundary.js";
import * as deployment from "./deployment.js";
import * as job from "./job.js";
import * as releases from "./releases.js";

/** Parses a job spec (YAML with Psych's rules). */
export const parseJobSpec = guarded(job.parseJobSpec, (_text, filename) => ({ filename }));
/** Reads a job folder: `spec`, `monit` (optional) and the templates the spec lists. */
export const loadJobDir = guarded(job.loadJobDir, (dir) => ({ filename: dir }));
/** The properties a job's templates see: spec defaults under the given properties, undeclared ones dropped. */
export const jobProperties = guarded(job.jobProperties);
/** Renders every template of a job against one instance context; throws JobRenderError listing all failures. */
export const renderJob = guarded(job.renderJob, (_engine, dir) => ({ filename: dir.dir }));
/** Renders every instance of every group; errors are collected per instance group. */
export const renderGraph = guarded(deployment.renderGraph);
/** Writes a rendered tree into a folder all at once (a failure leaves no partial tree). */
export const writeTreeAtomically = guarded(deployment.writeTreeAtomically, (outDir) => ({ filename: outDir }));
/** Loads release folders given as `DIR` or `NAME=DIR`. */
export const loadReleases = guarded(releases.loadReleases);
/** Resolves manifests (the last one is the deployment rendered) against loaded releases. */
export const resolveFromFiles = guarded(releases.resolveFromFiles);

export { JobRenderError, type JobDir, type JobSpec, type RenderedJob, type TemplateFailure } from "./job.js";
export { DeploymentRenderError } from "./deployment.js";
export type { LoadedReleases } from "./releases.js";
