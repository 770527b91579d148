/** Writes Ruby plain data as YAML (1.1-safe quoting, Floats keep their `.0`, key order kept). */
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from "yaml";
import { RArray, RFloat, RHash, RString, RSymbol, type Value } from "../ruby/runtime/values.js";
import { show } from "./rb.js";

function node(v: Value): Node {
  if (v instanceof RHash) {
    const m = new YAMLMap();
    for (const [k, x] of v.entries()) m.items.push(new Pair(node(k), node(x)));
    return m;
  }
  if (v instanceof RArray) {
    const s = new YAMLSeq();
    for (const x of v.a) s.items.push(node(x));
    return s;
  }
  if (v instanceof RString) return new Scalar(v.s);
  if (v instanceof RSymbol) return new Scalar(`:${v.name}`);
  if (v instanceof RFloat) {
    if (!Number.isFinite(v.v)) return new Scalar(v.v);
    const s = new Scalar(v.v);
    s.minFractionDigits = 1;
    return s;
  }
  if (v === null || typeof v === "boolean" || typeof v === "number" || typeof v === "bigint") return new Scalar(v);
  return new Scalar(show(v));
}

export function dumpYaml(v: Value): string {
  const doc = new Document(null, { version: "1.1" });
  doc.contents = node(v) as never;
  return doc.toString({ lineWidth: 0, nullStr: "null", indentSeq: false });
}

/** Writes Ruby plain data as JSON (indented), keeping key order and Floats' `.0`. */
export function dumpJson(v: Value, indent = "  ", depth = 0): string {
  const pad = indent.repeat(depth + 1);
  const end = indent.repeat(depth);
  if (v === null) return "null";
  if (typeof v === "boolean" || typeof v === "number" || typeof v === "bigint") return String(v);
  if (v instanceof RString) return JSON.stringify(v.s);
  if (v instanceof RSymbol) return JSON.stringify(v.name);
  if (v instanceof RFloat) return !Number.isFinite(v.v) ? "null" : Number.isInteger(v.v) && Math.abs(v.v) < 1e16 ? v.v.toFixed(1) : String(v.v);
  if (v instanceof RArray) return v.a.length ? `[\n${v.a.map((x) => pad + dumpJson(x, indent, depth + 1)).join(",\n")}\n${end}]` : "[]";
  if (v instanceof RHash) {
    const es = [...v.entries()];
    return es.length ? `{\n${es.map(([k, x]) => `${pad}${JSON.stringify(k instanceof RString ? k.s : show(k))}: ${dumpJson(x, indent, depth + 1)}`).join(",\n")}\n${end}}` : "{}";
  }
  return JSON.stringify(show(v));
}
