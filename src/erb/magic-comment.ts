/**
 * ERB's magic-comment detection (`ERB::Compiler#detect_magic_comment`, trim mode without `%`):
 * a `<%# … %>` starting at the very first byte, running greedily to the last `%>` of the first line.
 */
import { findRubyEncoding } from "./encodings.js";

export interface MagicComment {
  /** The comment text (after `<%#`, up to the last `%>` of the first line), or null when none. */
  comment: string | null;
  /**
   * The coding name as written (after removing `-mac`/`-dos`/`-unix`), when the comment names one.
   * `encoding` is then its canonical Ruby name, or null when Ruby's `Encoding.find` returns nil
   * (`internal`).
   */
  codingName: string | null;
  /** Canonical encoding from the comment; undefined when the comment names none (or an unknown one). */
  encoding: string | null | undefined;
  /** Whether `codingName` is not a Ruby encoding (`ERB.new` raises ArgumentError). */
  unknownEncoding: boolean;
  /** The `frozen_string_literal` value word (e.g. `true`), or null. */
  frozen: string | null;
}

// Ruby's \s on a binary string: [ \t\n\v\f\r].
const MAGIC_RE = /^<%#([^\n]*)%>/;
const CODING_RE = /coding[ \t\n\v\f\r]*[=:][ \t\n\v\f\r]*([A-Za-z0-9\-_]+)/;
const FROZEN_RE = /frozen[-_]string[-_]literal[ \t\n\v\f\r]*:[ \t\n\v\f\r]*([A-Za-z0-9]+)/;

export function detectMagicComment(template: string): MagicComment {
  const res: MagicComment = { comment: null, codingName: null, encoding: undefined, unknownEncoding: false, frozen: null };
  const m = MAGIC_RE.exec(template);
  if (!m) return res;
  let comment = m[1];
  res.comment = comment;
  const emacs = emacsVariables(comment);
  if (emacs !== null) comment = emacs;
  const coding = CODING_RE.exec(comment);
  if (coding) {
    const name = coding[1].replace(/-(?:mac|dos|unix)/i, "");
    res.codingName = name;
    const enc = findRubyEncoding(name);
    if (enc === undefined) res.unknownEncoding = true;
    else res.encoding = enc;
    return res;
  }
  const frozen = FROZEN_RE.exec(comment);
  if (frozen) res.frozen = frozen[1];
  return res;
}

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

/**
 * What Ruby's /-\*-\s*([^\s][^\n]*?)\s*-\*-$/ captures in the (single-line) comment, in linear
 * time (the regexp is quadratic on a first line with many `-*-`): the text between the first
 * `-*-` and a final `-*-`, trimmed, when it is not empty.
 */
function emacsVariables(comment: string): string | null {
  const open = comment.indexOf("-*-");
  const close = comment.length - 3;
  if (open < 0 || close < open + 3 || !comment.endsWith("-*-")) return null;
  let b = open + 3;
  let e = close;
  while (b < e && isSpace(comment.charCodeAt(b))) b++;
  while (e > b && isSpace(comment.charCodeAt(e - 1))) e--;
  return b < e ? comment.slice(b, e) : null;
}
