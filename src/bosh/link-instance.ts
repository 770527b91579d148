/** `Bosh::Common::Template::EvaluationLinkInstance`: one element of `link(name).instances`. */
import { type Interp, type RClass, type RProc, type Value, RObject } from "../ruby/runtime/values.js";
import { cEvaluationLinkInstance } from "./classes.js";
import { activeElseBlock, inactiveElseBlock } from "./else-blocks.js";
import { ifPValues, noBlock, propertyP } from "./property-helper.js";

/** The attribute readers, in the order of the Ruby constructor. */
export const LINK_INSTANCE_ATTRS = ["name", "index", "id", "az", "address", "properties", "bootstrap"] as const;

export interface LinkInstanceFields {
  name: Value;
  index: Value;
  id: Value;
  az: Value;
  address: Value;
  properties: Value;
  bootstrap: Value;
}

export function newLinkInstance(f: LinkInstanceFields): RObject {
  const o = new RObject(cEvaluationLinkInstance);
  for (const a of LINK_INSTANCE_ATTRS) o.setIvar(`@${a}`, f[a]);
  return o;
}

let installed = false;

export function installLinkInstance(): void {
  if (installed) return;
  installed = true;
  const c = cEvaluationLinkInstance;
  for (const a of LINK_INSTANCE_ATTRS) {
    const ivar = `@${a}`;
    c.define(a, (self: RObject) => self.getIvar(ivar), 0);
  }
  definePropertyReaders(c);
}

/** `p` and `if_p` over the object's `@properties`: links and link instances share them, as in bosh-common. */
export function definePropertyReaders(c: RClass): void {
  c.define("p", (self: RObject, args: Value[], _blk, it: Interp) => propertyP(it, self.getIvar("@properties"), args));
  c.define("if_p", (self: RObject, args: Value[], blk: RProc | null, it: Interp) => {
    const values = ifPValues(it, self.getIvar("@properties"), args);
    if (values === null) return activeElseBlock(self);
    if (!blk) return noBlock(it);
    it.yield(blk, values);
    return inactiveElseBlock();
  });
}
