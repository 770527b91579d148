/** Reading ../shared/corpus cases (context read with Ruby's JSON rules) for the testing-kit suites. */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseJson } from "../src/ruby/data/json.js";
import { RHash, type Value } from "../src/ruby/runtime/values.js";

export const CORPUS = resolve(import.meta.dirname, "../../shared/corpus");
export const HAVE_CORPUS = existsSync(join(CORPUS, "README.md"));

export interface CorpusCase {
  id: string;
  origin: string;
  job: string;
  /** relative to the release folder: jobs/<job>/templates/<file> or jobs/<job>/monit */
  template: string;
  context: Value;
  dns: unknown;
  expected: { output?: string; error?: { class: string; message: string } };
  nondeterministic: boolean;
}

export function releases(): string[] {
  return readdirSync(CORPUS)
    .filter((n) => statSync(join(CORPUS, n)).isDirectory() && existsSync(join(CORPUS, n, "cases.jsonl")))
    .sort();
}

const cache = new Map<string, CorpusCase[]>();

export function casesOf(release: string): CorpusCase[] {
  let cases = cache.get(release);
  if (cases) return cases;
  cases = [];
  const file = join(CORPUS, release, "cases.jsonl");
  const lines = readFileSync(file, "utf8").split("\n");
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    const plain = JSON.parse(line) as Record<string, unknown>;
    const ruby = parseJson(line, `${file}:${i + 1}`) as RHash;
    cases!.push({
      id: String(plain.id),
      origin: String(plain.origin),
      job: String(plain.job),
      template: String(plain.template),
      context: ruby.getStr("context") ?? null,
      dns: plain.dns ?? null,
      expected: plain.expected as CorpusCase["expected"],
      nondeterministic: plain.nondeterministic === true,
    });
  });
  cache.set(release, cases);
  return cases;
}

/** The case recorded for one RSpec example (`rspec:<file>:<line>`), optionally the n-th render of it. */
export function caseAt(release: string, origin: string, nth = 0): CorpusCase {
  const found = casesOf(release).filter((c) => c.origin === `rspec:${origin}`);
  if (found.length <= nth) throw new Error(`no corpus case ${release} ${origin} #${nth}`);
  return found[nth];
}
