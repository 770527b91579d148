/** The Ruby stage's surface: load the parser, compile a Ruby program, run it. */
import { installCore } from "./core/index.js";
import { installBrokenUtf8 } from "./core/string-broken.js";
import { requirable } from "./core/object.js";
import { REQUIRABLE, installStdlib } from "./stdlib/index.js";
import { type PrismParse, type PrismWasmSource, loadPrismParser } from "./parse/prism.js";
import { execute } from "./interp/execute.js";
import { type ProgramSource, RubyProgram, setBindingNesting } from "./interp/program.js";
import { DEFAULT_LIMITS, type Limits } from "./interp/runtime.js";
import { mainObjects } from "./runtime/coerce.js";
import { type Value, RObject, cObject } from "./runtime/values.js";

export { DEFAULT_LIMITS, RubyProgram, execute, setBindingNesting, type Limits, type ProgramSource };

/** Loads Prism and installs the core and standard libraries; everything after this is synchronous. */
export async function loadRuby(prismWasm?: PrismWasmSource): Promise<PrismParse> {
  installCore();
  installStdlib();
  installBrokenUtf8();
  for (const lib of REQUIRABLE) requirable.add(lib);
  return loadPrismParser(prismWasm);
}

/** A program source for plain Ruby text (no ERB): positions are the text's own lines. */
export function plainSource(code: string, filename = "(eval)"): ProgramSource {
  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code.charCodeAt(i) === 10) lineStarts.push(i + 1);
  return {
    code,
    filename,
    frozenStringLiteral: false,
    position(index) {
      let lo = 0;
      let hi = lineStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (lineStarts[mid] <= index) lo = mid;
        else hi = mid - 1;
      }
      return { line: lo + 1, column: index - lineStarts[lo] + 1 };
    },
    frame: () => "",
  };
}

/** Evaluates plain Ruby code with a fresh `main` object (for tests and tools). */
export function evalPlain(parse: PrismParse, code: string, limits: Limits = DEFAULT_LIMITS): Value {
  const program = new RubyProgram(parse, plainSource(code));
  const main = new RObject(cObject);
  mainObjects.add(main);
  return execute(program, main, limits).value;
}
