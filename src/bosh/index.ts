/**
 * BOSH's template API (bosh-common's `Bosh::Common::Template`): the evaluation context templates
 * run against, links, else-chains, OpenStruct views, and the director's DNS encoder.
 */
export {
  type ContextInput,
  type EvaluationContextOptions,
  type PlainJson,
  createEvaluationContext,
  deepCopy,
  installBosh,
  rubyFromPlainJson,
} from "./evaluation-context.js";
export { type DnsQuery, type LinkDnsEncoder, RDirectorDnsEncoder, dnsQueryFromCriteria } from "./evaluation-link.js";
export { ROpenStruct, cBackCompatOpenStruct, cOpenStruct, newOpenStruct, openstruct } from "./open-struct.js";
export { lookupProperty, splitDots } from "./property-helper.js";
export {
  cActiveElseBlock,
  cEvaluationContext,
  cEvaluationFailed,
  cEvaluationLink,
  cEvaluationLinkInstance,
  cInactiveElseBlock,
  cInvalidPropertyType,
  cManualLinkDnsEncoder,
  cUnknownLink,
  cUnknownProperty,
} from "./classes.js";
export { DnsEncoder, DnsEncoderError, type DnsIndexTables, dnsTablesFromCorpus } from "./dns-encoder.js";
export { type CreateEnvContextInput, cCreateEnvContext, cPropertyStruct, createCreateEnvEvaluationContext, createEnvContext } from "./create-env-context.js";
