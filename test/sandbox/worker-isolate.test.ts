/**
 * createEngine({ isolate: "worker" }): renders in a worker thread with a heap limit and a
 * wall-clock timeout. Overruns are typed LimitExceededErrors, the host process survives, and the
 * next render (a new worker) is correct.
 */
import { afterAll, describe, expect, it } from "vitest";
import { InputError, LimitExceededError, SandboxError, TemplateRenderError, TemplateSyntaxError } from "../../src/diagnostics/errors.js";
import { WorkerEngine, createEngine } from "../../src/engine.js";

const engine = await createEngine({ isolate: "worker", timeoutMs: 20_000, maxHeapMb: 96 });
const CANARY = "port: <%= p('port') %> <%= [1, 2].map { |x| x * 3 }.inspect %>\n";
const canary = async () => expect(await engine.render(CANARY, { properties: { port: 8080 } })).toBe("port: 8080 [3, 6]\n");

afterAll(() => engine.close());

describe("worker isolation", () => {
  it("is a WorkerEngine that renders like the in-process engine", async () => {
    expect(engine).toBeInstanceOf(WorkerEngine);
    const t = await engine.compile("<%= p('a.b', 'dflt') %>|<%= spec.name %>", { filename: "w.erb" });
    expect(await t.render({ name: "job", properties: { a: { b: "x" } } })).toBe("x|job");
    expect(await t.render({ name: "job2", properties: {} })).toBe("dflt|job2");
  }, 60_000);

  it("a render that runs past the timeout is a LimitExceededError and the next render is correct", async () => {
    const short = await createEngine({ isolate: "worker", timeoutMs: 1500 });
    try {
      const t = await short.compile("<% loop { } %>");
      const err = await t.render({ properties: {} }, { limits: { steps: 1e15 } }).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(LimitExceededError);
      expect((err as LimitExceededError).limit).toBe("render time (ms)");
      expect(await short.render("<%= 6 * 7 %>", { properties: {} })).toBe("42");
      // The template compiled before the worker was replaced still renders (recompiled there).
      const err2 = await t.render({ properties: {} }, { limits: { steps: 1000 } }).then(() => null, (e: unknown) => e);
      expect((err2 as LimitExceededError).limit).toBe("steps");
    } finally {
      await short.close();
    }
    await canary();
  }, 120_000);

  it.each([
    ["a syntax error", "<% if %>", TemplateSyntaxError],
    ["a sandbox refusal", "<%= File.read('/etc/passwd') %>", SandboxError],
    ["a Ruby exception", "<%= nil.upcase %>", TemplateRenderError],
    ["a step limit", "<% loop { } %>", LimitExceededError],
  ])("%s keeps its class and position across the thread", async (_n, src, cls) => {
    const err = await engine.render(src, { properties: {} }, { filename: "typed.erb", limits: { steps: 10_000 } }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(cls);
    expect((err as { filename: string }).filename).toBe("typed.erb");
    expect((err as { line: number }).line).toBe(1);
    await canary();
  }, 60_000);

  it("contexts that cannot be copied to the worker are an InputError", async () => {
    const err = await engine.render("x", { properties: { f: () => 1 } } as never).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    await canary();
  }, 60_000);

  it("rejects bad options", async () => {
    await expect(createEngine({ isolate: "worker", timeoutMs: -1 })).rejects.toBeInstanceOf(InputError);
    await expect(createEngine({ isolate: "worker", limits: { steps: -1 } })).rejects.toBeInstanceOf(InputError);
  });
});
