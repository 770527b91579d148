/**
 * The render worker's side of {@link WorkerEngine}: one engine per worker, templates compiled
 * once per worker and cached by the host's template id, one request at a time.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type EngineOptions, type Template, createEngine } from "../engine.js";
import { serializeError } from "./errors.js";
import type { WorkerRequest, WorkerResponse } from "./protocol.js";

const engine = await createEngine(workerData.engineOptions as EngineOptions);
const templates = new Map<number, Template>();

parentPort!.on("message", (req: WorkerRequest) => {
  let res: WorkerResponse;
  try {
    let t = templates.get(req.templateId);
    if (t === undefined) {
      t = engine.compile(req.source, req.compileOptions);
      templates.set(req.templateId, t);
    }
    res = { id: req.id, ok: true, output: req.op === "render" ? t.render(req.context as never, req.renderOptions) : "" };
  } catch (e) {
    res = { id: req.id, ok: false, error: serializeError(e) };
  }
  parentPort!.postMessage(res);
});
parentPort!.postMessage({ id: 0, ok: true, output: "ready" } satisfies WorkerResponse);
