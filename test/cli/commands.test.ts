/** CLI ergonomics and the deployment pipeline, end to end through `main` (in process). */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { main } from "../../src/cli/main.js";
import { createEngine, loadJobDir, renderJob } from "../../src/index.js";

async function run(argv: string[]) {
  let out = "";
  let err = "";
  const code = await main(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s) });
  return { code, out, err };
}

const ROOT = new URL("../../", import.meta.url).pathname;
const SAMPLE = join(ROOT, "templates");
const tmp = () => mkdtempSync(join(tmpdir(), "lp-cmd-"));
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };

describe("help and version", () => {
  for (const cmd of ["render", "render-job", "render-deployment", "resolve"]) {
    test(`${cmd} --help`, async () => {
      const r = await run([cmd, "--help"]);
      expect(r.code).toBe(0);
      expect(r.out).toContain(`usage: linkplate ${cmd} `);
      expect(r.out).toContain("-h, --help");
    });
  }
  test("--version prints the package version", async () => {
    expect(await run(["--version"])).toEqual({ code: 0, out: `linkplate ${pkg.version}\n`, err: "" });
  });
  test("-o is an ops file: the output folder is --out", async () => {
    const r = await run(["render-deployment", join(SAMPLE, "deployment.yml"), "--release", SAMPLE, "-o", "x.yml"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("render-deployment needs --out DIR (-o is an ops file, as in the bosh CLI)");
  });
  test("an unknown option is a usage error with the command's help", async () => {
    const r = await run(["render-job", "x", "--bogus"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("Unknown option '--bogus'");
    expect(r.err).toContain("usage: linkplate render-job");
  });
});

describe("--json", () => {
  test("lists the files rendered", async () => {
    const out = join(tmp(), "out");
    const r = await run(["render-deployment", join(SAMPLE, "deployment.yml"), "--release", SAMPLE, "--out", out, "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.ok).toBe(true);
    expect(j.deployment).toBe("demo");
    expect(j.files).toContain("db/0/database/bin/ctl");
    expect(j.files).toHaveLength(16); // 11 ERB outputs and the 5 of the sample release's .ejs twins
  });
  test("reports errors with real template paths and positions", async () => {
    const dir = tmp();
    mkdirSync(join(dir, "j/templates"), { recursive: true });
    writeFileSync(join(dir, "j/spec"), "name: j\ntemplates: {a.erb: a}\n");
    writeFileSync(join(dir, "j/templates/a.erb"), "ok\n<%= nope %>\n");
    const r = await run(["render-job", join(dir, "j"), "--out", join(dir, "out"), "--json"]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.ok).toBe(false);
    expect(j.errors).toEqual([
      {
        type: "TemplateRenderError",
        message: expect.stringContaining("Error filling in template 'a.erb' (line 2: undefined local variable or method 'nope'"),
        file: join(dir, "j/templates/a.erb"),
        line: 2,
        column: 5,
      },
    ]);
  });
});

describe("--dns", () => {
  const setup = () => {
    const dir = tmp();
    writeFileSync(join(dir, "t.erb"), "<%= link('db').address(azs: ['z1']) %>\n");
    writeFileSync(
      join(dir, "c.yml"),
      "links:\n  db:\n    instances: []\n    properties: {}\n    group_name: db-postgres\n    deployment_name: demo\n    default_network: default\n    domain: bosh\n    use_short_dns_addresses: true\n",
    );
    return dir;
  };
  test("reads YAML and JSON alike", async () => {
    const dir = setup();
    writeFileSync(join(dir, "dns.yml"), "az_indices: {z1: 1}\nnetwork_indices: {default: 1}\nservice_groups:\n- [link, db-postgres, demo, 3]\n");
    writeFileSync(join(dir, "dns.json"), '{"az_indices": {"z1": 1}, "network_indices": {"default": 1}, "service_groups": [["link", "db-postgres", "demo", 3]]}');
    const outs = [];
    for (const f of ["dns.yml", "dns.json"]) {
      const r = await run(["render", join(dir, "t.erb"), "--context", join(dir, "c.yml"), "--dns", join(dir, f)]);
      expect(r.err).toBe("");
      outs.push(r.out);
    }
    expect(outs[0]).toMatch(/^q-a1\S*\.bosh\n$/);
    expect(outs[1]).toBe(outs[0]);
  });
  test("bad input is a typed error naming the file, never a SyntaxError", async () => {
    const dir = setup();
    const cases: Array<[string, string, RegExp]> = [
      ["bad.json", '{"az_indices": {', /bad\.json:\d+:\d+: /],
      ["bad.yml", "az_indices: [z1\n", /bad\.yml:\d+:\d+: /],
      ["keys.yml", "az_indexes: {z1: 1}\n", /keys\.yml: unknown key 'az_indexes' \(known: az_indices/],
      ["types.yml", "az_indices: {z1: one}\n", /types\.yml: 'az_indices' must map names to integers/],
      ["groups.yml", "service_groups: [[link, db]]\n", /'service_groups' must be a list of \[type, name, deployment, id\]/],
      ["list.yml", "- 1\n", /list\.yml: DNS tables must be a mapping/],
    ];
    for (const [name, text, want] of cases) {
      writeFileSync(join(dir, name), text);
      const r = await run(["render", join(dir, "t.erb"), "--context", join(dir, "c.yml"), "--dns", join(dir, name)]);
      expect(r.code, name).toBe(1);
      expect(r.err, name).toMatch(want);
      expect(r.err).not.toContain("internal error");
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });
});

describe("render-job", () => {
  const job = () => {
    const dir = tmp();
    mkdirSync(join(dir, "j/templates"), { recursive: true });
    writeFileSync(join(dir, "j/spec"), "name: j\ntemplates: {a.erb: a}\nconsumes: [{name: db, type: pg}]\nproperties: {x: {default: 1}, y.z: {default: [2]}}\n");
    writeFileSync(join(dir, "j/templates/a.erb"), "<%= spec.name %> <%= p('x') %> <%= p('y.z') %>\n");
    return dir;
  };
  test("a context without a name renders with the job's name (no crash on spec.name)", async () => {
    const dir = job();
    writeFileSync(join(dir, "ctx.json"), "{}");
    const r = await run(["render-job", join(dir, "j"), "--context", join(dir, "ctx.json"), "--out", join(dir, "out")]);
    expect(r.err).toBe("");
    expect(readFileSync(join(dir, "out/a"), "utf8")).toBe("j 1 [2]\n");
  });
  test("links the job does not consume are refused with bosh-template's text", async () => {
    const dir = job();
    writeFileSync(join(dir, "ctx.yml"), "links: {cache: {instances: [], properties: {}}}\n");
    const r = await run(["render-job", join(dir, "j"), "--context", join(dir, "ctx.yml"), "--out", join(dir, "out")]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("Link 'cache' is not declared as a consumed link in this job.");
  });
  test("the API applies spec defaults to plain data, like the CLI", async () => {
    const dir = job();
    const engine = await createEngine();
    const jd = await loadJobDir(join(dir, "j"));
    expect(renderJob(engine, jd, { properties: { x: 5, undeclared: 1 } }).files.get("a")).toBe("j 5 [2]\n");
    expect(renderJob(engine, jd).files.get("a")).toBe("j 1 [2]\n");
    expect(() => renderJob(engine, jd, { links: { other: {} } })).toThrow("Link 'other' is not declared as a consumed link in this job.");
  });
});

describe("releases, facts and graphs", () => {
  /** A copy of the sample release in a folder whose name is not the release name. */
  const setup = (final: string) => {
    const dir = tmp();
    const rel = join(dir, "demo-release");
    mkdirSync(rel);
    for (const p of ["jobs/database/spec", "jobs/database/monit", "jobs/database/templates/ctl.erb", "jobs/database/templates/postgresql.conf.erb", "jobs/web/spec", "jobs/web/templates/web.yml.erb", "jobs/web/templates/upstreams.conf.erb", "jobs/worker/spec", "jobs/worker/templates/worker.json.erb"]) {
      mkdirSync(join(rel, p, ".."), { recursive: true });
      writeFileSync(join(rel, p), readFileSync(join(SAMPLE, p)));
    }
    mkdirSync(join(rel, "config"));
    writeFileSync(join(rel, "config/final.yml"), final);
    return { dir, rel };
  };
  test("a release is found by final_name, then name, then folder", async () => {
    for (const final of ["final_name: demo\nname: other\n", "name: demo\n"]) {
      const { dir, rel } = setup(final);
      const r = await run(["resolve", join(SAMPLE, "deployment.yml"), "--release", rel]);
      expect(r.code, final).toBe(0);
      void dir;
    }
    const { rel } = setup("blobstore: {provider: local}\n");
    const r = await run(["resolve", join(SAMPLE, "deployment.yml"), "--release", rel]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("the manifest uses release 'demo' but no --release provides it (given: 'demo-release')");
  });
  test("a release the manifest names but nobody gives is an error unless skipped", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "m.yml"), readFileSync(join(SAMPLE, "deployment.yml"), "utf8").replace("releases:\n", "releases:\n- name: bpm\n  version: latest\n"));
    let r = await run(["resolve", join(dir, "m.yml"), "--release", SAMPLE]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("uses release 'bpm' but no --release provides it (given: 'demo'). Pass --release DIR for it, or --skip-release NAME to leave its jobs out");
    r = await run(["resolve", join(dir, "m.yml"), "--release", SAMPLE, "--skip-release", "bpm"]);
    expect(r.code).toBe(0);
  });
  test("unknown facts keys are errors at their position", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "facts.yml"), "director:\n  root_domain: bosh\n  local_dns_enable: true\n");
    const r = await run(["resolve", join(SAMPLE, "deployment.yml"), "--release", SAMPLE, "--facts", join(dir, "facts.yml")]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${join(dir, "facts.yml")}:3:3: unknown key 'local_dns_enable' in director (known: root_domain, local_dns_enabled, local_dns_use_dns_addresses)`);
    writeFileSync(join(dir, "facts.yml"), "directors: {}\n");
    expect((await run(["resolve", join(SAMPLE, "deployment.yml"), "--release", SAMPLE, "--facts", join(dir, "facts.yml")])).err).toContain("unknown key 'directors' in the facts file");
  });
  test("resolve's output renders unchanged with --graph (YAML and JSON), same files as from the manifest", async () => {
    const dir = tmp();
    const direct = await run(["render-deployment", join(SAMPLE, "deployment.yml"), "--release", SAMPLE, "--out", join(dir, "a"), "--json"]);
    for (const json of [false, true]) {
      const g = await run(["resolve", join(SAMPLE, "deployment.yml"), "--release", SAMPLE, ...(json ? ["--json"] : [])]);
      expect(g.code).toBe(0);
      const file = join(dir, json ? "graph.json" : "graph.yml");
      writeFileSync(file, g.out);
      const out = join(dir, json ? "c" : "b");
      const r = await run(["render-deployment", "--graph", file, "--release", SAMPLE, "--out", out, "--json"]);
      expect(r.code, r.out).toBe(0);
      expect(JSON.parse(r.out).files).toEqual(JSON.parse(direct.out).files);
      for (const f of JSON.parse(r.out).files as string[]) expect(readFileSync(join(out, f), "utf8"), f).toBe(readFileSync(join(dir, "a", f), "utf8"));
    }
  });
});

describe("resolve --json", () => {
  test("link errors come back as JSON entries with positions", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "m.yml"), readFileSync(join(SAMPLE, "deployment.yml"), "utf8").replace(/- name: db\n  instances: 2/, "- name: dbx\n  instances: 2").replace("  - name: database\n", "  - name: worker\n"));
    const r = await run(["resolve", join(dir, "m.yml"), "--release", SAMPLE, "--json"]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.ok).toBe(false);
    expect(j.errors[0]).toMatchObject({ type: "InputError", file: join(dir, "m.yml") });
    expect(j.errors[0].message).toContain("Failed to resolve link 'db' with type 'postgres'");
    expect(typeof j.errors[0].line).toBe("number");
  });
});

describe("progress line", () => {
  test("drawn on a terminal only, and erased at the end", async () => {
    const dir = tmp();
    let tty = "";
    const code = await main(["render-deployment", join(SAMPLE, "deployment.yml"), "--release", SAMPLE, "--out", join(dir, "a")], { stdout: () => {}, stderr: (s) => void (tty += s), isTty: true });
    expect(code).toBe(0);
    expect(tty).toContain("\r\x1b[2Krendering 1/5: db/0 database");
    expect(tty).toContain("\r\x1b[2Krendering 5/5: worker/0 worker");
    expect(tty.endsWith("\r\x1b[2K")).toBe(true);
    const plain = await run(["render-deployment", join(SAMPLE, "deployment.yml"), "--release", SAMPLE, "--out", join(dir, "b")]);
    expect(plain.err).toBe("");
  });
});

describe("--runtime-config", () => {
  test("addons land where the director would put them, with the addon's properties", async () => {
    const dir = tmp();
    writeFileSync(
      join(dir, "runtime.yml"),
      "releases: [{name: demo, version: latest}]\naddons:\n- name: extra-worker\n  include: {instance_groups: [web, db]}\n  exclude: {jobs: [{name: database, release: demo}]}\n  properties: {worker: {queues: [addon]}}\n  jobs: [{name: worker, release: demo}]\n",
    );
    const r = await run(["render-deployment", join(SAMPLE, "deployment.yml"), "--release", SAMPLE, "--runtime-config", join(dir, "runtime.yml"), "--out", join(dir, "out"), "--json"]);
    expect(r.code, r.out).toBe(0);
    const files = JSON.parse(r.out).files as string[];
    expect(files.filter((f) => f.endsWith("config/worker.json") && !f.includes("/ejs/")).sort()).toEqual(["web/0/worker/config/worker.json", "web/1/worker/config/worker.json", "worker/0/worker/config/worker.json"]);
    expect(JSON.parse(readFileSync(join(dir, "out/web/0/worker/config/worker.json"), "utf8")).queues).toEqual(["addon"]);
  });
  test("a runtime config's release must be given", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "runtime.yml"), "releases: [{name: os-conf, version: 1}]\naddons: [{name: a, jobs: [{name: x, release: os-conf}]}]\n");
    const r = await run(["resolve", join(SAMPLE, "deployment.yml"), "--release", SAMPLE, "--runtime-config", join(dir, "runtime.yml")]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("uses release 'os-conf' but no --release provides it");
    expect((await run(["resolve", join(SAMPLE, "deployment.yml"), "--release", SAMPLE, "--runtime-config", join(dir, "runtime.yml"), "--skip-release", "os-conf"])).code).toBe(0);
  });
});
