/**
 * `linkplate lint JOB_DIR... | RELEASE_DIR...`: static checks of templates against their job specs.
 * Prints findings as `file:line:col: severity: message [rule]` with a code frame (or JSON), and
 * exits 1 when any error is found, 0 otherwise; usage errors exit 2.
 */
import { parseArgs } from "node:util";
import { LinkplateError } from "../../diagnostics/errors.js";
import { type LintReport, formatReport, lint } from "../../lint/index.js";
import { reportError } from "../report.js";

export const LINT_USAGE = `usage: linkplate lint PATH... [--json] [--present-only]

  PATH            a job folder (with spec) or a release folder (with jobs/)
  --json          print the report as JSON: {jobs, errors, warnings, findings: [{rule, severity,
                  message, filename, line, column, frame}]}
  --present-only  lint only the templates that exist; do not report templates the spec lists but
                  the folder lacks (for partial copies of a release)

Errors (exit 1): syntax errors, unsupported Ruby, undeclared properties and links, link properties
no known provider declares, templates missing from or absent in the spec. Warnings: declared
properties never read, if_p that is always or never true, defaults that contradict the spec,
optional links read without if_link.
`;

export interface LintIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export async function lintCommand(args: string[], io: LintIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: "boolean" }, "present-only": { type: "boolean" }, help: { type: "boolean", short: "h" } },
    });
  } catch (e) {
    io.stderr(`linkplate lint: ${(e as Error).message}\n\n${LINT_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(LINT_USAGE);
    return 0;
  }
  if (positionals.length === 0) {
    io.stderr(`linkplate lint: give at least one job or release folder\n\n${LINT_USAGE}`);
    return 2;
  }
  let report: LintReport;
  try {
    report = await lint(positionals, { presentTemplatesOnly: values["present-only"] === true });
  } catch (e) {
    if (e instanceof LinkplateError) return reportError(io, e, values.json === true);
    throw e;
  }
  io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return report.errors > 0 ? 1 : 0;
}
