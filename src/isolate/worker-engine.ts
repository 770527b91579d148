/**
 * Process-level containment: templates compiled and rendered in a worker thread with its own
 * heap limit and a wall-clock timeout, so that nothing a template does (including a V8 fatal
 * error that no language-level check foresaw, or a runaway computation) can take the host
 * process down. The worker is replaced after any failure of that kind.
 */
import type { Worker } from "node:worker_threads";
import { InputError, LimitExceededError, LinkplateError } from "../diagnostics/errors.js";
import type { CompileOptions, EngineOptions, RenderOptions } from "../engine.js";
import { nodeBuiltin } from "../ruby/host/node-builtins.js";
import { deserializeError } from "./errors.js";
import type { WorkerRequest, WorkerResponse } from "./protocol.js";

export interface WorkerEngineOptions extends EngineOptions {
  /** Run compiles and renders in a worker thread (see {@link WorkerEngine}). */
  isolate: "worker";
  /** Wall-clock milliseconds one compile or render may take, worker start-up excluded (default 30,000). */
  timeoutMs?: number;
  /** Heap of the worker in MiB (`resourceLimits.maxOldGenerationSizeMb`, default 1,024). */
  maxHeapMb?: number;
}

export const DEFAULT_WORKER_TIMEOUT_MS = 30_000;
export const DEFAULT_WORKER_HEAP_MB = 1024;

/** Render options that can cross to the worker (`locals` must be plain JSON data). */
export type WorkerRenderOptions = Pick<RenderOptions, "dns" | "limits" | "locals">;

const BOOTSTRAP = `
const { workerData } = require("node:worker_threads");
(async () => {
  if (workerData.tsxApi) (await import(workerData.tsxApi)).register();
  await import(workerData.entry);
})();
`;

type Pending = { resolve: (r: WorkerResponse) => void; reject: (e: Error) => void };

/**
 * An engine whose compiles and renders run in a worker thread. Same shape as {@link Engine},
 * but asynchronous: `compile` and `render` return Promises. Contexts, locals and DNS tables are
 * copied to the worker with the structured clone algorithm, so they must be plain JSON-shaped
 * data (Ruby values from `Engine.parseContext` cannot cross; pass the parsed JSON or YAML data
 * instead). A render that exceeds `timeoutMs` rejects with LimitExceededError("render time
 * (ms)"); one that exhausts the worker's heap with LimitExceededError("worker heap (MiB)").
 *
 * @example
 * ```ts
 * const engine = await createEngine({ isolate: "worker", timeoutMs: 5000, maxHeapMb: 256 });
 * const t = await engine.compile("port: <%= p('port') %>\n");
 * await t.render({ properties: { port: 8080 } });   // "port: 8080\n"
 * await engine.close();
 * ```
 */
export class WorkerEngine {
  readonly timeoutMs: number;
  readonly maxHeapMb: number;
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private nextId = 1;
  private nextTemplate = 1;
  private pending = new Map<number, Pending>();
  /** Requests run one at a time: each waits for the previous one. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly engineOptions: EngineOptions;

  /** @internal use createEngine({ isolate: "worker" }) */
  constructor(options: WorkerEngineOptions) {
    const { isolate: _isolate, timeoutMs, maxHeapMb, ...engineOptions } = options;
    this.timeoutMs = checkPositive(timeoutMs, DEFAULT_WORKER_TIMEOUT_MS, "timeoutMs");
    this.maxHeapMb = checkPositive(maxHeapMb, DEFAULT_WORKER_HEAP_MB, "maxHeapMb");
    // Sent to the worker by structured clone, which takes bytes and strings but not URL objects.
    this.engineOptions = engineOptions.prismWasm instanceof URL ? { ...engineOptions, prismWasm: engineOptions.prismWasm.href } : engineOptions;
  }

  /** Compiles in the worker; rejects with TemplateSyntaxError (or another typed error) as {@link Engine.compile} throws. */
  async compile(source: string, options: CompileOptions = {}): Promise<WorkerTemplate> {
    if (typeof source !== "string") throw new InputError(`template source must be a string, got ${source === null ? "null" : typeof source}`, { filename: options.filename ?? "(erb)" });
    const t = new WorkerTemplate(this, this.nextTemplate++, source, { filename: options.filename, locals: options.locals });
    await this.request({ op: "compile", templateId: t.id, source, compileOptions: t.compileOptions });
    return t;
  }

  /** Compiles and renders in one call; `locals` (name → value) both names and gives the template's locals. */
  async render(source: string, context: unknown, options: WorkerRenderOptions & { filename?: string } = {}): Promise<string> {
    const { filename, ...rest } = options;
    const locals = rest.locals && typeof rest.locals === "object" ? Object.keys(rest.locals) : undefined;
    const t = await this.compile(source, { filename, locals });
    return t.render(context, rest);
  }

  /** Stops the worker (a later call starts a new one). */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.ready = null;
    if (w) await w.terminate();
  }

  /** @internal */
  request(req: Omit<WorkerRequest, "id">): Promise<string> {
    const run = async (): Promise<string> => {
      await this.start();
      const id = this.nextId++;
      const worker = this.worker!;
      worker.ref();
      try {
        const res = await new Promise<WorkerResponse>((resolve, reject) => {
          const timer = setTimeout(() => {
            this.pending.delete(id);
            this.kill(worker);
            reject(new LimitExceededError(req.op === "render" ? "render time (ms)" : "compile time (ms)", this.timeoutMs, { filename: req.compileOptions.filename ?? "(erb)" }));
          }, this.timeoutMs);
          this.pending.set(id, {
            resolve: (r) => (clearTimeout(timer), resolve(r)),
            reject: (e) => (clearTimeout(timer), reject(e)),
          });
          try {
            worker.postMessage({ ...req, id } satisfies WorkerRequest);
          } catch (e) {
            this.pending.delete(id);
            clearTimeout(timer);
            reject(new InputError(`render arguments cannot be sent to the worker (plain JSON data only): ${(e as Error).message}`, { filename: req.compileOptions.filename ?? "(erb)" }));
          }
        });
        if (!res.ok) throw deserializeError(res.error);
        return res.output;
      } finally {
        if (this.worker === worker && this.pending.size === 0) worker.unref();
      }
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    const threads = nodeBuiltin("node:worker_threads");
    const mod = nodeBuiltin("node:module");
    const url = nodeBuiltin("node:url");
    if (threads === null || mod === null || url === null) return Promise.reject(new InputError('isolate: "worker" needs Node.js (node:worker_threads)'));
    const fromSources = import.meta.url.endsWith(".ts");
    const entry = new URL(fromSources ? "./worker-main.ts" : "./worker-main.js", import.meta.url).href;
    // Running from TypeScript sources (tests, tsx), the worker registers tsx's loader first.
    const tsxApi = fromSources ? url.pathToFileURL(mod.createRequire(import.meta.url).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href : null;
    const worker = new threads.Worker(BOOTSTRAP, {
      eval: true,
      workerData: { engineOptions: this.engineOptions, entry, tsxApi },
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, this.maxHeapMb / 8)), stackSizeMb: 4 },
      stdout: false,
      stderr: false,
    });
    this.worker = worker;
    let started: () => void;
    let failed: (e: Error) => void;
    this.ready = new Promise<void>((res, rej) => {
      started = res;
      failed = rej;
    });
    worker.on("message", (res: WorkerResponse) => {
      if (res.id === 0) return started();
      const p = this.pending.get(res.id);
      this.pending.delete(res.id);
      p?.resolve(res);
    });
    worker.on("error", (e: Error & { code?: string }) => {
      const err =
        e.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? new LimitExceededError("worker heap (MiB)", this.maxHeapMb, {})
          : new LinkplateError(`render worker failed: ${e.message}`);
      this.fail(worker, err);
      failed(err);
    });
    worker.on("exit", (code) => {
      const err = new LinkplateError(`render worker exited (code ${code})`);
      this.fail(worker, err);
      failed(err);
    });
    return this.ready;
  }

  private kill(worker: Worker): void {
    this.fail(worker, new LinkplateError("render worker terminated"));
    void worker.terminate();
  }

  /** Rejects everything waiting on `worker` and forgets it (the next request starts a new one). */
  private fail(worker: Worker, err: Error): void {
    if (this.worker === worker) {
      this.worker = null;
      this.ready = null;
    }
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(err);
    }
  }
}

/** A template compiled in a {@link WorkerEngine}'s worker (recompiled there if the worker was replaced). */
export class WorkerTemplate {
  /** @internal */
  constructor(
    private readonly engine: WorkerEngine,
    readonly id: number,
    private readonly source: string,
    readonly compileOptions: { filename?: string; locals?: string[] },
  ) {}

  get filename(): string {
    return this.compileOptions.filename ?? "(erb)";
  }

  /** Renders in the worker; resolves to the output or rejects with the typed error {@link Template.render} throws. */
  render(context: unknown, options: WorkerRenderOptions = {}): Promise<string> {
    return this.engine.request({ op: "render", templateId: this.id, source: this.source, compileOptions: this.compileOptions, context, renderOptions: options as Record<string, unknown> });
  }
}

function checkPositive(v: unknown, dflt: number, name: string): number {
  if (v === undefined) return dflt;
  if (typeof v !== "number" || !(v > 0)) throw new InputError(`${name} must be a positive number, got ${String(v)}`);
  return v;
}
