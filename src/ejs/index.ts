/** The ejs dialect (trusted templates only: node:vm is not a sandbox). */
export { DEFAULT_EJS_LIMITS, EjsTemplate, isEjsFilename, type EjsLimits, type EjsRenderOptions } from "./template.js";
export type { EjsApi, EjsLink, EjsLinkInstance, ElseChain } from "./helpers.js";
