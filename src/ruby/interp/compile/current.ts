/** The runtime of the render in progress, read by compiled code. */
import type { Runtime } from "../runtime.js";

/** The runtime of the render in progress. Renders are synchronous, so one slot suffices; it is saved and restored around nested renders. */
export let RT: Runtime = null as unknown as Runtime;
export function setRuntime(rt: Runtime): Runtime {
  const prev = RT;
  RT = rt;
  return prev;
}

