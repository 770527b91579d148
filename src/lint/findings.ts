/** What the linter reports: one finding per problem, positioned in the user's own files. */

export type Severity = "error" | "warning";

/** Every kind of finding, with its severity. */
export const RULES = {
  /** ERB or Ruby that does not parse. */
  "syntax-error": "error",
  /** Ruby linkplate does not implement (the UnsupportedRubyError a render would raise). */
  "unsupported-ruby": "error",
  /** The job spec itself cannot be read. */
  "bad-spec": "error",
  /** `p`/`if_p` of a literal name the spec does not declare. */
  "unknown-property": "error",
  /** `link`/`if_link` of a name the spec does not consume. */
  "unknown-link": "error",
  /** `link(x).p(y)` / `instance.p(y)` of a property no known provider of the link's type declares. */
  "unknown-link-property": "error",
  /** A file under templates/ that the spec's `templates` map does not list. */
  "unlisted-template": "error",
  /** A template the spec's `templates` map lists that does not exist. */
  "missing-template": "error",
  /** `if_p(x)` of a name the spec does not declare: the director never passes it, so the block never runs. */
  "if-p-never-true": "warning",
  /** `p([a, b])` where some alternatives are declared and others are not (an old name kept for compatibility never matches). */
  "unknown-alternative": "warning",
  /** A declared property no template reads. */
  "unused-property": "warning",
  /** `p(x, default)` with a literal default other than the spec's default. */
  "default-mismatch": "warning",
  /** `if_p(x)` on a property whose spec default makes it always set. */
  "if-p-always-true": "warning",
  /** An optional link read with `link(x)` outside any `if_link(x)`: the render fails when it is absent. */
  "optional-link-unguarded": "warning",
} as const satisfies Record<string, Severity>;

export type Rule = keyof typeof RULES;

export interface Finding {
  rule: Rule;
  severity: Severity;
  message: string;
  /** The file as the user names it (`<job dir>/templates/<file>`, `<job dir>/spec`, ...). */
  filename: string;
  line: number | null;
  column: number | null;
  /** Source lines around the position with a caret (empty without a position). */
  frame: string;
}

export function finding(rule: Rule, message: string, filename: string, pos: { line: number; column: number } | null = null, frame = ""): Finding {
  return { rule, severity: RULES[rule], message, filename, line: pos?.line ?? null, column: pos?.column ?? null, frame };
}

/** `file:line:col: severity: message [rule]` and the code frame, as compilers print them. */
export function formatFinding(f: Finding): string {
  const where = [f.filename, f.line, f.column].filter((x) => x !== null).join(":");
  return `${where}: ${f.severity}: ${f.message} [${f.rule}]${f.frame ? `\n${f.frame}` : ""}`;
}
