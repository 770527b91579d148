#!/usr/bin/env node
/**
 * The `linkplate` command. Each command lives in src/cli/commands/<name>.ts; this file only
 * dispatches. Every user error is printed as `file:line:col: message` (with a code frame where
 * there is one), or as JSON with --json, and exits 1; usage errors exit 2; nothing is written
 * unless everything rendered; never a stack trace for a user error.
 */
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderCommand, RENDER } from "./commands/render.js";
import { renderDeploymentCommand, RENDER_DEPLOYMENT } from "./commands/render-deployment.js";
import { renderJobCommand, RENDER_JOB } from "./commands/render-job.js";
import { resolveCommand } from "./commands/resolve.js";
import { intCommand } from "./commands/int.js";
import { lintCommand } from "./commands/lint.js";
import { envCommand } from "./commands/env.js";
import { asLinkplateError } from "../diagnostics/boundary.js";
import { InternalError } from "../diagnostics/errors.js";
import { guard, reportError } from "./report.js";
import { type Io, UsageError } from "./shared.js";

const USAGE = `linkplate — render BOSH job templates offline, as BOSH does

Usage:
  linkplate render TEMPLATE --context FILE [--dns FILE]
      Render one ERB template against a context and print the result.
  linkplate render-job JOB_DIR --out DIR [--properties FILE] [--context FILE] [--dns FILE]
      Render every template of a job folder (spec defaults applied) into DIR.
  linkplate render-deployment MANIFEST... --release DIR... --out DIR [-o OPS] [-v K=V] [-l VARS]
  linkplate render-deployment --graph GRAPH.yml --release DIR... --out DIR
      Resolve links and render every job of every instance into DIR/<group>/<index>/<job>/.
  linkplate resolve MANIFEST... --release DIR... [-o OPS] [-v K=V] [-l VARS] [--json]
      Print the resolved link graph.
  linkplate int TEMPLATE [-o OPS]... [-v NAME=VALUE]... [-l VARS]... [--vars-store FILE] [--path PTR]
      Interpolate a manifest as \`bosh int\` does (go-patch ops files, ((variables))).
  linkplate lint JOB_DIR... | RELEASE_DIR... [--json] [--present-only]
      Check templates against their job specs without rendering (exit 1 on errors).
  linkplate env MANIFEST... --release DIR... --instance GROUP/INDEX [--job NAME] [--format env|json|hosts|zone|compose]
  linkplate env --graph FILE --instance GROUP/INDEX [...]
      Print the Docker/Tutum-style service-link variables or host names of one instance.
  linkplate help | --help | --version

Run 'linkplate COMMAND --help' for a command's options (docs/cli.md has them all).
`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

export async function main(argv: string[], io: Io): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (thrown) {
    // Commands report user errors themselves; anything reaching here is typed now: an unexpected
    // JavaScript exception becomes an InternalError (exit 70), never a stack trace.
    const e = asLinkplateError(thrown);
    if (e instanceof InternalError && process.env.LINKPLATE_DEBUG && e.cause instanceof Error) io.stderr(`${e.cause.stack ?? ""}\n`);
    return reportError(io, e, argv.includes("--json"));
  }
}

async function dispatch(argv: string[], io: Io): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case "render":
      return guard(io, RENDER, rest, () => renderCommand(rest, io));
    case "render-job":
      return guard(io, RENDER_JOB, rest, () => renderJobCommand(rest, io));
    case "render-deployment":
      return guard(io, RENDER_DEPLOYMENT, rest, () => renderDeploymentCommand(rest, io));
    case "resolve":
      return resolveCommand(rest, io);
    case "int":
      return intCommand(rest, { stdout: io.stdout, stderr: io.stderr, env: process.env });
    case "lint":
      return lintCommand(rest, io);
    case "env":
      return envCommand(rest, io);
    case "--version":
    case "version":
      io.stdout(`linkplate ${version()}\n`);
      return 0;
    case undefined:
    case "help":
    case "--help":
    case "-h":
      io.stdout(USAGE);
      return cmd === undefined ? 1 : 0;
    default:
      io.stderr(`linkplate: ${new UsageError(`unknown command '${cmd}'`).message}\n\n${USAGE}`);
      return 2;
  }
}

/** True when this module is the program (also through npm's bin symlink), false when imported. */
function isMain(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  main(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), isTty: process.stderr.isTTY === true }).then(
    (code) => process.exit(code),
    (e: unknown) => {
      // A bug in linkplate, not a user error: one line, no stack unless asked for.
      const err = e as Error;
      process.stderr.write(`linkplate: internal error: ${err?.name ?? "Error"}: ${err?.message ?? String(e)}\n${process.env.LINKPLATE_DEBUG ? `${err?.stack ?? ""}\n` : "(set LINKPLATE_DEBUG=1 for a stack trace, and please report it)\n"}`);
      process.exit(70);
    },
  );
}
