/**
 * Scale check (not a test): `npx tsx tools/scale-deployment.ts [SIZES...]` (default 200 500 1000 2000).
 * For each size, generates a deployment of that many instances over the demo release in
 * templates/ (see manifest()), renders it end to end with `linkplate render-deployment` in a
 * fresh process, and prints wall time, peak RSS and the files written. Growth should be linear in the instance count.
 * SCALE_NODE_FLAGS adds node flags to the child (e.g. `--max-old-space-size=256`: peak RSS is mostly
 * the heap V8 lets grow before collecting; a capped heap shows what the run needs);
 * SCALE_SHOW_STDERR=1 passes the child's stderr through.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const SELF = fileURLToPath(import.meta.url);
const RELEASE = resolve("templates");

/**
 * `instances` instances: 2 db, then pairs of 10-instance groups web-k / worker-k (worker-k consumes
 * web-k's link), so that each instance's context stays the same size as the deployment grows (a
 * consumer of one ever-growing group would see a link with every instance: quadratic by design).
 */
function manifest(instances: number): string {
  const group = (name: string, n: number, job: string, extra: string) =>
    `- name: ${name}\n  instances: ${n}\n  azs: [z1, z2]\n  vm_type: default\n  stemcell: default\n  networks: [{name: default}]\n  jobs:\n  - name: ${job}\n    release: demo\n${extra}`;
  const groups = [group("db", 2, "database", "    properties:\n      database: {name: orders, admin_password: secret}\n")];
  let left = instances - 2;
  for (let k = 0; left > 0; k++) {
    const web = Math.min(10, Math.ceil(left / 2));
    const worker = Math.min(10, left - web);
    groups.push(group(`web-${k}`, web, "web", `    provides: {web: {as: web-${k}}}\n    properties:\n      web: {workers: 4, features: {search: true, beta: false}}\n`));
    if (worker > 0) groups.push(group(`worker-${k}`, worker, "worker", `    consumes: {web: {from: web-${k}}}\n`));
    left -= web + worker;
  }
  return [
    "---\nname: scale\nreleases:\n- name: demo\n  version: latest\nstemcells:\n- alias: default\n  os: ubuntu-jammy\n  version: latest",
    "update: {canaries: 1, max_in_flight: 1, canary_watch_time: 1000, update_watch_time: 1000}",
    "instance_groups:",
    ...groups,
  ].join("\n");
}

/** Child mode: one render-deployment run in this process, then its figures as JSON. */
async function childRun(manifestPath: string, out: string): Promise<void> {
  const { main } = (await import("../src/cli/main.js")) as { main: (argv: string[], io: { stdout: (s: string) => void; stderr: (s: string) => void }) => Promise<number> };
  let said = "";
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const code = await main(["render-deployment", manifestPath, "--release", RELEASE, "--out", out], { stdout: (s) => (said += s), stderr: (s) => (said += s) });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  if (code !== 0) throw new Error(`render-deployment exited ${code}: ${said.slice(0, 500)}`);
  process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssKiB: process.resourceUsage().maxRSS, said: said.trim().split("\n")[0] }));
}

function parent(): void {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const rows: string[] = [];
  for (const n of sizes.length ? sizes : [200, 500, 1000, 2000]) {
    const dir = mkdtempSync(join(tmpdir(), "linkplate-scale-"));
    try {
      const m = join(dir, "deployment.yml");
      writeFileSync(m, manifest(n));
      const r = spawnSync(process.execPath, [...process.execArgv, ...(process.env.SCALE_NODE_FLAGS ?? "").split(" ").filter(Boolean), SELF, "--child", m, join(dir, "out")], { encoding: "utf8" });
      if (r.status !== 0) throw new Error(`${n} instances: ${r.stderr.slice(0, 800)}`);
      if (process.env.SCALE_SHOW_STDERR) process.stderr.write(r.stderr);
      const j = JSON.parse(r.stdout) as { ms: number; cpuMs: number; maxRssKiB: number; said: string };
      rows.push(`${String(n).padStart(5)} instances: render-deployment ${(j.ms / 1000).toFixed(2)} s wall (${(j.ms / n).toFixed(2)} ms/instance), ${(j.cpuMs / 1000).toFixed(2)} s CPU (${(j.cpuMs / n).toFixed(2)} ms/instance), peak RSS ${(j.maxRssKiB / 1024).toFixed(0)} MiB  [${j.said}]`);
      process.stdout.write(`${rows[rows.length - 1]}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

const i = process.argv.indexOf("--child");
if (i >= 0) await childRun(process.argv[i + 1], process.argv[i + 2]);
else parent();
