/**
 * Differential checks: each snippet's `inspect` through linkplate must equal CRuby 4.0's
 * (the wasm oracle). All differences are reported at once.
 */
import { expect } from "vitest";
import { rubyEvalMany } from "../oracle/ruby.js";
import { rubyInspect } from "./ruby.js";

function ours(code: string): string {
  try {
    return rubyInspect(code);
  } catch (e) {
    return `!JS ${(e as Error).message}`;
  }
}

export async function expectSameAsRuby(snippets: string[]): Promise<void> {
  const want = await rubyEvalMany(snippets.map((s) => `(${s}).inspect`));
  const diffs: string[] = [];
  snippets.forEach((s, i) => {
    const got = ours(s);
    if (got !== want[i]) diffs.push(`${s}\n  ruby: ${want[i]}\n  ours: ${got}`);
  });
  expect(diffs.join("\n")).toBe("");
}
