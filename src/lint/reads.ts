/**
 * What a template reads, found statically on its Prism AST: property names given to `p`/`if_p`
 * (literal, or a pattern when the name is built at run time), links named in `link`/`if_link`,
 * and link properties read through a link or one of its instances.
 */
import { nodeKind } from "../ruby/parse/node-kind.js";
import type * as P from "@ruby/prism/src/nodes.js";

type Node = P.Node;

/** A byte offset into the Ruby program the template compiles to. */
export type At = number;

export type PropertyRead =
  /** `p('a.b')`, `if_p('a.b')`, `properties.a.b` (`prefix`: the name may continue below). */
  | { kind: "literal"; name: string; at: At; via: "p" | "if_p" | "properties"; defaultValue?: LiteralValue; alternatives?: string[] }
  /** `p("a.#{x}")`: any name the pattern matches may be read. */
  | { kind: "pattern"; pattern: RegExp; source: string; at: At }
  /** `p(names)`: the name is not known statically; any property may be read. */
  | { kind: "any"; at: At };

export interface LinkUse {
  name: string;
  at: At;
  via: "link" | "if_link";
  /** Inside the block of an `if_link` (or `else_if_link`) of the same name. */
  guarded: boolean;
}

export interface LinkPropertyRead {
  link: string;
  name: string;
  at: At;
}

/** A literal default of `p(name, default)`, comparable with a spec default. */
export type LiteralValue = { known: true; value: unknown } | { known: false };

export interface TemplateReads {
  properties: PropertyRead[];
  links: LinkUse[];
  linkProperties: LinkPropertyRead[];
}

/** What a local variable or expression stands for, as far as the linter follows it. */
type Binding = { kind: "link"; name: string } | { kind: "instance"; name: string } | { kind: "instances"; name: string };

const ITERATORS = new Set(["each", "map", "collect", "select", "filter", "reject", "each_with_index", "flat_map", "find", "detect", "sort_by", "group_by", "each_slice", "filter_map", "min_by", "max_by", "partition", "any?", "all?", "none?", "count", "sum", "each_with_object", "inject", "reduce"]);

function kind(n: Node | null | undefined): string {
  return n ? nodeKind(n) : "";
}

function stringValue(n: Node): string | null {
  if (kind(n) === "StringNode") return (n as P.StringNode).unescaped.value;
  if (kind(n) === "SymbolNode") return (n as P.SymbolNode).unescaped.value;
  return null;
}

/** A pattern for `"a.#{x}.b"`: the literal parts verbatim, each interpolation any run of characters. */
function interpolationPattern(n: P.InterpolatedStringNode): { pattern: RegExp; source: string } | null {
  let source = "";
  let re = "";
  for (const part of n.parts) {
    const s = stringValue(part);
    if (s !== null) {
      source += s;
      re += s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    } else {
      source += "#{…}";
      re += ".*";
    }
  }
  return { pattern: new RegExp(`^${re}$`, "s"), source };
}

function literalValue(n: Node): LiteralValue {
  switch (kind(n)) {
    case "StringNode":
      return { known: true, value: (n as P.StringNode).unescaped.value };
    case "IntegerNode":
      return { known: true, value: Number((n as P.IntegerNode).value) };
    case "FloatNode":
      return { known: true, value: { float: (n as P.FloatNode).value } };
    case "TrueNode":
      return { known: true, value: true };
    case "FalseNode":
      return { known: true, value: false };
    case "NilNode":
      return { known: true, value: null };
    case "ArrayNode": {
      const items = (n as P.ArrayNode).elements.map(literalValue);
      return items.every((i) => i.known) ? { known: true, value: items.map((i) => (i as { value: unknown }).value) } : { known: false };
    }
    default:
      return { known: false };
  }
}

function args(n: P.CallNode): Node[] {
  return n.arguments_?.arguments_ ?? [];
}

function blockParamNames(block: Node | null): string[] {
  if (kind(block) !== "BlockNode") return [];
  const params = (block as P.BlockNode).parameters;
  if (kind(params) !== "BlockParametersNode") return [];
  const list = (params as P.BlockParametersNode).parameters;
  if (!list) return [];
  return list.requireds.map((r) => (kind(r) === "RequiredParameterNode" ? (r as P.RequiredParameterNode).name : ""));
}

/** Walks one program, tracking which locals stand for links or link instances. */
class ReadCollector {
  readonly out: TemplateReads = { properties: [], links: [], linkProperties: [] };
  /** Method names the program calls or names as symbols (a `def` nobody calls is dead code). */
  readonly called = new Set<string>();
  /** The read (by object) → the innermost `def` it lies in. */
  readonly defOf = new Map<object, string>();
  private scopes: Map<string, Binding>[] = [new Map()];
  private guards: string[] = [];
  private defs: string[] = [];

  private tag<T extends object>(read: T): T {
    if (this.defs.length > 0) this.defOf.set(read, this.defs[this.defs.length - 1]);
    return read;
  }

  private lookup(name: string): Binding | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const b = this.scopes[i].get(name);
      if (b) return b;
    }
    return undefined;
  }

  /** What an expression denotes, when it is a link, its instances, or one instance. */
  private denote(n: Node | null): Binding | undefined {
    if (!n) return undefined;
    const k = kind(n);
    if (k === "LocalVariableReadNode") return this.lookup((n as P.LocalVariableReadNode).name);
    if (k === "ParenthesesNode") {
      const body = (n as P.ParenthesesNode).body;
      return kind(body) === "StatementsNode" && (body as P.StatementsNode).body.length === 1 ? this.denote((body as P.StatementsNode).body[0]) : undefined;
    }
    if (k !== "CallNode") return undefined;
    const c = n as P.CallNode;
    if (c.receiver === null && c.name === "link") {
      const a = args(c);
      const name = a.length === 1 ? stringValue(a[0]) : null;
      return name === null ? undefined : { kind: "link", name };
    }
    const recv = this.denote(c.receiver);
    if (!recv) return undefined;
    if (recv.kind === "link" && c.name === "instances") return { kind: "instances", name: recv.name };
    if (recv.kind === "instances" && ["first", "last", "[]", "sample", "min_by", "max_by", "find", "detect"].includes(c.name) && c.block === null) {
      return { kind: "instance", name: recv.name };
    }
    if (recv.kind === "instances" && ["select", "filter", "reject", "sort_by", "sort", "take", "drop", "uniq"].includes(c.name)) return recv;
    return undefined;
  }

  visit(n: Node | null): void {
    if (!n) return;
    const k = kind(n);
    if (k === "CallNode") return this.call(n as P.CallNode);
    if (k === "SymbolNode") this.called.add((n as P.SymbolNode).unescaped.value);
    if (k === "DefNode") {
      this.defs.push((n as P.DefNode).name);
      this.scopes.push(new Map());
      for (const child of n.compactChildNodes()) this.visit(child);
      this.scopes.pop();
      this.defs.pop();
      return;
    }
    if (k === "LocalVariableWriteNode") {
      const w = n as P.LocalVariableWriteNode;
      const b = this.denote(w.value);
      if (b) this.scopes[this.scopes.length - 1].set(w.name, b);
      else this.scopes[this.scopes.length - 1].delete(w.name);
    }
    for (const child of n.compactChildNodes()) this.visit(child);
  }

  private withBlock(block: Node | null, bindings: Map<string, Binding>, guard: string | null): void {
    this.scopes.push(bindings);
    if (guard !== null) this.guards.push(guard);
    this.visit(block);
    if (guard !== null) this.guards.pop();
    this.scopes.pop();
  }

  private call(c: P.CallNode): void {
    const a = args(c);
    const fcall = c.receiver === null;
    this.called.add(c.name);
    let blockBindings: Map<string, Binding> | null = null;
    let guard: string | null = null;

    if ((fcall && (c.name === "p" || c.name === "if_p")) || c.name === "else_if_p") {
      this.propertyCall(c, a, c.name === "p" ? "p" : "if_p");
    } else if (fcall && c.name === "properties" && a.length === 0) {
      // `properties.a.b` is handled by the enclosing call that reads the chain.
    } else if ((fcall && (c.name === "link" || c.name === "if_link")) || c.name === "else_if_link") {
      const name = a.length >= 1 ? stringValue(a[0]) : null;
      if (name !== null) {
        const via = c.name === "link" ? "link" : "if_link";
        this.out.links.push(this.tag({ name, at: a[0].location.startOffset, via, guarded: via === "if_link" || this.guards.includes(name) }));
        if (via === "if_link") {
          guard = name;
          const [param] = blockParamNames(c.block);
          blockBindings = new Map(param ? [[param, { kind: "link", name } as Binding]] : []);
        }
      }
    }

    const recv = this.denote(c.receiver);
    if (recv && (recv.kind === "link" || recv.kind === "instance") && (c.name === "p" || c.name === "if_p")) {
      for (const arg of c.name === "p" ? a.slice(0, 1) : a) {
        for (const name of literalNames(arg)) this.out.linkProperties.push(this.tag({ link: recv.name, name, at: arg.location.startOffset }));
      }
    }
    if (recv && recv.kind === "instances" && ITERATORS.has(c.name)) {
      const params = blockParamNames(c.block);
      if (params.length > 0) blockBindings = new Map([[params[0], { kind: "instance", name: recv.name } as Binding]]);
    }

    const chain = propertiesChain(c);
    if (chain !== null) this.out.properties.push(this.tag({ kind: "literal", name: chain, at: c.location.startOffset, via: "properties" }));

    this.visit(c.receiver);
    this.visit(c.arguments_);
    if (blockBindings !== null || guard !== null) this.withBlock(c.block, blockBindings ?? new Map(), guard);
    else this.visit(c.block);
  }

  private propertyCall(c: P.CallNode, a: Node[], via: "p" | "if_p"): void {
    const names = via === "p" ? a.slice(0, 1) : a;
    for (const arg of names) {
      const at = arg.location.startOffset;
      const k = kind(arg);
      const literal = literalNames(arg);
      if (literal.length > 0 || (k === "ArrayNode" && (arg as P.ArrayNode).elements.every((e) => stringValue(e) !== null))) {
        const defaultValue = via === "p" && a.length >= 2 ? literalValue(a[1]) : undefined;
                // `p(['new.name', 'old.name'])` reads the first one set: each name is an alternative of the others.
        const alternatives = literal.length > 1 ? { alternatives: literal } : {};
        for (const name of literal) this.out.properties.push(this.tag({ kind: "literal", name, at, via, ...(defaultValue ? { defaultValue } : {}), ...alternatives }));
      } else if (k === "InterpolatedStringNode") {
        const pat = interpolationPattern(arg as P.InterpolatedStringNode);
        if (pat) this.out.properties.push(this.tag({ kind: "pattern", ...pat, at }));
      } else {
        this.out.properties.push(this.tag({ kind: "any", at }));
      }
    }
  }
}

/** Names a `p` argument gives literally: a string, or an array of strings (the fallback form). */
function literalNames(arg: Node): string[] {
  const s = stringValue(arg);
  if (s !== null) return [s];
  if (kind(arg) === "ArrayNode") {
    const out: string[] = [];
    for (const e of (arg as P.ArrayNode).elements) {
      const v = stringValue(e);
      if (v !== null) out.push(v);
    }
    return out;
  }
  return [];
}

/**
 * `properties.a.b.c` read as the dotted name `a.b.c`; only the outermost call of a chain reports
 * (its receiver chain is not reported again because a receiver never ends a chain).
 */
function propertiesChain(c: P.CallNode): string | null {
  const parts: string[] = [];
  let cur: Node | null = c;
  while (kind(cur) === "CallNode") {
    const call = cur as P.CallNode;
    if (call.receiver === null) {
      if (call.name !== "properties" || call.arguments_ !== null || parts.length === 0) return null;
      return parts.reverse().join(".");
    }
    if (call.arguments_ !== null || call.block !== null || !/^[a-z_][a-z0-9_]*$/i.test(call.name)) return null;
    parts.push(call.name);
    cur = call.receiver;
  }
  return null;
}

/** Collects the reads of one parsed program. */
export function collectReads(program: Node): TemplateReads {
  const collector = new ReadCollector();
  collector.visit(program);
  const out = collector.out;
  // Reads inside a method the template never calls are dead code: a render never performs them.
  const live = (r: object) => {
    const def = collector.defOf.get(r);
    return def === undefined || collector.called.has(def);
  };
  out.properties = out.properties.filter(live);
  out.links = out.links.filter(live);
  out.linkProperties = out.linkProperties.filter(live);
  // A chain `properties.a.b` also contains `properties.a`: keep only the longest read at a place.
  const chains = out.properties.filter((r) => r.kind === "literal" && r.via === "properties") as Extract<PropertyRead, { kind: "literal" }>[];
  out.properties = out.properties.filter(
    (r) => !(r.kind === "literal" && r.via === "properties" && chains.some((o) => o !== r && o.at === r.at && o.name.startsWith(`${r.name}.`))),
  );
  return out;
}
