/**
 * The output folder survives a crash at any instant: render-deployment runs as a child process
 * that kills itself (SIGKILL) just before its Nth disk mutation (LINKPLATE_TEST_CRASH_AT=N), for
 * every N until a run completes. After each crash OUT must hold exactly the whole old tree or the
 * whole new tree, and the next normal run must succeed and leave one generation behind.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";

const ROOT = new URL("../../", import.meta.url).pathname;
const MAIN = join(ROOT, "src/cli/main.ts");
const TSX = import.meta.resolve("tsx");

function writeRelease(dir: string): void {
  mkdirSync(join(dir, "rel/jobs/app/templates"), { recursive: true });
  writeFileSync(join(dir, "rel/jobs/app/spec"), "name: app\ntemplates: {conf.erb: config/app.conf, run.erb: bin/run}\nproperties: {greeting: {default: hi}}\n");
  writeFileSync(join(dir, "rel/jobs/app/monit"), "check process app\n");
  writeFileSync(join(dir, "rel/jobs/app/templates/conf.erb"), "greeting=<%= p('greeting') %>\n");
  writeFileSync(join(dir, "rel/jobs/app/templates/run.erb"), "#!/bin/sh\necho <%= spec.index %>\n");
}

function manifest(greeting: string): string {
  return `name: crashy\ninstance_groups:\n- name: g\n  instances: 1\n  networks: [{name: net}]\n  jobs:\n  - name: app\n    release: rel\n    properties: {greeting: ${greeting}}\n`;
}

function run(cwd: string, crashAt: number | null, extra: string[] = []) {
  const env = { ...process.env, LINKPLATE_TEST_CRASH_AT: crashAt === null ? "" : String(crashAt) };
  return spawnSync(process.execPath, ["--import", TSX, MAIN, "render-deployment", "m.yml", "--release", "rel", "--out", "out", ...extra], { cwd, env, encoding: "utf8", timeout: 60_000 });
}

/** The tree under OUT (following the OUT link): relative path → content. */
function tree(dir: string): Map<string, string> | null {
  if (!existsSync(dir)) return null;
  const out = new Map<string, string>();
  const walk = (d: string, pre: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${pre}${e.name}/`);
      else out.set(pre + e.name, readFileSync(join(d, e.name), "utf8"));
    }
  };
  walk(dir, "");
  return out;
}

const same = (a: Map<string, string> | null, b: Map<string, string> | null) => JSON.stringify(a && [...a].sort()) === JSON.stringify(b && [...b].sort());

describe("render-deployment killed at every write and rename", () => {
  test("replacing a previous output: always the whole old or the whole new tree", () => {
    const base = mkdtempSync(join(tmpdir(), "lp-crash-"));
    const pristine = join(base, "pristine");
    mkdirSync(pristine);
    writeRelease(pristine);
    writeFileSync(join(pristine, "m.yml"), manifest("old"));
    expect(run(pristine, null).status).toBe(0);
    const oldTree = tree(join(pristine, "out"));
    expect(oldTree?.get("g/0/app/config/app.conf")).toBe("greeting=old\n");
    writeFileSync(join(pristine, "m.yml"), manifest("new"));

    let newTree: Map<string, string> | null = null;
    let crashes = 0;
    for (let n = 1; n < 200; n++) {
      const work = join(base, `run-${n}`);
      cpSync(pristine, work, { recursive: true, verbatimSymlinks: true });
      const r = run(work, n);
      if (r.status === 0) {
        newTree = tree(join(work, "out"));
        break;
      }
      expect(r.signal, `step ${n}: ${r.stderr}`).toBe("SIGKILL");
      crashes++;
      const now = tree(join(work, "out"));
      const isOld = same(now, oldTree);
      const isNew = now?.get("g/0/app/config/app.conf") === "greeting=new\n" && now.size === oldTree!.size;
      expect(isOld || isNew, `after a crash at step ${n} OUT holds ${JSON.stringify(now && [...now.keys()])}`).toBe(true);
      // the next run recovers: new tree, one generation left in the store
      expect(run(work, null).status).toBe(0);
      expect(tree(join(work, "out"))?.get("g/0/app/config/app.conf")).toBe("greeting=new\n");
      expect(readdirSync(join(work, ".out.linkplate")).filter((e) => e.startsWith("gen-"))).toHaveLength(1);
      rmSync(work, { recursive: true, force: true });
    }
    expect(crashes).toBeGreaterThan(15);
    expect(newTree?.get("g/0/app/config/app.conf")).toBe("greeting=new\n");
    expect(newTree?.get("g/0/app/bin/run")).toBe("#!/bin/sh\necho 0\n");
  }, 600_000);

  test("first render: OUT is absent or complete; a foreign folder is never touched", () => {
    const base = mkdtempSync(join(tmpdir(), "lp-crash-"));
    const pristine = join(base, "pristine");
    mkdirSync(pristine);
    writeRelease(pristine);
    writeFileSync(join(pristine, "m.yml"), manifest("first"));
    for (let n = 1; n < 100; n++) {
      const work = join(base, `run-${n}`);
      cpSync(pristine, work, { recursive: true });
      const r = run(work, n);
      const t = tree(join(work, "out"));
      if (r.status === 0) {
        expect(t?.get("g/0/app/config/app.conf")).toBe("greeting=first\n");
        break;
      }
      expect(r.signal).toBe("SIGKILL");
      expect(t === null || t.get("g/0/app/config/app.conf") === "greeting=first\n").toBe(true);
      rmSync(work, { recursive: true, force: true });
    }

    const work = join(base, "foreign");
    cpSync(pristine, work, { recursive: true });
    mkdirSync(join(work, "out"));
    writeFileSync(join(work, "out/notes.txt"), "mine\n");
    for (const n of [1, 2, 3]) {
      const r = run(work, n);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain("refusing to replace out: it is a folder with 1 entry that linkplate did not write");
      expect(r.stderr).toContain("--force");
    }
    expect(readdirSync(join(work, "out"))).toEqual(["notes.txt"]);
    expect(lstatSync(join(work, "out")).isDirectory()).toBe(true);
    expect(existsSync(join(work, ".out.linkplate"))).toBe(false);
  }, 600_000);
});
