/**
 * Ruby 4.0's encoding names as `Encoding.find` knows them (ERB's magic-comment detection uses it).
 * Generated from CRuby 4.0.0 (`Encoding.list`, `Encoding.aliases`); lookup is case-insensitive.
 */

/** Canonical names (`Encoding#name`), in `Encoding.list` order. */
const NAMES: readonly string[] = [
  "ASCII-8BIT", "UTF-8", "US-ASCII", "UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE", "UTF-16", "UTF-32",
  "UTF8-MAC", "EUC-JP", "Windows-31J", "Big5", "Big5-HKSCS", "Big5-UAO", "CESU-8", "CP949", "Emacs-Mule",
  "EUC-KR", "EUC-TW", "GB18030", "GBK", "ISO-8859-1", "ISO-8859-2", "ISO-8859-3", "ISO-8859-4", "ISO-8859-5",
  "ISO-8859-6", "ISO-8859-7", "ISO-8859-8", "ISO-8859-9", "ISO-8859-10", "ISO-8859-11", "ISO-8859-13",
  "ISO-8859-14", "ISO-8859-15", "ISO-8859-16", "KOI8-R", "KOI8-U", "Shift_JIS", "Windows-1250",
  "Windows-1251", "Windows-1252", "Windows-1253", "Windows-1254", "Windows-1257", "IBM437", "IBM720",
  "IBM737", "IBM775", "CP850", "IBM852", "CP852", "IBM855", "CP855", "IBM857", "IBM860", "IBM861", "IBM862",
  "IBM863", "IBM864", "IBM865", "IBM866", "IBM869", "Windows-1258", "GB1988", "macCentEuro", "macCroatian",
  "macCyrillic", "macGreek", "macIceland", "macRoman", "macRomania", "macThai", "macTurkish", "macUkraine",
  "CP950", "CP951", "IBM037", "stateless-ISO-2022-JP", "eucJP-ms", "CP51932", "EUC-JIS-2004", "GB2312",
  "GB12345", "ISO-2022-JP", "ISO-2022-JP-2", "CP50220", "CP50221", "Windows-1256", "Windows-1255", "TIS-620",
  "Windows-874", "MacJapanese", "UTF-7", "UTF8-DoCoMo", "SJIS-DoCoMo", "UTF8-KDDI", "SJIS-KDDI",
  "ISO-2022-JP-KDDI", "stateless-ISO-2022-JP-KDDI", "UTF8-SoftBank", "SJIS-SoftBank",
];

/** Alias -> canonical name (`Encoding.aliases` minus the process-dependent `locale`/`external`/`filesystem`). */
const ALIASES: Readonly<Record<string, string>> = {
  "BINARY": "ASCII-8BIT", "CP437": "IBM437", "CP720": "IBM720", "CP737": "IBM737", "CP775": "IBM775",
  "IBM850": "CP850", "CP857": "IBM857", "CP860": "IBM860", "CP861": "IBM861", "CP862": "IBM862",
  "CP863": "IBM863", "CP864": "IBM864", "CP865": "IBM865", "CP866": "IBM866", "CP869": "IBM869",
  "CP1258": "Windows-1258", "Big5-HKSCS:2008": "Big5-HKSCS", "ebcdic-cp-us": "IBM037", "eucJP": "EUC-JP",
  "euc-jp-ms": "eucJP-ms", "EUC-JISX0213": "EUC-JIS-2004", "eucKR": "EUC-KR", "eucTW": "EUC-TW",
  "EUC-CN": "GB2312", "eucCN": "GB2312", "CP936": "GBK", "ISO2022-JP": "ISO-2022-JP",
  "ISO2022-JP2": "ISO-2022-JP-2", "ISO8859-1": "ISO-8859-1", "ISO8859-2": "ISO-8859-2",
  "ISO8859-3": "ISO-8859-3", "ISO8859-4": "ISO-8859-4", "ISO8859-5": "ISO-8859-5", "ISO8859-6": "ISO-8859-6",
  "CP1256": "Windows-1256", "ISO8859-7": "ISO-8859-7", "ISO8859-8": "ISO-8859-8", "CP1255": "Windows-1255",
  "ISO8859-9": "ISO-8859-9", "ISO8859-10": "ISO-8859-10", "ISO8859-11": "ISO-8859-11",
  "CP874": "Windows-874", "ISO8859-13": "ISO-8859-13", "ISO8859-14": "ISO-8859-14",
  "ISO8859-15": "ISO-8859-15", "ISO8859-16": "ISO-8859-16", "CP878": "KOI8-R", "MacJapan": "MacJapanese",
  "ASCII": "US-ASCII", "ANSI_X3.4-1968": "US-ASCII", "646": "US-ASCII", "CP65000": "UTF-7",
  "CP65001": "UTF-8", "UTF-8-MAC": "UTF8-MAC", "UTF-8-HFS": "UTF8-MAC", "UCS-2BE": "UTF-16BE",
  "UCS-4BE": "UTF-32BE", "UCS-4LE": "UTF-32LE", "CP932": "Windows-31J", "csWindows31J": "Windows-31J",
  "SJIS": "Windows-31J", "PCK": "Windows-31J", "CP1250": "Windows-1250", "CP1251": "Windows-1251",
  "CP1252": "Windows-1252", "CP1253": "Windows-1253", "CP1254": "Windows-1254", "CP1257": "Windows-1257",
};

/** Encodings that are not ASCII-compatible. */
const NOT_ASCII_COMPATIBLE: ReadonlySet<string> = new Set([
  "UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE", "UTF-16", "UTF-32", "IBM037", "ISO-2022-JP",
  "ISO-2022-JP-2", "CP50220", "CP50221", "UTF-7", "ISO-2022-JP-KDDI",
]);

let table: Map<string, string> | null = null;

function lookupTable(): Map<string, string> {
  if (table) return table;
  const t = new Map<string, string>();
  for (const n of NAMES) t.set(n.toLowerCase(), n);
  for (const [alias, name] of Object.entries(ALIASES)) t.set(alias.toLowerCase(), name);
  // Process-dependent names, resolved as on a BOSH director (UTF-8 locale and default external).
  t.set("external", "UTF-8");
  t.set("locale", "UTF-8");
  t.set("filesystem", "UTF-8");
  return (table = t);
}

/**
 * `Encoding.find(name)`: the canonical name, `null` for `internal` (Ruby returns nil there because
 * BOSH leaves `Encoding.default_internal` unset), or `undefined` when Ruby raises
 * `ArgumentError: unknown encoding name - <name>`.
 */
export function findRubyEncoding(name: string): string | null | undefined {
  const key = name.toLowerCase();
  if (key === "internal") return null;
  return lookupTable().get(key);
}

/** Whether Ruby source (and `String#<<` with ASCII text) works in this encoding. */
export function isAsciiCompatibleEncoding(canonicalName: string): boolean {
  return !NOT_ASCII_COMPATIBLE.has(canonicalName);
}
