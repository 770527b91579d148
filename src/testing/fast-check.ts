/**
 * fast-check is an optional peer dependency: the RSpec-shaped helpers work without it, the
 * property-based ones need it. It is loaded once by `ReleaseDir.open` (the kit's one async step).
 */
import type * as FastCheck from "fast-check";
import { InputError } from "../diagnostics/errors.js";

export type FC = typeof FastCheck;

let loaded: FC | null = null;
let attempt: Promise<void> | null = null;

export function loadFastCheck(): Promise<void> {
  attempt ??= import("fast-check").then(
    (m) => {
      loaded = m as FC;
    },
    () => {
      loaded = null;
    },
  );
  return attempt;
}

/** The loaded fast-check module; an InputError saying how to install it when it is missing. */
export function fc(): FC {
  if (!loaded) throw new InputError("linkplate/testing: property checks need fast-check (npm install --save-dev fast-check), loaded by ReleaseDir.open");
  return loaded;
}
