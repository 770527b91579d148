/**
 * Resolve the links of the sample deployment and render every job of every instance in memory.
 *   npx tsx examples/render-deployment.ts
 */
import { createEngine, loadReleases, renderGraph, resolveFromFiles } from "../src/index.js";

const releases = await loadReleases(["templates"]);
const graph = await resolveFromFiles(["templates/deployment.yml"], releases, null);
const engine = await createEngine();
const files = renderGraph(engine, graph, (release, job) => releases.jobDir(release, job));
for (const [path, content] of files) console.log(`== ${path} (${content.length} bytes)`);
