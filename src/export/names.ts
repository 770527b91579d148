/**
 * Names of exported variables and hosts (link-resolution.md §13.3 rules 2, 7 and 9). Only ASCII
 * letters are case-mapped, so a name never depends on Unicode case tables.
 */

const upperAscii = (s: string): string => s.replace(/[a-z]/g, (c) => c.toUpperCase());
const lowerAscii = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** The characters of a variable-name part: ASCII upper-case, `-` and every other character → `_`. */
export function envPart(s: string): string {
  return upperAscii(s).replace(/[^A-Z0-9_]/g, "_");
}

/**
 * A variable prefix from a link name (rule 2): upper-cased, every character outside `A-Z 0-9 _`
 * (including Docker's `-`) → `_`, a leading digit (or an empty name) gets a `_` in front so the
 * result starts a valid shell identifier.
 */
export function envPrefix(linkName: string): string {
  const p = envPart(linkName);
  return p === "" || /^[0-9]/.test(p) ? `_${p}` : p;
}

/**
 * A host label (rule 9, BOSH's canonical form): lower-cased, `_` → `-`, characters outside
 * `a-z 0-9 -` dropped; leading and trailing hyphens are dropped too (BOSH would refuse them).
 * Empty when nothing usable is left.
 */
export function hostLabel(name: string): string {
  return lowerAscii(name)
    .replace(/_/g, "-")
    .replace(/[^a-z0-9-]/g, "")
    .replace(/^-+|-+$/g, "");
}

/** A valid POSIX shell variable name. */
export const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
