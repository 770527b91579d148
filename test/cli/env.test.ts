/** `linkplate env` end to end: the CLI spawned as a process (node + tsx), every format, both inputs, errors. */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const ex = join(root, "examples/service-links");
const fromManifest = [join(ex, "manifest.yml"), "--release", join(ex, "release")];

function linkplate(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["--import", "tsx", join(root, "src/cli/main.ts"), ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (err += d));
    p.on("error", reject);
    p.on("close", (code) => resolve({ code, out, err }));
  });
}

const ENV = `WEB_1_ENV_PORT=80
WEB_1_ENV_WEBROOT=/login
WEB_1_PORT=tcp://172.16.0.5:80
WEB_1_PORT_80_TCP=tcp://172.16.0.5:80
WEB_1_PORT_80_TCP_ADDR=172.16.0.5
WEB_1_PORT_80_TCP_PORT=80
WEB_1_PORT_80_TCP_PROTO=tcp
WEB_2_ENV_PORT=80
WEB_2_ENV_WEBROOT=/login
WEB_2_PORT=tcp://172.16.0.6:80
WEB_2_PORT_80_TCP=tcp://172.16.0.6:80
WEB_2_PORT_80_TCP_ADDR=172.16.0.6
WEB_2_PORT_80_TCP_PORT=80
WEB_2_PORT_80_TCP_PROTO=tcp
`;
const HOSTS = "172.16.0.5 web web-1\n172.16.0.6 web web-2\n";
const ZONE = "web IN A 172.16.0.5\nweb IN A 172.16.0.6\nweb-1 IN A 172.16.0.5\nweb-2 IN A 172.16.0.6\n";
const T = { timeout: 60_000 };

describe("linkplate env (spawned)", () => {
  it("env from manifests and releases", T, async () => {
    expect(await linkplate(["env", ...fromManifest, "--instance", "my-proxy/0"])).toEqual({ code: 0, out: ENV, err: "" });
  });

  it("json, hosts, zone and compose", T, async () => {
    const [json, hosts, zone, compose] = await Promise.all(["json", "hosts", "zone", "compose"].map((f) => linkplate(["env", ...fromManifest, "--instance", "my-proxy/0", "--format", f])));
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toEqual(Object.fromEntries(ENV.trimEnd().split("\n").map((l) => l.split("="))));
    expect(Object.keys(JSON.parse(json.out))).toEqual(ENV.trimEnd().split("\n").map((l) => l.split("=")[0]));
    expect(hosts).toEqual({ code: 0, out: HOSTS, err: "" });
    expect(zone).toEqual({ code: 0, out: ZONE, err: "" });
    expect(compose.code).toBe(0);
    expect(compose.out).toBe(
      `services:\n  my-proxy:\n    environment:\n${ENV.trimEnd()
        .split("\n")
        .map((l) => `      ${l.replace("=", ': "')}"\n`)
        .join("")}    extra_hosts:\n      - "web:172.16.0.5"\n      - "web:172.16.0.6"\n      - "web-1:172.16.0.5"\n      - "web-2:172.16.0.6"\n`,
    );
  });

  it("the same from a link graph file, with --job, --port, the tutum flavour and an instance id", T, async () => {
    const dir = mkdtempSync(join(tmpdir(), "lp-env-"));
    const resolved = await linkplate(["resolve", ...fromManifest]);
    expect(resolved.code).toBe(0);
    writeFileSync(join(dir, "graph.yml"), resolved.out.replace(/^---\n/, ""));
    const graph = ["--graph", join(dir, "graph.yml")];
    expect(await linkplate(["env", ...graph, "--instance", "my-proxy/0", "--job", "proxy", "--format", "hosts"])).toEqual({ code: 0, out: HOSTS, err: "" });
    const ports = await linkplate(["env", ...graph, "--instance", "my-proxy/0", "--port", "web=53/udp"]);
    expect(ports.out.split("\n").filter((l) => l.startsWith("WEB_1_"))).toEqual([
      "WEB_1_ENV_PORT=80",
      "WEB_1_ENV_WEBROOT=/login",
      "WEB_1_PORT=udp://172.16.0.5:53",
      "WEB_1_PORT_53_UDP=udp://172.16.0.5:53",
      "WEB_1_PORT_53_UDP_ADDR=172.16.0.5",
      "WEB_1_PORT_53_UDP_PORT=53",
      "WEB_1_PORT_53_UDP_PROTO=udp",
    ]);
    const tutum = await linkplate(["env", ...graph, "--instance", "my-proxy/d0561eb9-f6ef-5e62-be39-6c75034f7c74", "--flavor", "tutum", "--api-url", "https://dashboard.tutum.co/api/v1/"]);
    expect(tutum.code).toBe(0);
    expect(tutum.out.split("\n").filter((l) => l.includes("TUTUM"))).toEqual([
      "TUTUM_CONTAINER_API_URL=https://dashboard.tutum.co/api/v1/container/d0561eb9-f6ef-5e62-be39-6c75034f7c74/",
      "TUTUM_CONTAINER_HOSTNAME=my-proxy-1",
      "TUTUM_SERVICE_API_URL=https://dashboard.tutum.co/api/v1/service/my-stack/my-proxy/",
      "WEB_TUTUM_API_URL=https://dashboard.tutum.co/api/v1/service/my-stack/my-web-app/",
    ]);
    const compose = await linkplate(["env", ...graph, "--instance", "my-proxy/0", "--format", "compose", "--service", "proxy"]);
    expect(compose.out.startsWith("services:\n  proxy:\n    environment:\n")).toBe(true);
  });

  it("errors name what exists (exit 1); usage errors exit 2; nothing on stdout", T, async () => {
    const cases: Array<[string[], number, string]> = [
      [["--instance", "my-prox/0"], 1, "linkplate env: error: deployment 'my-stack' has no instance group 'my-prox'; instance groups: my-web-app, my-proxy\n"],
      [["--instance", "my-proxy/2"], 1, "linkplate env: error: instance group 'my-proxy' has no instance with index 2; indexes: 0\n"],
      [["--instance", "my-proxy/0", "--job", "web-app"], 1, "linkplate env: error: instance group 'my-proxy' has no job 'web-app'; jobs: proxy\n"],
      [["--instance", "my-proxy/0", "--port", "db=80"], 1, "linkplate env: error: ports given for link 'db', which my-proxy/0 does not consume; consumed links: web\n"],
      [["--instance", "my-proxy/0", "--flavor", "tutum"], 1, "linkplate env: error: the 'tutum' flavour needs the API base URL (tutumApiUrl, --api-url), e.g. https://dashboard.tutum.co/api/v1\n"],
    ];
    const results = await Promise.all(cases.map(([args]) => linkplate(["env", ...fromManifest, ...args])));
    results.forEach((r, i) => expect([r.code, r.out, r.err]).toEqual([cases[i][1], "", cases[i][2]]));
    const usage = await Promise.all([
      linkplate(["env", ...fromManifest, "--instance", "my-proxy/0", "--format", "yaml"]),
      linkplate(["env", ...fromManifest]),
      linkplate(["env", "--instance", "my-proxy/0"]),
      linkplate(["env", ...fromManifest, "--instance", "my-proxy"]),
    ]);
    expect(usage.map((r) => [r.code, r.out, r.err.split("\n")[0]])).toEqual([
      [2, "", "linkplate env: unknown --format 'yaml'; formats: env, json, hosts, zone, compose"],
      [2, "", "linkplate env: --instance GROUP/INDEX is required"],
      [2, "", "linkplate env: give MANIFEST... with --release DIR, or --graph FILE"],
      [2, "", "linkplate env: --instance must be GROUP/INDEX, got 'my-proxy'"],
    ]);
    const dir = mkdtempSync(join(tmpdir(), "lp-env-"));
    writeFileSync(join(dir, "lonely.yml"), "name: x\ninstance_groups:\n- name: my-proxy\n  instances: 1\n  networks: [{name: default}]\n  jobs:\n  - name: proxy\n    release: service-links\n");
    const unresolved = await linkplate(["env", join(dir, "lonely.yml"), "--release", join(ex, "release"), "--instance", "my-proxy/0"]);
    expect([unresolved.code, unresolved.out, unresolved.err]).toEqual([
      1,
      "",
      `${join(dir, "lonely.yml")}:7:5: error: Failed to resolve links from deployment 'x'. See errors below:\n${join(dir, "lonely.yml")}:7:5: error: Failed to resolve link 'web' with type 'http' from job 'proxy' in instance group 'my-proxy'. Details below:\n    - No link providers found\n`,
    ]);
    const missing = await linkplate(["env", "--graph", "/nonexistent/graph.yml", "--instance", "a/0"]);
    expect([missing.code, missing.err]).toEqual([1, "/nonexistent/graph.yml: cannot read link graph\n"]);
  });
});
