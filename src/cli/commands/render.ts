/** `linkplate render TEMPLATE --context FILE`: one template, printed on stdout. */
import { createEngine } from "../../engine.js";
import { RHash } from "../../ruby/runtime/values.js";
import { type CommandSpec, type Io, UsageError, parseCommand, profileOption, readData, readDns, readText, str } from "../shared.js";

export const RENDER: CommandSpec = {
  name: "render",
  synopsis: "TEMPLATE [--context FILE] [--dns FILE] [--filename NAME] [--profile director|create-env]",
  description: "Render one ERB template against a context (JSON or YAML: the spec Hash BOSH hands its evaluation\ncontext) and print the result.",
  options: {
    context: { type: "string", arg: "FILE", help: "the context (YAML, or JSON by .json extension)" },
    dns: { type: "string", arg: "FILE", help: "DNS index tables for link(...).address (YAML or JSON, docs/cli.md)" },
    filename: { type: "string", arg: "NAME", help: "the name used in error messages (default: TEMPLATE)" },
    profile: { type: "string", arg: "NAME", help: "director (default) or create-env: which BOSH renderer to reproduce (docs/profiles.md)" },
  },
};

export async function renderCommand(args: string[], io: Io): Promise<number> {
  const p = parseCommand(RENDER, args, io);
  if (!p) return 0;
  if (p.positionals.length !== 1) throw new UsageError("render takes exactly one TEMPLATE");
  const path = p.positionals[0];
  const source = await readText(io, path, "template");
  const ctxFile = str(p.values.context);
  const context = ctxFile ? await readData(io, ctxFile, "context") : new RHash();
  const dns = str(p.values.dns) ? await readDns(io, str(p.values.dns)!) : null;
  const engine = await createEngine({ profile: profileOption(p.values.profile) });
  // A .ejs template takes the ejs dialect (trusted templates only), anything else ERB.
  io.stdout(engine.compileAny(source, { filename: str(p.values.filename) ?? path }).render(context, { dns }));
  return 0;
}
