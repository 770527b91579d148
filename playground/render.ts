/** One playground render: the state's template against its context (or a link graph instance). */
import { type Engine, type RenderOptions, InputError, loadLinkGraph } from "linkplate";
import type { PlaygroundState } from "./state.js";

export const TEMPLATE_FILENAME = "template.erb";

export interface RenderResult {
  ok: boolean;
  /** The output, or the error's class and positioned message (with its code frame). */
  text: string;
}

export function renderState(engine: Engine, state: PlaygroundState): RenderResult {
  try {
    return { ok: true, text: render(engine, state) };
  } catch (e) {
    const err = e as { name?: unknown; message?: unknown } | null;
    const name = typeof err?.name === "string" ? err.name : "Error";
    return { ok: false, text: `${name}: ${typeof err?.message === "string" ? err.message : String(e)}` };
  }
}

function render(engine: Engine, state: PlaygroundState): string {
  if (state.graph !== undefined && state.graph.trim() !== "") {
    const graph = loadLinkGraph(state.graph, "graph.yml");
    const m = /^([^/\s]+)\/(\d+)\/([^/\s]+)$/.exec((state.instance ?? "").trim());
    if (!m) throw new InputError(`instance must be group/index/job of the link graph, got ${JSON.stringify(state.instance ?? "")}`);
    const context = graph.contextFor(m[1], Number(m[2]), m[3]);
    return engine.render(state.template, context, { filename: TEMPLATE_FILENAME, dns: graph.dnsFor() as RenderOptions["dns"] });
  }
  const contextFile = state.format === "json" ? "context.json" : "context.yml";
  const context = state.context.trim() === "" ? {} : engine.parseContext(state.context, state.format, contextFile);
  return engine.render(state.template, context, { filename: TEMPLATE_FILENAME, dns: dnsTables(state.dns) });
}

function dnsTables(text: string | undefined): RenderOptions["dns"] {
  if (text === undefined || text.trim() === "") return null;
  try {
    return JSON.parse(text) as RenderOptions["dns"];
  } catch (e) {
    throw new InputError(`DNS tables: ${(e as Error).message}`, { filename: "dns.json" });
  }
}
