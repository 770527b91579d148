import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { LimitExceededError, TemplateRenderError, TemplateSyntaxError } from "../../src/diagnostics/errors.js";
import { createEngine, type Engine } from "../../src/engine.js";
import { EjsTemplate } from "../../src/ejs/index.js";
import { loadJobDir, renderJob } from "../../src/render/job.js";
import type { PlainJson } from "../../src/bosh/evaluation-context.js";

let engine: Engine;
beforeAll(async () => {
  engine = await createEngine();
});

const sample = join(import.meta.dirname, "../../templates/jobs");

function instance(name: string, index: number, az: string, bootstrap = false): PlainJson {
  return { name, index, id: `${name}-${index}-uuid`, az, address: `${name}-${index}.example.internal`, bootstrap, properties: {} };
}

function link(group: string, instances: PlainJson[], properties: PlainJson): PlainJson {
  return { instances, properties, instance_group: group, default_network: "default", deployment_name: "demo", domain: "bosh", use_short_dns_addresses: false };
}

const DNS = { az_indices: { z1: 1, z2: 2 }, short_dns: false, service_groups: [] };

/** Contexts that take every branch of the sample templates: bootstrap or not, with and without the optional cache link. */
function contexts(): { label: string; context: PlainJson }[] {
  const db = link("db", [instance("db", 0, "z1", true), instance("db", 1, "z2")], { database: { port: 5432, name: "orders" } });
  const web = link("web", [instance("web", 0, "z1"), instance("web", 1, "z2")], { web: { port: 8080 } });
  const cache = link("cache", [instance("cache", 0, "z2"), instance("cache", 1, "z1")], {});
  const base = { deployment: "demo", networks: { default: { ip: "10.0.0.5" } } };
  const props = {
    database: { port: 5433, name: "orders", max_connections: 50, admin_password: "pw" },
    web: { port: 8080, workers: 4, features: {} },
    worker: { queues: ["critical", "default"], poll_interval: 1.5 },
  };
  return [
    { label: "bootstrap in z1, no cache", context: { ...base, name: "db", index: 0, id: "uuid-0", az: "z1", address: "10.0.0.5", bootstrap: true, properties: props, links: { db, web } } },
    { label: "z2, cache linked", context: { ...base, name: "web", index: 1, id: "uuid-1", az: "z2", address: "10.0.0.6", bootstrap: false, properties: props, links: { db, web, cache } } },
  ];
}

describe("ejs twins of the sample release render the same bytes as their ERB originals", () => {
  const twins = [
    ["web", "upstreams.conf.erb", "upstreams.conf.ejs"],
    ["worker", "worker.json.erb", "worker.json.ejs"],
    ["database", "postgresql.conf.erb", "postgresql.conf.ejs"],
  ] as const;
  for (const [job, erb, ejsFile] of twins) {
    for (const { label, context } of contexts()) {
      it(`${job}: ${ejsFile} (${label})`, () => {
        const read = (f: string) => readFileSync(join(sample, job, "templates", f), "utf8");
        const expected = engine.compile(read(erb), { filename: `${job}/${erb}` }).render(context, { dns: DNS });
        const actual = engine.compileAny(read(ejsFile), { filename: `${job}/${ejsFile}` }).render(context, { dns: DNS });
        expect(actual).toBe(expected);
        expect(actual.length).toBeGreaterThan(0);
      });
    }
  }

  it("covers if_link(...).else both ways, instances and an AZ-filtered address", () => {
    const [noCache, withCache] = contexts();
    const upstreams = readFileSync(join(sample, "web/templates/upstreams.conf.ejs"), "utf8");
    const t = engine.compileAny(upstreams, { filename: "web/upstreams.conf.ejs" });
    expect(t.render(noCache.context)).toContain("# no cache linked");
    expect(t.render(withCache.context)).toContain("server cache-0.example.internal:6379; # z2");
    const worker = engine.compileAny(readFileSync(join(sample, "worker/templates/worker.json.ejs"), "utf8"), { filename: "worker/worker.json.ejs" });
    expect(JSON.parse(worker.render(withCache.context, { dns: DNS })).database_in_my_az).toBe("q-a2s0.db.default.demo.bosh");
  });
});

/** The same template in both dialects against one context: same output, or the same Ruby error. */
function both(erbSrc: string, ejsSrc: string, context: PlainJson, dns: Record<string, unknown> | null = null): { erb: string; ejs: string } {
  const run = (f: () => string) => {
    try {
      return f();
    } catch (e) {
      if (e instanceof TemplateRenderError) return `!${e.rubyClass}: ${e.rubyMessage}`;
      throw e;
    }
  };
  return {
    erb: run(() => engine.compile(erbSrc, { filename: "t.erb" }).render(context, { dns })),
    ejs: run(() => new EjsTemplate(ejsSrc, "t.ejs").render(context, { dns })),
  };
}

describe("the helpers behave as BOSH's", () => {
  const ctx: PlainJson = {
    name: "web",
    index: 3,
    az: "z1",
    properties: { a: { b: "x", f: false }, list: [1, 2], s: "hello" },
    links: {
      db: link("db", [instance("db", 0, "z1"), instance("db", 1, "z2")], { port: 5432, tls: { on: true } }),
      manual: { ...(link("m", [], {}) as object), address: "manual.example.com" },
      broken: { properties: {} },
    },
  };
  const cases: [string, string, string][] = [
    ["p with a fallback list and a default", "<%= p(['x.y', 'a.b']) %>|<%= p('nope', 'd') %>|<%= p(['n1', 'n2'], nil).inspect %>", "<%= p(['x.y', 'a.b']) %>|<%= p('nope', 'd') %>|<%= p(['n1', 'n2'], null) === null ? 'nil' : 'set' %>"],
    ["false is a value, not a missing property", "<%= p('a.f') %>|<%= p('a.f', true) %>", "<%= p('a.f') %>|<%= p('a.f', true) %>"],
    ["unknown property", "<%= p('a.zz') %>", "<%= p('a.zz') %>"],
    ["unknown property list", "<%= p(['q', 'r.s']) %>", "<%= p(['q', 'r.s']) %>"],
    ["a dotted name through a String", "<%= p('s.ell') %>|<%= p('s.xyz', 'no') %>", "<%= p('s.ell') %>|<%= p('s.xyz', 'no') %>"],
    ["a dotted name through an Array", "<%= p('list.x') %>", "<%= p('list.x') %>"],
    [
      "if_p / else_if_p / else",
      "<% if_p('nope') do %>1<% end.else_if_p('a.b', 'list') do |b, l| %><%= b %><%= l.size %><% end.else do %>3<% end %>",
      "<% if_p('nope', () => { %>1<% }).else_if_p('a.b', 'list', (b, l) => { %><%= b %><%= l.length %><% }).else(() => { %>3<% }) %>",
    ],
    ["if_p else", "<% if_p('nope') do %>1<% end.else do %>2<% end %>", "<% if_p('nope', () => { %>1<% }).else(() => { %>2<% }) %>"],
    ["link instances and link properties", "<%= link('db').instances.map { |i| \"#{i.name}/#{i.index}@#{i.az}\" }.join(',') %> <%= link('db').p('tls.on') %>", "<%= link('db').instances.map((i) => `${i.name}/${i.index}@${i.az}`).join(',') %> <%= link('db').p('tls.on') %>"],
    ["link if_p else", "<% link('db').if_p('tls.off') do |x| %>y<% end.else do %>n<% end %>", "<% link('db').if_p('tls.off', (x) => { %>y<% }).else(() => { %>n<% }) %>"],
    ["instance p with default", "<%= link('db').instances[0].p('zone', 'none') %>", "<%= link('db').instances[0].p('zone', 'none') %>"],
    ["unknown link", "<%= link('cache') %>", "<%= link('cache') %>"],
    ["a link without instances", "<%= link('broken') %>", "<%= link('broken') %>"],
    ["if_link / else_if_link", "<% if_link('cache') do %>c<% end.else_if_link('db') do |d| %><%= d.instances.size %><% end %>", "<% if_link('cache', () => { %>c<% }).else_if_link('db', (d) => { %><%= d.instances.length %><% }) %>"],
    ["manual address", "<%= link('manual').address(azs: ['z9']) %>", "<%= link('manual').address({ azs: ['z9'] }) %>"],
    ["address without a director", "<%= link('db').address %>", "<%= link('db').address() %>"],
    ["name, index, spec", "<%= name %>/<%= index %>/<%= spec.az %>", "<%= name %>/<%= index %>/<%= spec.az %>"],
  ];
  for (const [label, erb, ejsSrc] of cases) {
    it(label, () => {
      const r = both(erb, ejsSrc, ctx);
      expect(r.ejs).toBe(r.erb);
    });
  }

  it("addresses with AZ and status filters, and the director's unknown-AZ error", () => {
    const dns = { az_indices: { z1: 1, z2: 2 } };
    for (const [erb, ejsSrc] of [
      ["<%= link('db').address %>", "<%= link('db').address() %>"],
      ["<%= link('db').address(azs: ['z2', 'z1'], status: 'healthy') %>", "<%= link('db').address({ azs: ['z2', 'z1'], status: 'healthy' }) %>"],
      ["<%= link('db').address(azs: ['z7']) %>", "<%= link('db').address({ azs: ['z7'] }) %>"],
    ]) {
      const r = both(erb, ejsSrc, ctx, dns);
      expect(r.ejs).toBe(r.erb);
    }
    expect(both("<%= link('db').address(azs: ['z7']) %>", "", ctx, dns).erb).toBe("!RuntimeError: Unknown AZ: 'z7'");
  });
});

describe("ejs templates are typed and bounded", () => {
  it("reports a template's own JavaScript error with its class and line", () => {
    const e = (() => {
      try {
        new EjsTemplate("line 1\n<%= spec.nothing.deeper %>\n", "t.ejs").render({});
      } catch (err) {
        return err as TemplateRenderError;
      }
      throw new Error("no error");
    })();
    expect(e).toBeInstanceOf(TemplateRenderError);
    expect(e.rubyClass).toBe("TypeError");
    expect(e.line).toBe(2);
    expect(e.frame).toContain("> 2 | <%= spec.nothing.deeper %>");
  });

  it("reports syntax errors as TemplateSyntaxError with the template line", () => {
    expect(() => new EjsTemplate("a\nb\n<% if ( %>\n", "t.ejs")).toThrow(TemplateSyntaxError);
    try {
      new EjsTemplate("a\nb\n<% if ( %>\n", "t.ejs");
    } catch (e) {
      expect((e as TemplateSyntaxError).line).toBe(3);
    }
  });

  it("stops a runaway template at the time limit and an oversized output at the output limit", () => {
    expect(() => new EjsTemplate("<% for (;;) {} %>", "loop.ejs").render({}, { limits: { timeMs: 50 } })).toThrow(LimitExceededError);
    expect(() => new EjsTemplate("<%= 'x'.repeat(5000) %>", "big.ejs").render({}, { limits: { output: 100 } })).toThrow(LimitExceededError);
  });

  it("sees only the helpers and its data: no process, require, eval or Function", () => {
    const out = new EjsTemplate(
      "<%= typeof process %> <%= typeof require %> <%= typeof globalThis.fetch %> <% try { eval('1') } catch (e) { %><%= e.name %><% } %> <% try { new Function('return 1') } catch (e) { %><%= e.name %><% } %>",
      "g.ejs",
    ).render({});
    expect(out).toBe("undefined undefined undefined EvalError EvalError");
  });

  it("gives every render its own copy of the data", () => {
    const t = new EjsTemplate("<% spec.properties.n = (spec.properties.n || 0) + 1 %><%= spec.properties.n %>", "m.ejs");
    const context = { properties: { n: 1 } };
    expect(t.render(context)).toBe("2");
    expect(t.render(context)).toBe("2");
    expect(context.properties.n).toBe(1);
  });
});

describe("jobs with .ejs templates", () => {
  it("render-job renders .ejs templates listed in the spec beside .erb ones", async () => {
    const job = await loadJobDir(join(sample, "database"));
    const [ctx] = contexts();
    const { links: _links, ...context } = ctx.context as Record<string, PlainJson>; // the database job consumes no link
    const { files } = renderJob(engine, job, engine.parseContext(JSON.stringify(context), "json") as never);
    expect(files.get("ejs/config/postgresql.conf")).toBe(files.get("config/postgresql.conf"));
    expect(files.get("ejs/config/postgresql.conf")).toContain("# this instance is the bootstrap instance");
  });
});
