/**
 * The ejs dialect: JavaScript-expression templates (`.ejs`) with BOSH's helpers. ejs compiles the
 * template to JavaScript once; every render runs it in a fresh `node:vm` context that holds only the
 * helpers and the render's own copy of the context data, under a wall-clock timeout (in a browser,
 * a function whose free names resolve to the helpers first: see pageRunner).
 *
 * node:vm is not a security boundary: a template can reach the host through the helpers' own
 * function objects. Only the ERB dialect is a sandbox; ejs templates must be trusted.
 */
import type { Script } from "node:vm";
import ejs from "ejs";
import { type DnsIndexTables, dnsTablesOption } from "../bosh/dns-encoder.js";
import type { ContextInput } from "../bosh/evaluation-context.js";
import { LimitExceededError, TemplateRenderError, TemplateSyntaxError } from "../diagnostics/errors.js";
import { nodeBuiltin } from "../ruby/host/node-builtins.js";
import { SourceText } from "../diagnostics/source.js";
import { contextData } from "./data.js";
import { EjsApiError, ejsApi } from "./helpers.js";

export interface EjsLimits {
  /** Wall-clock time one render may take (ms). */
  timeMs: number;
  /** Characters of output. */
  output: number;
}

export const DEFAULT_EJS_LIMITS: EjsLimits = { timeMs: 2000, output: 16 * 1024 * 1024 };

export interface EjsRenderOptions {
  /** Director DNS index tables (or the corpus `dns` shape) for `link(...).address(...)`. */
  dns?: DnsIndexTables | Record<string, unknown> | null;
  limits?: Partial<EjsLimits>;
}

/** Like ERB's `<%=`: `to_s` of the value, nothing for null/undefined; never HTML-escaped. */
function toText(v: unknown): string {
  return v === null || v === undefined ? "" : String(v);
}

/** The template line ejs was at when the generated JavaScript line `jsLine` ran (`; __line = N` markers). */
function templateLineAt(source: string, jsLine: number): number | null {
  const lines = source.split("\n").slice(0, jsLine);
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /__line = (\d+)/.exec(lines[i]);
    if (m) return Number(m[1]);
  }
  return null;
}

/** Runs a compiled template function with the helpers as its free names; `timeMs` bounds it where it can. */
type Runner = (api: object, text: (v: unknown) => string, rethrow: (e: unknown, line: number) => never, timeMs: number) => unknown;

let callScript: Script | null = null;

/** Under Node: a fresh node:vm context per render holding only the helpers, under a timeout. */
function vmRunner(vm: NonNullable<ReturnType<typeof nodeBuiltin<"node:vm">>>, code: string, filename: string): Runner {
  const script = new vm.Script(code, { filename });
  const call = (callScript ??= new vm.Script("__template(__text, __rethrow)", { filename: "linkplate-ejs-call" }));
  return (api, text, rethrow, timeMs) => {
    const sandbox = vm.createContext(Object.assign(Object.create(null), api), { codeGeneration: { strings: false, wasm: false } });
    sandbox.__template = script.runInContext(sandbox);
    sandbox.__text = text;
    sandbox.__rethrow = rethrow;
    return call.runInContext(sandbox, { timeout: timeMs });
  };
}

/**
 * In a browser there is no node:vm: the helpers come first in the template's scope (`with`), the
 * page's globals after them, and no timeout (run the engine in a Web Worker the page can stop).
 */
function pageRunner(code: string): Runner {
  const bind = new Function("__api", `with (__api) { return ${code}; }`) as (api: object) => (text: unknown, rethrow: unknown) => unknown;
  return (api, text, rethrow) => bind(api)(text, rethrow);
}

export class EjsTemplate {
  private readonly run: Runner;
  private readonly text: SourceText;

  constructor(
    source: string,
    readonly filename: string,
    private readonly limits: EjsLimits = DEFAULT_EJS_LIMITS,
  ) {
    this.text = new SourceText(source, filename);
    const template = new ejs.Template(source, { filename, strict: true, _with: false, compileDebug: true, escape: toText, localsName: "locals" });
    let body: string;
    try {
      template.generateSource();
      body = `"use strict";\nlet __output = "";\nfunction __append(s) { if (s !== undefined && s !== null) __output += s; }\n${template.source}\nreturn __output;\n`;
    } catch (e) {
      throw new TemplateSyntaxError(`${filename}: ${(e as Error).message}`, { filename }, "", [(e as Error).message]);
    }
    const code = `(function (escapeFn, __rethrow) {\nlet __line = 1;\ntry {\n${body}} catch (e) { __rethrow(e, __line); }\n})`;
    try {
      const vm = nodeBuiltin("node:vm");
      this.run = vm === null ? pageRunner(code) : vmRunner(vm, code, filename);
    } catch (e) {
      const m = /:(\d+)\n/.exec(String((e as Error).stack ?? ""));
      const line = m ? templateLineAt(code, Number(m[1])) : null;
      const frame = line !== null ? this.text.codeFrame(line, 1) : "";
      throw new TemplateSyntaxError(`${[filename, line].filter((x) => x !== null).join(":")}: ${(e as Error).message}${frame ? `\n${frame}` : ""}`, { filename, line, column: line !== null ? 1 : null }, frame, [(e as Error).message]);
    }
  }

  /** Renders against a BOSH context (the spec Hash, as JSON data or read with `parseContext`). */
  render(context: ContextInput, options: EjsRenderOptions = {}): string {
    const limits = { ...this.limits, ...options.limits };
    const data = contextData(context);
    const api = ejsApi(data, dnsTablesOption(options.dns));
    const filename = this.filename;
    const text = this.text;
    const rethrow = (e: unknown, line: number): never => {
      const frame = text.codeFrame(line, 1);
      const pos = { filename, line, column: 1 };
      if (e instanceof EjsApiError) throw new TemplateRenderError(e.rubyClass, e.message, pos, frame);
      const err = e as { name?: unknown; message?: unknown } | null;
      throw new TemplateRenderError(typeof err?.name === "string" ? err.name : "Error", typeof err?.message === "string" ? err.message : String(e), pos, frame);
    };
    let out: unknown;
    try {
      out = this.run(api, toText, rethrow, limits.timeMs);
    } catch (e) {
      if ((e as { code?: string })?.code === "ERR_SCRIPT_EXECUTION_TIMEOUT") throw new LimitExceededError("render time (ms)", limits.timeMs, { filename, line: null, column: null });
      if (e instanceof TemplateRenderError) throw e;
      throw new TemplateRenderError("Error", String((e as Error)?.message ?? e), { filename, line: null, column: null });
    }
    const s = String(out);
    if (s.length > limits.output) throw new LimitExceededError("output size", limits.output, { filename, line: null, column: null });
    return s;
  }
}

/** True for a template file of the ejs dialect. */
export function isEjsFilename(filename: string): boolean {
  return filename.endsWith(".ejs");
}
