/**
 * Path containment for release and output folders. Release authors are strangers: a job spec's
 * `templates:` keys and values, and symlinks inside a release, must never make linkplate read a
 * host file or write outside the output folder. Containment is decided on resolved paths with
 * `path.relative` (never a string-prefix test, which `../out-evil` defeats).
 */
import { realpath } from "node:fs/promises";
import { isAbsolute, join, posix, relative, resolve, sep } from "node:path";
import { InputError } from "../diagnostics/errors.js";

/** A release or job-spec path points outside the folder it must stay in. */
export class PathEscapeError extends InputError {
  override name = "PathEscapeError";
  constructor(
    readonly path: string,
    readonly folder: string,
    message: string,
    filename = path,
  ) {
    super(message, { filename });
  }
}

/** True when `child` is `parent` or lies below it (both absolute, already resolved). */
export function isInside(parent: string, child: string): boolean {
  const r = relative(parent, child);
  return r === "" || (!r.startsWith(`..${sep}`) && r !== ".." && !isAbsolute(r));
}

/**
 * Resolves `rel` under `folder` (following symlinks) and checks the result stays inside the real
 * `folder`. Returns the real path; a missing file is reported by the caller's read.
 */
export async function containedRealPath(folder: string, rel: string, what: string, filename?: string): Promise<string> {
  const base = await realpath(folder).catch(() => resolve(folder));
  const lexical = resolve(folder, rel);
  if (!isInside(resolve(folder), lexical)) {
    throw new PathEscapeError(lexical, folder, `${filename ? `${filename}: ` : ""}${what} '${rel}' resolves outside ${folder}`, filename ?? lexical);
  }
  let real: string;
  try {
    real = await realpath(lexical);
  } catch {
    return lexical; // does not exist: the read that follows reports it
  }
  if (!isInside(base, real)) {
    throw new PathEscapeError(lexical, folder, `${filename ? `${filename}: ` : ""}${what} '${rel}' is a symlink to ${real}, outside ${folder}`, filename ?? lexical);
  }
  return real;
}

/**
 * Checks a destination path from a job spec (`templates:` value): relative, no `..`, not empty,
 * written with `/`. Returns it normalised (`a//b` → `a/b`, `./a` → `a`).
 */
export function checkDestination(dest: string, filename: string, source: string): string {
  const bad = (why: string) => new PathEscapeError(dest, "(job output)", `${filename}: template '${source}' has destination '${dest}', which ${why}`, filename);
  if (dest === "" || dest.trim() === "") throw bad("is empty");
  if (dest.includes("\0")) throw bad("contains a NUL byte");
  if (dest.includes("\\")) throw bad("contains a backslash (destinations use '/')");
  if (posix.isAbsolute(dest) || /^[A-Za-z]:/.test(dest)) throw bad("is absolute (destinations are relative to the job folder)");
  const parts = dest.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) throw bad("contains '..' (destinations must stay inside the job folder)");
  if (parts.length === 0) throw bad("names no file");
  return parts.join("/");
}

/** Joins a checked relative path below `root` with the host separator. */
export function below(root: string, rel: string): string {
  return join(root, ...rel.split("/"));
}
