/** The engine in a Web Worker: the page terminates it when a render overruns its time. */
import { createEngine } from "linkplate";
import { renderState } from "./render.js";
import type { PlaygroundState } from "./state.js";

const engine = createEngine();
/** The worker's global scope (the DOM typings describe a window's). */
const scope = self as unknown as { onmessage: ((event: MessageEvent<{ id: number; state: PlaygroundState }>) => void) | null; postMessage(message: unknown): void };

// This script and what the engine loaded here (prism.wasm): the page has them cached for offline use.
void engine.then(() => scope.postMessage({ resources: [self.location.href, ...performance.getEntriesByType("resource").map((e) => e.name)] }), () => undefined);

scope.onmessage = async (event) => {
  const { id, state } = event.data;
  try {
    const result = renderState(await engine, state);
    scope.postMessage({ id, ...result });
  } catch (e) {
    scope.postMessage({ id, ok: false, text: `Error: the engine did not load: ${(e as Error)?.message ?? String(e)}` });
  }
};
