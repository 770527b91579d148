/**
 * Differential checks: each snippet's `inspect` through linkplate must equal CRuby 4.0's
 * (recorded answers of the wasm oracle). All differences are reported at once.
 */
import { expect } from "vitest";
import type { RecordedOracle } from "../oracle/recorded.js";
import { rubyInspect } from "./ruby.js";

function ours(code: string): string {
  try {
    return rubyInspect(code);
  } catch (e) {
    return `!JS ${(e as Error).message}`;
  }
}

/** `expectSameAsRuby(snippets)` for a test file's oracle: `sameAsRuby(recordedOracle(import.meta.url))`. */
export function sameAsRuby(oracle: RecordedOracle): (snippets: string[]) => Promise<void> {
  return async (snippets) => {
    const want = await oracle.rubyEvalMany(snippets.map((s) => `(${s}).inspect`));
    const diffs: string[] = [];
    snippets.forEach((s, i) => {
      const got = ours(s);
      if (got !== want[i]) diffs.push(`${s}\n  ruby: ${want[i]}\n  ours: ${got}`);
    });
    expect(diffs.join("\n")).toBe("");
  };
}
