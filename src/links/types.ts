/** Input and output types of the link resolver (see docs/link-graph.md). */
import { AggregateLinkplateError, type LinkplateError, type SourcePosition } from "../diagnostics/errors.js";
import type { RHash, Value } from "../ruby/runtime/values.js";
import type { DnsTables } from "./dns.js";

/** Director-wide settings (link-resolution.md §2.3). */
export interface DirectorFacts {
  /** Root DNS domain, default `bosh`. */
  rootDomain: string;
  /** `local_dns.enabled`, default false. */
  localDnsEnabled: boolean;
  /** `local_dns.use_dns_addresses`, default false. */
  localDnsUseDnsAddresses: boolean;
}

export type NetworkType = "manual" | "dynamic" | "vip";

/**
 * Cloud-config facts: AZ names and network types. Networks not listed default to `manual`. A
 * network with `subnets` (from a real cloud config, see cloud-config.ts) gets its IPs as the
 * director assigns them; without subnets, generated instances get placeholder `10.N.x.y` IPs.
 */
export interface CloudFacts {
  azs?: string[];
  /** `netmask`/`gateway` only feed `spec.networks` in the template context. */
  networks?: Array<{ name: string; type: NetworkType; netmask?: string | null; gateway?: string | null; subnets?: import("./cloud-config.js").CloudSubnet[] }>;
}

/** One desired instance as the director would have it. */
export interface InstanceFact {
  id: string;
  index: number;
  az: string | null;
  bootstrap: boolean;
  /** The director's numeric instance id (short DNS `m` token); null when unknown. */
  num: number | null;
  /** IP per non-dynamic network. */
  ips: Map<string, string>;
}

/** deployment name → instance group name → instances in index order. */
export type InstanceFacts = Map<string, Map<string, InstanceFact[]>>;

/** A manifest as parsed YAML (Ruby values), optionally with the positions of its nodes. */
export interface ManifestInput {
  value: Value;
  filename?: string;
  positionOf?: (container: RHash | import("../ruby/runtime/values.js").RArray, key?: Value | number) => SourcePosition | null;
}

/** A release: its name and job specs (each spec a Ruby Hash as loaded from `jobs/<job>/spec`). */
export interface ReleaseInput {
  name: string;
  jobs: Array<{ spec: Value; filename?: string; positionOf?: ManifestInput["positionOf"] }>;
}

export interface ResolveInput {
  /** Deployment manifests, deployed in order (providers before cross-deployment consumers). */
  manifests: Array<ManifestInput | Value>;
  releases: ReleaseInput[];
  director?: Partial<DirectorFacts>;
  cloud?: CloudFacts;
  /** Instance facts; instances not given are generated (deterministic ids, IPs, AZs). */
  instances?: InstanceFacts;
  /** DNS index tables; generated as a fresh director would assign them when absent. */
  dns?: DnsTables;
}

export type LinkErrorKind = "input" | "features" | "parse" | "resolve";

/**
 * A deployment failed: `message` is exactly the text BOSH reports (no `Error: ` prefix);
 * `errors` holds one entry per line/entry with its manifest position when known.
 */
export class LinkResolutionError extends AggregateLinkplateError {
  override name = "LinkResolutionError";
  constructor(
    message: string,
    errors: LinkplateError[],
    readonly deployment: string,
    readonly kind: LinkErrorKind,
    pos: Partial<SourcePosition> = {},
  ) {
    super(message, errors, pos);
  }
}
