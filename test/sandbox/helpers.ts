/** Shared helpers of the sandbox suites: one engine, a render that returns the outcome, pollution probes. */
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LinkplateError } from "../../src/diagnostics/errors.js";
import { type Engine, type Limits, createEngine } from "../../src/engine.js";

export const engine: Engine = await createEngine();

export type Outcome = { ok: true; output: string; ms: number } | { ok: false; error: unknown; ms: number };

export function run(src: string, context: unknown = { properties: {} }, limits?: Partial<Limits>): Outcome {
  const t0 = performance.now();
  try {
    const output = engine.render(src, context as never, { filename: "adversarial.erb", ...(limits ? { limits } : {}) });
    return { ok: true, output, ms: performance.now() - t0 };
  } catch (error) {
    return { ok: false, error, ms: performance.now() - t0 };
  }
}

/** Everything a render could have changed on the host, captured before and compared after. */
export interface HostSnapshot {
  objectProto: string[];
  arrayProto: string[];
  functionProto: string[];
  stringProto: string[];
  globals: string[];
  env: number;
  cwd: string;
}

export function snapshot(): HostSnapshot {
  return {
    objectProto: Object.getOwnPropertyNames(Object.prototype).sort(),
    arrayProto: Object.getOwnPropertyNames(Array.prototype).sort(),
    functionProto: Object.getOwnPropertyNames(Function.prototype).sort(),
    stringProto: Object.getOwnPropertyNames(String.prototype).sort(),
    globals: Object.getOwnPropertyNames(globalThis).sort(),
    env: Object.keys(process.env).length,
    cwd: process.cwd(),
  };
}

/** A path no render may create (templates that try to write use it). */
export const canary = join(tmpdir(), `linkplate-sandbox-canary-${process.pid}`);

export function assertNoSideEffect(before: HostSnapshot): void {
  const after = snapshot();
  if (JSON.stringify(after) !== JSON.stringify(before)) throw new Error(`host state changed: ${JSON.stringify({ before, after }).slice(0, 2000)}`);
  if (({} as Record<string, unknown>).polluted !== undefined) throw new Error("Object.prototype polluted");
  if (({} as Record<string, unknown>).toString !== Object.prototype.toString) throw new Error("toString replaced");
  if (Object.getPrototypeOf({}) !== Object.prototype) throw new Error("prototype chain changed");
  if ((globalThis as Record<string, unknown>).pwned !== undefined) throw new Error("global set");
  if (existsSync(canary)) throw new Error(`render created ${canary}`);
}

export function describeError(e: unknown): string {
  if (e instanceof LinkplateError) {
    const x = e as LinkplateError & { feature?: string; limit?: string; rubyClass?: string; construct?: string };
    return `${e.name}(${x.feature ?? x.limit ?? x.rubyClass ?? x.construct ?? ""})`;
  }
  return `untyped ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
}
