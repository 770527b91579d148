/** The playground's URL-hash contract: `#state=` + base64url(JSON {template, context, format}). */
import { describe, expect, it } from "vitest";
import { decodeState, encodeState, fromBase64Url, toBase64Url } from "../../playground/state.js";

describe("playground state", () => {
  it("is base64url of the UTF-8 JSON, without padding", () => {
    const state = { template: "<%= p('ü') %>?", context: "properties: {ü: 1}\n", format: "yaml" as const };
    const hash = encodeState(state);
    expect(hash).toMatch(/^#state=[A-Za-z0-9_-]+$/);
    expect(JSON.parse(Buffer.from(hash.slice(7), "base64url").toString("utf8"))).toEqual(state);
    expect(decodeState(hash)).toEqual(state);
  });

  it("reads a state written by other tools (padded base64, extra fields ignored, optional ones kept)", () => {
    const json = JSON.stringify({ template: "t", context: "{}", format: "json", dns: "{}", graph: "g", instance: "a/0/b", extra: 1 });
    expect(decodeState(`#state=${Buffer.from(json).toString("base64")}`)).toEqual({ template: "t", context: "{}", format: "json", dns: "{}", graph: "g", instance: "a/0/b" });
  });

  it("is null for a hash that holds no state", () => {
    for (const h of ["", "#", "#other=1", "#state=%%%", `#state=${toBase64Url("not json")}`, `#state=${toBase64Url("[1]")}`, `#state=${toBase64Url("null")}`, `#state=${Buffer.from([0xff, 0xfe]).toString("base64url")}`]) {
      expect(decodeState(h), h).toBeNull();
    }
    expect(fromBase64Url("@@")).toBeNull();
  });
});
