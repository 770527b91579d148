/**
 * The public boundary (issue 9 item 1): an unexpected JavaScript exception anywhere behind the
 * public API comes out as an InternalError — a LinkplateError with the template position where it
 * is known and a "please report" hint — and the CLI prints it without a stack. Faults are injected
 * into core methods, since a real one would be a bug to fix rather than a test to keep.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { INTERNAL_ERROR_HINT } from "../../src/diagnostics/errors.js";
import { createEngine, InputError, InternalError, LinkplateError, loadJobDir, renderJob, resolveDeployment, resolveOrThrow, JobRenderError } from "../../src/index.js";
import { RClass, RHash } from "../../src/ruby/runtime/values.js";

const engine = await createEngine();

/** Makes method lookup of `name` throw a TypeError, as a bug in a core class would. */
function breakMethod(name: string): void {
  const findMethod = RClass.prototype.findMethod;
  vi.spyOn(RClass.prototype, "findMethod").mockImplementation(function (this: RClass, n: string) {
    if (n === name) throw new TypeError(`injected fault in ${n}`);
    return findMethod.call(this, n);
  });
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("expected an exception");
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("InternalError at the engine's boundary", () => {
  test("a fault while rendering is reported at the call being run", () => {
    const template = engine.compile("a\n<%= 'x'.upcase %>\n", { filename: "job/t.erb" });
    breakMethod("upcase");
    const e = thrown(() => template.render({}));
    expect(e).toBeInstanceOf(InternalError);
    expect(e).toBeInstanceOf(LinkplateError);
    const err = e as InternalError;
    expect([err.filename, err.line]).toEqual(["job/t.erb", 2]);
    expect(err.message.split("\n")[0]).toBe("job/t.erb:2:9: internal error: TypeError: injected fault in upcase");
    expect(err.message).toContain(INTERNAL_ERROR_HINT);
    expect(err.message).not.toMatch(/\n\s+at /);
    expect(err.cause).toBeInstanceOf(TypeError);
  });

  test("Engine#render (compile and render in one call) too", () => {
    breakMethod("upcase");
    const e = thrown(() => engine.render("<%= 'x'.upcase %>", {}, { filename: "one.erb" }));
    expect(e).toBeInstanceOf(InternalError);
    expect((e as InternalError).filename).toBe("one.erb");
  });

  test("a fault while compiling names the template", () => {
    vi.spyOn(engine as unknown as { parse: () => unknown }, "parse").mockImplementation(() => {
      throw new TypeError("injected parser fault");
    });
    const e = thrown(() => engine.compile("<%= 1 %>", { filename: "job/c.erb" }));
    expect(e).toBeInstanceOf(InternalError);
    expect((e as InternalError).filename).toBe("job/c.erb");
    expect((e as InternalError).message).toMatch(/^job\/c\.erb: internal error: TypeError: injected parser fault\n/);
  });

  test("a fault while reading a context", () => {
    vi.spyOn(RHash.prototype, "set").mockImplementation(() => {
      throw new RangeError("injected hash fault");
    });
    const e = thrown(() => engine.parseContext("a: 1\n", "yaml", "ctx.yml"));
    expect(e).toBeInstanceOf(InternalError);
    expect((e as InternalError).filename).toBe("ctx.yml");
    expect((e as InternalError).message).toContain("RangeError: injected hash fault");
  });

  test("typed errors pass through unchanged", () => {
    const e = thrown(() => engine.render("<%= nil.foo %>", {}));
    expect((e as Error).constructor.name).toBe("TemplateRenderError");
  });
});

describe("InternalError at the resolver's and the renderers' boundary", () => {
  test("the resolver's entry points", () => {
    // Not even an object: the resolver reads `.manifests` of undefined.
    expect(thrown(() => resolveDeployment(undefined as never))).toBeInstanceOf(InternalError);
    expect(thrown(() => resolveOrThrow(undefined as never))).toBeInstanceOf(InternalError);
  });

  test("renderJob reports a faulty template among the job's failures", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lp-internal-"));
    writeFileSync(join(dir, "spec"), "name: web\ntemplates:\n  a.erb: a.txt\n  b.erb: b.txt\nproperties: {}\n");
    mkdirSync(join(dir, "templates"));
    writeFileSync(join(dir, "templates", "a.erb"), "fine\n");
    writeFileSync(join(dir, "templates", "b.erb"), "<%= 'x'.upcase %>\n");
    const job = await loadJobDir(dir);
    breakMethod("upcase");
    const e = thrown(() => renderJob(engine, job, new RHash()));
    expect(e).toBeInstanceOf(JobRenderError);
    expect((e as JobRenderError).failures.map((f) => [f.template, f.error.constructor.name])).toEqual([["b.erb", "InternalError"]]);
  });

  test("a failed file-system call is the caller's environment, not a bug", async () => {
    await expect(loadJobDir(join(tmpdir(), "lp-no-such-dir-", "x"))).rejects.toBeInstanceOf(InputError);
  });
});

describe("the CLI never prints a stack", () => {
  test("an internal error exits 70 with the message and the hint", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lp-internal-"));
    writeFileSync(join(dir, "t.erb"), "<%= 'x'.upcase %>\n");
    breakMethod("upcase");
    let out = "";
    let err = "";
    const code = await main(["render", join(dir, "t.erb")], { stdout: (s) => void (out += s), stderr: (s) => void (err += s) });
    expect(code).toBe(70);
    expect(out).toBe("");
    expect(err).toContain(`linkplate: ${join(dir, "t.erb")}:1:9: internal error: TypeError: injected fault in upcase\n`);
    expect(err).toContain(INTERNAL_ERROR_HINT);
    expect(err).not.toMatch(/\n\s+at /);
  });
});

describe("user errors the CLI used to let through raw", () => {
  test("a --dns file that is not JSON is an input error (exit 1), not an internal one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lp-internal-"));
    writeFileSync(join(dir, "t.erb"), "x\n");
    writeFileSync(join(dir, "dns.json"), "{not json");
    let err = "";
    const code = await main(["render", join(dir, "t.erb"), "--dns", join(dir, "dns.json")], { stdout: () => {}, stderr: (s) => void (err += s) });
    expect(code).toBe(1);
    expect(err).toMatch(new RegExp(`^${join(dir, "dns.json")}:1:2: invalid JSON: `));
    expect(err).not.toContain("internal error");
  });
});
