/** The resolver + contextFor against a real release and a corpus-defaults context (read from ../shared at test time). */
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { resolveCommand } from "../../src/cli/commands/resolve.js";
import { loadLinkGraph } from "../../src/links/graph.js";
import { toJs } from "../../src/links/rb.js";
import { parseJson } from "../../src/ruby/data/json.js";

const REL = new URL("../../../shared/corpus-defaults/postgres-release", import.meta.url).pathname;

describe.skipIf(!existsSync(REL))("postgres-release through linkplate resolve", () => {
  it("gives the corpus' context shape, property order and link properties", async () => {
    const files = new Map([
      [
        "m.yml",
        `name: dep
features: {use_dns_addresses: true}
instance_groups:
- name: postgres
  instances: 2
  azs: [z1, z2]
  networks: [{name: default}]
  jobs: [{name: postgres, release: postgres}]
- name: ig
  instances: 1
  azs: [z1]
  networks: [{name: default}]
  jobs: [{name: bbr-postgres-db, release: postgres}]
`,
      ],
      [
        "facts.yml",
        `director: {root_domain: bosh, local_dns_enabled: true, local_dns_use_dns_addresses: false}
cloud:
  azs: [z1, z2]
  networks: [{name: default, type: manual, netmask: 255.255.255.0, gateway: 10.0.0.1}]
`,
      ],
    ]);
    let out = "";
    const code = await resolveCommand(["m.yml", "--release", `postgres=${REL}`, "--facts", "facts.yml"], {
      stdout: (s) => void (out += s),
      stderr: () => {},
      readFile: async (p) => files.get(p) ?? readFile(p, "utf8"),
    });
    expect(code).toBe(0);
    const g = loadLinkGraph(out.slice(4), "out.yml");
    const ctx = toJs(g.contextFor("ig", 0, "bbr-postgres-db")) as any;
    const c = (toJs(parseJson(readFileSync(`${REL}/cases.jsonl`, "utf8").split("\n")[0], "cases.jsonl")) as any).context;
    expect(Object.keys(ctx)).toEqual(Object.keys(c));
    expect(JSON.stringify(ctx.properties)).toBe(JSON.stringify(c.properties));
    expect(Object.keys(ctx.networks.default)).toEqual(Object.keys(c.networks.default));
    expect(ctx.networks.default.dns_record_name).toBe(c.networks.default.dns_record_name);
    const link = ctx.links.database;
    const want = c.links.database;
    expect(JSON.stringify(link.properties)).toBe(JSON.stringify(want.properties));
    expect(Object.keys(link).filter((k) => k !== "group_name")).toEqual(Object.keys(want));
    expect(link.instances.map((i: any) => [i.index, i.az, i.bootstrap])).toEqual(want.instances.map((i: any) => [i.index, i.az, i.bootstrap]));
    for (const i of link.instances) expect(i.address).toBe(`${i.id}.postgres.default.dep.bosh`);
    expect(ctx.address).toBe(`${ctx.id}.ig.default.dep.bosh`);
  });
});
