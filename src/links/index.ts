/** Link graph format and resolver (link-resolution.md). */
import { guarded, guardMethods } from "../diagnostics/boundary.js";
import { LinkGraph, loadLinkGraph as loadLinkGraphUnguarded } from "./graph.js";
import { bindJobProperties as bindJobPropertiesUnguarded, resolveDeployment as resolveDeploymentUnguarded, resolveOrThrow as resolveOrThrowUnguarded } from "./resolver.js";

// The resolver's entry points are behind the public boundary: an unexpected JavaScript exception
// comes out as an InternalError (a LinkplateError), never raw.
/** Resolves every manifest in order (later manifests may consume links shared by earlier ones); failures come back as LinkResolutionErrors. */
export const resolveDeployment = guarded(resolveDeploymentUnguarded);
/** Like {@link resolveDeployment} but returns the last graph or throws the first error. */
export const resolveOrThrow = guarded(resolveOrThrowUnguarded);
/** The properties a job's templates see: every declared property, manifest value or default. */
export const bindJobProperties = guarded(bindJobPropertiesUnguarded);
/** Loads a link graph (YAML or JSON), validates it against the schema and fills in the documented defaults. */
export const loadLinkGraph = guarded(loadLinkGraphUnguarded, (_text, filename) => ({ filename }));
guardMethods(LinkGraph.prototype, ["group", "job", "links", "instanceAddress", "contextFor", "dnsFor", "toValue", "toYaml"]);

export { LinkGraph, templateView, type GraphData, type GraphDnsTables, type GraphGroup, type GraphJob, type GraphNetwork, type GraphFeatures } from "./graph.js";
export type { DeploymentOutcome, ResolveResult } from "./resolver.js";
export { sortInstances } from "./order.js";
export { canonicalize, instanceDnsName, emptyDnsTables, type DnsGroup, type DnsTables } from "./dns.js";
export { LINK_GRAPH_SCHEMA } from "./schema.js";
export { validateSchema, type SchemaError } from "./validate.js";
export { dumpYaml, dumpJson } from "./yaml-out.js";
export { linkAddress, LinkAddressError } from "./address.js";
export { cloudFromValue, directorFromValue, dnsFromValue, instancesFromValue, releasesFromValue } from "./facts.js";
export * from "./types.js";
