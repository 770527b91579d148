/**
 * The playground's state in the URL hash: `#state=` + base64url(JSON), the contract automation
 * relies on. `template`, `context` and `format` are the fixed fields; the rest are optional.
 */
export interface PlaygroundState {
  template: string;
  context: string;
  format: "yaml" | "json";
  /** The template's dialect (optional; default ERB). */
  dialect?: "erb" | "ejs";
  /** Director DNS index tables as JSON (optional; empty: no encoder, as BOSH's test helpers). */
  dns?: string;
  /** A pre-resolved link graph, YAML or JSON (optional); with it the context comes from `instance`. */
  graph?: string;
  /** `group/index/job` of the graph to render as (with `graph`). */
  instance?: string;
}

export const EMPTY_STATE: PlaygroundState = { template: "", context: "", format: "yaml" };

/** base64url of the UTF-8 bytes of `text` (no padding). */
export function toBase64Url(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The text whose UTF-8 bytes `b64` encodes (base64url or base64, padded or not); null when it is not that. */
export function fromBase64Url(b64: string): string | null {
  try {
    const binary = atob(b64.replace(/-/g, "+").replace(/_/g, "/"));
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

export function encodeState(state: PlaygroundState): string {
  return `#state=${toBase64Url(JSON.stringify(state))}`;
}

/** The state a `#state=...` hash holds, or null when the hash holds none (or a broken one). */
export function decodeState(hash: string): PlaygroundState | null {
  const m = /^#?state=([A-Za-z0-9_\-+/=]*)$/.exec(hash);
  if (!m) return null;
  const json = fromBase64Url(m[1]);
  if (json === null) return null;
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  const text = (k: string) => (typeof o[k] === "string" ? (o[k] as string) : undefined);
  return {
    template: text("template") ?? "",
    context: text("context") ?? "",
    format: o.format === "json" ? "json" : "yaml",
    ...(o.dialect === "ejs" || o.dialect === "erb" ? { dialect: o.dialect } : {}),
    ...(text("dns") !== undefined ? { dns: text("dns") } : {}),
    ...(text("graph") !== undefined ? { graph: text("graph") } : {}),
    ...(text("instance") !== undefined ? { instance: text("instance") } : {}),
  };
}
