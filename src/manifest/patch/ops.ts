/**
 * go-patch operations (`replace`, `remove`, `test`) and `find`, transcribed from go-patch's
 * replace_op.go, remove_op.go, test_op.go, find_op.go, array_index.go and array_insertion.go,
 * with the same error texts. Maps are changed in place, lists replaced through their parent,
 * as in Go.
 */
import { YMap, cloneValue, deepEqual, goJsonString, goTypeName, type YamlValue } from "../values.js";
import { ManifestError } from "../errors.js";
import { parseYaml } from "../yaml-read.js";
import { toYaml } from "../yaml-write.js";
import { Pointer, parsePointer, type Modifier, type Token } from "./pointer.js";

/** One go-patch operation: returns the new document (maps are changed in place, as in Go). */
export type Op = (doc: YamlValue) => YamlValue;

/** A go-patch error; `kind` and `path` let `test` with `absent: true` recognise "not found". */
export class PatchError extends ManifestError {
  override name = "PatchError";
  constructor(
    message: string,
    readonly kind: "missing-key" | "missing-index" | "other" = "other",
    readonly path: string = "",
  ) {
    super(message);
  }
}

function mismatch(expected: "an array" | "a map", path: Pointer, obj: YamlValue | undefined): PatchError {
  return new PatchError(`Expected to find ${expected} at path '${path}' but found '${goTypeName(obj)}'`);
}

function missingKey(key: string, path: Pointer, obj: YMap): PatchError {
  let siblings: string;
  if (obj.size === 0) siblings = "found no other map keys";
  else {
    const keys = obj.keys().filter((k): k is string => typeof k === "string");
    keys.sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : Buffer.from(a) > Buffer.from(b) ? 1 : 0));
    siblings = `found map keys: '${keys.join("', '")}'`;
  }
  return new PatchError(`Expected to find a map key '${key}' for path '${path}' (${siblings})`, "missing-key", String(path));
}

function missingIndex(idx: number, arr: YamlValue[], path: Pointer): PatchError {
  return new PatchError(`Expected to find array index '${idx}' but found array of length '${arr.length}' for path '${path}'`, "missing-index", String(path));
}

function multipleMatching(path: Pointer, count: number): PatchError {
  return new PatchError(`Expected to find exactly one matching array item for path '${path}' but found ${count}`);
}

const GO_MODIFIER_TYPE: Record<Modifier, string> = {
  prev: "patch.PrevModifier",
  next: "patch.NextModifier",
  before: "patch.BeforeModifier",
  after: "patch.AfterModifier",
};

/** ArrayIndex.Concrete: an index after `:prev`/`:next`, negative from the end. */
function concreteIndex(index: number, modifiers: Modifier[], arr: YamlValue[], path: Pointer): number {
  let result = index;
  for (const m of modifiers) {
    if (m === "prev") result -= 1;
    else if (m === "next") result += 1;
    else throw new PatchError(`Expected to find one of the following modifiers: 'prev', 'next', but found modifier '${GO_MODIFIER_TYPE[m]}'`);
  }
  if (result >= arr.length || -result - 1 >= arr.length) throw missingIndex(result, arr, path);
  if (result < 0) result = arr.length + result;
  return result;
}

/** ArrayInsertion.Concrete + Update: replace at an index, or insert before/after it. */
function insertion(index: number, modifiers: Modifier[], arr: YamlValue[], path: Pointer): (a: YamlValue[], v: YamlValue) => YamlValue[] {
  const mods: Modifier[] = [];
  let before = false, after = false;
  for (const m of modifiers) {
    if (before) throw new PatchError(`Expected to not find any modifiers after 'before' modifier, but found modifier '${GO_MODIFIER_TYPE[m]}'`);
    if (after) throw new PatchError(`Expected to not find any modifiers after 'after' modifier, but found modifier '${GO_MODIFIER_TYPE[m]}'`);
    if (m === "before") before = true;
    else if (m === "after") after = true;
    else mods.push(m);
  }
  let num = concreteIndex(index, mods, arr, path);
  if (after && num !== arr.length) num += 1;
  if (before || after) return (a, v) => [...a.slice(0, num), v, ...a.slice(num)];
  return (a, v) => {
    a[num] = v;
    return a;
  };
}

/** Indexes of the map items whose `key` is the string `value`. */
function matchingIndexes(arr: YamlValue[], key: string, value: string): number[] {
  const idxs: number[] = [];
  arr.forEach((item, i) => {
    if (item instanceof YMap && item.get(key) === value) idxs.push(i);
  });
  return idxs;
}

/** `patch.FindOp`: the value at `path` (what `bosh int --path` prints). */
export function findPath(doc: YamlValue, path: Pointer): YamlValue {
  const tokens = path.tokens;
  if (tokens.length === 1) return doc;
  let obj: YamlValue | undefined = doc;
  for (let i = 0; i < tokens.length - 1; i++) {
    const token = tokens[i + 1];
    const isLast = i === tokens.length - 2;
    const curr = path.prefix(i + 2);
    switch (token.kind) {
      case "index": {
        if (!Array.isArray(obj)) throw mismatch("an array", curr, obj);
        const idx = concreteIndex(token.index, token.modifiers, obj, curr);
        if (isLast) return obj[idx];
        obj = obj[idx];
        break;
      }
      case "after-last":
        throw new PatchError(`Expected not to find after last index token in path '${path}' (not supported in find operations)`);
      case "matching": {
        if (!Array.isArray(obj)) throw mismatch("an array", curr, obj);
        const idxs = matchingIndexes(obj, token.key, token.value);
        if (token.optional && idxs.length === 0) {
          obj = YMap.from([[token.key, token.value]]);
          if (isLast) return obj;
        } else {
          if (idxs.length !== 1) throw multipleMatching(curr, idxs.length);
          const idx = concreteIndex(idxs[0], token.modifiers, obj, curr);
          if (isLast) return obj[idx];
          obj = obj[idx];
        }
        break;
      }
      case "key": {
        if (!(obj instanceof YMap)) throw mismatch("a map", curr, obj);
        const m: YMap = obj;
        const found = m.has(token.key);
        obj = m.get(token.key);
        if (!found && !token.optional) throw missingKey(token.key, curr, m);
        if (isLast) return m.get(token.key) ?? null;
        if (!found) {
          const next = tokens[i + 2];
          if (next.kind === "matching") obj = [];
          else if (next.kind === "key") obj = new YMap();
          else throw new PatchError(`Expected to find key or matching index token at path '${path.prefix(i + 3)}'`);
        }
        break;
      }
      default:
        throw unexpectedToken(token, curr);
    }
  }
  return doc;
}

function unexpectedToken(token: Token, path: Pointer): PatchError {
  const names: Record<Token["kind"], string> = {
    root: "patch.RootToken",
    index: "patch.IndexToken",
    "after-last": "patch.AfterLastIndexToken",
    matching: "patch.MatchingIndexToken",
    key: "patch.KeyToken",
  };
  return new PatchError(`Expected to not find token '${names[token.kind]}' at path '${path}'`);
}

/** ReplaceOp.Apply. The value is cloned through YAML, as go-patch does (so `1.0` becomes `1`). */
export function replaceOp(path: Pointer, value: YamlValue): Op {
  return (input) => {
    let doc = input;
    const cloned = parseYaml(toYaml(cloneValue(value)));
    const tokens = path.tokens;
    if (tokens.length === 1) return cloned;
    let obj: YamlValue | undefined = doc;
    let prevUpdate = (v: YamlValue): void => {
      doc = v;
    };
    for (let i = 0; i < tokens.length - 1; i++) {
      const token = tokens[i + 1];
      const isLast = i === tokens.length - 2;
      const curr = path.prefix(i + 2);
      switch (token.kind) {
        case "index": {
          if (!Array.isArray(obj)) throw mismatch("an array", curr, obj);
          const arr: YamlValue[] = obj;
          if (isLast) {
            prevUpdate(insertion(token.index, token.modifiers, arr, curr)(arr, cloned));
          } else {
            const idx = concreteIndex(token.index, token.modifiers, arr, curr);
            obj = arr[idx];
            prevUpdate = (v) => {
              arr[idx] = v;
            };
          }
          break;
        }
        case "after-last": {
          if (!Array.isArray(obj)) throw mismatch("an array", curr, obj);
          if (!isLast) throw new PatchError(`Expected after last index token to be last in path '${path}'`);
          prevUpdate([...obj, cloned]);
          break;
        }
        case "matching": {
          if (!Array.isArray(obj)) throw mismatch("an array", curr, obj);
          const arr: YamlValue[] = obj;
          const idxs = matchingIndexes(arr, token.key, token.value);
          if (token.optional && idxs.length === 0) {
            if (isLast) prevUpdate([...arr, cloned]);
            else {
              obj = YMap.from([[token.key, token.value]]);
              prevUpdate([...arr, obj]);
            }
          } else {
            if (idxs.length !== 1) throw multipleMatching(curr, idxs.length);
            if (isLast) prevUpdate(insertion(idxs[0], token.modifiers, arr, curr)(arr, cloned));
            else obj = arr[concreteIndex(idxs[0], token.modifiers, arr, curr)];
          }
          break;
        }
        case "key": {
          if (!(obj instanceof YMap)) throw mismatch("a map", curr, obj);
          const m: YMap = obj;
          const found = m.has(token.key);
          obj = m.get(token.key);
          if (!found && !token.optional) throw missingKey(token.key, curr, m);
          if (isLast) m.set(token.key, cloned);
          else {
            prevUpdate = (v) => m.set(token.key, v);
            if (!found) {
              const next = tokens[i + 2];
              if (next.kind === "after-last" || next.kind === "matching") obj = [];
              else if (next.kind === "key") obj = new YMap();
              else throw new PatchError(`Expected to find key, matching index or after last index token at path '${path.prefix(i + 3)}'`);
              m.set(token.key, obj);
            }
          }
          break;
        }
        default:
          throw unexpectedToken(token, curr);
      }
    }
    return doc;
  };
}

/** RemoveOp.Apply. */
export function removeOp(path: Pointer): Op {
  return (input) => {
    let doc = input;
    const tokens = path.tokens;
    if (tokens.length === 1) throw new PatchError("Cannot remove entire document");
    let obj: YamlValue | undefined = doc;
    let prevUpdate = (v: YamlValue): void => {
      doc = v;
    };
    for (let i = 0; i < tokens.length - 1; i++) {
      const token = tokens[i + 1];
      const isLast = i === tokens.length - 2;
      const curr = path.prefix(i + 2);
      switch (token.kind) {
        case "index": {
          if (!Array.isArray(obj)) throw mismatch("an array", curr, obj);
          const arr: YamlValue[] = obj;
          const idx = concreteIndex(token.index, token.modifiers, arr, curr);
          if (isLast) prevUpdate([...arr.slice(0, idx), ...arr.slice(idx + 1)]);
          else {
            obj = arr[idx];
            prevUpdate = (v) => {
              arr[idx] = v;
            };
          }
          break;
        }
        case "matching": {
          if (!Array.isArray(obj)) throw mismatch("an array", curr, obj);
          const arr: YamlValue[] = obj;
          const idxs = matchingIndexes(arr, token.key, token.value);
          if (token.optional && idxs.length === 0) return doc;
          if (idxs.length !== 1) throw multipleMatching(curr, idxs.length);
          const idx = concreteIndex(idxs[0], token.modifiers, arr, curr);
          if (isLast) prevUpdate([...arr.slice(0, idx), ...arr.slice(idx + 1)]);
          else obj = arr[idx];
          break;
        }
        case "key": {
          if (!(obj instanceof YMap)) throw mismatch("a map", curr, obj);
          const m: YMap = obj;
          const found = m.has(token.key);
          obj = m.get(token.key);
          if (!found) {
            if (token.optional) return doc;
            throw missingKey(token.key, curr, m);
          }
          if (isLast) m.delete(token.key);
          else prevUpdate = (v) => m.set(token.key, v);
          break;
        }
        default:
          throw unexpectedToken(token, curr);
      }
    }
    return doc;
  };
}

/** TestOp.Apply: the value at `path` equals `value`, or (`absent`) nothing is there. */
export function testOp(path: Pointer, value: YamlValue, absent: boolean): Op {
  return (doc) => {
    if (absent) {
      try {
        findPath(doc, path);
      } catch (e) {
        if (e instanceof PatchError && e.kind !== "other" && e.path === String(path)) return doc;
        throw e;
      }
      throw new PatchError(`Expected to not find '${path}'`);
    }
    if (!deepEqual(findPath(doc, path), value)) throw new PatchError("Found value does not match expected value");
    return doc;
  };
}

/** DescriptiveOp: failures read `Error 'LABEL': MESSAGE`. */
function describe(op: Op, label: string): Op {
  return (doc) => {
    try {
      return op(doc);
    } catch (e) {
      if (e instanceof ManifestError) throw new PatchError(`Error '${label}': ${e.message}`);
      throw e;
    }
  };
}

/** One `- type: ... path: ... value: ...` entry as go-patch's OpDefinition holds it. */
export interface OpDefinition {
  type: string;
  path?: string;
  value?: YamlValue;
  absent?: boolean;
  error?: string;
}

/** What a scalar decoded into a Go `string` field holds. */
function asGoString(v: YamlValue | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "bigint" || typeof v === "boolean") return String(v);
  if (typeof v === "number") return String(v);
  throw new ManifestError(`yaml: unmarshal errors:\n  cannot unmarshal !!${Array.isArray(v) ? "seq" : "map"} into string`);
}

/** Go's json.MarshalIndent of the definition with the value redacted (go-patch's fmtOpDef). */
function fmtOpDef(def: OpDefinition): string {
  const fields: string[] = [];
  const str = (s: string): string => goJsonString(s).replace(/\\u003c/g, "<").replace(/\\u003e/g, ">");
  if (def.type) fields.push(`  "Type": ${str(def.type)}`);
  if (def.path !== undefined) fields.push(`  "Path": ${str(def.path)}`);
  if (def.value !== undefined) fields.push(`  "Value": "<redacted>"`);
  if (def.absent !== undefined) fields.push(`  "Absent": ${def.absent}`);
  if (def.error !== undefined) fields.push(`  "Error": ${str(def.error)}`);
  return `{\n${fields.join(",\n")}\n}`;
}

/** yaml.Unmarshal of an ops file's document into `[]patch.OpDefinition` (type errors as yaml.v2 words them). */
export function decodeOpDefinitions(doc: YamlValue): OpDefinition[] {
  if (doc === null) return [];
  if (!Array.isArray(doc)) {
    const what = doc instanceof YMap ? "!!map" : typeof doc === "string" ? "!!str" : "!!" + (typeof doc === "bigint" ? "int" : typeof doc === "number" ? "float" : "bool");
    throw new ManifestError(`yaml: unmarshal errors:\n  line 1: cannot unmarshal ${what} into []patch.OpDefinition`);
  }
  return doc.map((item) => {
    if (item !== null && !(item instanceof YMap)) throw new ManifestError("yaml: unmarshal errors:\n  cannot unmarshal into patch.OpDefinition");
    const m = item ?? new YMap();
    const def: OpDefinition = { type: asGoString(m.get("type")) ?? "" };
    const path = asGoString(m.get("path"));
    if (path !== undefined) def.path = path;
    const value = m.get("value");
    if (value !== undefined && value !== null) def.value = value;
    const absent = m.get("absent");
    if (absent !== undefined && absent !== null) def.absent = absent === true;
    const error = asGoString(m.get("error"));
    if (error !== undefined) def.error = error;
    return def;
  });
}

/**
 * `patch.NewOpsFromDefinitions`; `label(i)` replaces each definition's `error` (bosh sets it to
 * `operation [i] in FILE failed`), which names the operation when it fails.
 */
export function opsFromDefinitions(defs: OpDefinition[], label?: (index: number) => string): Op[] {
  return defs.map((d, i) => {
    const def: OpDefinition = label ? { ...d, error: label(i) } : d;
    const within = (msg: string): string => `${msg} within\n${fmtOpDef(def)}`;
    const pointer = (): Pointer => {
      try {
        return parsePointer(def.path!);
      } catch (e) {
        throw new ManifestError(`Invalid path: ${(e as Error).message}`);
      }
    };
    let op: Op;
    try {
      switch (def.type) {
        case "replace":
          if (def.path === undefined) throw new ManifestError("Missing path");
          if (def.value === undefined) throw new ManifestError("Missing value");
          op = replaceOp(pointer(), def.value);
          break;
        case "remove":
          if (def.path === undefined) throw new ManifestError("Missing path");
          if (def.value !== undefined) throw new ManifestError("Cannot specify value");
          op = removeOp(pointer());
          break;
        case "test":
          if (def.path === undefined) throw new ManifestError("Missing path");
          if (def.value === undefined && def.absent === undefined) throw new ManifestError("Missing value or absent");
          op = testOp(pointer(), def.value ?? null, def.absent ?? false);
          break;
        default:
          throw new ManifestError(within(`Unknown operation [${i}] with type '${def.type}'`));
      }
    } catch (e) {
      if (!(e instanceof ManifestError)) throw e;
      if (e.message.startsWith("Unknown operation")) throw e;
      const kind = def.type === "replace" ? "Replace" : def.type === "remove" ? "Remove" : "Test";
      throw new ManifestError(within(`${kind} operation [${i}]: ${e.message}`));
    }
    return def.error !== undefined ? describe(op, def.error) : op;
  });
}

/** Both steps on a decoded ops file. */
export function parseOps(doc: YamlValue, label?: (index: number) => string): Op[] {
  return opsFromDefinitions(decodeOpDefinitions(doc), label);
}

export function applyOps(doc: YamlValue, ops: Op[]): YamlValue {
  return ops.reduce((d, op) => op(d), doc);
}
