/**
 * BOSH's template API for the ejs dialect, in JavaScript over JSON data: the same lookups, else
 * chains, links, instances and DNS addresses as `Bosh::Common::Template::EvaluationContext`, with the
 * same error classes and messages (bosh-common's evaluation_context.rb, evaluation_link.rb,
 * evaluation_link_instance.rb and property_helper.rb are the model).
 */
import { DnsEncoder, DnsEncoderError, type DnsIndexTables } from "../bosh/dns-encoder.js";
import { splitDots } from "../bosh/property-helper.js";
import type { JsonData } from "./data.js";

/** A failure the template API raises; `rubyClass` is the class BOSH raises for it. */
export class EjsApiError extends Error {
  override name = "EjsApiError";
  constructor(
    readonly rubyClass: string,
    message: string,
  ) {
    super(message);
    this.name = "EjsApiError";
  }
}

type Obj = { [key: string]: JsonData };
type Block = (...values: unknown[]) => unknown;

/** Ruby truthiness: only nil (null/undefined here) and false are false. */
function truthy(v: unknown): boolean {
  return v !== null && v !== undefined && v !== false;
}

/** `String#inspect` for the names in an UnknownProperty message. */
function inspectString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\x1b") out += "\\e";
    else if (c < 0x20 || c === 0x7f) out += `\\u${c.toString(16).toUpperCase().padStart(4, "0")}`;
    else out += ch;
  }
  return `${out.replace(/#(?=[{$@])/g, "\\#")}"`;
}

function typeName(v: unknown): string {
  if (v === null || v === undefined) return "nil";
  if (v === true) return "true";
  if (v === false) return "false";
  return typeof v;
}

/** `PropertyHelper#lookup_property`: `ref = ref[key]` for each dotted part, nil as soon as one is missing. */
function lookupProperty(collection: unknown, name: unknown): unknown {
  if (collection === null || collection === undefined) return null;
  if (typeof name !== "string") throw new EjsApiError("NoMethodError", `undefined method 'split' for ${typeName(name) === "nil" ? "nil" : `an instance of ${typeof name === "number" ? "Integer" : "Object"}`}`);
  let ref: unknown = collection;
  for (const key of splitDots(name)) {
    if (typeof ref === "string") ref = ref.includes(key) ? key : null; // String#[](str)
    else if (Array.isArray(ref) || typeof ref === "number") throw new EjsApiError("TypeError", "no implicit conversion of String into Integer");
    else if (typeof ref === "boolean") throw new EjsApiError("NoMethodError", `undefined method '[]' for ${ref}`);
    else ref = Object.prototype.hasOwnProperty.call(ref, key) ? (ref as Obj)[key] : null;
    if (ref === null || ref === undefined) return null;
  }
  return ref;
}

function namesOf(arg: unknown): unknown[] {
  return Array.isArray(arg) ? arg : arg === null || arg === undefined ? [] : [arg];
}

/** `p(name_or_names, default?)` over one properties collection. */
function propertyP(collection: unknown, args: unknown[]): unknown {
  const names = namesOf(args[0]);
  for (const name of names) {
    const v = lookupProperty(collection, name);
    if (v !== null && v !== undefined) return v;
  }
  if (args.length === 2) return args[1];
  throw new EjsApiError("Bosh::Common::Template::UnknownProperty", `Can't find property '[${names.map((n) => (typeof n === "string" ? inspectString(n) : String(n))).join(", ")}]'`);
}

/** What `if_p`/`if_link` return: the else chain, active when the condition failed. */
export interface ElseChain {
  else(block?: Block): void;
  else_if_p(...namesAndBlock: unknown[]): ElseChain;
  else_if_link(name: string, block?: Block): ElseChain;
}

const INACTIVE: ElseChain = Object.freeze({
  else: () => undefined,
  else_if_p: () => INACTIVE,
  else_if_link: () => INACTIVE,
});

function noBlock(): never {
  throw new EjsApiError("LocalJumpError", "no block given (yield)");
}

/** Splits `(...names, block)`: the block is the last argument when it is a function. */
function splitBlock(args: unknown[]): [unknown[], Block | null] {
  const last = args[args.length - 1];
  return typeof last === "function" ? [args.slice(0, -1), last as Block] : [args, null];
}

function ifP(collection: unknown, args: unknown[], active: () => ElseChain): ElseChain {
  const [names, block] = splitBlock(args);
  const values: unknown[] = [];
  for (const name of names) {
    const v = lookupProperty(collection, name);
    if (v === null || v === undefined) return active();
    values.push(v);
  }
  if (!block) noBlock();
  block(...values);
  return INACTIVE;
}

export interface EjsLinkInstance {
  name: unknown;
  index: unknown;
  id: unknown;
  az: unknown;
  address: unknown;
  properties: unknown;
  bootstrap: unknown;
  p(names: unknown, dflt?: unknown): unknown;
  if_p(...namesAndBlock: unknown[]): ElseChain;
}

export interface EjsLink {
  instances: EjsLinkInstance[];
  properties: unknown;
  p(names: unknown, dflt?: unknown): unknown;
  if_p(...namesAndBlock: unknown[]): ElseChain;
  /** `{ azs, status, initial_health_check, uuid }` as in ERB's `address(azs: [...])`. */
  address(criteria?: Obj): unknown;
}

export interface EjsApi {
  p(names: unknown, dflt?: unknown): unknown;
  if_p(...namesAndBlock: unknown[]): ElseChain;
  link(name: string): EjsLink;
  if_link(name: string, block?: Block): ElseChain;
  spec: Obj;
  name: JsonData;
  index: JsonData;
  properties: JsonData;
}

function get(o: unknown, key: string): unknown {
  return o !== null && typeof o === "object" && Object.prototype.hasOwnProperty.call(o, key) ? (o as Obj)[key] : null;
}

function has(o: unknown, key: string): boolean {
  return o !== null && typeof o === "object" && !Array.isArray(o) && Object.prototype.hasOwnProperty.call(o, key);
}

function optString(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

function instanceOf(spec: unknown): EjsLinkInstance {
  const properties = get(spec, "properties");
  const self: EjsLinkInstance = {
    name: get(spec, "name"),
    index: get(spec, "index"),
    id: get(spec, "id"),
    az: get(spec, "az"),
    address: get(spec, "address"),
    properties,
    bootstrap: get(spec, "bootstrap"),
    p: (...args: unknown[]) => propertyP(properties, args),
    if_p: (...args: unknown[]) => ifP(properties, args, () => activeFor(self, "EvaluationLinkInstance")),
  };
  return self;
}

/** The ActiveElseBlock of an instance or a link: `else_if_p` asks the same object again. */
function activeFor(owner: { if_p(...a: unknown[]): ElseChain }, api: EjsApi | string): ElseChain {
  return {
    else: (block?: Block) => {
      if (!block) noBlock();
      block();
    },
    else_if_p: (...args: unknown[]) => owner.if_p(...args),
    else_if_link: (name: string, block?: Block) => {
      if (typeof api === "string") throw new EjsApiError("NoMethodError", `undefined method 'if_link' for an instance of Bosh::Common::Template::${api}`);
      return api.if_link(name, block);
    },
  };
}

function linkOf(spec: unknown, encoder: DnsEncoder | null): EjsLink {
  const instancesSpec = get(spec, "instances");
  if (!Array.isArray(instancesSpec)) throw new EjsApiError("NoMethodError", `undefined method 'map' for ${instancesSpec === null ? "nil" : `an instance of ${typeof instancesSpec}`}`);
  const properties = get(spec, "properties");
  const manual = has(spec, "address");
  const linkDns = truthy(has(spec, "use_link_dns_names") ? get(spec, "use_link_dns_names") : false);
  const shortDnsV = has(spec, "use_short_dns_addresses") ? get(spec, "use_short_dns_addresses") : false;
  const self: EjsLink = {
    instances: instancesSpec.map(instanceOf),
    properties,
    p: (...args: unknown[]) => propertyP(properties, args),
    if_p: (...args: unknown[]) => ifP(properties, args, () => activeFor(self, "EvaluationLink")),
    address: (criteria: Obj = Object.create(null)) => {
      if (manual) return get(spec, "address");
      if (!encoder) throw new EjsApiError("NotImplementedError", "link.address requires bosh director");
      const azsV = get(criteria, "azs");
      const azs = azsV === null || azsV === undefined ? null : (Array.isArray(azsV) ? azsV : [azsV]).map((az) => {
        if (az === null || az === undefined) return null;
        if (typeof az !== "string") throw new EjsApiError("RuntimeError", `Unknown AZ: '${String(az)}'`);
        return az;
      });
      const onlyString = (v: unknown) => (typeof v === "string" ? v : null);
      try {
        return encoder.encode(
          {
            azs,
            status: onlyString(get(criteria, "status")),
            initialHealthCheck: onlyString(get(criteria, "initial_health_check")),
            uuid: optString(get(criteria, "uuid")),
            groupName: optString(get(spec, linkDns ? "group_name" : "instance_group")),
            groupType: linkDns ? "link" : "instance-group",
            defaultNetwork: optString(get(spec, "default_network")),
            deploymentName: optString(get(spec, "deployment_name")),
            rootDomain: optString(get(spec, "domain")),
          },
          shortDnsV === null || shortDnsV === undefined ? null : truthy(shortDnsV),
        );
      } catch (e) {
        if (e instanceof DnsEncoderError) throw new EjsApiError(e.rubyClass, e.rubyMessage);
        throw e;
      }
    },
  };
  return self;
}

/** The helpers an ejs template sees, over one render's context data. */
export function ejsApi(data: Obj, dns: DnsIndexTables | null): EjsApi {
  const properties = has(data, "properties") && truthy(data.properties) ? data.properties : Object.create(null);
  const links = has(data, "links") && truthy(data.links) ? data.links : Object.create(null);
  const encoder = dns ? new DnsEncoder(dns) : null;
  const api: EjsApi = {
    p: (...args: unknown[]) => propertyP(properties, args),
    if_p: (...args: unknown[]) => ifP(properties, args, () => activeFor(api, api)),
    link: (name: string) => {
      const spec = lookupProperty(links, name);
      if (spec === null || spec === undefined || !has(spec, "instances")) throw new EjsApiError("Bosh::Common::Template::UnknownLink", `Can't find link '${String(name)}'`);
      return linkOf(spec, encoder);
    },
    if_link: (name: string, block?: Block) => {
      const spec = lookupProperty(links, name);
      if (spec === null || spec === undefined || !has(spec, "instances")) return activeFor(api, api);
      if (!block) noBlock();
      block(linkOf(spec, encoder));
      return INACTIVE;
    },
    spec: data,
    name: has(data, "name") ? data.name : null,
    index: has(data, "index") ? data.index : null,
    properties,
  };
  return api;
}
