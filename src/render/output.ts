/**
 * Writing a rendered tree to disk without ever losing or clobbering anything (docs/cli.md,
 * "Output folders"). The output path OUT is a symbolic link to a generation folder inside
 * linkplate's own store `.<OUT>.linkplate/` next to it:
 *
 *   OUT -> .OUT.linkplate/gen-<pid>-<random>/   (holds the files and `.linkplate-output.json`)
 *
 * A render writes a fresh generation (a folder linkplate just created, every file opened with
 * exclusive creation), then renames a new link over OUT. rename(2) replaces a link atomically, so
 * at every instant OUT is either the complete old tree or the complete new tree; a crash leaves at
 * worst an unreferenced generation that the next run removes. Only then is the old generation
 * removed, file by file, and only files whose content is still what linkplate wrote.
 *
 * OUT is refused when it is `/`, $HOME, the current folder or one of its parents, or contains any
 * input (release, manifest, ...). A non-empty OUT that is not linkplate's output of the same
 * deployment (or job) is refused unless `force`, which moves it aside to `OUT.linkplate-backup-N`
 * (nothing is deleted).
 */
import { createHash } from "node:crypto";
import { lstat, mkdir, mkdtemp, open, readFile, readdir, readlink, realpath, rename, rmdir, symlink, unlink, chmod } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { InputError } from "../diagnostics/errors.js";
import { below, isInside } from "./paths.js";

/** The output folder cannot be used (it is protected, foreign, or not writable). */
export class OutputFolderError extends InputError {
  override name = "OutputFolderError";
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message, { filename: path });
  }
}

export const OUTPUT_MARKER = ".linkplate-output.json";
const STORE_MARKER = ".linkplate-store";

export interface WriteOutputOptions {
  /** What was rendered: a deployment (tree `<group>/<index>/<job>/...`) or one job (tree `<dst>`). */
  kind: "deployment" | "job";
  /** The deployment (or job) name, recorded in the marker; a previous output is replaced only when it matches. */
  name: string;
  /** Move a foreign or mismatching OUT aside to `OUT.linkplate-backup-N` instead of refusing. */
  force?: boolean;
  /** Input paths (release folders, manifests, ops files...) that OUT must not contain. */
  inputs?: string[];
  /** Receives one line per notable action (a folder moved aside, edited files kept). */
  notice?: (line: string) => void;
}

export interface WrittenOutput {
  /** OUT as given, resolved. */
  out: string;
  /** The generation folder OUT now links to. */
  generation: string;
  files: number;
}

interface Marker {
  linkplate_output: 1;
  kind: "deployment" | "job";
  name: string;
  /** Relative path → sha256 of the content written. */
  files: Record<string, string>;
}

/** Crash-test hook: LINKPLATE_TEST_CRASH_AT=N kills the process just before its Nth disk mutation. */
class Steps {
  private n = 0;
  private readonly at = Number(process.env.LINKPLATE_TEST_CRASH_AT ?? "0");
  next(): void {
    this.n++;
    if (this.at > 0 && this.n === this.at) process.kill(process.pid, "SIGKILL");
  }
}

/** File modes as a deployed VM has them: 0644, scripts under a job's `bin/` 0755, folders 0755. */
function modeOf(path: string, jobDepth: number): number {
  const parts = path.split("/");
  return parts.length > jobDepth + 1 && parts[jobDepth] === "bin" ? 0o755 : 0o644;
}

function sha256(s: string): string {
  return createHash("sha256").update(s, "utf8").digest("hex");
}

async function lstatOrNull(p: string) {
  try {
    return await lstat(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

async function readMarker(gen: string): Promise<Marker | null> {
  try {
    const m = JSON.parse(await readFile(join(gen, OUTPUT_MARKER), "utf8")) as Partial<Marker>;
    if (m && m.linkplate_output === 1 && typeof m.name === "string" && (m.kind === "deployment" || m.kind === "job") && m.files && typeof m.files === "object") return m as Marker;
  } catch {
    // unreadable or not JSON: not a marker
  }
  return null;
}

async function realOrResolved(p: string): Promise<string> {
  return realpath(p).catch(() => resolve(p));
}

/** Refuses OUT paths whose replacement could hide or destroy something the user cares about. */
async function checkProtected(target: string, display: string, inputs: string[]): Promise<void> {
  const refuse = (why: string) => new OutputFolderError(display, `refusing to use ${display} as the output folder: ${why}`);
  if (dirname(target) === target) throw refuse("it is the root folder");
  if (target === (await realOrResolved(homedir()))) throw refuse("it is your home folder");
  if (isInside(target, await realOrResolved(process.cwd()))) throw refuse("it is the current folder or one of its parents");
  for (const input of inputs) {
    if (isInside(target, await realOrResolved(input))) throw refuse(`it contains the input ${input}`);
  }
}

/** Every output path is plain names below OUT, and no file is also the folder of another. */
function checkPaths(files: Map<string, string>, display: string): void {
  for (const rel of files.keys()) {
    if (rel === OUTPUT_MARKER) throw new OutputFolderError(display, `a rendered file is named ${OUTPUT_MARKER}, which linkplate reserves`);
    const parts = rel.split("/");
    if (parts.some((p) => p === "" || p === "." || p === ".." || p.includes("\\") || p.includes("\0"))) {
      throw new OutputFolderError(display, `refusing to write '${rel}': every part of an output path must be a plain name (an instance group, job or destination named '..', '.' or '' would leave the output folder)`);
    }
    for (let i = 1; i < parts.length; i++) {
      const d = parts.slice(0, i).join("/");
      if (files.has(d)) throw new OutputFolderError(display, `rendered paths conflict: '${d}' is both a file and the folder of '${rel}'`);
    }
  }
}

/** Relative paths of the tree under `dir` (files and symlinks; folders end with `/`). */
async function listTree(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix + e.name;
    if (e.isDirectory()) out.push(`${rel}/`, ...(await listTree(join(dir, e.name), `${rel}/`)));
    else out.push(rel);
  }
  return out;
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Writes `files` (relative `/` paths → content) as the new content of `outDir`. See the module
 * comment for the guarantees. `jobDepth` is the number of leading path segments before a job's
 * own paths (3 for a deployment tree, 0 for a job) and decides which files are executable.
 */
export async function writeOutputTree(outDir: string, files: Map<string, string>, options: WriteOutputOptions): Promise<WrittenOutput> {
  const steps = new Steps();
  const notice = options.notice ?? (() => {});
  const jobDepth = options.kind === "deployment" ? 3 : 0;
  const display = outDir;
  const given = resolve(outDir);
  if (dirname(given) === given) throw new OutputFolderError(display, `refusing to use ${display} as the output folder: it is the root folder`);
  const base = basename(given);
  const parentGiven = dirname(given);
  if (!(await lstatOrNull(parentGiven))) {
    steps.next();
    await mkdir(parentGiven, { recursive: true });
  }
  const parent = await realpath(parentGiven);
  const target = join(parent, base);
  const storeName = `.${base}.linkplate`;
  const store = join(parent, storeName);
  checkPaths(files, display);
  await checkProtected(target, display, options.inputs ?? []);
  await checkProtected(store, store, options.inputs ?? []);

  // --- what is at OUT now ---------------------------------------------------------------------
  const st = await lstatOrNull(target);
  let state: "absent" | "empty" | "ours" | "foreign" = "absent";
  let reason = "";
  let oldGen: string | null = null;
  let oldMarker: Marker | null = null;
  if (st?.isSymbolicLink()) {
    const link = await readlink(target);
    const m = /^\.[^/]*\.linkplate\/(gen-[A-Za-z0-9-]+)$/.exec(link);
    if (m && link.startsWith(`${storeName}/`)) {
      oldGen = join(store, m[1]);
      oldMarker = await readMarker(oldGen);
      if (!oldMarker) reason = `it links to ${link}, which has no linkplate marker`;
      else if (oldMarker.kind !== options.kind || oldMarker.name !== options.name) reason = `it holds linkplate's output of ${oldMarker.kind} '${oldMarker.name}', not ${options.kind} '${options.name}'`;
      else state = "ours";
    } else reason = `it is a symbolic link to ${link}, not linkplate's output`;
    if (state !== "ours") state = "foreign";
  } else if (st?.isDirectory()) {
    const entries = await readdir(target);
    if (entries.length === 0) state = "empty";
    else {
      state = "foreign";
      reason = `it is a folder with ${entries.length} entr${entries.length === 1 ? "y" : "ies"} that linkplate did not write`;
    }
  } else if (st) {
    state = "foreign";
    reason = "it is a file";
  }
  if (state === "foreign") {
    if (!options.force) throw new OutputFolderError(display, `refusing to replace ${display}: ${reason}. Choose another --out, or pass --force to move it aside to ${display}.linkplate-backup-N (nothing is deleted)`);
    let n = 1;
    while (await lstatOrNull(`${target}.linkplate-backup-${n}`)) n++;
    steps.next();
    await rename(target, `${target}.linkplate-backup-${n}`);
    notice(`moved ${display} aside to ${display}.linkplate-backup-${n} (--force)`);
    state = "absent";
    oldGen = null;
  }

  // --- linkplate's store next to OUT ------------------------------------------------------------
  const sst = await lstatOrNull(store);
  if (!sst) {
    steps.next();
    await mkdir(store);
    steps.next();
    const fh = await open(join(store, STORE_MARKER), "wx", 0o644);
    await fh.writeFile(`linkplate output store for ${base}: every folder here was written by linkplate\n`);
    await fh.close();
  } else if (!sst.isDirectory() || !(await lstatOrNull(join(store, STORE_MARKER)))) {
    throw new OutputFolderError(store, `refusing to use ${store}: it exists and is not linkplate's output store`);
  }

  // --- a fresh generation -----------------------------------------------------------------------
  steps.next();
  const gen = await mkdtemp(join(store, `gen-${process.pid}-`));
  await chmod(gen, 0o755);
  const made = new Set<string>();
  const marker: Marker = { linkplate_output: 1, kind: options.kind, name: options.name, files: {} };
  for (const rel of [...files.keys()].sort()) {
    const parts = rel.split("/");
    for (let i = 1; i < parts.length; i++) {
      const d = parts.slice(0, i).join("/");
      if (made.has(d)) continue;
      steps.next();
      await mkdir(below(gen, d), { mode: 0o755 });
      await chmod(below(gen, d), 0o755);
      made.add(d);
    }
    const content = files.get(rel)!;
    steps.next();
    const fh = await open(below(gen, rel), "wx", 0o600);
    try {
      await fh.writeFile(content, "utf8");
      await fh.chmod(modeOf(rel, jobDepth));
    } finally {
      await fh.close();
    }
    marker.files[rel] = sha256(content);
  }
  steps.next();
  const mh = await open(join(gen, OUTPUT_MARKER), "wx", 0o644);
  await mh.writeFile(`${JSON.stringify(marker, null, 1)}\n`);
  await mh.close();

  // --- the swap: one rename ---------------------------------------------------------------------
  const genName = basename(gen);
  const linkTmp = join(store, `link-${genName}`);
  steps.next();
  await symlink(`${storeName}/${genName}`, linkTmp);
  if (state === "empty") {
    steps.next();
    await rmdir(target); // an empty folder: nothing in it to lose
  }
  steps.next();
  await rename(linkTmp, target);

  // --- cleanup: the previous generation (only what linkplate wrote, unchanged) and dead runs ----
  if (state === "ours" && oldGen && oldMarker) await removeGeneration(oldGen, oldMarker, steps, notice);
  for (const e of await readdir(store)) {
    const m = /^(?:gen|link-gen)-(\d+)-/.exec(e);
    if (!m || join(store, e) === gen || isAlive(Number(m[1]))) continue;
    const p = join(store, e);
    const s = await lstatOrNull(p);
    if (s?.isSymbolicLink()) {
      steps.next();
      await unlink(p);
    } else if (s?.isDirectory() && !(await isReferenced(parent, storeName, e))) {
      const mk = await readMarker(p);
      if (mk) await removeGeneration(p, mk, steps, notice);
      else await removeUnfinished(p, steps);
    }
  }
  return { out: given, generation: gen, files: files.size };
}

/** True when some link next to the store (OUT or a moved-aside backup) points at generation `gen`. */
async function isReferenced(parent: string, storeName: string, gen: string): Promise<boolean> {
  for (const e of await readdir(parent)) {
    const p = join(parent, e);
    const s = await lstatOrNull(p);
    if (s?.isSymbolicLink() && (await readlink(p)) === `${storeName}/${gen}`) return true;
  }
  return false;
}

/** Removes a finished generation: files still as written, the marker, then empty folders. */
async function removeGeneration(gen: string, marker: Marker, steps: Steps, notice: (l: string) => void): Promise<void> {
  const kept: string[] = [];
  for (const [rel, hash] of Object.entries(marker.files)) {
    const p = below(gen, rel);
    const s = await lstatOrNull(p);
    if (!s) continue;
    if (!s.isFile() || sha256(await readFile(p, "utf8")) !== hash) {
      kept.push(rel);
      continue;
    }
    steps.next();
    await unlink(p);
  }
  const dirs = new Set<string>();
  for (const rel of Object.keys(marker.files)) {
    const parts = rel.split("/");
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join("/"));
  }
  const extra = (await listTree(gen)).filter((r) => r !== OUTPUT_MARKER && !r.endsWith("/") && !(r in marker.files));
  if (kept.length === 0 && extra.length === 0) {
    steps.next();
    await unlink(join(gen, OUTPUT_MARKER));
  }
  for (const d of [...dirs].sort((a, b) => b.length - a.length)) {
    try {
      steps.next();
      await rmdir(below(gen, d));
    } catch {
      // not empty: holds a file the user changed or added
    }
  }
  try {
    steps.next();
    await rmdir(gen);
  } catch {
    notice(`kept the previous output in ${gen}: ${[...kept.map((k) => `${k} (changed since linkplate wrote it)`), ...extra.map((k) => `${k} (not written by linkplate)`)].join(", ")}`);
  }
}

/** Removes an unfinished generation of a run that died: everything in it was created by that run. */
async function removeUnfinished(dir: string, steps: Steps): Promise<void> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await removeUnfinished(p, steps);
    else {
      steps.next();
      await unlink(p);
    }
  }
  steps.next();
  await rmdir(dir);
}
