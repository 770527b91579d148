/**
 * Recorded CRuby 4.0 answers, so that `npm test` never waits on the wasm oracle.
 *
 * A test file asks `recordedOracle(import.meta.url)` for its oracle; its answers live in
 * test/fixtures/oracle/<path under test/ without .test.ts>.json, keyed by the exact request (the
 * Ruby snippet). The mode comes from LINKPLATE_ORACLE, set by the scripts:
 * - unset (`npm test`): answers come from the fixture only; a request it lacks fails the suite
 *   with "run npm run oracle:record" (never a silent pass);
 * - `record` (`npm run oracle:record`): asks the live VM and rewrites the fixture with exactly the
 *   requests the file made;
 * - `verify` (`npm run test:oracle`): asks the live VM, runs the tests on its answers and fails
 *   when the fixture disagrees with it or lacks a request.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";

/** Answers must survive JSON: strings, numbers, booleans, null, arrays and plain objects. */
type Json = unknown;
export type Mode = "replay" | "record" | "verify";
/** The fixture: channel name -> request key -> answer. */
type Fixture = Record<string, Record<string, Json>>;

const TEST_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
/** Where the fixtures live (test/fixtures/oracle). */
export const FIXTURE_ROOT = join(TEST_ROOT, "fixtures", "oracle");

function mode(): Mode {
  const m = process.env.LINKPLATE_ORACLE ?? "";
  if (m === "" || m === "replay") return "replay";
  if (m === "record" || m === "verify") return m;
  throw new Error(`LINKPLATE_ORACLE must be record or verify, got '${m}'`);
}

/** The fixture path for a test file: test/ruby/array.test.ts -> test/fixtures/oracle/ruby/array.json. */
export function fixturePathFor(testFile: string): string {
  const rel = relative(TEST_ROOT, testFile).replace(/\.test\.ts$/, "");
  return join(FIXTURE_ROOT, `${rel}.json`);
}

export interface AnswerOptions {
  /**
   * Key requests by their SHA-256 instead of their text: for requests read from outside the repo
   * (the ../shared corpus), whose text must not be copied into it. Answers are stored as given, so
   * such a channel's live function should return digests too.
   */
  digestKeys?: boolean;
}

export interface RecordedOracle {
  /** Recorded `rubyEvalMany` (test/oracle/ruby.ts): each snippet's `to_s`, or "!Class: message". */
  rubyEvalMany(snippets: string[]): Promise<string[]>;
  /**
   * Any other live computation over string requests (one answer per request), recorded under
   * `channel`. `live` is called only in record and verify mode.
   */
  answers<T>(channel: string, requests: string[], live: (requests: string[]) => Promise<T[]>, options?: AnswerOptions): Promise<T[]>;
  /** The fixture file this oracle reads. */
  readonly fixture: string;
}

/**
 * The recorded oracle of one test file; call it at the top level of that file with `import.meta.url`.
 * `override` is for testing this module: another fixture file, a fixed mode.
 */
export function recordedOracle(testFileUrl: string, override: { fixture?: string; mode?: Mode } = {}): RecordedOracle {
  const file = override.fixture ?? fixturePathFor(fileURLToPath(testFileUrl));
  const shown = relative(dirname(TEST_ROOT), file);
  const m = override.mode ?? mode();
  let stored: Fixture | null = null;
  const load = (): Fixture => (stored ??= existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Fixture) : {});
  // A Map, not an object: a request text is never used as a JS property name while recording.
  const recorded = new Map<string, Map<string, Json>>();

  if (m === "record") {
    afterAll(() => {
      mkdirSync(dirname(file), { recursive: true });
      const out = Object.fromEntries([...recorded].map(([channel, answers]) => [channel, Object.fromEntries(answers)]));
      writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
    });
  }

  async function answers<T>(channel: string, requests: string[], live: (r: string[]) => Promise<T[]>, options: AnswerOptions = {}): Promise<T[]> {
    const keys = options.digestKeys ? requests.map((r) => createHash("sha256").update(r).digest("hex")) : requests;
    const shortKey = (i: number): string => JSON.stringify(requests[i].length > 160 ? `${requests[i].slice(0, 160)}…` : requests[i]);
    if (m === "replay") {
      const have = load()[channel] ?? {};
      const missing = keys.map((k, i) => (Object.hasOwn(have, k) ? -1 : i)).filter((i) => i >= 0);
      if (missing.length > 0) {
        throw new Error(
          `${shown} has no recorded CRuby answer for ${missing.length} of ${keys.length} '${channel}' requests, first ${shortKey(missing[0])}: run \`npm run oracle:record\``,
        );
      }
      return keys.map((k) => have[k] as T);
    }
    const got = await live(requests);
    if (got.length !== requests.length) throw new Error(`oracle channel '${channel}' returned ${got.length} answers for ${requests.length} requests`);
    if (m === "record") {
      const into = recorded.get(channel) ?? recorded.set(channel, new Map()).get(channel)!;
      keys.forEach((k, i) => {
        if (into.has(k) && JSON.stringify(into.get(k)) !== JSON.stringify(got[i])) {
          throw new Error(`${shortKey(i)} got two different CRuby answers in one run (${JSON.stringify(into.get(k))} and ${JSON.stringify(got[i])}): its answer depends on what ran before, so it cannot be recorded`);
        }
        into.set(k, got[i]);
      });
    } else {
      const have = load()[channel] ?? {};
      const stale = keys.flatMap((k, i) =>
        !Object.hasOwn(have, k) ? [`${shortKey(i)}: not recorded`] : JSON.stringify(have[k]) !== JSON.stringify(got[i]) ? [`${shortKey(i)}: recorded ${JSON.stringify(have[k])}, CRuby now ${JSON.stringify(got[i])}`] : [],
      );
      if (stale.length > 0) {
        throw new Error(`${shown} disagrees with the live CRuby oracle on ${stale.length} '${channel}' requests (run \`npm run oracle:record\`):\n${stale.slice(0, 10).join("\n")}`);
      }
    }
    return got;
  }

  return {
    fixture: file,
    answers,
    rubyEvalMany: (snippets) =>
      answers("rubyEvalMany", snippets, async (s) => {
        const { rubyEvalMany } = await import("./ruby.js");
        return rubyEvalMany(s);
      }),
  };
}
