/** `ERB::Util` (html_escape/h, url_encode/u) and `CGI` escaping, as Ruby 4.0's erb and cgi/escape do. */
import { Buffer } from "buffer";
import { type Interp, type Value, RString, cObject, defineBuiltinClass, defineBuiltinModule, str } from "../runtime/values.js";
import { toStr } from "../runtime/coerce.js";
import { bytesOf, utf8String } from "./bytes.js";
import { UnsupportedRubyError } from "../../diagnostics/errors.js";

const HTML: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function htmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML[c]);
}

/** Percent-encodes every byte outside `keep`, upper-case hex (`space` replaces " " when given). */
export function percentEncode(s: RString, keep: RegExp, space?: string): string {
  let out = "";
  for (const b of bytesOf(s)) {
    const ch = String.fromCharCode(b);
    if (b < 0x80 && keep.test(ch)) out += ch;
    else if (space !== undefined && b === 0x20) out += space;
    else out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

function percentDecode(s: string, plus: boolean): RString {
  const t = plus ? s.replace(/\+/g, " ") : s;
  const bytes: number[] = [];
  const raw = Buffer.from(t, "utf8");
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0x25 && i + 2 < raw.length && /^[0-9a-fA-F]{2}$/.test(String.fromCharCode(raw[i + 1], raw[i + 2]))) {
      bytes.push(parseInt(String.fromCharCode(raw[i + 1], raw[i + 2]), 16));
      i += 2;
    } else bytes.push(raw[i]);
  }
  const r = utf8String(Uint8Array.from(bytes));
  if (!r) throw new UnsupportedRubyError("percent-decoding to invalid UTF-8", {});
  return r;
}

const toS = (it: Interp, v: Value): RString => (v instanceof RString ? v : str(it.toS(v)));

export function installErbUtil(): void {
  // ERB is a class in Ruby; templates only reach ERB::Util.
  const cERB = (cObject.consts.get("ERB") as ReturnType<typeof defineBuiltinClass> | undefined) ?? defineBuiltinClass("ERB", cObject);
  const mUtil = defineBuiltinModule("Util", cERB);
  const h = (_s: Value, args: Value[], _b: unknown, it: Interp) => str(htmlEscape(toS(it, args[0]).s));
  const u = (_s: Value, args: Value[], _b: unknown, it: Interp) => str(percentEncode(toS(it, args[0]), /[a-zA-Z0-9_\-.~]/));
  for (const [name, fn] of [
    ["html_escape", h],
    ["h", h],
    ["url_encode", u],
    ["u", u],
  ] as const) {
    mUtil.defineS(name, fn, 1);
    mUtil.define(name, fn, 1, "private");
  }

  const cCGI = defineBuiltinClass("CGI", cObject);
  cCGI.defineS("escape", (_s, args, _b, it) => str(percentEncode(strArg(it, args[0]), /[a-zA-Z0-9_.\-~]/, "+")), 1);
  cCGI.defineS("escapeURIComponent", (_s, args, _b, it) => str(percentEncode(strArg(it, args[0]), /[a-zA-Z0-9_.\-~]/)), 1);
  cCGI.defineS("escape_uri_component", (_s, args, _b, it) => str(percentEncode(strArg(it, args[0]), /[a-zA-Z0-9_.\-~]/)), 1);
  cCGI.defineS("unescape", (_s, args, _b, it) => percentDecode(toStr(it, args[0]), true), [1, 2]);
  cCGI.defineS("unescapeURIComponent", (_s, args, _b, it) => percentDecode(toStr(it, args[0]), false), [1, 2]);
  cCGI.defineS("escapeHTML", (_s, args, _b, it) => str(htmlEscape(toStr(it, args[0]))), 1);
  cCGI.defineS("escape_html", (_s, args, _b, it) => str(htmlEscape(toStr(it, args[0]))), 1);
  cCGI.defineS("h", (_s, args, _b, it) => str(htmlEscape(toStr(it, args[0]))), 1);
  const unescapeHTML = (_s: Value, args: Value[], _b: unknown, it: Interp) => str(unescapeHtml(toStr(it, args[0])));
  cCGI.defineS("unescapeHTML", unescapeHTML, 1);
  cCGI.defineS("unescape_html", unescapeHTML, 1);
}

function strArg(it: Interp, v: Value): RString {
  if (v instanceof RString) return v;
  return str(toStr(it, v));
}

const NAMED: Record<string, string> = { amp: "&", quot: '"', gt: ">", lt: "<", apos: "'" };

export function unescapeHtml(s: string): string {
  return s.replace(/&(apos|amp|quot|gt|lt|#[0-9]+|#[xX][0-9A-Fa-f]+);/g, (m, name: string) => {
    if (name[0] !== "#") return NAMED[name];
    const cp = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return m;
    return String.fromCodePoint(cp);
  });
}
