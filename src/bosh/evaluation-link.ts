/**
 * `Bosh::Common::Template::EvaluationLink` (what `link(name)` yields), `ManualLinkDnsEncoder`
 * and the Ruby face of the director's `DnsEncoder` that `link(...).address(criteria)` calls.
 */
import { InputError, LinkplateError } from "../diagnostics/errors.js";
import {
  type Interp,
  type Value,
  RArray,
  RProc,
  RException,
  RHash,
  RObject,
  RString,
  RClass,
  cException,
  cHash,
  cNotImplementedError,
  cObject,
  cStandardError,
  defineBuiltinClass,
  cRuntimeError,
  str,
  sym,
  truthy,
} from "../ruby/runtime/values.js";
import { DnsEncoderError } from "./dns-encoder.js";
import { cDirectorDnsEncoder, cEvaluationLink, cManualLinkDnsEncoder } from "./classes.js";
import { definePropertyReaders, newLinkInstance } from "./link-instance.js";
import { aref, arefStr, fetchStr, hasKey } from "./property-helper.js";

/** A `link(...).address` query as the director's `DnsEncoder#encode_query` reads its criteria hash. */
export interface DnsQuery {
  /** `criteria[:azs]`: AZ names (nil entries encode as a bare `a`), or null when absent. */
  azs: Array<string | null> | null;
  /** `criteria[:status]` when a String (`healthy`, `unhealthy`, `all`, `default`, other → s0). */
  status: string | null;
  /** `criteria[:initial_health_check]` when a String (`synchronous` → y1, `asynchronous` → y0). */
  initialHealthCheck: string | null;
  /** `criteria[:uuid]` (short DNS `m` token / long-form first label). */
  uuid: string | null;
  groupName: string | null;
  groupType: "instance-group" | "link";
  defaultNetwork: string | null;
  deploymentName: string | null;
  rootDomain: string | null;
}

/**
 * What the context needs from a DNS encoder: the query text, or a thrown error whose message is
 * the director's RuntimeError message (e.g. "Unknown AZ: 'z9'"). `useShortDns` null means "the
 * encoder's own default" (the director passes the link's `use_short_dns_addresses`, nil when the
 * key holds nil).
 */
export interface LinkDnsEncoder {
  encode(query: DnsQuery, useShortDns: boolean | null): string;
}

/** The director's encoder as a Ruby object (`Bosh::Director::DnsEncoder`). */
export class RDirectorDnsEncoder extends RObject {
  constructor(readonly encoder: LinkDnsEncoder) {
    super(cDirectorDnsEncoder);
  }
}

function optString(it: Interp, v: Value | undefined): string | null {
  if (v === undefined || v === null) return null;
  if (v instanceof RString) return v.s;
  return it.toS(v);
}
function onlyString(v: Value | undefined): string | null {
  return v instanceof RString ? v.s : null;
}

/** Reads the merged criteria hash the way `encode_query` does (`criteria[:key]`). */
export function dnsQueryFromCriteria(it: Interp, criteria: Value): DnsQuery {
  const get = (k: string): Value => aref(it, criteria, sym(k));
  const azsV = get("azs");
  let azs: Array<string | null> | null = null;
  if (azsV !== null) {
    const items: Value[] = azsV instanceof RArray ? azsV.a : (() => {
      const out: Value[] = [];
      // `azs.each { |az| ... }` on something else: dispatch, as Ruby would.
      it.send(azsV, "each", [], makeCollector(out));
      return out;
    })();
    azs = items.map((az) => {
      if (az === null) return null;
      if (az instanceof RString) return az.s;
      // @az_hash has String keys: any other key is unknown.
      return it.raise("RuntimeError", `Unknown AZ: '${it.toS(az)}'`);
    });
  }
  const gt = get("group_type");
  return {
    azs,
    status: onlyString(get("status")),
    initialHealthCheck: onlyString(get("initial_health_check")),
    uuid: optString(it, get("uuid")),
    groupName: optString(it, get("group_name")),
    groupType: gt instanceof RString && gt.s === "link" ? "link" : "instance-group",
    defaultNetwork: optString(it, get("default_network")),
    deploymentName: optString(it, get("deployment_name")),
    rootDomain: optString(it, get("root_domain")),
  };
}

function makeCollector(out: Value[]): RProc {
  return new RProc((args: Value[]) => {
    out.push(args.length === 1 ? args[0] : new RArray(args));
    return null;
  }, -1);
}

export interface LinkFields {
  instances: Value;
  properties: Value;
  groupName: Value;
  groupType: "instance-group" | "link";
  defaultNetwork: Value;
  deploymentName: Value;
  rootDomain: Value;
  /** A ManualLinkDnsEncoder, the director's encoder object, or nil. */
  dnsEncoder: Value;
  useShortDns: Value;
}

export function newEvaluationLink(f: LinkFields): RObject {
  const o = new RObject(cEvaluationLink);
  o.setIvar("@instances", f.instances);
  o.setIvar("@properties", f.properties);
  o.setIvar("@group_name", f.groupName);
  o.setIvar("@group_type", str(f.groupType));
  o.setIvar("@default_network", f.defaultNetwork);
  o.setIvar("@deployment_name", f.deploymentName);
  o.setIvar("@root_domain", f.rootDomain);
  o.setIvar("@dns_encoder", f.dnsEncoder);
  o.setIvar("@use_short_dns", f.useShortDns);
  return o;
}

export function newManualLinkDnsEncoder(address: Value): RObject {
  const o = new RObject(cManualLinkDnsEncoder);
  o.setIvar("@manual_link_address", address);
  return o;
}

/** Builds one link instance from its hash (`instance_link_spec['name']`, ...). */
function linkInstanceFrom(it: Interp, spec: Value): RObject {
  return newLinkInstance({
    name: arefStr(it, spec, "name"),
    index: arefStr(it, spec, "index"),
    id: arefStr(it, spec, "id"),
    az: arefStr(it, spec, "az"),
    address: arefStr(it, spec, "address"),
    properties: arefStr(it, spec, "properties"),
    bootstrap: arefStr(it, spec, "bootstrap"),
  });
}

/** bosh-common's private `EvaluationContext#create_evaluation_link(link_spec)`. */
export function createEvaluationLink(it: Interp, linkSpec: Value, contextEncoder: Value): RObject {
  const instancesV = arefStr(it, linkSpec, "instances");
  let instances: Value;
  if (instancesV instanceof RArray) {
    instances = new RArray(instancesV.a.map((s) => {
      it.tick();
      return linkInstanceFrom(it, s);
    }));
  } else {
    instances = it.send(instancesV, "map", [], new RProc((args: Value[]) => linkInstanceFrom(it, args.length === 1 ? args[0] : new RArray(args)), 1));
  }
  const encoder = hasKey(it, linkSpec, "address") ? newManualLinkDnsEncoder(arefStr(it, linkSpec, "address")) : contextEncoder;
  let groupName = arefStr(it, linkSpec, "instance_group");
  let groupType: "instance-group" | "link" = "instance-group";
  if (truthy(fetchStr(it, linkSpec, "use_link_dns_names", false))) {
    groupName = arefStr(it, linkSpec, "group_name");
    groupType = "link";
  }
  return newEvaluationLink({
    instances,
    properties: arefStr(it, linkSpec, "properties"),
    groupName,
    groupType,
    defaultNetwork: arefStr(it, linkSpec, "default_network"),
    deploymentName: arefStr(it, linkSpec, "deployment_name"),
    rootDomain: arefStr(it, linkSpec, "domain"),
    dnsEncoder: encoder,
    useShortDns: fetchStr(it, linkSpec, "use_short_dns_addresses", false),
  });
}

/**
 * The Ruby class of an error the director's encoder raises, by name (`RuntimeError`,
 * `NoMethodError`, `Bosh::Director::DnsInvalidCanonicalName`, ...). Director error classes that do
 * not exist yet are created under their module as StandardError subclasses.
 */
function directorErrorClass(path: string): RClass {
  let scope: RClass = cObject;
  const parts = path.split("::");
  for (let i = 0; i < parts.length; i++) {
    const v = scope.consts.get(parts[i]);
    if (v instanceof RClass) {
      scope = v;
      continue;
    }
    if (v !== undefined) return cRuntimeError;
    if (i === parts.length - 1 && scope !== cObject) return defineBuiltinClass(parts[i], cStandardError, scope);
    return cRuntimeError;
  }
  return scope.isSubclassOf(cException) ? scope : cRuntimeError;
}

let installed = false;

export function installEvaluationLink(): void {
  if (installed) return;
  installed = true;
  const c = cEvaluationLink;
  c.define("instances", (self: RObject) => self.getIvar("@instances"), 0);
  c.define("properties", (self: RObject) => self.getIvar("@properties"), 0);
  definePropertyReaders(c);
  c.define("address", (self: RObject, args: Value[], _blk, it: Interp) => {
    const encoder = self.getIvar("@dns_encoder");
    if (encoder === null) {
      return it.raiseExc(new RException(cNotImplementedError, str("link.address requires bosh director")));
    }
    const criteria = args.length > 0 ? args[0] : new RHash();
    const extra = new RHash();
    extra.set(sym("group_name"), self.getIvar("@group_name"));
    extra.set(sym("group_type"), self.getIvar("@group_type"));
    extra.set(sym("default_network"), self.getIvar("@default_network"));
    extra.set(sym("deployment_name"), self.getIvar("@deployment_name"));
    extra.set(sym("root_domain"), self.getIvar("@root_domain"));
    let full: Value;
    if (criteria instanceof RHash && criteria.cls === cHash) {
      const h = new RHash();
      for (const [k, v] of criteria.entries()) h.set(k, v);
      h.defaultValue = criteria.defaultValue;
      h.defaultProc = criteria.defaultProc;
      for (const [k, v] of extra.entries()) h.set(k, v);
      full = h;
    } else {
      full = it.send(criteria, "merge", [extra]);
    }
    return it.send(encoder, "encode_query", [full, self.getIvar("@use_short_dns")]);
  }, [0, 1]);

  cManualLinkDnsEncoder.define("encode_query", (self: RObject) => self.getIvar("@manual_link_address"));

  cDirectorDnsEncoder.define("encode_query", (self: RObject, args: Value[], _blk, it: Interp) => {
    if (!(self instanceof RDirectorDnsEncoder)) return it.raise("TypeError", "not a DNS encoder");
    const query = dnsQueryFromCriteria(it, args[0]);
    const force = args.length > 1 ? args[1] : null;
    const useShort = force === null ? null : truthy(force);
    let out: string;
    try {
      out = self.encoder.encode(query, useShort);
    } catch (e) {
      if (e instanceof DnsEncoderError) return it.raiseExc(new RException(directorErrorClass(e.rubyClass), str(e.rubyMessage)));
      if (e instanceof Error && (!(e instanceof LinkplateError) || e instanceof InputError)) {
        return it.raiseExc(new RException(cRuntimeError, str(e.message)));
      }
      throw e;
    }
    return str(out);
  }, [1, 2]);
}
