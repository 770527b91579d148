/** Link graph format and resolver (link-resolution.md). */
export { LinkGraph, loadLinkGraph, templateView, type GraphData, type GraphDnsTables, type GraphGroup, type GraphJob, type GraphNetwork, type GraphFeatures } from "./graph.js";
export { resolveDeployment, resolveOrThrow, bindJobProperties, type DeploymentOutcome, type ResolveResult } from "./resolver.js";
export { sortInstances } from "./order.js";
export { canonicalize, instanceDnsName, emptyDnsTables, type DnsGroup, type DnsTables } from "./dns.js";
export { LINK_GRAPH_SCHEMA } from "./schema.js";
export { validateSchema, type SchemaError } from "./validate.js";
export { dumpYaml, dumpJson } from "./yaml-out.js";
export { linkAddress, LinkAddressError } from "./address.js";
export { cloudFromValue, directorFromValue, dnsFromValue, instancesFromValue, releasesFromValue } from "./facts.js";
export * from "./types.js";
