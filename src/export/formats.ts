/**
 * Text forms of an export (docs/service-links.md): shell `env` lines, a JSON object, /etc/hosts
 * lines, DNS zone records and a docker compose service fragment.
 */
import type { ServiceLinkHost, ServiceLinkVariable } from "./service-links.js";

/** A value as a POSIX shell word: bare when it only has characters the shell leaves alone, else single-quoted. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `NAME=value` lines, quoted for a POSIX shell where needed. */
export function formatEnv(vars: readonly ServiceLinkVariable[]): string {
  return vars.map((v) => `${v.name}=${shellQuote(v.value)}\n`).join("");
}

/** A JSON object `{NAME: value}` in variable order. */
export function formatJson(vars: readonly ServiceLinkVariable[]): string {
  if (!vars.length) return "{}\n";
  return `{\n${vars.map((v) => `  ${JSON.stringify(v.name)}: ${JSON.stringify(v.value)}`).join(",\n")}\n}\n`;
}

/** Addresses in first-seen order with every name resolving to each (names in entry order). */
function namesByAddress(hosts: readonly ServiceLinkHost[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const h of hosts)
    for (const a of h.addresses) {
      const names = m.get(a) ?? [];
      if (!names.includes(h.name)) names.push(h.name);
      m.set(a, names);
    }
  return m;
}

/** Names whose targets are DNS names: not expressible as host entries. */
function aliasNotes(hosts: readonly ServiceLinkHost[], comment: string): string[] {
  return hosts.filter((h) => h.aliases.length).map((h) => `${comment} ${h.name} is an alias of ${h.aliases.join(" ")} (DNS names: resolve them through BOSH DNS)\n`);
}

/** /etc/hosts lines: one per IP address, the address then every name resolving to it. */
export function formatHosts(hosts: readonly ServiceLinkHost[]): string {
  const lines = [...namesByAddress(hosts)].map(([a, names]) => `${a} ${names.join(" ")}\n`);
  return [...lines, ...aliasNotes(hosts, "#")].join("");
}

/**
 * DNS zone records relative to the zone's origin: `A`/`AAAA` per address, `CNAME` for a name that
 * stands for exactly one DNS name; a name standing for several DNS names (or for DNS names and
 * IPs) cannot be one CNAME and is written as a comment.
 */
export function formatZone(hosts: readonly ServiceLinkHost[]): string {
  const out: string[] = [];
  for (const h of hosts) {
    for (const a of h.addresses) out.push(`${h.name} IN ${a.includes(":") ? "AAAA" : "A"} ${a}\n`);
    if (h.aliases.length === 1 && h.addresses.length === 0) out.push(`${h.name} IN CNAME ${fqdn(h.aliases[0])}\n`);
    else if (h.aliases.length) out.push(`; ${h.name} also stands for ${h.aliases.map(fqdn).join(" ")}: a name with several targets cannot be a CNAME\n`);
  }
  return out.join("");
}

const fqdn = (name: string): string => (name.endsWith(".") ? name : `${name}.`);

/** A YAML double-quoted scalar (JSON string syntax is valid YAML) with compose's `$` interpolation escaped. */
function composeString(s: string): string {
  return JSON.stringify(s.replace(/\$/g, "$$$$"));
}

/** A service name as a YAML key: bare when it is a plain word YAML cannot read as anything else. */
function composeKey(name: string): string {
  return /^[A-Za-z][A-Za-z0-9._-]*$/.test(name) && !/^(y|n|yes|no|true|false|on|off|null)$/i.test(name) ? name : composeString(name);
}

/**
 * A docker compose file holding one service with `environment:` and `extra_hosts:` (merge it
 * with `docker compose -f compose.yml -f this.yml`). `extra_hosts` takes IPs only; names standing
 * for DNS names are listed as comments.
 */
export function formatCompose(service: string, vars: readonly ServiceLinkVariable[], hosts: readonly ServiceLinkHost[]): string {
  const out = ["services:\n", `  ${composeKey(service)}:\n`];
  out.push(vars.length ? "    environment:\n" : "    environment: {}\n");
  for (const v of vars) out.push(`      ${v.name}: ${composeString(v.value)}\n`);
  const entries = hosts.flatMap((h) => h.addresses.map((a) => `${h.name}:${a}`));
  out.push(entries.length ? "    extra_hosts:\n" : "    extra_hosts: []\n");
  for (const e of entries) out.push(`      - ${composeString(e)}\n`);
  out.push(...aliasNotes(hosts, "    #"));
  return out.join("");
}

