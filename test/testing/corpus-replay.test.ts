/**
 * Replay of ../shared/corpus through linkplate/testing for the smaller releases (the whole corpus:
 * `npx tsx tools/testing-replay.ts`, about 15 s). Each case of Template#render's shape is rebuilt
 * from (properties, InstanceSpec, Links); its context must equal the recorded one and its render
 * the recorded output or error.
 */
import { describe, expect, it } from "vitest";
import { HAVE_CORPUS } from "../../tools/corpus-cases.js";
import { replayRelease } from "../../tools/testing-replay.js";

// Counts measured when this test was written: a smaller count means a context the kit no longer rebuilds.
const RELEASES: Array<[string, { rendered: number; renderedWith: number }]> = [
  ["app-autoscaler-release", { rendered: 62, renderedWith: 0 }],
  ["bosh-dns-release", { rendered: 23, renderedWith: 0 }],
  ["diego-release", { rendered: 16, renderedWith: 0 }],
  ["garden-runc-release", { rendered: 10, renderedWith: 0 }],
  ["linkplate-api", { rendered: 0, renderedWith: 11 }],
  ["log-cache-release", { rendered: 4, renderedWith: 0 }],
  ["nats-release", { rendered: 32, renderedWith: 0 }],
  ["system-metrics-release", { rendered: 7, renderedWith: 0 }],
];

describe.skipIf(!HAVE_CORPUS)("replaying ../shared/corpus through linkplate/testing", () => {
  for (const [name, expected] of RELEASES) {
    it(name, async () => {
      const r = await replayRelease(name);
      expect(r.failures).toEqual([]);
      expect({ rendered: r.rendered, renderedWith: r.renderedWith }).toEqual(expected);
    }, 60_000);
  }
});
