/** One playground render: the state's template against its context (or a link graph instance). */
import { type Engine, type RenderOptions, InputError, loadLinkGraph } from "linkplate";
import type { PlaygroundState } from "./state.js";

/** The template's name in messages; its extension picks the dialect, as in a release. */
export function templateFilename(state: PlaygroundState): string {
  return state.dialect === "ejs" ? "template.ejs" : "template.erb";
}

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
    return renderTemplate(engine, state, context, graph.dnsFor() as RenderOptions["dns"]);
  }
  const contextFile = state.format === "json" ? "context.json" : "context.yml";
  const context = state.context.trim() === "" ? {} : engine.parseContext(state.context, state.format, contextFile);
  return renderTemplate(engine, state, context, dnsTables(state.dns));
}

function renderTemplate(engine: Engine, state: PlaygroundState, context: Parameters<Engine["render"]>[1], dns: RenderOptions["dns"]): string {
  return engine.compileAny(state.template, { filename: templateFilename(state) }).render(context, { dns });
}

function dnsTables(text: string | undefined): RenderOptions["dns"] {
  if (text === undefined || text.trim() === "") return null;
  try {
    return JSON.parse(text) as RenderOptions["dns"];
  } catch (e) {
    throw new InputError(`DNS tables: ${(e as Error).message}`, { filename: "dns.json" });
  }
}
