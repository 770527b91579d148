/**
 * `YAML` (= `Psych`): `YAML.dump`, `#to_yaml`, and loading through the faithful loader in
 * `src/ruby/data/yaml.ts`. File access (`load_file`, `dump` to an IO) is refused.
 */
import { symbolizeKeys } from "./symbolize.js";
import {
  type Interp,
  type Value,
  RArray,
  RClass,
  RException,
  RHash,
  RString,
  RSymbol,
  cObject,
  cRuntimeError,
  defineBuiltinClass,
  defineBuiltinModule,
  mKernel,
  str,
  truthy,
} from "../runtime/values.js";
import { toInt, toStr } from "../runtime/coerce.js";
import { SandboxError } from "../../diagnostics/errors.js";
import { PsychError, loadYamlRuby } from "../data/yaml.js";
import { type YamlDumpOptions, dumpYaml } from "./yaml-dump.js";

export let mPsych: RClass;
let cPsychException: RClass;

function readDumpOpts(it: Interp, v: Value | undefined): YamlDumpOptions {
  const o: YamlDumpOptions = {};
  if (!(v instanceof RHash)) return o;
  for (const [k, x] of v.entries()) {
    const name = k instanceof RSymbol ? k.name : k instanceof RString ? k.s : null;
    if (name === "indentation") o.indentation = toInt(it, x);
    else if (name === "line_width") o.lineWidth = toInt(it, x);
  }
  return o;
}

function optName(k: Value): string | null {
  return k instanceof RSymbol ? k.name : k instanceof RString ? k.s : null;
}


/** The class a Psych failure names ("Psych::DisallowedClass", "TypeError"...). */
function classByPath(path: string): RClass {
  let cur: RClass = cObject;
  for (const part of path.split("::")) {
    const c = cur.consts.get(part);
    if (!(c instanceof RClass)) return cPsychException;
    cur = c;
  }
  return cur;
}

/** YAML.load / safe_load / unsafe_load: `safe` = safe_load's defaults (no Symbols unless permitted). */
function load(it: Interp, args: Value[], mode: "load" | "safe" | "unsafe"): Value {
  const text = toStr(it, args[0]);
  let symbolizeNames = false;
  let aliases = mode === "unsafe";
  let symbols = mode !== "safe";
  const opts = args[args.length - 1];
  if (args.length > 1 && opts instanceof RHash) {
    for (const [k, x] of opts.entries()) {
      const n = optName(k);
      if (n === "symbolize_names") symbolizeNames = truthy(x);
      else if (n === "aliases") aliases = truthy(x);
      else if (n === "permitted_classes" && x instanceof RArray) {
        for (const c of x.a) if (c instanceof RClass && c.name === "Symbol") symbols = true;
      }
    }
  }
  let v: Value;
  try {
    v = loadYamlRuby(text, { aliases, symbols });
  } catch (e) {
    if (e instanceof PsychError) {
      return it.raiseExc(new RException(classByPath(e.rubyClass), str(e.rubyMessage)));
    }
    throw e;
  }
  return symbolizeNames ? symbolizeKeys(v) : v;
}

export function installYaml(): void {
  mPsych = defineBuiltinModule("Psych");
  cObject.consts.set("YAML", mPsych);
  cPsychException = defineBuiltinClass("Exception", cRuntimeError, mPsych);
  defineBuiltinClass("BadAlias", cPsychException, mPsych);
  defineBuiltinClass("DisallowedClass", cPsychException, mPsych);
  defineBuiltinClass("AliasesNotEnabled", mPsych.consts.get("BadAlias") as RClass, mPsych);
  defineBuiltinClass("AnchorNotDefined", mPsych.consts.get("BadAlias") as RClass, mPsych);
  defineBuiltinClass("SyntaxError", cPsychException, mPsych);
  mPsych.consts.set("VERSION", Object.assign(str("5.3.1"), { frozen: true }));

  mPsych.defineS(
    "dump",
    (_self, args, _blk, it) => {
      let opts: Value | undefined = args[1];
      if (args.length >= 2 && !(args[1] instanceof RHash)) {
        if (args[1] !== null) throw new SandboxError("YAML.dump to an IO", {});
        opts = args[2];
      }
      return str(dumpYaml(it, args[0], readDumpOpts(it, opts)));
    },
    [1, 3],
  );
  mPsych.defineS("load", (_self, args, _blk, it) => load(it, args, "load"), [1, 2]);
  mPsych.defineS("safe_load", (_self, args, _blk, it) => load(it, args, "safe"), [1, 2]);
  mPsych.defineS("unsafe_load", (_self, args, _blk, it) => load(it, args, "unsafe"), [1, 2]);
  for (const name of ["load_file", "safe_load_file", "unsafe_load_file", "parse_file"]) {
    mPsych.defineS(name, () => {
      throw new SandboxError(`YAML.${name}`, {});
    });
  }
  mKernel.define("to_yaml", (self, args, _blk, it) => str(dumpYaml(it, self, readDumpOpts(it, args[0]))), [0, 1]);
}
