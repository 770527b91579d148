/** `linkplate render-job JOB_DIR --out DIR`: every template of one job folder, spec defaults applied. */
import { resolve as resolvePath } from "node:path";
import { InputError } from "../../diagnostics/errors.js";
import { createEngine } from "../../engine.js";
import { jobContext, loadJobDir, renderJob } from "../../render/job.js";
import { writeOutputTree } from "../../render/output.js";
import { RHash } from "../../ruby/runtime/values.js";
import { createEnvContext } from "../../bosh/create-env-context.js";
import { type CommandSpec, type Io, UsageError, parseCommand, profileOption, readData, readDns, str } from "../shared.js";

export const RENDER_JOB: CommandSpec = {
  name: "render-job",
  synopsis: "JOB_DIR --out DIR [--properties FILE] [--context FILE] [--dns FILE] [--profile director|create-env]",
  description:
    "Render every template of a job folder (its spec's templates: plus monit) into DIR, properties bound to\nthe spec as the director binds them (undeclared ones dropped, defaults filled). The context (JSON or\nYAML) is the spec Hash BOSH hands its evaluation context; --properties replaces its 'properties'.",
  options: {
    out: { type: "string", arg: "DIR", help: "the output folder (required; see render-deployment --help for the rules)" },
    force: { type: "boolean", help: "move a folder that is not this job's linkplate output aside to DIR.linkplate-backup-N" },
    properties: { type: "string", arg: "FILE", help: "manifest properties for the job (YAML or JSON)" },
    context: { type: "string", arg: "FILE", help: "the instance context: name, index, id, az, networks, links, ... (YAML or JSON)" },
    dns: { type: "string", arg: "FILE", help: "DNS index tables for link(...).address (YAML or JSON, docs/cli.md)" },
    json: { type: "boolean", help: "print the result as JSON" },
    profile: {
      type: "string",
      arg: "NAME",
      help: "director (default) or create-env (bosh-cli's renderer: --properties are the job's own properties,\n--context, when given, is bosh-cli's RootContext; docs/profiles.md)",
    },
  },
};

export async function renderJobCommand(args: string[], io: Io): Promise<number> {
  const p = parseCommand(RENDER_JOB, args, io);
  if (!p) return 0;
  const v = p.values;
  if (p.positionals.length !== 1) throw new UsageError("render-job takes exactly one JOB_DIR");
  const out = str(v.out);
  if (!out) throw new UsageError("render-job needs --out DIR (-o is an ops file, as in the bosh CLI)");
  const job = await loadJobDir(p.positionals[0]);
  const ctxFile = str(v.context);
  const ctx = ctxFile ? await readData(io, ctxFile, "context") : new RHash();
  if (!(ctx instanceof RHash)) throw new InputError(`${ctxFile}: the context must be a mapping`, { filename: ctxFile });
  const propsFile = str(v.properties);
  if (propsFile) {
    const given = await readData(io, propsFile, "properties");
    if (given !== null && !(given instanceof RHash)) throw new InputError(`${propsFile}: properties must be a mapping`, { filename: propsFile });
    ctx.setStr("properties", given ?? new RHash());
  }
  const dns = str(v.dns) ? await readDns(io, str(v.dns)!) : null;
  const profile = profileOption(v.profile);
  const engine = await createEngine({ profile });
  const context =
    profile === "create-env"
      ? ctxFile
        ? ctx
        : createEnvContext({ job: job.spec.name, defaults: job.spec.properties, jobProperties: (ctx.getStr("properties") as RHash | undefined) ?? null })
      : jobContext(job, ctx);
  const rendered = renderJob(engine, job, context, { dns, applySpecDefaults: false });
  const inputs = [p.positionals[0], ...[ctxFile, propsFile, str(v.dns)].filter((x): x is string => !!x)];
  const notices: string[] = [];
  const w = await writeOutputTree(out, rendered.files, { kind: "job", name: job.spec.name, force: v.force === true, inputs, notice: (l) => notices.push(l) });
  if (v.json) {
    io.stdout(`${JSON.stringify({ ok: true, job: job.spec.name, out: resolvePath(out), generation: w.generation, files: [...rendered.files.keys()].sort(), warnings: notices }, null, 2)}\n`);
    return 0;
  }
  for (const n of notices) io.stderr(`${n}\n`);
  io.stdout(`rendered ${rendered.files.size} file(s) of job '${job.spec.name}' into ${out}\n`);
  return 0;
}
