/**
 * String#encode between the three encodings linkplate's Strings have: UTF-8, US-ASCII and
 * ASCII-8BIT (BINARY). Messages, replacement characters and the `undef:`/`invalid:`/`replace:`/
 * `fallback:`/`xml:` options follow CRuby's transcoder (the BINARY -> US-ASCII path goes through
 * UTF-8, as CRuby's does, which shows in its error message).
 */
import { UnsupportedRubyError } from "../../diagnostics/errors.js";
import { type Interp, type Value, RHash, RProc, RString, RSymbol, cEncodingError, cEncoding, defineBuiltinClass, str } from "../runtime/values.js";
import { toStr } from "../runtime/coerce.js";

export const cUndefinedConversionError = defineBuiltinClass("UndefinedConversionError", cEncodingError, cEncoding);
export const cInvalidByteSequenceError = defineBuiltinClass("InvalidByteSequenceError", cEncodingError, cEncoding);
export const cConverterNotFoundError = defineBuiltinClass("ConverterNotFoundError", cEncodingError, cEncoding);

export type EncName = "UTF-8" | "US-ASCII" | "ASCII-8BIT";

/** Strings whose encoding is US-ASCII (ASCII-only content held like a UTF-8 String). */
export const usAscii = {
  has: (s: RString): boolean => s.encTag === 1,
  add: (s: RString): void => void (s.encTag = 1),
  delete: (s: RString): void => {
    if (s.encTag === 1) s.encTag = 0;
  },
};

export function encodingName(s: RString): EncName {
  return s.binary ? "ASCII-8BIT" : usAscii.has(s) ? "US-ASCII" : "UTF-8";
}

const hex2 = (b: number) => b.toString(16).toUpperCase().padStart(2, "0");

interface Options {
  undefReplace: boolean;
  invalidReplace: boolean;
  replace: string | null;
  fallback: Value;
  xml: "text" | "attr" | null;
}

function options(it: Interp, kw: RHash | null): Options {
  const get = (k: string): Value | undefined => kw?.lookup(RSymbol.of(k));
  const flag = (k: "undef" | "invalid"): boolean => {
    const v = get(k);
    if (v === undefined || v === null) return false;
    if (v instanceof RSymbol && v.name === "replace") return true;
    return it.raise("ArgumentError", `unknown value for ${k === "undef" ? "undefined" : "invalid"} character option`);
  };
  const xmlV = get("xml");
  let xml: Options["xml"] = null;
  if (xmlV !== undefined && xmlV !== null) {
    if (xmlV instanceof RSymbol && (xmlV.name === "text" || xmlV.name === "attr")) xml = xmlV.name;
    else it.raise("ArgumentError", `unexpected value for xml option: ${it.toS(xmlV)}`);
  }
  for (const k of ["universal_newline", "crlf_newline", "cr_newline", "lf_newline", "newline"]) {
    const v = get(k);
    if (v !== undefined && v !== null && v !== false) throw new UnsupportedRubyError(`String#encode(${k}:)`, {});
  }
  const rep = get("replace");
  const fallback = get("fallback");
  return {
    undefReplace: flag("undef"),
    invalidReplace: flag("invalid"),
    replace: rep === undefined || rep === null ? null : toStr(it, rep),
    fallback: fallback === undefined ? null : fallback,
    xml,
  };
}

/** The converted text (a JS string of characters for UTF-8/US-ASCII, of bytes for BINARY). */
export function transcode(it: Interp, self: RString, dst: EncName, src: EncName, kw: RHash | null): string {
  const o = options(it, kw);
  const plain = !o.xml;
  if (src === dst && plain) return self.s;
  const unicodeDst = dst === "UTF-8";
  const replacement = o.replace ?? (unicodeDst ? "\ufffd" : "?");
  if (!unicodeDst && !/^[\x00-\x7f]*$/.test(replacement)) {
    return it.raise("Encoding::ConverterNotFoundError", `code converter not found (UTF-8 to ${dst})`);
  }
  const escapeXml = (c: string): string => {
    if (o.xml === null) return c;
    if (c === "&") return "&amp;";
    if (c === "<") return "&lt;";
    if (c === ">") return "&gt;";
    if (c === '"' && o.xml === "attr") return "&quot;";
    if (c === "'" && o.xml === "attr") return "&apos;";
    return c;
  };
  let out = "";
  if (src === "UTF-8") {
    for (const c of self.s) {
      const cp = c.codePointAt(0)!;
      if (cp < 0x80 || unicodeDst) {
        out += escapeXml(c);
        continue;
      }
      // Undefined in US-ASCII / ASCII-8BIT.
      if (o.xml) {
        out += `&#x${cp.toString(16).toUpperCase()};`;
        continue;
      }
      if (o.fallback !== null) {
        const f = o.fallback;
        const got = f instanceof RHash ? f.lookup(str(c)) : f instanceof RProc ? it.yield(f, [str(c)]) : it.send(f, "[]", [str(c)]);
        if (got !== undefined && got !== null) {
          const t = toStr(it, got);
          if (!/^[\x00-\x7f]*$/.test(t)) return it.raise("ArgumentError", "too big fallback string");
          out += t;
          continue;
        }
      }
      if (o.undefReplace) {
        out += replacement;
        continue;
      }
      return it.raise("Encoding::UndefinedConversionError", `U+${cp.toString(16).toUpperCase().padStart(4, "0")} from UTF-8 to ${dst}`);
    }
  } else {
    // BINARY or US-ASCII source: bytes. A high byte is undefined in BINARY, invalid in US-ASCII.
    for (let i = 0; i < self.s.length; i++) {
      const b = self.s.charCodeAt(i);
      if (b < 0x80) {
        out += escapeXml(self.s[i]);
        continue;
      }
      if (src === "US-ASCII") {
        if (o.invalidReplace) {
          out += replacement;
          continue;
        }
        return it.raise("Encoding::InvalidByteSequenceError", `"\\x${hex2(b)}" on US-ASCII`);
      }
      if (dst === "ASCII-8BIT") {
        out += self.s[i];
        continue;
      }
      if (o.undefReplace) {
        out += replacement;
        continue;
      }
      if (o.xml) throw new UnsupportedRubyError("String#encode(xml:) of a binary String", {});
      const via = dst === "US-ASCII" ? ` to UTF-8 in conversion from ASCII-8BIT to UTF-8 to US-ASCII` : ` from ASCII-8BIT to UTF-8`;
      return it.raise("Encoding::UndefinedConversionError", `"\\x${hex2(b)}"${via}`);
    }
  }
  return o.xml === "attr" ? `"${out}"` : out;
}
