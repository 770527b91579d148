/**
 * The Ruby classes and modules of BOSH's template API, named as bosh-common names them
 * (`Bosh::Common::Template::*`). Created once at module load, like the core classes; their
 * methods are installed by {@link installBosh} (see index.ts).
 */
import {
  cObject,
  cStandardError,
  defineBuiltinClass,
  defineBuiltinModule,
  type RClass,
} from "../ruby/runtime/values.js";
import { setBindingNesting } from "../ruby/interp/program.js";

function moduleUnder(name: string, under: RClass = cObject): RClass {
  const existing = under.consts.get(name);
  if (existing && typeof existing === "object" && (existing as RClass).isModule) return existing as RClass;
  return defineBuiltinModule(name, under);
}

/** `Bosh` */
export const mBosh = moduleUnder("Bosh");
/** `Bosh::Common` */
export const mBoshCommon = moduleUnder("Common", mBosh);
/** `Bosh::Common::Template` */
export const mTemplate = moduleUnder("Template", mBoshCommon);
/** `Bosh::Common::Template::PropertyHelper` (mixed into the context, links and link instances). */
export const mPropertyHelper = defineBuiltinModule("PropertyHelper", mTemplate);

/** `Bosh::Common::Template::EvaluationContext`: the `self` of every template. */
export const cEvaluationContext = defineBuiltinClass("EvaluationContext", cObject, mTemplate);
cEvaluationContext.include(mPropertyHelper);
// bosh-common defines EvaluationContext inside `module Bosh::Common; module Template; class
// EvaluationContext` and renders with its `get_binding`: templates see that cref chain, so an
// unqualified `UnknownProperty` or `EvaluationLink` resolves (`Bosh` itself is not in it).
setBindingNesting(cEvaluationContext, [cEvaluationContext, mTemplate, mBoshCommon]);
/** `Bosh::Common::Template::EvaluationLink`: what `link(name)` returns. */
export const cEvaluationLink = defineBuiltinClass("EvaluationLink", cObject, mTemplate);
cEvaluationLink.include(mPropertyHelper);
/** `Bosh::Common::Template::EvaluationLinkInstance`: an element of `link(name).instances`. */
export const cEvaluationLinkInstance = defineBuiltinClass("EvaluationLinkInstance", cObject, mTemplate);
cEvaluationLinkInstance.include(mPropertyHelper);
/** `Bosh::Common::Template::ManualLinkDnsEncoder`: `address` of a link carrying a manual address. */
export const cManualLinkDnsEncoder = defineBuiltinClass("ManualLinkDnsEncoder", cObject, mTemplate);

/** `Bosh::Common::Template::EvaluationContext::ActiveElseBlock` */
export const cActiveElseBlock = defineBuiltinClass("ActiveElseBlock", cObject, cEvaluationContext);
/** `Bosh::Common::Template::EvaluationContext::InactiveElseBlock` */
export const cInactiveElseBlock = defineBuiltinClass("InactiveElseBlock", cObject, cEvaluationContext);

/** `Bosh::Common::Template::UnknownProperty < StandardError` */
export const cUnknownProperty = defineBuiltinClass("UnknownProperty", cStandardError, mTemplate);
/** `Bosh::Common::Template::UnknownLink < StandardError` */
export const cUnknownLink = defineBuiltinClass("UnknownLink", cStandardError, mTemplate);
/** `Bosh::Common::Template::EvaluationFailed < StandardError` */
export const cEvaluationFailed = defineBuiltinClass("EvaluationFailed", cStandardError, mTemplate);
/** `Bosh::Common::Template::InvalidPropertyType < StandardError` */
export const cInvalidPropertyType = defineBuiltinClass("InvalidPropertyType", cStandardError, mTemplate);

/** `Bosh::Director` and the director's DNS encoder, which `link(...).address` calls. */
export const mBoshDirector = moduleUnder("Director", mBosh);
export const cDirectorDnsEncoder = defineBuiltinClass("DnsEncoder", cObject, mBoshDirector);
