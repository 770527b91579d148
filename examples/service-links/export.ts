/**
 * Export the service links of my-proxy/0 (the Tutum seed scenario) as environment variables and
 * /etc/hosts lines through the API.
 *   npx tsx examples/service-links/export.ts
 */
import { formatEnv, formatHosts, loadReleases, resolveFromFiles, serviceLinkEnv, serviceLinkHosts } from "../../src/index.js";

const releases = await loadReleases(["examples/service-links/release"]);
const graph = await resolveFromFiles(["examples/service-links/manifest.yml"], releases, null);
const consumer = { group: "my-proxy", index: 0 };
process.stdout.write(formatEnv(serviceLinkEnv(graph, consumer)));
process.stdout.write(formatHosts(serviceLinkHosts(graph, consumer)));
