/**
 * The `director` and `create-env` render profiles, one test per documented difference
 * (docs/profiles.md). create-env expectations were checked with bosh-cli's own erb_renderer.rb on
 * Debian's Ruby; messages are given in Ruby 4.0's wording, as linkplate renders everything.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createEnvContext } from "../../src/bosh/create-env-context.js";
import { InputError, TemplateRenderError } from "../../src/diagnostics/errors.js";
import { createEngine, type Engine, type RenderProfile } from "../../src/engine.js";
import { JobRenderError, parseJobSpec, renderJob } from "../../src/render/job.js";
import { RHash } from "../../src/ruby/runtime/values.js";
import type { PlainJson } from "../../src/bosh/evaluation-context.js";

let engine: Engine;
beforeAll(async () => {
  engine = await createEngine();
});

const rubyHash = (json: PlainJson) => engine.parseContext(JSON.stringify(json), "json") as RHash;

/** bosh-cli's RootContext for a job with these spec defaults and manifest properties. */
function ceContext(defaults: Record<string, PlainJson>, levels: { job?: PlainJson; cluster?: PlainJson; global?: PlainJson } = {}): RHash {
  return createEnvContext({
    job: "postgres",
    defaults: new Map(Object.entries(defaults).map(([k, v]) => [k, v === null ? undefined : (rubyHash({ v }).getStr("v") ?? null)])),
    jobProperties: levels.job === undefined ? null : rubyHash(levels.job),
    clusterProperties: levels.cluster === undefined ? undefined : rubyHash(levels.cluster),
    globalProperties: levels.global === undefined ? undefined : rubyHash(levels.global),
    deployment: "bosh",
    id: "11111111-2222-3333-4444-555555555555",
  });
}

const directorContext: PlainJson = {
  name: "postgres",
  index: 2,
  az: "z1",
  bootstrap: false,
  properties: { db: { port: 1234 } },
  links: { peer: { instances: [{ address: "10.0.0.9" }], properties: {} } },
};

function render(src: string, context: RHash | PlainJson, profile: RenderProfile): string {
  try {
    return engine.compile(src, { filename: "t.erb" }).render(context, { profile });
  } catch (e) {
    if (e instanceof TemplateRenderError) return `!${e.rubyClass}: ${e.rubyMessage}`;
    throw e;
  }
}

describe("create-env's context", () => {
  it("is bosh-cli's RootContext: index 0, az unknown, bootstrap true, a default network without addresses, Go's sorted maps", () => {
    const ctx = ceContext({ "z.b": 1, "a.c": null }, { cluster: { z: { b: 2 }, a: { c: "x" } } });
    expect(render("<%= JSON.generate(spec.instance_variable_get(:@table).keys) %>", ctx, "create-env")).toBe(
      '["index","id","az","bootstrap","job","deployment","networks","global_properties","cluster_properties","job_properties","default_properties"]',
    );
    expect(render("<%= spec.index %> <%= spec.az %> <%= spec.bootstrap %> [<%= spec.networks.default.ip %>] <%= name %> <%= spec.job.name %> <%= spec.deployment %>", ctx, "create-env")).toBe(
      "0 unknown true [] postgres postgres bosh",
    );
    expect(render("<%= raw_properties.to_json %> <%= spec.cluster_properties.a.c %>", ctx, "create-env")).toBe('{"a":{"c":"x"},"z":{"b":2}} x');
  });

  it("takes the job's own properties when present, else global deep-merged with the instance group's; spec defaults fill the gaps", () => {
    const defaults = { "db.port": 5432, "db.name": "x", "db.user": null };
    const levels = { global: { db: { name: "g", user: "u" } }, cluster: { db: { port: 1234 } } };
    expect(render("<%= p('db.port') %> <%= p('db.name') %> <%= p('db.user') %>", ceContext(defaults, levels), "create-env")).toBe("1234 g u");
    expect(render("<%= p('db.port') %> <%= p('db.name') %> <%= p('db.user', 'none') %>", ceContext(defaults, { ...levels, job: { db: { name: "j" } } }), "create-env")).toBe("5432 j none");
  });
});

describe("differences in the template API", () => {
  it("has no links: link does not exist, if_link is always false and runs no block", () => {
    const ce = ceContext({});
    expect(render("<%= link('peer').instances.size %>", directorContext, "director")).toBe("1");
    expect(render("<%= link('peer') %>", ce, "create-env")).toBe("!NoMethodError: undefined method 'link' for an instance of TemplateEvaluationContext");
    expect(render("<% if_link('peer') do %>linked<% end %><%= if_link('peer').inspect %>", ce, "create-env")).toBe("false");
    expect(render("<% if_link('peer') do %>y<% end.else do %>n<% end %>", directorContext, "director")).toBe("y");
    expect(render("<% if_link('peer') do %>y<% end.else do %>n<% end %>", ce, "create-env")).toBe("!NoMethodError: undefined method 'else' for false");
  });

  it("words UnknownProperty differently and names its own class", () => {
    expect(render("<%= p(['a', 'b.c']) %>", directorContext, "director")).toBe(`!Bosh::Common::Template::UnknownProperty: Can't find property '["a", "b.c"]'`);
    expect(render("<%= p(['a', 'b.c']) %>", ceContext({}), "create-env")).toBe("!TemplateEvaluationContext::UnknownProperty: Can't find property 'a', or 'b.c'");
    expect(render("<% begin; p('q'); rescue UnknownProperty => e; %><%= e.name.inspect %><% end %>", ceContext({}), "create-env")).toBe("nil");
  });

  it("has else_if_p but no else_if_link after if_p", () => {
    const ce = ceContext({ "db.port": 5432, "db.user": null });
    expect(render("<% if_p('db.user') do %>u<% end.else_if_p('db.port') do |p| %><%= p %><% end %>", ce, "create-env")).toBe("5432");
    expect(render("<% if_p('nope') do %>u<% end.else_if_link('peer') do %>l<% end %>", directorContext, "director")).toBe("l");
    expect(render("<% if_p('db.user') do %>u<% end.else_if_link('x') do %>l<% end %>", ce, "create-env")).toBe(
      "!NoMethodError: undefined method 'else_if_link' for an instance of TemplateEvaluationContext::ActiveElseBlock",
    );
  });

  it("wraps spec and properties in PropertyStruct, which answers nil for any unknown name", () => {
    const ce = ceContext({ "db.port": 5432 });
    expect(render("<%= spec.class %> <%= spec.to_h.inspect %> <%= properties.db.to_h.inspect %> <%= spec.respond_to?(:az) %> <%= spec.respond_to?(:zz) %>", ce, "create-env")).toBe(
      "PropertyStruct nil nil true false",
    );
    expect(render("<%= spec.class %> <%= properties.db.to_h %>", directorContext, "director")).toBe('Bosh::Common::Template::EvaluationContext::BackCompatOpenStruct {port: 1234}');
  });

  it("keeps bosh-cli's classes out of the director profile", () => {
    expect(render("<%= defined?(PropertyStruct).inspect %> <%= defined?(TemplateEvaluationContext).inspect %>", directorContext, "director")).toBe("nil nil");
    expect(render("<%= defined?(PropertyStruct).inspect %>", ceContext({}), "create-env")).toBe('"constant"');
  });
});

describe("profiles in job rendering and the engine", () => {
  it("reports failures with bosh-cli's line: for <job>/<index> and the exception's inspect", () => {
    const spec = parseJobSpec("name: postgres\ntemplates:\n  a.erb: a\nproperties:\n  db.port: {}\n", "spec");
    const job = { dir: ".", spec, sources: new Map([["a.erb", "ok\n<%= p('db.prot') %>\n"]]) };
    const ctx = createEnvContext({ job: "postgres", defaults: spec.properties });
    try {
      renderJob(engine, job, ctx, { profile: "create-env" });
      throw new Error("rendered");
    } catch (e) {
      expect((e as JobRenderError).failures.map((f) => f.boshMessage)).toEqual([
        "Error filling in template 'a.erb' for postgres/0 (line 2: #<TemplateEvaluationContext::UnknownProperty: Can't find property 'db.prot'>)",
      ]);
    }
  });

  it("takes the profile from the engine by default, and refuses an unknown one", async () => {
    const ce = await createEngine({ profile: "create-env" });
    expect(ce.compile("<%= if_link('x').inspect %>").render(ceContext({}))).toBe("false");
    await expect(createEngine({ profile: "agent" as RenderProfile })).rejects.toThrow(InputError);
    expect(() => engine.compile("x").render({}, { profile: "bosh-lite" as RenderProfile })).toThrow(/unknown render profile 'bosh-lite'/);
  });
});
