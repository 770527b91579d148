/**
 * `link(name).address(criteria)` computed from a resolved link hash and the director's DNS
 * tables (link-resolution.md §9.3), through the director's DNS encoder (src/bosh/dns-encoder.ts).
 * Used by the scenario runner and tests; templates go through the BOSH evaluation context.
 */
import { DnsEncoder, DnsEncoderError } from "../bosh/dns-encoder.js";
import { InputError } from "../diagnostics/errors.js";
import { RArray, RHash, RString, type Value } from "../ruby/runtime/values.js";
import { encoderTables, type DnsTables } from "./dns.js";
import { get, getS, has } from "./rb.js";

/** A failure of the query (e.g. `Unknown AZ: 'z9'`); `rubyClass` is what the director raises. */
export class LinkAddressError extends InputError {
  override name = "LinkAddressError";
  constructor(
    readonly rubyClass: string,
    message: string,
  ) {
    super(message);
  }
}

/** The result of `link(...).address(criteria)`; criteria keys are Strings (`azs`, `status`, `initial_health_check`). */
export function linkAddress(link: RHash, criteria: RHash, tables: DnsTables): Value {
  if (has(link, "address")) return get(link, "address") ?? null;
  const v = get(link, "use_link_dns_names");
  const useLinkNames = v !== null && v !== undefined && v !== false;
  const azs = get(criteria, "azs");
  const encoder = new DnsEncoder(encoderTables(tables, new Map()));
  try {
    return new RString(
      encoder.encodeQuery(
        {
          groupType: useLinkNames ? "link" : "instance-group",
          groupName: getS(link, useLinkNames ? "group_name" : "instance_group") ?? null,
          deploymentName: getS(link, "deployment_name") ?? null,
          defaultNetwork: getS(link, "default_network") ?? null,
          rootDomain: getS(link, "domain") ?? null,
          azs: azs instanceof RArray ? azs.a.map((a) => (a instanceof RString ? a.s : a === null ? null : String(a))) : null,
          status: getS(criteria, "status") ?? null,
          initialHealthCheck: getS(criteria, "initial_health_check") ?? null,
        },
        get(link, "use_short_dns_addresses") === true,
      ),
    );
  } catch (e) {
    if (e instanceof DnsEncoderError) throw new LinkAddressError(e.rubyClass, e.rubyMessage);
    throw e;
  }
}
