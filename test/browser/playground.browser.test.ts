/// <reference lib="dom" />
/**
 * The built playground (site/playground, from `npm run docs`) in headless Chromium: a render
 * through the URL-hash state, a render by typing, a positioned error with its code frame, and
 * corpus output cases rendered in the page byte for byte as in Node (and as BOSH). Screenshots go
 * to test-output/screenshots. Needs Debian's chromium (CHROMIUM_PATH overrides /usr/bin/chromium).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Browser, type Page, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine } from "../../src/engine.js";
import { loadLinkGraph } from "../../src/links/index.js";
import { HAVE_CORPUS } from "../../tools/corpus-cases.js";
import { encodeState, type PlaygroundState } from "../../playground/state.js";
import { browserCases } from "./corpus-sample.js";
import { serveFolder } from "./static-server.js";

const ROOT = resolve(import.meta.dirname, "../..");
const SITE = join(ROOT, "site");
const SHOTS = join(ROOT, "test-output", "screenshots");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let browser: Browser;
let page: Page;
let server: Awaited<ReturnType<typeof serveFolder>>;

beforeAll(async () => {
  if (!existsSync(join(SITE, "playground", "index.html"))) throw new Error("site/playground is not built: run `npm run docs` first");
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  mkdirSync(SHOTS, { recursive: true });
  server = await serveFolder(SITE);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Sets the state through the URL hash and waits for the render it starts; returns the output element's text and state. */
async function renderThroughHash(state: PlaygroundState): Promise<{ text: string; state: string }> {
  return page.evaluate(async (hash) => {
    const out = document.querySelector<HTMLElement>('[data-testid="output"]')!;
    const before = out.dataset.render;
    location.hash = hash;
    for (let i = 0; i < 2000 && (out.dataset.render === before || out.dataset.state === "pending"); i++) await new Promise((r) => setTimeout(r, 5));
    return { text: out.textContent ?? "", state: out.dataset.state ?? "" };
  }, encodeState(state));
}

const TEMPLATE = "<% link('db').instances.each do |i| -%>\nserver <%= i.address %>:<%= p('port') %> # <%= i.az %>\n<% end -%>\n";
const CONTEXT = "properties:\n  port: 5432\nlinks:\n  db:\n    instances:\n    - { name: db, index: 0, id: a, az: z1, address: 10.0.0.1, bootstrap: true }\n    - { name: db, index: 1, id: b, az: z2, address: 10.0.0.2, bootstrap: false }\n";

describe("playground in Chromium", () => {
  it("opens with a sample rendered", async () => {
    await page.goto(`${server.url}/playground/index.html`);
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="output"]')?.dataset.state === "ok", null, { timeout: 60_000 });
    expect(await page.textContent('[data-testid="output"]')).toContain("listen: 0.0.0.0:8080");
    await page.screenshot({ path: join(SHOTS, "playground-sample.png") });
  });

  it("works offline once loaded: a reload without network renders from the service worker's cache", async () => {
    await page.waitForFunction(() => document.body.dataset.offline === "ready", null, { timeout: 60_000 });
    await page.context().setOffline(true);
    try {
      await page.reload();
      await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="output"]')?.dataset.state === "ok", null, { timeout: 60_000 });
      expect(await page.textContent('[data-testid="output"]')).toContain("listen: 0.0.0.0:8080");
      expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
      const r = await renderThroughHash({ template: "offline <%= [1, 2].sum %>", context: "", format: "yaml" });
      expect(r).toEqual({ text: "offline 3", state: "ok" });
    } finally {
      await page.context().setOffline(false);
    }
  });

  it("renders the template and context given in the URL hash, as Node does", async () => {
    const engine = await createEngine();
    const expected = engine.render(TEMPLATE, engine.parseContext(CONTEXT, "yaml"), { filename: "template.erb" });
    expect(expected).toBe("server 10.0.0.1:5432 # z1\nserver 10.0.0.2:5432 # z2\n");
    await page.goto(`${server.url}/playground/index.html${encodeState({ template: TEMPLATE, context: CONTEXT, format: "yaml" })}`);
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="output"]')?.dataset.state === "ok", null, { timeout: 60_000 });
    expect(await page.textContent('[data-testid="output"]')).toBe(expected);
    expect(await page.inputValue('[data-testid="template"]')).toBe(TEMPLATE);
    await page.screenshot({ path: join(SHOTS, "playground-hash-state.png") });
  });

  it("re-renders as the user types, and puts the new state in the URL", async () => {
    const before = await page.getAttribute('[data-testid="output"]', "data-render");
    await page.fill('[data-testid="template"]', "");
    await page.locator('[data-testid="template"]').pressSequentially("port=<%= p('port') + 1 %>");
    await page.waitForFunction((b) => {
      const out = document.querySelector<HTMLElement>('[data-testid="output"]')!;
      return out.dataset.render !== b && out.dataset.state === "ok" && out.textContent === "port=5433";
    }, before, { timeout: 30_000 });
    expect(await page.textContent('[data-testid="output"]')).toBe("port=5433");
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe(encodeState({ template: "port=<%= p('port') + 1 %>", context: CONTEXT, format: "yaml" }));
    await page.screenshot({ path: join(SHOTS, "playground-typed.png") });
  });

  it("shows BOSH's error with the template position and a code frame", async () => {
    const r = await renderThroughHash({ template: "a: 1\nb: <%= p('missing.prop') %>\n", context: "properties: {}\n", format: "yaml" });
    expect(r.state).toBe("error");
    expect(r.text).toBe(
      "TemplateRenderError: template.erb:2:8: Can't find property '[\"missing.prop\"]' (Bosh::Common::Template::UnknownProperty)\n  1 | a: 1\n> 2 | b: <%= p('missing.prop') %>\n    |        ^\n  3 |",
    );
    expect(await page.getAttribute('[data-testid="output"]', "class")).toBe("error");
    await page.screenshot({ path: join(SHOTS, "playground-error.png") });
  });

  it("reports a context that does not parse where it is wrong", async () => {
    const r = await renderThroughHash({ template: "x", context: "properties:\n  a: [1, 2\n", format: "yaml" });
    expect(r.state).toBe("error");
    expect(r.text).toMatch(/^InputError: context\.yml:3:1: /);
  });

  it("stops a render that runs away and stays usable", async () => {
    const r = await renderThroughHash({ template: "<% loop { } %>", context: "", format: "yaml" });
    expect(r).toMatchObject({ state: "error" });
    expect(r.text).toMatch(/^LimitExceededError: /);
    expect(await renderThroughHash({ template: "ok <%= 1 + 1 %>", context: "", format: "yaml" })).toEqual({ text: "ok 2", state: "ok" });
  });

  it("stops a regexp search that backtracks without end (no watchdog thread in a page) and renders on", async () => {
    const r = await renderThroughHash({ template: "<%= ('a' * 40 + '!') =~ /(a+)+$/ %>", context: "", format: "yaml" });
    expect(r).toEqual({ text: "LimitExceededError: the render ran longer than 5000 ms and was stopped", state: "error" });
    expect(await renderThroughHash({ template: "after <%= 'x' * 3 %>", context: "", format: "yaml" })).toEqual({ text: "after xxx", state: "ok" });
  });

  it("reads JSON contexts with Ruby's number kinds and key order", async () => {
    const r = await renderThroughHash({ template: "<%= p('x').inspect %> <%= p('h').keys.inspect %>", context: '{"properties": {"x": 1.0, "h": {"b": 1, "503": 2}}}', format: "json" });
    expect(r).toEqual({ text: '1.0 ["b", "503"]', state: "ok" });
  });

  it("renders as an instance of a pre-resolved link graph, with its DNS tables", async () => {
    const resolved = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), "resolve", "templates/deployment.yml", "--release", "templates"], { cwd: ROOT, encoding: "utf8" });
    expect(resolved.status, resolved.stderr).toBe(0);
    const template = readFileSync(join(ROOT, "templates/jobs/web/templates/upstreams.conf.erb"), "utf8");
    const graph = loadLinkGraph(resolved.stdout, "graph.yml");
    const engine = await createEngine();
    const expected = engine.render(template, graph.contextFor("web", 1, "web"), { filename: "template.erb", dns: graph.dnsFor() as never });
    expect(expected).toContain("upstream database");
    const r = await renderThroughHash({ template, context: "", format: "yaml", graph: resolved.stdout, instance: "web/1/web" });
    expect(r).toEqual({ text: expected, state: "ok" });
    const wrong = await renderThroughHash({ template, context: "", format: "yaml", graph: resolved.stdout, instance: "web/9/web" });
    expect(wrong).toEqual({ text: "InputError: instance group 'web' has no instance with index 9", state: "error" });
  });

  it("renders the ejs dialect too (no node:vm in a page), as Node does", async () => {
    const template = readFileSync(join(ROOT, "templates/jobs/web/templates/upstreams.conf.ejs"), "utf8");
    const engine = await createEngine();
    const context = `${CONTEXT}    properties:\n      database: { port: 5433 }\n`;
    const expected = engine.compileAny(template, { filename: "template.ejs" }).render(engine.parseContext(context, "yaml"));
    expect(expected).toContain("server 10.0.0.2:5433; # db/1 in z2");
    const r = await renderThroughHash({ template, context, format: "yaml", dialect: "ejs" });
    expect(r).toEqual({ text: expected, state: "ok" });
    const failing = await renderThroughHash({ template: "a\n<%= p('nope') %>", context: "", format: "yaml", dialect: "ejs" });
    expect(failing.state).toBe("error");
    expect(failing.text).toMatch(/^TemplateRenderError: template\.ejs:2:1: Can't find property/);
  });

  describe.runIf(HAVE_CORPUS)("corpus output cases", () => {
    it("render in the page exactly as in Node and as BOSH (at least 200 cases)", async () => {
      const cases = browserCases(20);
      expect(cases.length).toBeGreaterThanOrEqual(200);
      const engine = await createEngine();
      const differing: string[] = [];
      for (const c of cases) {
        const node = engine.render(c.template, engine.parseContext(c.context, "json"), { filename: "template.erb", dns: c.dns === undefined ? null : (JSON.parse(c.dns) as Record<string, unknown>) });
        const r = await renderThroughHash({ template: c.template, context: c.context, format: "json", ...(c.dns !== undefined ? { dns: c.dns } : {}) });
        if (r.state !== "ok" || r.text !== node || node !== c.expected) differing.push(`${c.id}: ${r.state} ${JSON.stringify(r.text.slice(0, 200))}`);
      }
      expect(differing).toEqual([]);
    });
  });
});
