/**
 * `linkplate env`: the service-link variables and host names of one consuming instance
 * (docs/service-links.md), from manifests + releases or from a link graph file.
 *
 *   linkplate env MANIFEST... --release DIR... --instance GROUP/INDEX [--job NAME] [--facts FILE] [--format F]
 *   linkplate env --graph FILE --instance GROUP/INDEX [...]
 *
 * Usage errors exit 2; input errors are printed (file:line:col where known) and exit 1.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { AggregateLinkplateError, LinkplateError } from "../../diagnostics/errors.js";
import { formatCompose, formatEnv, formatHosts, formatJson, formatZone } from "../../export/formats.js";
import { type ServiceLinkFlavor, type ServiceLinkOptions, serviceLinkEnv, serviceLinkHosts } from "../../export/service-links.js";
import { ServiceLinkError } from "../../export/errors.js";
import type { PortInput } from "../../export/ports.js";
import { type LinkGraph, loadLinkGraph } from "../../links/graph.js";
import { loadReleases, resolveFromFiles } from "../../render/releases.js";
import { LinkResolutionError } from "../../links/types.js";

export interface EnvIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const ENV_USAGE = `usage: linkplate env MANIFEST... --release [NAME=]DIR... --instance GROUP/INDEX [options]
       linkplate env --graph FILE --instance GROUP/INDEX [options]

  --instance GROUP/INDEX  the consuming instance (INDEX may also be the instance id)
  --job NAME              only this job's consumed links (default: every job of the group)
  --release [NAME=]DIR    a release folder (repeatable), as for 'linkplate resolve'
  --facts FILE            director facts, as for 'linkplate resolve'
  --graph FILE            a link graph (YAML or JSON) instead of manifests and releases
  --format FORMAT         env (default): NAME=value lines; json: an object; hosts: /etc/hosts
                          lines; zone: DNS zone records; compose: a docker compose service
  --port LINK=PORT[/PROTO]  a port of a consumed link (repeatable; replaces the ports found in
                          its properties); PROTO tcp (default), udp or sctp
  --flavor FLAVOR         standard (default) or tutum (adds Tutum's API variables)
  --api-url URL           the Tutum API base URL (with --flavor tutum)
  --service NAME          the compose service name (default: the instance group)
`;

const FORMATS = ["env", "json", "hosts", "zone", "compose"] as const;
type Format = (typeof FORMATS)[number];

class EnvUsageError extends Error {}

function parseInstance(spec: string, graph: LinkGraph): { group: string; index: number } {
  const at = spec.lastIndexOf("/");
  if (at <= 0 || at === spec.length - 1) throw new EnvUsageError(`--instance must be GROUP/INDEX, got '${spec}'`);
  const group = spec.slice(0, at);
  const which = spec.slice(at + 1);
  if (/^[0-9]+$/.test(which)) return { group, index: Number(which) };
  // An instance id, as the bosh CLI accepts `group/uuid`.
  const inst = graph.data.instanceGroups.find((g) => g.name === group)?.instances.find((i) => i.id === which);
  if (inst) return { group, index: inst.index };
  throw new EnvUsageError(`--instance: '${which}' is neither an index nor the id of an instance of '${group}'`);
}

function parsePorts(args: readonly string[]): Map<string, PortInput[]> {
  const m = new Map<string, PortInput[]>();
  for (const a of args) {
    const eq = a.lastIndexOf("=");
    if (eq <= 0) throw new EnvUsageError(`--port must be LINK=PORT[/PROTO], got '${a}'`);
    const link = a.slice(0, eq);
    m.set(link, [...(m.get(link) ?? []), a.slice(eq + 1)]);
  }
  return m;
}

async function loadGraph(values: { graph?: string; release?: string[]; facts?: string }, manifests: string[]): Promise<LinkGraph> {
  if (values.graph !== undefined) {
    if (manifests.length || values.release?.length || values.facts !== undefined) throw new EnvUsageError("--graph replaces manifests, --release and --facts");
    const file = values.graph;
    const text = await readFile(file, "utf8").catch(() => {
      throw new LinkplateError(`${file}: cannot read link graph`, { filename: file });
    });
    return loadLinkGraph(text, file);
  }
  if (!manifests.length) throw new EnvUsageError("give MANIFEST... with --release DIR, or --graph FILE");
  return resolveFromFiles(manifests, await loadReleases(values.release ?? []), values.facts ?? null);
}

export async function envCommand(args: string[], io: EnvIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        release: { type: "string", short: "r", multiple: true },
        facts: { type: "string" },
        graph: { type: "string" },
        instance: { type: "string" },
        job: { type: "string" },
        format: { type: "string" },
        port: { type: "string", multiple: true },
        flavor: { type: "string" },
        "api-url": { type: "string" },
        service: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      io.stdout(ENV_USAGE);
      return 0;
    }
    const format = (values.format ?? "env") as Format;
    if (!FORMATS.includes(format)) throw new EnvUsageError(`unknown --format '${values.format}'; formats: ${FORMATS.join(", ")}`);
    if (values.instance === undefined) throw new EnvUsageError("--instance GROUP/INDEX is required");
    if (values.flavor !== undefined && values.flavor !== "standard" && values.flavor !== "tutum") throw new EnvUsageError(`unknown --flavor '${values.flavor}'; flavours: standard, tutum`);
    if (values.service !== undefined && format !== "compose") throw new EnvUsageError("--service only applies to --format compose");
    const ports = parsePorts(values.port ?? []);
    const graph = await loadGraph(values, positionals);
    const { group, index } = parseInstance(values.instance, graph);
    const opts: ServiceLinkOptions = { group, index, ports, flavor: (values.flavor ?? "standard") as ServiceLinkFlavor };
    if (values.job !== undefined) opts.job = values.job;
    if (values["api-url"] !== undefined) opts.tutumApiUrl = values["api-url"];

    const vars = format === "hosts" || format === "zone" ? [] : serviceLinkEnv(graph, opts);
    const hosts = format === "env" || format === "json" ? [] : serviceLinkHosts(graph, opts);
    const text =
      format === "env" ? formatEnv(vars) : format === "json" ? formatJson(vars) : format === "hosts" ? formatHosts(hosts) : format === "zone" ? formatZone(hosts) : formatCompose(values.service ?? group, vars, hosts);
    io.stdout(text);
    for (const w of graph.warnings) io.stderr(`warning: ${w}\n`);
    return 0;
  } catch (e) {
    if (e instanceof EnvUsageError || (e instanceof TypeError && (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS"))) {
      io.stderr(`linkplate env: ${e.message}\n\n${ENV_USAGE}`);
      return 2;
    }
    if (e instanceof ServiceLinkError) {
      io.stderr(`linkplate env: error: ${e.message}\n`);
      return 1;
    }
    if (e instanceof AggregateLinkplateError && e.errors.length) {
      // As `linkplate resolve` prints them: one line per entry, each at its own position.
      if (e instanceof LinkResolutionError && e.kind === "resolve") io.stderr(`${e.where}: error: Failed to resolve links from deployment '${e.deployment}'. See errors below:\n`);
      for (const x of e.errors) io.stderr(`${x.where}: error: ${x.message}\n`);
      return 1;
    }
    if (e instanceof LinkplateError) {
      io.stderr(`${e.message.startsWith(e.filename) ? e.message : `${e.where}: ${e.message}`}\n`);
      return 1;
    }
    throw e;
  }
}
