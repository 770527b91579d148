import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { resolveCommand } from "../../src/cli/commands/resolve.js";
import { loadLinkGraph } from "../../src/links/graph.js";
import { DEFAULT_SCENARIO_DIR, firstDiff, runScenarios } from "../../tools/scenarios.js";
import { benchManifest } from "../../tools/bench-links.js";
import { loadYaml } from "../../src/ruby/data/yaml.js";

const FILES = new Map<string, string>([
  [
    "rel/jobs/server/spec",
    `name: server
provides:
- {name: api, type: http, properties: [port]}
properties:
  port: {default: 8080}
`,
  ],
  [
    "rel/jobs/client/spec",
    `name: client
consumes:
- {name: api, type: http}
properties: {}
`,
  ],
  [
    "ok.yml",
    `name: svc
instance_groups:
- name: srv
  instances: 2
  networks: [{name: net}]
  jobs: [{name: server, release: rel}]
- name: cli
  instances: 1
  networks: [{name: net}]
  jobs: [{name: client, release: rel}]
`,
  ],
  [
    "bad.yml",
    `name: svc
instance_groups:
- name: cli
  instances: 1
  networks: [{name: net}]
  jobs:
  - name: client
    release: rel
    consumes:
      api: {from: missing}
- name: other
  instances: 1
  networks: [{name: net}]
  jobs:
  - name: client
    release: rel
`,
  ],
  ["shape.yml", "name: svc\ninstance_groups:\n- name: a\n  jobs:\n  - name: nope\n    release: rel\n- instances: 1\n"],
]);

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      stdout: (s: string) => void out.push(s),
      stderr: (s: string) => void err.push(s),
      readFile: async (p: string) => {
        const t = FILES.get(p);
        if (t === undefined) throw new Error(`ENOENT ${p}`);
        return t;
      },
      readdir: async (p: string) => {
        const pre = `${p}/`;
        const names = [...FILES.keys()].filter((k) => k.startsWith(pre)).map((k) => k.slice(pre.length).split("/")[0]);
        if (!names.length) throw new Error(`ENOENT ${p}`);
        return [...new Set(names)];
      },
    },
  };
}

describe("linkplate resolve", () => {
  it("prints the graph as YAML that loads back", async () => {
    const t = io();
    expect(await resolveCommand(["ok.yml", "--release", "rel"], t.io)).toBe(0);
    const text = t.out.join("");
    expect(text.startsWith("---\nlinkplate_graph: 1\n")).toBe(true);
    const g = loadLinkGraph(text.slice(4), "out.yml");
    const ctx = g.contextFor("cli", 0, "client");
    expect(ctx.getStr("links")).toBeDefined();
  });
  it("prints JSON with --json", async () => {
    const t = io();
    expect(await resolveCommand(["ok.yml", "--release", "rel", "--json"], t.io)).toBe(0);
    expect(JSON.parse(t.out.join("")).linkplate_graph).toBe(1);
  });
  it("reports every link error with file:line:col and exits 1", async () => {
    const t = io();
    expect(await resolveCommand(["bad.yml", "--release", "rel"], t.io)).toBe(1);
    const e = t.err.join("");
    expect(e).toContain("Failed to resolve links from deployment 'svc'");
    expect(e).toMatch(/bad\.yml:10:7: error: Failed to resolve link 'api' with alias 'missing' and type 'http' from job 'client' in instance group 'cli'/);
    expect(e).toMatch(/bad\.yml:15:\d+: error: Failed to resolve link 'api' with type 'http' from job 'client' in instance group 'other'/);
  });
  it("reports every manifest shape error", async () => {
    const t = io();
    expect(await resolveCommand(["shape.yml", "--release", "rel"], t.io)).toBe(1);
    const e = t.err.join("");
    expect(e).toMatch(/shape\.yml:5:\d+: error: Job 'nope' not found in release 'rel'/);
    expect(e).toMatch(/shape\.yml:7:\d+: error: instance group #1 has no string 'name'/);
  });
  it("usage errors exit 2", async () => {
    const t = io();
    expect(await resolveCommand([], t.io)).toBe(2);
    expect(await resolveCommand(["x.yml", "--bogus"], t.io)).toBe(2);
  });
});

describe.skipIf(!existsSync(DEFAULT_SCENARIO_DIR))("link scenarios", () => {
  it("every scenario passes", () => {
    const r = runScenarios([]);
    expect(r.lines.filter((l) => l.startsWith("FAIL"))).toEqual([]);
    expect(r.lines[r.lines.length - 1]).toBe(`scenarios: ${r.total}/${r.total} passed`);
    expect(r.total).toBeGreaterThan(50);
  });
  it("the runner reports the first difference", () => {
    const a = loadYaml("{a: [1, {b: x}]}", "a.yml");
    const b = loadYaml("{a: [1, {b: y}]}", "b.yml");
    expect(firstDiff(a, b)).toBe('/a/1/b: expected "x", got "y"');
    expect(firstDiff(loadYaml("{a: 1.0}", "a"), loadYaml("{a: 1}", "b"))).toBe("/a: expected 1.0, got 1");
  });
});

describe("bench generator", () => {
  it("builds a resolvable deployment", () => {
    const m = benchManifest(3);
    expect(m.size).toBe(2);
  });
});
