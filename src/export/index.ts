/** Docker/Tutum-style service links from a link graph (link-resolution.md §13, docs/service-links.md). */
export { serviceLinkEnv, serviceLinkHosts, type ServiceLinkFlavor, type ServiceLinkHost, type ServiceLinkOptions, type ServiceLinkVariable } from "./service-links.js";
export { ServiceLinkError, type ServiceLinkErrorCode } from "./errors.js";
export { formatCompose, formatEnv, formatHosts, formatJson, formatZone, shellQuote } from "./formats.js";
export { envPrefix, hostLabel } from "./names.js";
export type { PortInput } from "./ports.js";
