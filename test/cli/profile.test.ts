import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(args, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

function jobDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "lp-profile-"));
  mkdirSync(join(dir, "job/templates"), { recursive: true });
  writeFileSync(join(dir, "job/spec"), "name: pg\ntemplates:\n  a.erb: config/a\nproperties:\n  db.port: {default: 5432}\n  db.name: {}\n");
  writeFileSync(join(dir, "job/templates/a.erb"), "<%= name %> <%= spec.az %> <%= p('db.port') %> <%= p('db.name', 'none') %> <%= if_link('x').class %>\n");
  writeFileSync(join(dir, "props.yml"), "db:\n  name: orders\n");
  return dir;
}

describe("--profile", () => {
  it("render-job --profile create-env renders with bosh-cli's context: job name, az unknown, no links", async () => {
    const dir = jobDir();
    const r = await run(["render-job", join(dir, "job"), "--out", join(dir, "out"), "--properties", join(dir, "props.yml"), "--profile", "create-env"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, "out/config/a"), "utf8")).toBe("pg unknown 5432 orders FalseClass\n");
  });

  it("render with the default profile is the director's, and an unknown profile is a usage error", async () => {
    const dir = jobDir();
    writeFileSync(join(dir, "ctx.yml"), "name: web\naz: z1\nproperties: {db: {port: 1, name: n}}\n");
    const r = await run(["render", join(dir, "job/templates/a.erb"), "--context", join(dir, "ctx.yml")]);
    expect(r.out).toBe("web z1 1 n Bosh::Common::Template::EvaluationContext::ActiveElseBlock\n");
    const bad = await run(["render", join(dir, "job/templates/a.erb"), "--profile", "agent"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--profile takes director or create-env, not 'agent'");
  });
});
