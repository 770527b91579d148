/**
 * Bounds the nesting of a YAML document before the `yaml` package parses it. Its parser and
 * composer are recursive: about 800 nested `[` overflow the JavaScript stack, and after such an
 * overflow V8 has been seen to abort the whole process on the next YAML parse ("RegExpCompiler
 * Allocation failed"). The lexer is iterative, so we read its tokens (quoted and block scalars
 * are single tokens) and estimate the depth as the flow-collection depth plus the indentation and
 * the `-`/`?`/`:` indicators of the current line, an over-estimate of the tree's depth.
 */
import { Lexer } from "yaml";

/** Deepest YAML nesting accepted (contexts, manifests, `YAML.load` in templates). */
export const YAML_NESTING_CAP = 256;

/** The UTF-16 offset where the estimate first exceeds `max`, or -1. */
export function yamlNestingExceeds(text: string, max = YAML_NESTING_CAP): number {
  let flow = 0;
  let indent = 0;
  let indicators = 0;
  let atLineStart = true;
  let offset = 0;
  let scalarNext = false;
  for (const tok of new Lexer().lex(text)) {
    const first = tok.charCodeAt(0);
    if (scalarNext) {
      // The value of a scalar (after the lexer's SCALAR mark): content, never structure.
      scalarNext = false;
      atLineStart = false;
    } else if (tok === "\x1f") {
      scalarNext = true;
    } else if (tok === "\n" || tok === "\r\n") {
      atLineStart = true;
      indent = 0;
      indicators = 0;
    } else if (first === 32 || first === 9) {
      if (atLineStart) indent = tok.length;
      atLineStart = false;
    } else {
      atLineStart = false;
      if (tok === "[" || tok === "{") flow++;
      else if ((tok === "]" || tok === "}") && flow > 0) flow--;
      else if (tok === "-" || tok === "?" || tok === ":") indicators++;
      if (flow + indent + indicators > max) return offset;
    }
    // Control tokens (document/scalar starts) are not source text.
    if (first >= 0x20 || first === 9 || first === 10 || first === 13) offset += tok.length;
  }
  return -1;
}
