import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { createEngine, type Engine } from "../../src/engine.js";
import { type Finding, type LintReport, lint } from "../../src/lint/index.js";

let root: string;
let engine: Engine;

/** Writes a file tree under the test's temporary folder. */
function write(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

function spec(name: string, body: object): string {
  return JSON.stringify({ name, ...body }, null, 2);
}

async function lintAt(path: string, presentTemplatesOnly = false): Promise<LintReport> {
  return lint([join(root, path)], { engine, cwd: root, presentTemplatesOnly });
}

function brief(findings: Finding[]): string[] {
  return findings.map((f) => `${f.rule} ${f.filename}:${f.line ?? ""}:${f.column ?? ""} ${f.message}`);
}

beforeAll(async () => {
  engine = await createEngine();
  root = mkdtempSync(join(tmpdir(), "linkplate-lint-"));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("properties", () => {
  it("reports undeclared names with position, suggestion and code frame", async () => {
    write({
      "props/spec": spec("props", { templates: { "a.erb": "a" }, properties: { "nats.user": {}, "nats.password": {} } }),
      "props/templates/a.erb": "user: <%= p('nats.user') %>\npass: <%= p('nats.pasword') %>\n",
    });
    const r = await lintAt("props");
    expect(brief(r.findings)).toEqual([
      "unknown-property props/templates/a.erb:2:13 property 'nats.pasword' is not declared in props/spec (did you mean 'nats.password'?)",
      "unused-property props/spec:8:1 property 'nats.password' is declared but no template reads it",
    ]);
    expect(r.findings[0].frame).toContain("2 | pass: <%= p('nats.pasword') %>");
    expect(r.errors).toBe(1);
    expect(r.warnings).toBe(1);
  });

  it("reads a parent hash or a child key of a declared property as declared", async () => {
    write({
      "nested/spec": spec("nested", { templates: { "a.erb": "a" }, properties: { "tls.cert": {}, "tls.key": {}, pool: { default: { size: 1 } } } }),
      "nested/templates/a.erb": "<%= p('tls').keys %> <%= p('pool.size') %>\n",
    });
    expect((await lintAt("nested")).findings).toEqual([]);
  });

  it("classifies if_p of undeclared names and undeclared fallback alternatives as warnings", async () => {
    write({
      "alt/spec": spec("alt", { templates: { "a.erb": "a" }, properties: { "uaa.cert": {} } }),
      "alt/templates/a.erb": "<%= p(%w(uaa.cert login.cert), '') %>\n<% if_p('old.flag') do raise 'gone' end %>\n",
    });
    const r = await lintAt("alt");
    expect(brief(r.findings)).toEqual([
      "unknown-alternative alt/templates/a.erb:1:7 alternative 'login.cert' is not declared in alt/spec and never matches",
      "if-p-never-true alt/templates/a.erb:2:9 if_p('old.flag') never runs: 'old.flag' is not declared in alt/spec, so the director never passes it",
    ]);
    expect(r.errors).toBe(0);
  });

  it("warns about defaults that contradict the spec and if_p that is always true", async () => {
    write({
      "defaults/spec": spec("defaults", { templates: { "a.erb": "a" }, properties: { port: { default: 4222 }, name: { default: "x" }, opt: {} } }),
      "defaults/templates/a.erb": "<%= p('port', 80) %> <%= p('name', 'x') %>\n<% if_p('name') do %>n<% end %><% if_p('opt') do %>o<% end %>\n",
    });
    expect(brief((await lintAt("defaults")).findings)).toEqual([
      "default-mismatch defaults/templates/a.erb:1:7 the default given here for 'port' differs from the spec's default, which always wins",
      "if-p-always-true defaults/templates/a.erb:2:9 if_p('name') is always true: the spec gives 'name' a default",
    ]);
  });

  it("counts dynamic names as possible reads and ignores reads in methods never called", async () => {
    write({
      "dyn/spec": spec("dyn", { templates: { "a.erb": "a" }, properties: { "db.host": {}, "db.port": {}, "cache.size": {} } }),
      "dyn/templates/a.erb": "<% %w(host port).each do |k| %><%= p(\"db.#{k}\") %><% end %>\n<% def unused; p('nope'); end %>\n",
    });
    expect(brief((await lintAt("dyn")).findings)).toEqual(["unused-property dyn/spec:9:1 property 'cache.size' is declared but no template reads it"]);
    write({ "dyn/templates/a.erb": "<% names = ['db.host'] %><%= p(names.first) %>\n" });
    expect((await lintAt("dyn")).findings).toEqual([]);
  });

  it("treats `properties.a.b` chains as reads", async () => {
    write({
      "chain/spec": spec("chain", { templates: { "a.erb": "a" }, properties: { "a.b": {}, "c": {} } }),
      "chain/templates/a.erb": "<%= properties.a.b %>\n",
    });
    expect(brief((await lintAt("chain")).findings)).toEqual(["unused-property chain/spec:8:1 property 'c' is declared but no template reads it"]);
  });
});

describe("links", () => {
  beforeAll(() => {
    write({
      "rel/jobs/db/spec": spec("db", { templates: {}, provides: [{ name: "db", type: "pg", properties: ["port", "tls.ca"] }], properties: { port: {}, "tls.ca": {} } }),
      "rel/jobs/db/monit": "<%= p('port') %> <%= p('tls.ca') %>",
      "rel/jobs/app/spec": spec("app", {
        templates: { "a.erb": "a" },
        consumes: [
          { name: "db", type: "pg" },
          { name: "cache", type: "redis", optional: true },
        ],
      }),
    });
  });

  it("reports unconsumed links, link properties no provider declares, and unguarded optional links", async () => {
    write({
      "rel/jobs/app/templates/a.erb": [
        "<%= link('db').p('port') %> <%= link('db').p('tls.cert') %>",
        "<% link('db').instances.each do |i| %><%= i.p('prot') %><% end %>",
        "<% l = link('db') %><%= l.p('tls.ca') %>",
        "<%= link('dbb').address %>",
        "<%= link('cache').address %>",
        "<% if_link('cache') do |c| %><%= c.p('anything') %><%= link('cache').address %><% end %>",
        "",
      ].join("\n"),
    });
    const r = await lintAt("rel/jobs/app");
    expect(brief(r.findings)).toEqual([
      "unknown-link-property rel/jobs/app/templates/a.erb:1:46 link 'db' (type 'pg'): no known provider declares property 'tls.cert'",
      "unknown-link-property rel/jobs/app/templates/a.erb:2:47 link 'db' (type 'pg'): no known provider declares property 'prot' (did you mean 'port'?)",
      "unknown-link rel/jobs/app/templates/a.erb:4:10 link 'dbb' is not consumed by the job (rel/jobs/app/spec) (did you mean 'db'?)",
      "optional-link-unguarded rel/jobs/app/templates/a.erb:5:10 link 'cache' is optional but read without if_link('cache'): rendering fails when it is not linked",
    ]);
    expect(r.errors).toBe(3);
  });

  it("lints every job of a release folder, the monit file included", async () => {
    write({ "rel/jobs/app/templates/a.erb": "<%= link('db').p('port') %>\n" });
    const r = await lintAt("rel");
    expect(r.jobs).toEqual(["rel/jobs/app", "rel/jobs/db"]);
    expect(r.findings).toEqual([]);
    write({ "rel/jobs/db/monit": "<%= p('prot') %>" });
    expect(brief((await lintAt("rel")).findings)[0]).toBe("unknown-property rel/jobs/db/monit:1:7 property 'prot' is not declared in rel/jobs/db/spec (did you mean 'port'?)");
  });
});

describe("templates and Ruby", () => {
  it("reports syntax errors and unsupported Ruby with positions", async () => {
    write({
      "ruby/spec": spec("ruby", { templates: { "bad.erb": "bad", "unsup.erb": "unsup" } }),
      "ruby/templates/bad.erb": "ok\n<% if true %>\n",
      "ruby/templates/unsup.erb": "a\n<% case 1\n   in Integer then 1\n   end %><%= 1r %>\n",
    });
    const r = await lintAt("ruby");
    expect(r.findings.map((f) => [f.rule, f.filename, f.line])).toEqual([
      ["syntax-error", "ruby/templates/bad.erb", 3],
      ["unsupported-ruby", "ruby/templates/unsup.erb", 2],
      ["unsupported-ruby", "ruby/templates/unsup.erb", 4],
    ]);
    expect(r.findings[1].message).toBe("unsupported Ruby: pattern matching (case/in) (a render that reaches it raises UnsupportedRubyError)");
    expect(r.findings[2].message).toBe("unsupported Ruby: Rational literal (a render that reaches it raises UnsupportedRubyError)");
  });

  it("checks .ejs templates for JavaScript syntax and counts them as reading any property", async () => {
    write({
      "ejsjob/spec": spec("ejsjob", { templates: { "ok.ejs": "ok", "bad.ejs": "bad" }, properties: { port: {} } }),
      "ejsjob/templates/ok.ejs": "<%= p('port') %>\n",
      "ejsjob/templates/bad.ejs": "a\n<% if ( %>\n",
    });
    const r = await lintAt("ejsjob");
    expect(r.findings.map((f) => [f.rule, f.filename, f.line])).toEqual([["syntax-error", "ejsjob/templates/bad.ejs", 2]]);
  });

  it("reports unlisted and missing templates, and templates outside the job folder", async () => {
    write({
      "files/spec": spec("files", { templates: { "listed.erb": "l", "gone.erb": "g", "../../outside.erb": "o", "link.erb": "k" } }),
      "files/templates/listed.erb": "x",
      "files/templates/extra/stray.erb": "y",
      "outside.erb": "<%= secret %>",
      "secret.txt": "top secret",
    });
    symlinkSync(join(root, "secret.txt"), join(root, "files/templates/link.erb"));
    const r = await lintAt("files");
    expect(r.findings.map((f) => `${f.rule} ${f.filename}:${f.line ?? ""} ${f.message}`)).toEqual([
      "missing-template files/spec:5 template 'gone.erb' is listed in the job spec but files/templates/gone.erb does not exist",
      "bad-spec files/spec:6 template '../../outside.erb' is outside the job's templates folder (after resolving '..' and links)",
      "bad-spec files/spec:7 template 'link.erb' is outside the job's templates folder (after resolving '..' and links)",
      "unlisted-template files/templates/extra/stray.erb: templates/extra/stray.erb is not listed in the job spec's templates (BOSH never renders it)",
    ]);
    expect(JSON.stringify(r)).not.toContain("top secret");
    expect((await lintAt("files", true)).findings.map((f) => f.rule)).toEqual(["bad-spec", "bad-spec", "unlisted-template"]);
  });

  it("reports an unreadable spec as a finding and rejects a path that is no job or release", async () => {
    write({ "badspec/spec": "name: [unclosed\n" });
    const r = await lintAt("badspec");
    expect(r.findings.map((f) => f.rule)).toEqual(["bad-spec"]);
    await expect(lint([join(root, "nowhere")], { engine })).rejects.toThrow(/not a job folder \(no spec\) nor a release folder/);
  });
});

describe("linkplate lint (CLI)", () => {
  async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const code = await main(["lint", ...args], { stdout: (s) => (out += s), stderr: (s) => (err += s) });
    return { code, out, err };
  }

  it("exits 1 with positioned findings when errors are found, 0 when clean", async () => {
    write({
      "cli/spec": spec("cli", { templates: { "a.erb": "a" }, properties: { port: {} } }),
      "cli/templates/a.erb": "<%= p('prot') %>\n",
    });
    const bad = await run([join(root, "cli")]);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain("cli/templates/a.erb:1:7: error: property 'prot' is not declared");
    expect(bad.out).toContain("[unknown-property]");
    expect(bad.out.trim().split("\n").at(-1)).toBe("1 job(s) linted: 1 error(s), 1 warning(s)");
    write({ "cli/templates/a.erb": "<%= p('port') %>\n" });
    const good = await run([join(root, "cli")]);
    expect(good).toEqual({ code: 0, out: "1 job(s) linted: 0 error(s), 0 warning(s)\n", err: "" });
  });

  it("prints JSON with --json and usage errors with exit 2", async () => {
    write({ "cli/templates/a.erb": "<%= p('prot') %>\n" });
    const r = await run([join(root, "cli"), "--json"]);
    const report = JSON.parse(r.out) as LintReport;
    expect(r.code).toBe(1);
    expect(report.errors).toBe(1);
    expect(report.findings[0]).toMatchObject({ rule: "unknown-property", severity: "error", line: 1, column: 7 });
    expect((await run([])).code).toBe(2);
  });

  it("lints the sample release in templates/ clean", async () => {
    const r = await lint(["templates"], { engine });
    expect(r.jobs.length).toBe(3);
    expect(r.findings).toEqual([]);
  });
});

const corpus = join(process.cwd(), "../shared/corpus");
describe.skipIf(!existsSync(corpus))("shared corpus", () => {
  it("reports every misspelled property name (a sample of the mutation run)", async () => {
    const { corpusReleases, mutateJob } = await import("../../tools/lint-corpus.js");
    const { loadRuby } = await import("../../src/ruby/index.js");
    const parse = await loadRuby();
    const releases = corpusReleases([corpus]).filter((r) => /nats|bosh-dns|routing/.test(r));
    const jobs = releases.flatMap((r) => readdirSync(join(r, "jobs")).map((n) => join(r, "jobs", n)));
    const mutations = jobs.flatMap((j) => mutateJob(j, engine, parse));
    expect(mutations.length).toBeGreaterThan(100);
    expect(mutations.filter((m) => !m.caught)).toEqual([]);
  });
});
