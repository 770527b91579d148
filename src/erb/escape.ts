/**
 * `String#dump` of a binary (ASCII-8BIT) string, which is how ERB writes template text into the
 * program: the text's UTF-8 bytes, with every byte >= 0x80 as `\xHH`.
 */

const HEX = "0123456789ABCDEF";

function hexByte(b: number): string {
  return "\\x" + HEX[b >> 4] + HEX[b & 15];
}

/** Escapes for ASCII bytes 0..127 (`undefined` = copy as is; `#` is handled separately). */
const ASCII_ESCAPES: (string | undefined)[] = (() => {
  const t: (string | undefined)[] = [];
  for (let b = 0; b < 128; b++) {
    if (b < 0x20 || b === 0x7f) t[b] = hexByte(b);
  }
  t[0x0a] = "\\n";
  t[0x0d] = "\\r";
  t[0x09] = "\\t";
  t[0x0c] = "\\f";
  t[0x0b] = "\\v";
  t[0x08] = "\\b";
  t[0x07] = "\\a";
  t[0x1b] = "\\e";
  t[0x22] = '\\"';
  t[0x5c] = "\\\\";
  return t;
})();

function utf8Escape(cp: number): string {
  if (cp < 0x800) return hexByte(0xc0 | (cp >> 6)) + hexByte(0x80 | (cp & 63));
  if (cp < 0x10000) {
    return hexByte(0xe0 | (cp >> 12)) + hexByte(0x80 | ((cp >> 6) & 63)) + hexByte(0x80 | (cp & 63));
  }
  return (
    hexByte(0xf0 | (cp >> 18)) +
    hexByte(0x80 | ((cp >> 12) & 63)) +
    hexByte(0x80 | ((cp >> 6) & 63)) +
    hexByte(0x80 | (cp & 63))
  );
}

/**
 * `text.b.dump` as Ruby 4.0 writes it, including the surrounding double quotes. The text is taken as
 * its UTF-8 encoding (a lone surrogate becomes U+FFFD, as `TextEncoder` does).
 */
export function dumpBinaryString(text: string): string {
  let out = '"';
  let run = 0; // start of the current run of bytes copied as is
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    let esc: string | undefined;
    if (c < 0x80) {
      if (c === 0x23) {
        const d = i + 1 < n ? text.charCodeAt(i + 1) : 0;
        if (d === 0x7b || d === 0x24 || d === 0x40) esc = "\\#";
        else continue;
      } else {
        esc = ASCII_ESCAPES[c];
        if (esc === undefined) continue;
      }
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += text.slice(run, i) + utf8Escape(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
        run = ++i + 1;
        continue;
      }
      esc = utf8Escape(0xfffd);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      esc = utf8Escape(0xfffd);
    } else {
      esc = utf8Escape(c);
    }
    out += text.slice(run, i) + esc;
    run = i + 1;
  }
  return out + text.slice(run) + '"';
}
