/** Messages between {@link WorkerEngine} and its render worker. */
import type { SerializedError } from "./errors.js";

export interface WorkerRequest {
  id: number;
  op: "compile" | "render";
  templateId: number;
  source: string;
  compileOptions: { filename?: string; locals?: string[] };
  context?: unknown;
  renderOptions?: Record<string, unknown>;
}

export type WorkerResponse = { id: number; ok: true; output: string } | { id: number; ok: false; error: SerializedError };
