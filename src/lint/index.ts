/**
 * `linkplate lint`: static checks of job templates against their specs, before anything renders.
 * A path is a job folder (it has `spec`) or a release folder (it has `jobs/`).
 */
import { readFile, readdir, stat } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { InputError } from "../diagnostics/errors.js";
import { createEngine, type Engine } from "../engine.js";
import { loadRuby } from "../ruby/index.js";
import { parseJobSpec } from "../render/job.js";
import { type Finding, formatFinding } from "./findings.js";
import { type LintJobOptions, type ProviderIndex, lintJob, providedLinks } from "./job.js";

export { RULES, formatFinding, type Finding, type Rule, type Severity } from "./findings.js";
export { lintJob, type LintJobOptions, type ProviderIndex } from "./job.js";

export interface LintReport {
  /** Job folders linted, as given or found. */
  jobs: string[];
  findings: Finding[];
  errors: number;
  warnings: number;
}

export interface LintOptions {
  /** An engine to compile with (one is created otherwise). */
  engine?: Engine;
  /** Folder file names are shown relative to (default: the current folder). */
  cwd?: string;
  /** See {@link LintJobOptions.presentTemplatesOnly}. */
  presentTemplatesOnly?: boolean;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}

async function isDir(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

async function jobDirsOf(releaseDir: string): Promise<string[]> {
  const entries = await readdir(join(releaseDir, "jobs"), { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => join(releaseDir, "jobs", e.name)).sort();
}

/** Which job types provide which link properties, read from the specs of a release's jobs (unreadable specs are skipped: lintJob reports them). */
async function providerIndex(jobDirs: string[]): Promise<ProviderIndex> {
  const index: ProviderIndex = new Map();
  for (const dir of jobDirs) {
    try {
      const spec = parseJobSpec(await readFile(join(dir, "spec"), "utf8"), join(dir, "spec"));
      for (const p of providedLinks(spec)) {
        const lists = index.get(p.type) ?? [];
        lists.push(p.properties);
        index.set(p.type, lists);
      }
    } catch {
      // reported by lintJob
    }
  }
  return index;
}

/** Lints job or release folders. Throws InputError for a path that is neither. */
export async function lint(paths: string[], options: LintOptions = {}): Promise<LintReport> {
  const cwd = options.cwd ?? process.cwd();
  const engine = options.engine ?? (await createEngine());
  const parse = await loadRuby();
  const display = (p: string) => {
    const rel = relative(cwd, resolve(p));
    return rel.startsWith("..") ? resolve(p) : rel;
  };
  const findings: Finding[] = [];
  const jobs: string[] = [];
  for (const path of paths) {
    let jobDirs: string[];
    let siblings: string[];
    if (await isFile(join(path, "spec"))) {
      jobDirs = [path];
      // A job inside a release's jobs/ folder: its siblings tell which link properties providers declare.
      siblings = basename(dirname(resolve(path))) === "jobs" ? await jobDirsOf(dirname(dirname(resolve(path)))) : [path];
    } else if (await isDir(join(path, "jobs"))) {
      jobDirs = await jobDirsOf(path);
      siblings = jobDirs;
    } else {
      throw new InputError(`${path}: not a job folder (no spec) nor a release folder (no jobs/)`, { filename: path });
    }
    const providers = await providerIndex(siblings);
    for (const dir of jobDirs) {
      jobs.push(display(dir));
      findings.push(...(await lintJob(dir, { engine, parse, providers, presentTemplatesOnly: options.presentTemplatesOnly }, display)));
    }
  }
  const errors = findings.filter((f) => f.severity === "error").length;
  return { jobs, findings, errors, warnings: findings.length - errors };
}

/** The report as text: one finding per block, then a summary line. */
export function formatReport(report: LintReport): string {
  const body = report.findings.map(formatFinding).join("\n\n");
  const summary = `${report.jobs.length} job(s) linted: ${report.errors} error(s), ${report.warnings} warning(s)`;
  return body ? `${body}\n\n${summary}\n` : `${summary}\n`;
}
