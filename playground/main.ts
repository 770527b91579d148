/** The playground page: editors, live output from the engine's Web Worker, state in the URL hash. */
import { SAMPLES } from "./samples.js";
import { type PlaygroundState, decodeState, encodeState } from "./state.js";

/** A render that takes longer is stopped (the worker is terminated and replaced). */
const RENDER_TIME_MS = 5_000;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const template = $<HTMLTextAreaElement>("template");
const context = $<HTMLTextAreaElement>("context");
const format = $<HTMLSelectElement>("format");
const dialect = $<HTMLSelectElement>("dialect");
const graph = $<HTMLTextAreaElement>("graph");
const instance = $<HTMLInputElement>("instance");
const dns = $<HTMLTextAreaElement>("dns");
const output = $<HTMLPreElement>("output");
const status = $<HTMLSpanElement>("status");
const sample = $<HTMLSelectElement>("sample");

function readState(): PlaygroundState {
  const s: PlaygroundState = { template: template.value, context: context.value, format: format.value === "json" ? "json" : "yaml" };
  if (dialect.value === "ejs") s.dialect = "ejs";
  if (dns.value.trim() !== "") s.dns = dns.value;
  if (graph.value.trim() !== "") {
    s.graph = graph.value;
    s.instance = instance.value;
  }
  return s;
}

function showState(s: PlaygroundState): void {
  template.value = s.template;
  context.value = s.context;
  format.value = s.format;
  dialect.value = s.dialect ?? "erb";
  dns.value = s.dns ?? "";
  graph.value = s.graph ?? "";
  instance.value = s.instance ?? "";
  ($<HTMLDetailsElement>("more")).open = (s.dns ?? s.graph ?? "") !== "";
}

let worker: Worker;
let nextId = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

let workerResources: (urls: string[]) => void;
const workerLoaded = new Promise<string[]>((resolve) => (workerResources = resolve));

function startWorker(): void {
  worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
  worker.onmessage = (event: MessageEvent<{ id: number; ok: boolean; text: string; resources?: string[] }>) => {
    if (event.data.resources) return workerResources(event.data.resources);
    if (event.data.id !== nextId) return; // an older render, overtaken by an edit
    clearTimeout(timer);
    show(event.data.ok, event.data.text, event.data.id);
  };
}

/** Shows a result; `data-render` counts finished renders (automation waits for it to move). */
function show(ok: boolean, text: string, id: number): void {
  output.textContent = text;
  output.dataset.render = String(id);
  output.classList.toggle("error", !ok);
  output.dataset.state = ok ? "ok" : "error";
  status.textContent = ok ? "rendered" : "error";
}

function render(): void {
  const state = readState();
  history.replaceState(null, "", encodeState(state));
  const id = ++nextId;
  status.textContent = "rendering…";
  output.dataset.state = "pending";
  clearTimeout(timer);
  timer = setTimeout(() => {
    if (id !== nextId) return;
    worker.terminate();
    startWorker();
    show(false, `LimitExceededError: the render ran longer than ${RENDER_TIME_MS} ms and was stopped`, id);
  }, RENDER_TIME_MS);
  worker.postMessage({ id, state });
}

let debounce: ReturnType<typeof setTimeout> | undefined;
function renderSoon(): void {
  clearTimeout(debounce);
  debounce = setTimeout(render, 150);
}

for (const [i, s] of SAMPLES.entries()) sample.add(new Option(s.label, String(i)));
sample.addEventListener("change", () => {
  showState(SAMPLES[Number(sample.value)].state);
  render();
});
for (const el of [template, context, graph, instance, dns]) el.addEventListener("input", renderSoon);
format.addEventListener("change", render);
dialect.addEventListener("change", render);
$<HTMLButtonElement>("share").addEventListener("click", () => {
  void navigator.clipboard?.writeText(location.href).then(() => (status.textContent = "link copied"));
});
window.addEventListener("hashchange", () => {
  const s = decodeState(location.hash);
  if (s) {
    showState(s);
    render();
  }
});

/** Offline once loaded: the service worker caches what this page has loaded (docs/browser.md). */
async function keepForOffline(): Promise<void> {
  if (!("serviceWorker" in navigator)) return;
  await navigator.serviceWorker.register("./sw.js");
  const ready = await navigator.serviceWorker.ready;
  const urls = [location.href.split("#")[0], ...performance.getEntriesByType("resource").map((e) => e.name), ...(await workerLoaded)];
  navigator.serviceWorker.addEventListener("message", (event: MessageEvent<{ cached?: number }>) => {
    if (typeof event.data?.cached === "number") document.body.dataset.offline = "ready";
  });
  ready.active?.postMessage({ cache: urls });
}

startWorker();
void keepForOffline().catch(() => undefined);
showState(decodeState(location.hash) ?? SAMPLES[0].state);
render();
