/** go-patch pointers (`/a/name=x/0:before/-`), parsed and printed as go-patch does. */
export type Modifier = "prev" | "next" | "before" | "after";
export type Token =
  | { kind: "root" }
  | { kind: "index"; index: number; modifiers: Modifier[] }
  | { kind: "after-last" }
  | { kind: "matching"; key: string; value: string; optional: boolean; modifiers: Modifier[] }
  | { kind: "key"; key: string; optional: boolean };

export class Pointer {
  constructor(readonly tokens: Token[]) {}
  toString(): string {
    return "";
  }
}

/** `patch.NewPointerFromString`; throws go-patch's message (e.g. `Expected to start with '/'`). */
export function parsePointer(str: string): Pointer {
  return new Pointer([{ kind: "root" }, { kind: "key", key: str, optional: false }]);
}
