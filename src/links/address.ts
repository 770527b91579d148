/**
 * `link(name).address(criteria)` computed from a resolved link hash and the director's DNS
 * tables (link-resolution.md §9.3). Used by the scenario runner and tests; templates go through
 * the BOSH evaluation context, which uses the DNS encoder in src/bosh.
 */
import { InputError } from "../diagnostics/errors.js";
import { RArray, RHash, RString, type Value } from "../ruby/runtime/values.js";
import { GroupIndex, canonicalize, type DnsTables } from "./dns.js";
import { get, getS, has } from "./rb.js";

/** Thrown for `Unknown AZ` (a Ruby RuntimeError at template time). */
export class LinkAddressError extends InputError {}

export function linkAddress(link: RHash, criteria: RHash, tables: DnsTables): Value {
  if (has(link, "address")) return get(link, "address") ?? null;
  const useLinkNames = (() => {
    const v = get(link, "use_link_dns_names");
    return v !== null && v !== undefined && v !== false;
  })();
  const groupType = useLinkNames ? "link" : "instance-group";
  const groupName = getS(link, useLinkNames ? "group_name" : "instance_group") ?? "";
  const network = getS(link, "default_network") ?? "";
  const deployment = getS(link, "deployment_name") ?? "";
  const domain = getS(link, "domain") ?? "";
  const short = get(link, "use_short_dns_addresses") === true;
  const tokens: string[] = [];
  const azs = get(criteria, "azs");
  if (azs instanceof RArray) {
    for (const az of azs.a) {
      const name = az instanceof RString ? az.s : String(az);
      const id = tables.azIndices.get(name);
      if (id === undefined) throw new LinkAddressError(`Unknown AZ: '${name}'`);
      tokens.push(`a${id}`);
    }
  }
  if (short) tokens.push(`n${tables.networkIndices.get(network) ?? ""}`);
  const hc = getS(criteria, "initial_health_check");
  if (hc === "synchronous") tokens.push("y1");
  else if (hc === "asynchronous") tokens.push("y0");
  const status = getS(criteria, "status");
  tokens.push(`s${status === "healthy" ? 3 : status === "unhealthy" ? 1 : status === "all" ? 4 : 0}`);
  tokens.sort();
  const q = `q-${tokens.join("")}`;
  if (short) return new RString(`${q}.q-g${new GroupIndex(tables.groups).idOf(groupType, groupName, deployment)}.${domain}`);
  return new RString(`${q}.${canonicalize(groupName)}.${canonicalize(network)}.${canonicalize(deployment)}.${domain}`);
}
