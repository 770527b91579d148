/** Installs every core class's methods into the shared class objects (once per process). */
import { hooks } from "../interp/hooks.js";
import { mKernel } from "../runtime/values.js";
import { installArray } from "./array.js";
import { installComparable } from "./comparable.js";
import { installRange } from "./range.js";
import { installString } from "./string.js";
import { installSymbol } from "./symbol.js";
import { installEnumerable, newarrayMinMax } from "./enumerable.js";
import { installEnumerator } from "./enumerator.js";
import { installArithSeq } from "./arith-seq.js";
import { installFile } from "./file.js";
import { installHash } from "./hash.js";
import { installModule } from "./module.js";
import { floatStepSize, installNumeric, kernelFloat, kernelInteger } from "./numeric.js";
import { installObject } from "./object.js";
import { format } from "./format.js";
import { RString } from "../runtime/values.js";
import { toStr } from "../runtime/coerce.js";
import { compileRegexpOrRaise, installRegexp, regexpToS } from "./regexp.js";

let installed = false;

export function installCore(): void {
  if (installed) return;
  installed = true;
  installObject();
  installModule();
  installNumeric();
  mKernel.define("Integer", (_s, args, _b, it) => kernelInteger(it, args), undefined, "private");
  mKernel.define("Float", (_s, args, _b, it) => kernelFloat(it, args), undefined, "private");
  const kernelFormat = (_s: unknown, args: import("../runtime/values.js").Value[], _b: unknown, it: import("../runtime/values.js").Interp) => {
    if (args.length === 0) return it.raise("ArgumentError", "too few arguments");
    return new RString(format(it, toStr(it, args[0]), args.slice(1)));
  };
  mKernel.define("format", kernelFormat, undefined, "private");
  mKernel.define("sprintf", kernelFormat, undefined, "private");
  installComparable();
  installEnumerable();
  installEnumerator();
  installArithSeq(floatStepSize);
  installArray();
  installHash();
  installString();
  installSymbol();
  installRange();
  installRegexp();
  installFile();
  hooks.compileRegexp = compileRegexpOrRaise;
  hooks.regexpToS = regexpToS;
  hooks.newarrayMinMax = newarrayMinMax;
}
