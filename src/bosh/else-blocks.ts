/**
 * `EvaluationContext::ActiveElseBlock` / `InactiveElseBlock`: what `if_p` and `if_link` return.
 * An active block (the condition failed) runs `else`, and forwards `else_if_p` / `else_if_link`
 * to the object that created it (the context, a link or a link instance); an inactive one does
 * nothing and keeps returning inactive blocks.
 */
import { type Interp, type RProc, type Value, RObject } from "../ruby/runtime/values.js";
import { cActiveElseBlock, cInactiveElseBlock } from "./classes.js";
import { noBlock } from "./property-helper.js";

export function activeElseBlock(context: Value): RObject {
  const o = new RObject(cActiveElseBlock);
  o.setIvar("@context", context);
  return o;
}

export function inactiveElseBlock(): RObject {
  return new RObject(cInactiveElseBlock);
}

let installed = false;

export function installElseBlocks(): void {
  if (installed) return;
  installed = true;
  cActiveElseBlock.define("else", (_self: RObject, _args: Value[], blk: RProc | null, it: Interp) => {
    if (!blk) return noBlock(it);
    return it.yield(blk, []);
  }, 0);
  cActiveElseBlock.define("else_if_p", (self: RObject, args: Value[], blk: RProc | null, it: Interp) =>
    it.send(self.getIvar("@context"), "if_p", args, blk),
  );
  cActiveElseBlock.define("else_if_link", (self: RObject, args: Value[], blk: RProc | null, it: Interp) =>
    it.send(self.getIvar("@context"), "if_link", args, blk),
  1);

  cInactiveElseBlock.define("else", () => null, 0);
  cInactiveElseBlock.define("else_if_p", () => inactiveElseBlock());
  cInactiveElseBlock.define("else_if_link", () => inactiveElseBlock(), 1);
}
