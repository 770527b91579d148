/**
 * How the CLI reports failures: as text (`file:line:col: message` plus a code frame) or, with
 * `--json`, as one JSON object `{ok: false, errors: [{type, message, file, line, column}]}`.
 * Never a stack trace: anything that is not a LinkplateError is an internal error (exit 70).
 */
import { AggregateLinkplateError, InternalError, LinkplateError } from "../diagnostics/errors.js";
import { DeploymentRenderError } from "../render/deployment.js";
import { JobRenderError } from "../render/job.js";
import { type CommandSpec, type Io, UsageError, helpText } from "./shared.js";

export interface ErrorEntry {
  type: string;
  message: string;
  file: string | null;
  line: number | null;
  column: number | null;
}

function entry(e: LinkplateError, message = e.message): ErrorEntry {
  return { type: e.name, message, file: e.filename === "(unknown)" ? null : e.filename, line: e.line, column: e.column };
}

/** One entry per underlying failure (each template of each job, each link error...). */
export function errorEntries(e: LinkplateError): ErrorEntry[] {
  if (e instanceof DeploymentRenderError) return e.groupErrors.flatMap((g) => g.jobs.flatMap((j) => j.failures.map((f) => entry(f.error, `${g.group}: ${j.job}: ${f.boshMessage}`))));
  if (e instanceof JobRenderError) return e.failures.map((f) => entry(f.error, f.boshMessage));
  if (e instanceof AggregateLinkplateError && e.errors.length) return e.errors.map((x) => entry(x));
  return [entry(e)];
}

/** Prints an error; returns the exit status (1, or 70 for an internal error: a linkplate bug). */
export function reportError(io: Io, e: LinkplateError, json: boolean): number {
  if (e instanceof InternalError) {
    if (json) io.stdout(`${JSON.stringify({ ok: false, message: e.message, errors: errorEntries(e) }, null, 2)}\n`);
    else io.stderr(`linkplate: ${e.message}\n`);
    return 70;
  }
  if (json) {
    io.stdout(`${JSON.stringify({ ok: false, message: e.message, errors: errorEntries(e) }, null, 2)}\n`);
    return 1;
  }
  if (e instanceof DeploymentRenderError || e instanceof JobRenderError) {
    const jobs = e instanceof JobRenderError ? [e] : e.groupErrors.flatMap((g) => g.jobs);
    const details = jobs.flatMap((j) => j.failures.map((f) => `\n${f.error.where}:\n${f.error.frame}`));
    io.stderr(`${e.message}\n${details.join("\n")}\n`);
    return 1;
  }
  if (e instanceof AggregateLinkplateError && e.errors.length > 1) {
    io.stderr(`${e.where}: error: ${e.message.split("\n")[0]}\n${e.errors.map((x) => `${x.where}: error: ${x.message}\n`).join("")}`);
    return 1;
  }
  const head = e.message.startsWith(e.filename) || e.filename === "(unknown)" ? e.message : `${e.where}: ${e.message}`;
  io.stderr(`${head}\n${e.frame && !head.includes(e.frame) ? `${e.frame}\n` : ""}`);
  return 1;
}

/** Runs a command body: usage errors exit 2 with the command's help, user errors exit 1. */
export async function guard(io: Io, spec: CommandSpec, args: string[], body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`linkplate ${spec.name}: ${e.message}\n\n${helpText(spec)}`);
      return 2;
    }
    if (e instanceof LinkplateError) return reportError(io, e, args.includes("--json"));
    throw e;
  }
}
