/**
 * The Tutum seed document's tables (link-resolution.md §13.1), reproduced from
 * examples/service-links/ (the seed scenario as a BOSH deployment) value for value.
 */
import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { loadReleases, resolveFromFiles } from "../../src/render/releases.js";
import { serviceLinkEnv, serviceLinkHosts } from "../../src/export/index.js";
import type { LinkGraph } from "../../src/links/index.js";

const dir = fileURLToPath(new URL("../../examples/service-links/", import.meta.url));
const graph: LinkGraph = await resolveFromFiles([`${dir}manifest.yml`], await loadReleases([`${dir}release`]), null);
const consumer = { group: "my-proxy", index: 0 };
const API = "https://dashboard.tutum.co/api/v1";

const env = (flavor: "standard" | "tutum" = "standard") => new Map(serviceLinkEnv(graph, flavor === "tutum" ? { ...consumer, flavor, tutumApiUrl: API } : consumer).map((v) => [v.name, v.value]));

// The seed's tables, transcribed.
const SEED_PORTS = (n: number, ip: string): Array<[string, string]> => [
  [`WEB_${n}_PORT`, `tcp://${ip}:80`],
  [`WEB_${n}_PORT_80_TCP`, `tcp://${ip}:80`],
  [`WEB_${n}_PORT_80_TCP_ADDR`, ip],
  [`WEB_${n}_PORT_80_TCP_PORT`, "80"],
  [`WEB_${n}_PORT_80_TCP_PROTO`, "tcp"],
];
const SEED_CASCADING = (n: number): Array<[string, string]> => [[`WEB_${n}_ENV_WEBROOT`, "/login"]];
const SEED_HOSTS: Array<[string, string[]]> = [
  ["web", ["172.16.0.5", "172.16.0.6"]],
  ["web-1", ["172.16.0.5"]],
  ["web-2", ["172.16.0.6"]],
];
/** The one variable we add to the seed's tables (docs/service-links.md, "Beyond the seed"): the port is also a link property. */
const EXTRA = (n: number): Array<[string, string]> => [[`WEB_${n}_ENV_PORT`, "80"]];

describe("the seed scenario (my-proxy links to my-web-app as 'web')", () => {
  it("hostnames: web resolves to every container, web-N to container N; no other names", () => {
    const hosts = serviceLinkHosts(graph, consumer);
    expect(hosts.map((h) => [h.name, h.addresses])).toEqual(SEED_HOSTS);
    expect(hosts.every((h) => h.aliases.length === 0 && h.link === "web")).toBe(true);
  });

  it("environment variables per container, WEB_1 paired with my-web-app-1 (172.16.0.5) and WEB_2 with my-web-app-2", () => {
    const e = env();
    for (const [name, value] of [...SEED_PORTS(1, "172.16.0.5"), ...SEED_PORTS(2, "172.16.0.6")]) expect([name, e.get(name)]).toEqual([name, value]);
  });

  it("cascading variables: the server's environment repeated for every container", () => {
    const e = env();
    for (const [name, value] of [...SEED_CASCADING(1), ...SEED_CASCADING(2)]) expect([name, e.get(name)]).toEqual([name, value]);
  });

  it("nothing but the seed's variables and the documented extra WEB_N_ENV_PORT", () => {
    const expected = [1, 2].flatMap((n) => [...SEED_PORTS(n, n === 1 ? "172.16.0.5" : "172.16.0.6"), ...SEED_CASCADING(n), ...EXTRA(n)]);
    expect([...env()].sort()).toEqual(expected.sort());
  });

  it("the Tutum flavour adds the seed's Tutum-specific variables (all but TUTUM_AUTH, a credential)", () => {
    const e = env("tutum");
    const proxy = graph.data.instanceGroups.find((g) => g.name === "my-proxy")!.instances[0];
    const tutum: Array<[string, string]> = [
      ["WEB_TUTUM_API_URL", `${API}/service/my-stack/my-web-app/`],
      ["TUTUM_SERVICE_API_URL", `${API}/service/my-stack/my-proxy/`],
      ["TUTUM_CONTAINER_API_URL", `${API}/container/${proxy.id}/`],
      ["TUTUM_CONTAINER_HOSTNAME", "my-proxy-1"],
    ];
    expect(proxy.id).toBe("d0561eb9-f6ef-5e62-be39-6c75034f7c74");
    expect([...e].filter(([k]) => k.includes("TUTUM")).sort()).toEqual(tutum.sort());
    // The link name is the prefix of WEB_TUTUM_API_URL, with no container number; the rest is unchanged.
    const standard = env();
    expect([...e].filter(([k]) => !k.includes("TUTUM"))).toEqual([...standard]);
  });
});
