/**
 * go-patch pointers (`/a/name=x?/0:before/-`), parsed and printed as go-patch's pointer.go does:
 * `~0` is `~`, `~1` is `/`, `~7` is `:`; a trailing `?` makes this token and every later one
 * optional; `:prev`/`:next`/`:before`/`:after` modify index and `name=` tokens.
 */
import { ManifestError } from "../errors.js";

export type Modifier = "prev" | "next" | "before" | "after";
export type Token =
  | { kind: "root" }
  | { kind: "index"; index: number; modifiers: Modifier[] }
  | { kind: "after-last" }
  | { kind: "matching"; key: string; value: string; optional: boolean; modifiers: Modifier[] }
  | { kind: "key"; key: string; optional: boolean };

const decode = (s: string): string => s.replace(/~[017]/g, (m) => (m === "~0" ? "~" : m === "~1" ? "/" : ":"));
const encode = (s: string): string => s.replace(/[~/:]/g, (m) => (m === "~" ? "~0" : m === "/" ? "~1" : "~7"));

export class Pointer {
  constructor(readonly tokens: Token[]) {}

  /** The pointer made of the first `n` tokens (the path an error names). */
  prefix(n: number): Pointer {
    return new Pointer(this.tokens.slice(0, n));
  }

  toString(): string {
    const strs: string[] = [];
    let optional = false;
    const mods = (m: Modifier[]): string => m.map((x) => `:${x}`).join("");
    for (const t of this.tokens) {
      switch (t.kind) {
        case "root":
          strs.push("");
          break;
        case "index":
          strs.push(`${t.index}${mods(t.modifiers)}`);
          break;
        case "after-last":
          strs.push("-");
          break;
        case "matching": {
          let val = encode(t.value);
          if (t.optional && !optional) {
            val += "?";
            optional = true;
          }
          strs.push(`${encode(t.key)}=${val}${mods(t.modifiers)}`);
          break;
        }
        case "key": {
          let s = encode(t.key);
          if (t.optional && !optional) {
            s += "?";
            optional = true;
          }
          strs.push(s);
          break;
        }
      }
    }
    return strs.join("/");
  }
}

/** Go's strconv.Atoi: optional sign and decimal digits, within int64. */
function atoi(s: string): number | null {
  if (!/^[+-]?[0-9]+$/.test(s)) return null;
  const n = BigInt(s);
  if (n < -(1n << 63n) || n >= 1n << 63n) return null;
  return Number(n);
}

/** `patch.NewPointerFromString`; throws go-patch's message (e.g. `Expected to start with '/'`). */
export function parsePointer(str: string): Pointer {
  const tokens: Token[] = [{ kind: "root" }];
  if (str.length === 0) return new Pointer(tokens);
  if (!str.startsWith("/")) throw new ManifestError("Expected to start with '/'");
  const parts = str.split("/").slice(1);
  let optional = false;
  parts.forEach((raw, i) => {
    const isLast = i === parts.length - 1;
    let tok = raw;
    const modifiers: Modifier[] = [];
    const pieces = tok.split(":");
    if (pieces.length > 1) {
      tok = pieces[0];
      for (const p of pieces.slice(1)) {
        if (p === "prev" || p === "next" || p === "before" || p === "after") modifiers.push(p);
        else throw new ManifestError(`Expected to find one of the following modifiers: 'prev', 'next', 'before', or 'after' but found '${pieces[1]}'`);
      }
    }
    tok = decode(tok);
    if (isLast && tok === "-") {
      if (modifiers.length > 0) throw new ManifestError("Expected not to find any modifiers with after last index token");
      tokens.push({ kind: "after-last" });
      return;
    }
    const idx = atoi(tok);
    if (idx !== null) {
      tokens.push({ kind: "index", index: idx, modifiers });
      return;
    }
    if (tok.endsWith("?")) optional = true;
    const eq = tok.indexOf("=");
    if (eq >= 0) {
      const value = tok.slice(eq + 1);
      tokens.push({ kind: "matching", key: tok.slice(0, eq), value: value.endsWith("?") ? value.slice(0, -1) : value, optional, modifiers });
      return;
    }
    if (modifiers.length > 0) throw new ManifestError("Expected not to find any modifiers with key token");
    tokens.push({ kind: "key", key: tok.endsWith("?") ? tok.slice(0, -1) : tok, optional });
  });
  return new Pointer(tokens);
}
