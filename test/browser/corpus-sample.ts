/**
 * Output cases of ../shared/corpus for the browser: each with its context as the JSON text the
 * case holds (so the page reads floats and key order as Ruby does) and its DNS tables.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CORPUS, casesOf, releases } from "../../tools/corpus-cases.js";

export interface BrowserCase {
  id: string;
  template: string;
  context: string;
  dns: string | undefined;
  expected: string;
}

/** The raw JSON text of top-level member `key` of the object `line` (a JSON object on one line). */
export function rawMember(line: string, key: string): string {
  const marker = `${JSON.stringify(key)}:`;
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      if (depth === 1 && line.startsWith(marker, i)) return rawValueAt(line, i + marker.length);
      i = stringEnd(line, i);
    } else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") depth--;
  }
  throw new Error(`no member ${key}`);
}

function stringEnd(s: string, open: number): number {
  for (let i = open + 1; i < s.length; i++) {
    if (s[i] === "\\") i++;
    else if (s[i] === '"') return i;
  }
  throw new Error("unterminated string");
}

function rawValueAt(s: string, start: number): string {
  let i = start;
  while (s[i] === " ") i++;
  const from = i;
  let depth = 0;
  for (; i < s.length; i++) {
    const c = s[i];
    if (c === '"') i = stringEnd(s, i);
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      if (depth === 0) break;
      depth--;
      if (depth === 0) return s.slice(from, i + 1);
    } else if (c === "," && depth === 0) break;
  }
  return s.slice(from, i).trim();
}

/** `perRelease` output cases of every release (spread over its cases), deterministic. */
export function browserCases(perRelease: number): BrowserCase[] {
  const out: BrowserCase[] = [];
  for (const release of releases()) {
    const lines = readFileSync(join(CORPUS, release, "cases.jsonl"), "utf8").split("\n").filter((l) => l.trim() !== "");
    const cases = casesOf(release);
    const usable = cases.map((c, i) => ({ c, line: lines[i] })).filter(({ c }) => c.expected.output !== undefined && !c.nondeterministic);
    const step = Math.max(1, Math.floor(usable.length / perRelease));
    for (let i = 0, taken = 0; i < usable.length && taken < perRelease; i += step, taken++) {
      const { c, line } = usable[i];
      const dns = rawMember(line, "dns");
      out.push({ id: c.id, template: readFileSync(join(CORPUS, release, c.template), "utf8"), context: rawMember(line, "context"), dns: dns === "null" ? undefined : dns, expected: c.expected.output! });
    }
  }
  return out;
}
