/** The recorded-oracle layer itself (test/oracle/recorded.ts), on a fixture in a temp folder. */
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { fixturePathFor, recordedOracle } from "../oracle/recorded.js";

function fixture(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), "lp-oracle-")), "suite.json");
  writeFileSync(file, JSON.stringify(content));
  return file;
}

const noLiveVm = async (): Promise<never[]> => {
  throw new Error("the live oracle must not be asked");
};

describe("recorded oracle", () => {
  test("a test file's fixture sits under test/fixtures/oracle at the same relative path", () => {
    const root = new URL("../", import.meta.url).pathname;
    expect(fixturePathFor(join(root, "ruby", "array.test.ts"))).toBe(join(root, "fixtures", "oracle", "ruby", "array.json"));
  });

  test("replay answers from the fixture, in request order, without the live VM", async () => {
    const o = recordedOracle(import.meta.url, { mode: "replay", fixture: fixture({ rubyEvalMany: { "1+1": "2", "nil.foo": "!NoMethodError: undefined method 'foo' for nil" } }) });
    expect(await o.rubyEvalMany(["nil.foo", "1+1"])).toEqual(["!NoMethodError: undefined method 'foo' for nil", "2"]);
    expect(await o.answers("rubyEvalMany", ["1+1"], noLiveVm)).toEqual(["2"]);
  });

  test("a request the fixture lacks fails and says how to record it", async () => {
    const o = recordedOracle(import.meta.url, { mode: "replay", fixture: fixture({ rubyEvalMany: { "1+1": "2" } }) });
    await expect(o.rubyEvalMany(["1+1", "1+2"])).rejects.toThrow(/has no recorded CRuby answer for 1 of 2 'rubyEvalMany' requests, first "1\+2": run `npm run oracle:record`/);
    const none = recordedOracle(import.meta.url, { mode: "replay", fixture: join(tmpdir(), "lp-oracle-absent", "x.json") });
    await expect(none.answers("ERB#src", ["<%= 1 %>"], noLiveVm)).rejects.toThrow(/run `npm run oracle:record`/);
  });

  test("digest keys: a request is looked up by its SHA-256, its text is not stored", async () => {
    const key = createHash("sha256").update("secret template").digest("hex");
    const o = recordedOracle(import.meta.url, { mode: "replay", fixture: fixture({ c: { [key]: "x" } }) });
    expect(await o.answers("c", ["secret template"], noLiveVm, { digestKeys: true })).toEqual(["x"]);
    await expect(o.answers("c", ["secret template"], noLiveVm)).rejects.toThrow(/no recorded CRuby answer/);
  });

  test("verify mode returns the live answers and fails on a stale or missing recording", async () => {
    const file = fixture({ rubyEvalMany: { a: "1", b: "2" } });
    const o = recordedOracle(import.meta.url, { mode: "verify", fixture: file });
    expect(await o.answers("rubyEvalMany", ["a", "b"], async () => ["1", "2"])).toEqual(["1", "2"]);
    await expect(o.answers("rubyEvalMany", ["a", "b"], async () => ["1", "3"])).rejects.toThrow(/disagrees with the live CRuby oracle on 1 'rubyEvalMany' requests[^]*"b": recorded "2", CRuby now "3"/);
    await expect(o.answers("rubyEvalMany", ["c"], async () => ["9"])).rejects.toThrow(/"c": not recorded/);
  });
});
