/**
 * `linkplate resolve MANIFEST... --release [NAME=]DIR... [options] [--json]`
 *
 * Resolves the links of one or more deployment manifests (deployed in order) against release job
 * specs and prints each deployment's link graph (YAML documents, or JSON with --json); the output
 * feeds `render-deployment --graph` unchanged. Errors are printed with file:line:col; exit 1.
 * Usage errors exit 2.
 */
import { resolveDeployment } from "../../links/resolver.js";
import { dumpJson } from "../../links/yaml-out.js";
import { MANIFEST_OPTIONS, loadDeploymentInput } from "../deployment-input.js";
import { errorEntries, guard } from "../report.js";
import { type CommandSpec, type Io, UsageError, parseCommand } from "../shared.js";

export type ResolveIo = Io & { readFile: (p: string) => Promise<string> };

export const RESOLVE: CommandSpec = {
  name: "resolve",
  synopsis: "MANIFEST... --release [NAME=]DIR... [options] [--json]",
  description: "Print the resolved link graph of each manifest (deployed in order: earlier manifests provide\ncross-deployment links). The output is what render-deployment --graph reads.",
  options: { ...MANIFEST_OPTIONS, json: { type: "boolean", help: "print JSON instead of YAML" } },
};

export function resolveCommand(args: string[], io: Io): Promise<number> {
  return guard(io, RESOLVE, args, async () => {
    const p = parseCommand(RESOLVE, args, io);
    if (!p) return 0;
    if (!p.positionals.length) throw new UsageError("no manifest given");
    const json = p.values.json === true;
    const d = await loadDeploymentInput(io, p.positionals, p.values, true);
    for (const w of d.warnings) io.stderr(`warning: ${w}\n`);
    const res = resolveDeployment(d.resolve);
    for (const dep of res.deployments) for (const w of dep.warnings) io.stderr(`warning: ${dep.name}: ${w}\n`);
    if (res.error) {
      if (json) {
        const failed = res.deployments.filter((dep) => dep.error);
        io.stdout(`${JSON.stringify({ ok: false, errors: failed.flatMap((dep) => errorEntries(dep.error!)) }, null, 2)}\n`);
        return 1;
      }
      for (const dep of res.deployments) {
        if (!dep.error) continue;
        const entries = dep.error.errors.length ? dep.error.errors : [dep.error];
        if (dep.error.kind === "resolve") io.stderr(`${dep.error.where}: error: Failed to resolve links from deployment '${dep.name}'. See errors below:\n`);
        for (const x of entries) io.stderr(`${x.where}: error: ${x.message}\n`);
      }
      return 1;
    }
    const out = res.deployments.map((dep) => (json ? `${dumpJson(dep.graph!.toValue())}\n` : dep.graph!.toYaml()));
    io.stdout(json ? (out.length === 1 ? out[0] : `[\n${out.map((o) => o.trimEnd()).join(",\n")}\n]\n`) : out.map((o) => `---\n${o}`).join(""));
    return 0;
  });
}
