import { existsSync, mkdtempSync, readFileSync, writeFileSync, cpSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { main } from "../../src/cli/main.js";

function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  return main(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s) }).then((code) => ({ code, out, err }));
}

const sample = new URL("../../templates/", import.meta.url).pathname;

describe("linkplate CLI", () => {
  test("render-deployment renders the sample release into a file tree", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "lp-")), "out");
    const r = await run(["render-deployment", join(sample, "deployment.yml"), "--release", sample, "--out", out]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, "web/1/web/config/upstreams.conf"), "utf8")).toBe(
      "upstream database {\n  server 10.1.0.2:5432; # db/0 in z1 (first)\n  server 10.1.0.3:5432; # db/1 in z2\n}\n# no cache linked: sessions stay in the database\n",
    );
    // The sample release's .ejs twins render the same bytes as their ERB originals.
    expect(readFileSync(join(out, "web/1/web/ejs/config/upstreams.conf"), "utf8")).toBe(readFileSync(join(out, "web/1/web/config/upstreams.conf"), "utf8"));
    expect(readFileSync(join(out, "db/0/database/bin/ctl"), "utf8")).toContain("export PGPASSWORD=s3cret\\ pass\\'word\n");
    expect(JSON.parse(readFileSync(join(out, "worker/0/worker/config/worker.json"), "utf8")).database_in_my_az).toBe("q-a2s0.db.default.demo.bosh");
  });

  test("a failing template reports BOSH's nested message and writes nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lp-"));
    cpSync(sample, join(dir, "rel"), { recursive: true });
    const manifest = readFileSync(join(sample, "deployment.yml"), "utf8").replace(/admin_password: .*\n/, "\n");
    writeFileSync(join(dir, "m.yml"), manifest);
    writeFileSync(join(dir, "rel/jobs/database/templates/ctl.erb"), "#!/bin/bash\n<%= p('database.admin_password') %>\n");
    const out = join(dir, "out");
    const r = await run(["render-deployment", join(dir, "m.yml"), "--release", join(dir, "rel"), "--out", out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      "Unable to render instance groups for deployment. Errors are:\n  - Unable to render jobs for instance group 'db'. Errors are:\n    - Unable to render templates for job 'database'. Errors are:\n      - Error filling in template 'ctl.erb' (line 2: Can't find property '[\"database.admin_password\"]')",
    );
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes("linkplate-tmp"))).toEqual([]);
  });

  test("render prints one template; bad YAML context is reported at file:line:col", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lp-"));
    writeFileSync(join(dir, "t.erb"), "<%= p('a') %> <%= spec.name %>\n");
    writeFileSync(join(dir, "c.yml"), "name: web\nproperties: {a: 1.0}\n");
    expect(await run(["render", join(dir, "t.erb"), "--context", join(dir, "c.yml")])).toEqual({ code: 0, out: "1.0 web\n", err: "" });
    writeFileSync(join(dir, "bad.yml"), "name: web\nproperties: [a\n");
    const r = await run(["render", join(dir, "t.erb"), "--context", join(dir, "bad.yml")]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^${join(dir, "bad.yml")}:\\d+:\\d+: `));
  });

  test("unknown commands print usage and exit 2", async () => {
    const r = await run(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown command 'frobnicate'");
  });
});
