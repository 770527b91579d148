/**
 * Adversarial paths (issue 8, class 6): a release written by a stranger must not make linkplate
 * read a host file or write outside the output folder, and the output folder must never be one
 * whose replacement loses the user's files.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { main } from "../../src/cli/main.js";
import { loadJobDir, parseJobSpec } from "../../src/render/job.js";
import { PathEscapeError } from "../../src/render/paths.js";
import { OutputFolderError, writeOutputTree } from "../../src/render/output.js";

async function run(argv: string[]) {
  let out = "";
  let err = "";
  const code = await main(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s) });
  return { code, out, err };
}

let dir: string;
let cwd: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "lp-paths-"));
  cwd = process.cwd();
  process.chdir(dir);
});
afterEach(() => process.chdir(cwd));

/** A release `rel` with job `app`; `spec` and `files` (under the job folder) as given. */
function release(spec: string, files: Record<string, string> = {}): void {
  mkdirSync(join(dir, "rel/jobs/app/templates"), { recursive: true });
  writeFileSync(join(dir, "rel/jobs/app/spec"), spec);
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(join(dir, "rel/jobs/app", p, ".."), { recursive: true });
    writeFileSync(join(dir, "rel/jobs/app", p), c);
  }
  writeFileSync(join(dir, "m.yml"), "name: d\ninstance_groups:\n- name: g\n  instances: 1\n  networks: [{name: net}]\n  jobs: [{name: app, release: rel}]\n");
}

const deploy = (...extra: string[]) => run(["render-deployment", "m.yml", "--release", "rel", "--out", "out", ...extra]);

describe("template sources stay inside the job folder", () => {
  test("a '..' source naming a host file is refused, nothing written", async () => {
    writeFileSync(join(dir, "host-file"), "SECRET\n");
    release('name: app\ntemplates: {"../../../../host-file": leak.txt}\n');
    const r = await deploy();
    expect(r.code).toBe(1);
    expect(r.err).toContain("template '../../../../host-file' resolves outside");
    expect(r.err).not.toContain("SECRET");
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  test("an absolute source is refused", async () => {
    release('name: app\ntemplates: {"/etc/hostname": leak.txt}\n');
    const r = await deploy();
    expect(r.code).toBe(1);
    expect(r.err).toContain("template '/etc/hostname' resolves outside");
  });

  test("a template that is a symlink out of the job is refused", async () => {
    writeFileSync(join(dir, "host-file"), "SECRET\n");
    release("name: app\ntemplates: {a.erb: a}\n");
    symlinkSync(join(dir, "host-file"), join(dir, "rel/jobs/app/templates/a.erb"));
    const r = await deploy();
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/template 'a\.erb' is a symlink to .*host-file, outside/);
  });

  test("a templates folder, monit file, spec or job folder linking out of the release is refused", async () => {
    mkdirSync(join(dir, "elsewhere/templates"), { recursive: true });
    writeFileSync(join(dir, "elsewhere/templates/a.erb"), "x");
    writeFileSync(join(dir, "elsewhere/spec"), "name: app\ntemplates: {a.erb: a}\n");
    release("name: app\ntemplates: {a.erb: a}\n", { "templates/a.erb": "x" });
    symlinkSync(join(dir, "elsewhere/spec"), join(dir, "rel/jobs/app/monit"));
    let r = await deploy();
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/the monit file 'monit' is a symlink to .*elsewhere\/spec, outside/);

    mkdirSync(join(dir, "rel2/jobs"), { recursive: true });
    symlinkSync(join(dir, "elsewhere"), join(dir, "rel2/jobs/app"));
    r = await run(["render-deployment", "m.yml", "--release", "rel=rel2", "--out", "out"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/job folder 'app' is a symlink to .*elsewhere, outside/);
  });

  test("a symlink that stays inside the job is followed", async () => {
    release("name: app\ntemplates: {a.erb: a, b.erb: b}\n", { "templates/real.erb": "<%= 1 + 1 %>" });
    symlinkSync("real.erb", join(dir, "rel/jobs/app/templates/a.erb"));
    symlinkSync(join(dir, "rel/jobs/app/templates/real.erb"), join(dir, "rel/jobs/app/templates/b.erb"));
    const r = await deploy();
    expect(r.err).toBe("");
    expect(readFileSync(join(dir, "out/g/0/app/a"), "utf8")).toBe("2");
  });
});

describe("destinations stay inside the job's output", () => {
  const cases: Array<[string, string]> = [
    ["../x", "contains '..'"],
    ["a/../../x", "contains '..'"],
    ["/etc/cron.d/x", "is absolute"],
    ["", "is empty"],
    ["C:/x", "is absolute"],
    ["a\\\\..\\\\x", "contains a backslash"],
    [".", "names no file"],
  ];
  for (const [dest, why] of cases) {
    test(`destination ${JSON.stringify(dest)}: ${why}`, async () => {
      expect(() => parseJobSpec(`name: app\ntemplates: {a.erb: "${dest}"}\n`, "jobs/app/spec")).toThrow(PathEscapeError);
      release(`name: app\ntemplates: {a.erb: "${dest}"}\n`, { "templates/a.erb": "x" });
      const r = await deploy();
      expect(r.code).toBe(1);
      expect(r.err).toContain(`rel/jobs/app/spec: template 'a.erb' has destination`);
      expect(r.err).toContain(why);
      expect(existsSync(join(dir, "out"))).toBe(false);
    });
  }

  test("file/folder conflicts and duplicate destinations are typed errors, not EEXIST", async () => {
    expect(() => parseJobSpec("name: app\ntemplates: {a.erb: conf, b.erb: conf/x}\n", "spec")).toThrow("template 'b.erb' writes 'conf/x' inside 'conf', which template 'a.erb' writes as a file");
    expect(() => parseJobSpec("name: app\ntemplates: {a.erb: conf, b.erb: conf}\n", "spec")).toThrow("template 'b.erb' and template 'a.erb' both write 'conf'");
    expect(() => parseJobSpec("name: app\ntemplates: {a.erb: monit}\n", "spec")).toThrow("template 'a.erb' and the job's monit file both write 'monit'");
    expect(() => parseJobSpec("name: app\ntemplates: {a.erb: monit/x}\n", "spec")).toThrow("inside 'monit', which the job's monit file writes as a file");
  });

  test("an instance group or job named '..' cannot walk out of the output folder", async () => {
    await expect(writeOutputTree(join(dir, "o"), new Map([["../0/app/x", "x"]]), { kind: "deployment", name: "d" })).rejects.toThrow(OutputFolderError);
    await expect(writeOutputTree(join(dir, "o"), new Map([["g/0/../../../x", "x"]]), { kind: "deployment", name: "d" })).rejects.toThrow("every part of an output path must be a plain name");
    expect(readdirSync(dir)).toEqual([]);
  });

  test("loadJobDir reports a missing template by its real path", async () => {
    release("name: app\ntemplates: {missing.erb: x}\n");
    await expect(loadJobDir(join(dir, "rel/jobs/app"))).rejects.toThrow(`${join(dir, "rel/jobs/app/templates/missing.erb")}: template 'missing.erb' listed in the job spec does not exist`);
  });
});

describe("the output folder", () => {
  test("refuses '.', '/', $HOME, and any folder holding an input", async () => {
    release("name: app\ntemplates: {a.erb: a}\n", { "templates/a.erb": "x" });
    const home = process.env.HOME;
    try {
      process.env.HOME = join(dir, "home");
      mkdirSync(join(dir, "home"));
      for (const [out, why] of [
        [".", "it is the current folder or one of its parents"],
        ["..", "it is the current folder or one of its parents"],
        ["/", "it is the root folder"],
        [join(dir, "home"), "it is your home folder"],
      ]) {
        const r = await run(["render-deployment", "m.yml", "--release", "rel", "--out", out]);
        expect(r.code, out).toBe(1);
        expect(r.err).toContain(why);
      }
      process.chdir(tmpdir());
      const r = await run(["render-deployment", join(dir, "m.yml"), "--release", join(dir, "rel"), "--out", dir]);
      expect(r.err).toContain(`it contains the input ${join(dir, "rel")}`);
      const r2 = await run(["render-deployment", join(dir, "m.yml"), "--release", join(dir, "rel"), "--out", join(dir, "rel")]);
      expect(r2.err).toContain("it contains the input");
    } finally {
      process.env.HOME = home;
    }
    expect(existsSync(join(dir, "rel/jobs/app/spec"))).toBe(true);
  });

  test("replaces its own output, refuses another deployment's, --force moves a foreign folder aside", async () => {
    release("name: app\ntemplates: {a.erb: a}\nproperties: {v: {default: 1}}\n", { "templates/a.erb": "<%= p('v') %>" });
    expect((await deploy()).code).toBe(0);
    expect((await deploy()).code).toBe(0);
    expect(readdirSync(join(dir, ".out.linkplate")).filter((e) => e.startsWith("gen-"))).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(dir, "out/.linkplate-output.json"), "utf8"))).toMatchObject({ linkplate_output: 1, kind: "deployment", name: "d" });

    writeFileSync(join(dir, "m.yml"), readFileSync(join(dir, "m.yml"), "utf8").replace("name: d", "name: other"));
    let r = await deploy();
    expect(r.code).toBe(1);
    expect(r.err).toContain("refusing to replace out: it holds linkplate's output of deployment 'd', not deployment 'other'");

    mkdirSync(join(dir, "mine"));
    writeFileSync(join(dir, "mine/keep.txt"), "keep");
    r = await run(["render-deployment", "m.yml", "--release", "rel", "--out", "mine"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("refusing to replace mine: it is a folder with 1 entry that linkplate did not write");
    r = await run(["render-deployment", "m.yml", "--release", "rel", "--out", "mine", "--force"]);
    expect(r.code).toBe(0);
    expect(r.err).toContain("moved mine aside to mine.linkplate-backup-1 (--force)");
    expect(readFileSync(join(dir, "mine.linkplate-backup-1/keep.txt"), "utf8")).toBe("keep");
    expect(readFileSync(join(dir, "mine/g/0/app/a"), "utf8")).toBe("1");
    expect(lstatSync(join(dir, "mine")).isSymbolicLink()).toBe(true);
  });

  test("a file the user changed in the previous output is kept, not deleted", async () => {
    release("name: app\ntemplates: {a.erb: a}\n", { "templates/a.erb": "x" });
    expect((await deploy()).code).toBe(0);
    writeFileSync(join(dir, "out/g/0/app/a"), "my edit");
    writeFileSync(join(dir, "out/g/0/app/mine.txt"), "added");
    const r = await deploy();
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/kept the previous output in .*gen-.*: g\/0\/app\/a \(changed since linkplate wrote it\), g\/0\/app\/mine\.txt \(not written by linkplate\)/);
    expect(readFileSync(join(dir, "out/g/0/app/a"), "utf8")).toBe("x");
    const gens = readdirSync(join(dir, ".out.linkplate")).filter((e) => e.startsWith("gen-"));
    expect(gens).toHaveLength(2);
  });

  test("files are written 0644, bin/ scripts 0755, folders 0755", async () => {
    release("name: app\ntemplates: {a.erb: config/a, r.erb: bin/run, d.erb: bin/sub/x}\n", { "templates/a.erb": "a", "templates/r.erb": "r", "templates/d.erb": "d", monit: "m" });
    expect((await deploy()).code).toBe(0);
    const mode = (p: string) => (lstatSync(join(dir, "out", p)).mode & 0o777).toString(8);
    expect([mode("g/0/app/config/a"), mode("g/0/app/bin/run"), mode("g/0/app/bin/sub/x"), mode("g/0/app/monit"), mode("g/0/app/bin")]).toEqual(["644", "755", "755", "644", "755"]);
  });
});
