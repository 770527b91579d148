/**
 * `yaml.Unmarshal(text, &obj)` with `obj interface{}`, as Go's yaml.v2 decodes: syntax from the
 * `yaml` package (failsafe schema, so each scalar arrives as text plus style and tag), typing as
 * yaml.v2's resolve.go (see yaml-resolve.ts) and decode.go do it:
 *
 * - only the first document; an empty stream is null;
 * - each alias is decoded afresh from its anchor's node (no sharing); an alias inside its own
 *   anchor is an error;
 * - merge keys `<<` set the merged keys in order (later keys overwrite earlier ones, as Go's
 *   map assignment does); a repeated key keeps its last value;
 * - a sequence or mapping used as a key is an error (`invalid map key`).
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from "yaml";
import { YMap, goFormat, type YamlValue } from "./values.js";
import { ManifestError } from "./errors.js";
import { resolvePlain } from "./yaml-resolve.js";

const LONG = "tag:yaml.org,2002:";

/** The first document of `text`; errors carry yaml.v2's wording where it is known (`yaml: line N: ...`). */
export function parseYaml(text: string, filename = "(yaml)"): YamlValue {
  return new Decoder(text, filename).run();
}

class Decoder {
  private readonly lines = new LineCounter();
  private readonly anchors = new Map<string, Node>();
  private readonly expanding = new Set<string>();

  constructor(
    private readonly text: string,
    private readonly filename: string,
  ) {}

  run(): YamlValue {
    const docs = parseAllDocuments(this.text, {
      schema: "failsafe",
      version: "1.1",
      uniqueKeys: false,
      prettyErrors: false,
      lineCounter: this.lines,
      strict: false,
    });
    if (!Array.isArray(docs)) {
      const errs = (docs as unknown as { errors?: { message: string; pos: [number, number] }[] }).errors;
      if (errs && errs.length) this.syntaxError(errs[0]);
      return null;
    }
    if (docs.length === 0) return null;
    const doc = docs[0] as Document.Parsed;
    if (doc.errors.length) this.syntaxError(doc.errors[0]);
    return this.node(doc.contents as Node | null);
  }

  private fail(message: string, offset?: number): never {
    const pos = offset === undefined ? null : this.lines.linePos(offset);
    throw new ManifestError(message, { filename: this.filename, line: pos?.line ?? null, column: pos?.col ?? null });
  }

  private syntaxError(err: { message: string; pos: [number, number] }): never {
    const { line } = this.lines.linePos(err.pos[0]);
    const msg = err.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, "");
    this.fail(`yaml: line ${line}: ${msg}`, err.pos[0]);
  }

  private register(n: Node): void {
    const a = (n as { anchor?: string }).anchor;
    if (a) this.anchors.set(a, n);
  }

  private node(n: Node | null | undefined): YamlValue {
    if (n === null || n === undefined) return null;
    const start = n.range ? n.range[0] : 0;
    if (isAlias(n)) {
      const target = this.anchors.get(n.source);
      if (!target) this.fail(`yaml: unknown anchor '${n.source}' referenced`, start);
      if (this.expanding.has(n.source)) this.fail(`yaml: anchor '${n.source}' value contains itself`, start);
      this.expanding.add(n.source);
      try {
        return this.node(target);
      } finally {
        this.expanding.delete(n.source);
      }
    }
    this.register(n);
    if (isScalar(n)) {
      let value = String(n.value ?? "");
      if ((n.type === "BLOCK_LITERAL" || n.type === "BLOCK_FOLDED") && value.endsWith("\n") && n.range) {
        value = this.chompAtEof(value, n.range[0], n.range[1]);
      }
      return this.scalar(value, n.type === "PLAIN" || n.type === undefined, n.tag, start);
    }
    if (isMap(n)) {
      const m = new YMap();
      for (const pair of n.items) {
        if (!isPair(pair)) continue;
        const kn = pair.key as Node | null;
        if (kn && isScalar(kn) && (kn.type === "PLAIN" || kn.type === undefined) && kn.value === "<<" && (!kn.tag || kn.tag === `${LONG}merge`)) {
          this.merge(m, pair.value as Node | null, start);
          continue;
        }
        const key = this.node(kn);
        if (key instanceof YMap || Array.isArray(key)) this.fail(`yaml: invalid map key: ${goSharpV(key)}`, kn?.range?.[0]);
        m.set(key, this.node(pair.value as Node | null));
      }
      return m;
    }
    if (isSeq(n)) return n.items.map((item) => this.node(item as Node | null));
    return null;
  }

  private merge(into: YMap, vn: Node | null, at: number): void {
    const wantMap = (): never => this.fail("yaml: map merge requires map or sequence of maps as the value", at);
    const mergeOne = (n: Node | null): void => {
      const target = n && isAlias(n) ? this.anchors.get(n.source) : n;
      if (!target || !isMap(target)) wantMap();
      const v = this.node(n);
      if (!(v instanceof YMap)) wantMap();
      for (const [k, x] of (v as YMap).entries()) into.set(k, x);
    };
    if (vn && isSeq(vn)) {
      // Earlier maps of the list win: merge from the last one to the first.
      for (let i = vn.items.length - 1; i >= 0; i--) mergeOne(vn.items[i] as Node | null);
    } else mergeOne(vn);
  }

  /**
   * A block scalar whose last content line has no line break (the end of the input) keeps no
   * final newline in libyaml; `yaml` adds one. Drop it in that case.
   */
  private chompAtEof(value: string, from: number, to: number): string {
    const raw = this.text.slice(from, to);
    const nl = Math.max(raw.lastIndexOf("\n"), raw.lastIndexOf("\r"));
    if (nl < 0) return value;
    const lastLine = raw.slice(nl + 1);
    if (lastLine === "") return value;
    if (/[^ \t]/.test(lastLine)) return value.slice(0, -1);
    const body = raw.slice(raw.search(/[\r\n]/) + 1).split(/\r?\n|\r/);
    const first = body.find((l) => /[^ ]/.test(l));
    const indent = first === undefined ? 0 : first.length - first.trimStart().length;
    return lastLine.length > indent ? value.slice(0, -1) : value;
  }

  /** decode.go `scalar` into interface{}: plain scalars are resolved, quoted and block ones are strings unless tagged. */
  private scalar(text: string, plain: boolean, tag: string | undefined, at: number): YamlValue {
    if (!tag || tag === "!") {
      if (!plain || tag === "!") return text;
      const r = resolvePlain(text);
      return r.tag === "timestamp" ? text : r.value;
    }
    const short = tag.startsWith(LONG) ? `!!${tag.slice(LONG.length)}` : tag;
    switch (short) {
      case "!!str":
        return text;
      case "!!binary": {
        const clean = text.replace(/\s+/g, "");
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) this.fail("yaml: !!binary value contains invalid base64 data", at);
        return Buffer.from(clean, "base64").toString("utf8");
      }
      case "!!int":
      case "!!float":
      case "!!bool":
      case "!!null":
      case "!!timestamp": {
        const r = resolvePlain(text);
        const want = short.slice(2);
        if (r.tag === want) return r.tag === "timestamp" ? text : r.value;
        if (want === "float" && r.tag === "int") return Number(r.value as bigint);
        this.fail(`yaml: cannot decode !!${r.tag} \`${text}\` as a ${short}`, at);
      }
      // eslint-disable-next-line no-fallthrough
      default:
        // Any other tag is not resolvable: the text as a string.
        return text;
    }
  }
}

/** Go's `%#v` of an invalid key, enough for the error message. */
function goSharpV(v: YamlValue): string {
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSharpV).join(", ")}}`;
  if (v instanceof YMap) return `map[interface {}]interface {}{${v.entries().map(([k, x]) => `${goSharpV(k)}:${goSharpV(x)}`).join(", ")}}`;
  if (typeof v === "string") return JSON.stringify(v);
  return goFormat(v);
}
