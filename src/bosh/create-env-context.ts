/**
 * The `create-env` render profile: what `bosh create-env` renders with, bosh-cli's own embedded
 * renderer (templatescompiler/erbrenderer/erb_renderer.rb) instead of the director's bosh-common.
 * Its `TemplateEvaluationContext` has no links (`if_link` is always false, `link` does not exist),
 * `else_if_p` but no `else_if_link`, a `PropertyStruct` instead of OpenStruct for `spec` and
 * `properties`, and its own `UnknownProperty` text (`Can't find property 'a', or 'b'`). Its context
 * is bosh-cli's RootContext JSON (see {@link createEnvContext}).
 *
 * The classes are reachable by name only from templates rendered with this profile: they are
 * constants of the context class, not of Object, so the director profile does not see them.
 */
import { InputError } from "../diagnostics/errors.js";
import {
  type Interp,
  type RProc,
  type Value,
  RArray,
  RException,
  RHash,
  RObject,
  RString,
  RSymbol,
  arr,
  cHash,
  cObject,
  cStandardError,
  defineBuiltinClass,
  str,
  sym,
} from "../ruby/runtime/values.js";
import { deepCopy, rubyFromPlainJson, type ContextInput, type PlainJson } from "./evaluation-context.js";
import { kernelArray, lookupProperty, noBlock, splitDots } from "./property-helper.js";

function hidden(name: string, superclass = cObject): ReturnType<typeof defineBuiltinClass> {
  const c = defineBuiltinClass(name, superclass);
  cObject.consts.delete(name);
  return c;
}

/** bosh-cli's `TemplateEvaluationContext`: the `self` of a create-env render. */
export const cCreateEnvContext = hidden("TemplateEvaluationContext");
/** bosh-cli's `PropertyStruct`: `spec` and `properties` in create-env. */
export const cPropertyStruct = hidden("PropertyStruct");
const cUnknownPropertyCE = defineBuiltinClass("UnknownProperty", cStandardError, cCreateEnvContext);
const cActiveCE = defineBuiltinClass("ActiveElseBlock", cObject, cCreateEnvContext);
const cInactiveCE = defineBuiltinClass("InactiveElseBlock", cObject, cCreateEnvContext);
cCreateEnvContext.consts.set("PropertyStruct", cPropertyStruct);
cCreateEnvContext.consts.set("TemplateEvaluationContext", cCreateEnvContext);

function symbolKey(k: Value): RSymbol {
  if (k instanceof RSymbol) return k;
  if (k instanceof RString) return sym(k.s);
  throw new InputError(`create-env context: a key that is neither a String nor a Symbol (${String(k)})`);
}

/** `PropertyStruct.new(hash)`: fields under Symbol keys, nested Hashes (and Hashes in Arrays) wrapped too. */
function propertyStruct(h: RHash): RObject {
  const o = new RObject(cPropertyStruct);
  const table = new RHash();
  for (const [k, v] of h.entries()) table.set(symbolKey(k), wrap(v));
  o.setIvar("@table", table);
  return o;
}

function wrap(v: Value): Value {
  if (v instanceof RHash) return propertyStruct(v);
  if (v instanceof RArray) return arr(v.a.map(wrap));
  return v;
}

/** `Hash#recursive_merge!` as bosh-cli patches it into Hash. */
function recursiveMerge(dst: RHash, src: Value): RHash {
  if (!(src instanceof RHash)) throw new InputError(`create-env context: cluster_properties must be a mapping (no implicit conversion of ${src === null ? "nil" : "that value"} into Hash)`);
  for (const [k, nv] of src.entries()) {
    const ov = dst.lookup(k);
    dst.set(k, ov instanceof RHash && ov.cls === cHash && nv instanceof RHash && nv.cls === cHash ? recursiveMerge(ov, nv) : nv);
  }
  return dst;
}

/** bosh-cli's `copy_property` (no type checks, unlike bosh-common's). */
function copyProperty(dst: RHash, src: Value, name: string, dflt: Value): void {
  const keys = splitDots(name);
  let srcRef: Value = src;
  for (const key of keys) {
    if (srcRef instanceof RHash) srcRef = srcRef.getStr(key) ?? null;
    else if (srcRef instanceof RString) srcRef = srcRef.s.includes(key) ? str(key) : null;
    else throw new InputError(`create-env context: property '${name}' cannot be read through a ${srcRef === null ? "nil" : "non-Hash value"}`);
    if (srcRef === null) break;
  }
  let dstRef = dst;
  for (const key of keys.slice(0, -1)) {
    const next = dstRef.getStr(key);
    if (next instanceof RHash) {
      dstRef = next;
    } else {
      const fresh = new RHash();
      dstRef.set(str(key), fresh);
      dstRef = fresh;
    }
  }
  dstRef.set(str(keys[keys.length - 1] ?? ""), srcRef === null ? dflt : srcRef);
}

/** `TemplateEvaluationContext.new(spec)` for one render (the context is deep-copied first). */
export function createCreateEnvEvaluationContext(context: ContextInput): RObject {
  installCreateEnv();
  const raw = context instanceof RObject || context === null ? (context as Value) : rubyFromPlainJson(context as PlainJson);
  if (!(raw instanceof RHash)) throw new InputError("create-env context: the context must be a mapping (bosh-cli's RootContext JSON)");
  const spec = deepCopy(raw) as RHash;
  const job = spec.getStr("job");
  const jobProps = spec.getStr("job_properties") ?? null;
  let props1: Value;
  if (jobProps !== null) props1 = jobProps;
  else {
    const global = spec.getStr("global_properties") ?? null;
    if (!(global instanceof RHash)) throw new InputError("create-env context: global_properties must be a mapping when job_properties is null");
    props1 = recursiveMerge(global, spec.getStr("cluster_properties") ?? null);
  }
  const defaults = spec.getStr("default_properties") ?? null;
  if (!(defaults instanceof RHash)) throw new InputError("create-env context: default_properties must be a mapping (the job spec's property defaults)");
  const properties = new RHash();
  for (const [name, value] of defaults.entries()) copyProperty(properties, props1, name instanceof RString ? name.s : String(name), value);
  const ctx = new RObject(cCreateEnvContext);
  ctx.setIvar("@name", job instanceof RHash ? (job.getStr("name") ?? null) : null);
  ctx.setIvar("@index", spec.getStr("index") ?? null);
  ctx.setIvar("@properties", propertyStruct(properties));
  ctx.setIvar("@raw_properties", properties);
  ctx.setIvar("@spec", propertyStruct(spec));
  return ctx;
}

function active(context: Value): RObject {
  const o = new RObject(cActiveCE);
  o.setIvar("@context", context);
  return o;
}

function raiseUnknown(it: Interp, names: Value[]): never {
  // bosh-cli's initializer stores @names but its attr_reader is :name, so `e.name` is nil.
  const msg = `Can't find property '${names.map((n) => it.toS(n)).join("', or '")}'`;
  return it.raiseExc(new RException(cUnknownPropertyCE, str(msg)));
}

let installed = false;

function installCreateEnv(): void {
  if (installed) return;
  installed = true;
  const c = cCreateEnvContext;
  for (const a of ["name", "index", "properties", "raw_properties", "spec"]) {
    const ivar = `@${a}`;
    c.define(a, (self: RObject) => self.getIvar(ivar), 0);
  }
  c.define("p", (self: RObject, args: Value[], _blk, it: Interp) => {
    if (args.length === 0) return it.raise("ArgumentError", "wrong number of arguments (given 0, expected 1+)");
    const names = kernelArray(it, args[0]);
    for (const name of names) {
      const v = lookupProperty(it, self.getIvar("@raw_properties"), name);
      if (v !== null) return v;
    }
    if (args.length === 2) return args[1];
    return raiseUnknown(it, names);
  });
  c.define("if_p", (self: RObject, args: Value[], blk: RProc | null, it: Interp) => {
    const values: Value[] = [];
    for (const name of args) {
      const v = lookupProperty(it, self.getIvar("@raw_properties"), name);
      if (v === null) return active(self);
      values.push(v);
    }
    if (!blk) return noBlock(it);
    it.yield(blk, values);
    return new RObject(cInactiveCE);
  });
  c.define("if_link", () => false, 1);
  c.define("lookup_property", (_self, args, _blk, it) => lookupProperty(it, args[0], args[1]), 2, "private");
  cUnknownPropertyCE.define("name", (self: RObject) => self.getIvar("@name"), 0);

  cActiveCE.define("else", (_self: RObject, _args: Value[], blk: RProc | null, it: Interp) => (blk ? it.yield(blk, []) : noBlock(it)), 0);
  cActiveCE.define("else_if_p", (self: RObject, args: Value[], blk: RProc | null, it: Interp) => it.send(self.getIvar("@context"), "if_p", args, blk));
  cInactiveCE.define("else", () => null, 0);
  cInactiveCE.define("else_if_p", () => new RObject(cInactiveCE));

  const ps = cPropertyStruct;
  ps.define("method_missing", (self: RObject, args: Value[], _blk, it: Interp) => {
    const table = self.getIvar("@table") as RHash;
    const mid = args[0];
    const name = mid instanceof RSymbol ? mid.name : it.toS(mid);
    if (name.endsWith("=")) {
      const v = args.length > 1 ? wrap(args[1]) : null;
      table.set(sym(name.slice(0, -1)), v);
      return v;
    }
    return table.lookup(sym(name)) ?? null;
  }, [1, -1], "private");
  ps.define("respond_to_missing?", (self: RObject, args: Value[], _blk, it: Interp) => {
    const table = self.getIvar("@table") as RHash;
    const mid = args[0];
    const name = mid instanceof RSymbol ? mid.name : it.toS(mid);
    return table.has(sym(name)) || name.endsWith("=");
  }, [1, 2], "private");
}

/** Where a create-env context comes from: the job spec and the manifest's three property levels. */
export interface CreateEnvContextInput {
  /** The release job's name (`job.name`). */
  job: string;
  /** Property defaults of the job spec, by dotted name (nil where the spec gives none). */
  defaults: Map<string, Value | undefined>;
  /** The job's own `properties:` in the manifest; when given, the other two levels are ignored. */
  jobProperties?: RHash | null;
  /** The instance group's `properties:`. */
  clusterProperties?: RHash;
  /** The manifest's top-level `properties:`. */
  globalProperties?: RHash;
  deployment?: string;
  /** The instance's address (omitted when empty, as bosh-cli does). */
  address?: string;
  /** bosh-cli generates a random UUID per render; give one for reproducible output. */
  id?: string;
}

/** Maps as Go's encoding/json writes them: keys sorted at every level. */
function sortedDeep(v: Value): Value {
  if (v instanceof RHash) {
    const out = new RHash();
    const entries = [...v.entries()].sort(([a], [b]) => {
      const x = a instanceof RString ? a.s : String(a);
      const y = b instanceof RString ? b.s : String(b);
      return x < y ? -1 : x > y ? 1 : 0;
    });
    for (const [k, x] of entries) out.set(k, sortedDeep(x));
    return out;
  }
  if (v instanceof RArray) return arr(v.a.map(sortedDeep));
  return v;
}

/**
 * bosh-cli's RootContext for one job, as `jobEvaluationContext.MarshalJSON` writes it: index 0, az
 * `unknown`, bootstrap true, `job.name`, the deployment, the address when there is one, a `default`
 * network with empty ip/netmask/gateway, and the four property levels (Go sorts map keys).
 */
export function createEnvContext(input: CreateEnvContextInput): RHash {
  const h = new RHash();
  const set = (k: string, v: Value) => h.set(str(k), v);
  set("index", 0);
  set("id", str(input.id ?? "00000000-0000-0000-0000-000000000000"));
  set("az", str("unknown"));
  set("bootstrap", true);
  const job = new RHash();
  job.set(str("name"), str(input.job));
  set("job", job);
  set("deployment", str(input.deployment ?? ""));
  if (input.address) set("address", str(input.address));
  const net = new RHash();
  for (const k of ["ip", "netmask", "gateway"]) net.set(str(k), str(""));
  const networks = new RHash();
  networks.set(str("default"), net);
  set("networks", networks);
  set("global_properties", sortedDeep(input.globalProperties ?? new RHash()));
  set("cluster_properties", sortedDeep(input.clusterProperties ?? new RHash()));
  set("job_properties", input.jobProperties ? sortedDeep(input.jobProperties) : null);
  const defaults = new RHash();
  for (const [name, d] of input.defaults) defaults.set(str(name), d === undefined ? null : d);
  set("default_properties", sortedDeep(defaults));
  return h;
}
