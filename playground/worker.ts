/** The engine in a Web Worker: the page terminates it when a render overruns its time. */
import { createEngine } from "linkplate";
import { renderState } from "./render.js";
import type { PlaygroundState } from "./state.js";

const engine = createEngine();

self.onmessage = async (event: MessageEvent<{ id: number; state: PlaygroundState }>) => {
  const { id, state } = event.data;
  try {
    const result = renderState(await engine, state);
    self.postMessage({ id, ...result });
  } catch (e) {
    self.postMessage({ id, ok: false, text: `Error: the engine did not load: ${(e as Error)?.message ?? String(e)}` });
  }
};
