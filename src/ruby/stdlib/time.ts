/**
 * A deterministic subset of Ruby's `Time` (and `require "time"`): UTC times built with
 * `Time.utc`/`Time.gm` or returned by the stdlib (certificate dates), and `Time.at(n)` once it
 * is made UTC (`.utc`, `.getutc`). The clock (`Time.now`) and the host time zone (`Time.local`,
 * `Time.parse`, a `Time.at` read before `.utc`) are not available to templates.
 */
import { UnsupportedRubyError } from "../../diagnostics/errors.js";
import { chargeString } from "../runtime/budget.js";
import {
  type Interp,
  type Value,
  RClass,
  RFloat,
  RHash,
  RObject,
  RString,
  RSymbol,
  cObject,
  mComparable,
  defineBuiltinClass,
  flo,
  str,
  sym,
} from "../runtime/values.js";
import { toInt } from "../runtime/coerce.js";

export let cTime: RClass;

/** A UTC time: whole seconds since the epoch plus nanoseconds. */
export class RTime extends RObject {
  constructor(
    cls: RClass,
    public sec: number,
    public nsec: number,
  ) {
    super(cls);
  }
  /** A `Time.at` result still in the host's local zone: only zone-independent methods answer. */
  hostZone = false;
  /** The exact fraction of a second as `inspect` shows it ("num/den") when it is not whole nanoseconds (from a Float). */
  subsec: string | null = null;
  /** `eql?`/`hash`: the same instant (Ruby's Time#eql? also requires the other to be a Time). */
  override valueKey(): string {
    return `${this.sec}.${this.nsec}`;
  }
}

export function makeTime(sec: number, nsec = 0): RTime {
  return new RTime(cTime, sec, nsec);
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

interface Parts {
  year: number;
  mon: number;
  day: number;
  hour: number;
  min: number;
  sec: number;
  wday: number;
  yday: number;
}

/**
 * Calendar fields of a UTC time by integer arithmetic on the proleptic Gregorian calendar
 * (H. Hinnant's civil_from_days), not JavaScript's Date: Date stops at year ±275,760 and would
 * print NaN, while Ruby's Time goes on. Exact while the seconds are a safe integer.
 */
function parts(t: RTime): Parts {
  const days = Math.floor(t.sec / 86400);
  const secOfDay = t.sec - days * 86400;
  const { year, mon, day } = civilFromDays(days);
  return {
    year,
    mon,
    day,
    hour: Math.floor(secOfDay / 3600),
    min: Math.floor((secOfDay % 3600) / 60),
    sec: secOfDay % 60,
    wday: mod(days + 4, 7), // 1970-01-01 was a Thursday
    yday: days - daysFromCivil(year, 1, 1) + 1,
  };
}

const mod = (a: number, b: number): number => ((a % b) + b) % b;

/** Days since 1970-01-01 of a proleptic Gregorian date; `day` (and `mon` within 1..12) may overflow forward. */
function daysFromCivil(year: number, mon: number, day: number): number {
  const y = mon <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (mon > 2 ? mon - 3 : mon + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): { year: number; mon: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const mon = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (mon <= 2 ? 1 : 0), mon, day };
}

/** Times are whole seconds in a JS number: beyond 2^53 seconds (about 285 million years) they would lose precision. */
function checkRange(sec: number, what: string): number {
  if (!Number.isSafeInteger(sec)) throw new UnsupportedRubyError(`${what} beyond ±2**53 seconds from the epoch`, {});
  return sec;
}

const pad = (n: number, w: number, c = "0") => {
  const s = String(Math.abs(n)).padStart(w, c);
  return n < 0 ? `-${s}` : s;
};

/** Time#strftime for UTC times. */
export function strftime(t: RTime, fmt: string): string {
  const p = parts(t);
  return fmt.replace(/%([-_0^#]*)(\d*)(:{0,2})([a-zA-Z%+])/g, (whole, flags: string, widthS: string, colons: string, conv: string) => {
    const width = widthS ? Number(widthS) : null;
    // The field is at least `width` characters: check it before padding to it.
    if (width !== null) chargeString(width);
    const num = (n: number, w: number, padc = "0") => {
      if (flags.includes("-")) return String(n);
      const c = flags.includes("_") ? " " : flags.includes("0") ? "0" : padc;
      return pad(n, width ?? w, c);
    };
    const text = (s: string) => {
      let r = flags.includes("^") || flags.includes("#") ? s.toUpperCase() : s;
      if (width !== null && r.length < width) r = r.padStart(width, flags.includes("0") ? "0" : " ");
      return r;
    };
    switch (conv) {
      case "Y":
        return num(p.year, 4);
      case "C":
        return num(Math.floor(p.year / 100), 2);
      case "y":
        return num(p.year % 100, 2);
      case "m":
        return num(p.mon, 2);
      case "B":
        return text(MONTHS[p.mon - 1]);
      case "b":
      case "h":
        return text(MONTHS[p.mon - 1].slice(0, 3));
      case "d":
        return num(p.day, 2);
      case "e":
        return num(p.day, 2, " ");
      case "j":
        return num(p.yday, 3);
      case "H":
        return num(p.hour, 2);
      case "k":
        return num(p.hour, 2, " ");
      case "I":
        return num(p.hour % 12 || 12, 2);
      case "l":
        return num(p.hour % 12 || 12, 2, " ");
      case "P":
        return text(p.hour < 12 ? "am" : "pm");
      case "p":
        return flags.includes("#") ? (p.hour < 12 ? "am" : "pm") : text(p.hour < 12 ? "AM" : "PM");
      case "M":
        return num(p.min, 2);
      case "S":
        return num(p.sec, 2);
      case "L":
        return String(t.nsec).padStart(9, "0").slice(0, width ?? 3).padEnd(width ?? 3, "0");
      case "N":
        return String(t.nsec).padStart(9, "0").slice(0, width ?? 9).padEnd(width ?? 9, "0");
      case "z":
        return colons === ":" ? "+00:00" : colons === "::" ? "+00:00:00" : "+0000";
      case "Z":
        return text("UTC");
      case "A":
        return text(DAYS[p.wday]);
      case "a":
        return text(DAYS[p.wday].slice(0, 3));
      case "u":
        return String(p.wday || 7);
      case "w":
        return String(p.wday);
      case "s":
        return String(t.sec);
      case "n":
        return "\n";
      case "t":
        return "\t";
      case "%":
        return "%";
      case "F":
        return `${pad(p.year, 4)}-${pad(p.mon, 2)}-${pad(p.day, 2)}`;
      case "T":
      case "X":
        return `${pad(p.hour, 2)}:${pad(p.min, 2)}:${pad(p.sec, 2)}`;
      case "D":
      case "x":
        return `${pad(p.mon, 2)}/${pad(p.day, 2)}/${pad(p.year % 100, 2)}`;
      case "R":
        return `${pad(p.hour, 2)}:${pad(p.min, 2)}`;
      case "r":
        return `${pad(p.hour % 12 || 12, 2)}:${pad(p.min, 2)}:${pad(p.sec, 2)} ${p.hour < 12 ? "AM" : "PM"}`;
      case "c":
        return `${DAYS[p.wday].slice(0, 3)} ${MONTHS[p.mon - 1].slice(0, 3)} ${pad(p.day, 2, " ")} ${pad(p.hour, 2)}:${pad(p.min, 2)}:${pad(p.sec, 2)} ${p.year}`;
      default:
        return whole;
    }
  });
}

function fracText(nsec: number): string {
  return nsec === 0 ? "" : `.${String(nsec).padStart(9, "0").replace(/0+$/, "")}`;
}

export function timeToS(t: RTime): string {
  return strftime(t, "%Y-%m-%d %H:%M:%S UTC");
}

function timeInspect(t: RTime): string {
  if (t.subsec === "unknown") throw new UnsupportedRubyError("Time#inspect of a Time with a Float-derived fraction of a nanosecond", {});
  return `${strftime(t, "%Y-%m-%d %H:%M:%S")}${t.subsec !== null ? ` ${t.subsec}` : fracText(t.nsec)} UTC`;
}

function iso8601(t: RTime, digits: number): string {
  // The fraction is `digits` characters long: check it before padding to it.
  if (digits > 0) chargeString(digits);
  const frac = digits > 0 ? `.${String(t.nsec).padStart(9, "0").slice(0, digits).padEnd(digits, "0")}` : "";
  return `${strftime(t, "%Y-%m-%dT%H:%M:%S")}${frac}Z`;
}

const MON_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

function timeUtc(it: Interp, args: Value[]): RTime {
  const intArg = (v: Value | undefined, dflt: number) => {
    if (v === undefined || v === null) return dflt;
    // Ruby's Time takes any Integer year; ours are exact only up to 2**53 seconds.
    if (typeof v === "bigint") throw new UnsupportedRubyError("Time.utc with a component beyond ±2**53", {});
    return v instanceof RString ? Number.parseInt(v.s, 10) : toInt(it, v);
  };
  const year = intArg(args[0], 0);
  let mon: number;
  const m = args[1];
  if (m instanceof RString && MON_NAMES.includes(m.s.toLowerCase())) mon = MON_NAMES.indexOf(m.s.toLowerCase()) + 1;
  else mon = intArg(m, 1);
  const day = intArg(args[2], 1);
  const hour = intArg(args[3], 0);
  const min = intArg(args[4], 0);
  const secV = args[5];
  let sec = 0;
  let nsec = 0;
  if (secV instanceof RFloat) {
    sec = Math.floor(secV.v);
    nsec = Math.round((secV.v - sec) * 1e9);
  } else sec = intArg(secV, 0);
  if (args[6] !== undefined && args[6] !== null) nsec += Math.round((args[6] instanceof RFloat ? args[6].v : toInt(it, args[6])) * 1000);
  if (mon < 1 || mon > 12) it.raise("ArgumentError", "mon out of range");
  if (day < 1 || day > 31 || hour < 0 || hour > 24 || min < 0 || min > 59 || sec < 0 || sec > 60) it.raise("ArgumentError", "argument out of range");
  if (![year, day, hour, min, sec].every(Number.isSafeInteger)) throw new UnsupportedRubyError("Time.utc with a year beyond ±2**53", {});
  return makeTime(checkRange(daysFromCivil(year, mon, day) * 86400 + hour * 3600 + min * 60 + sec, "Time.utc"), nsec);
}

function numeric(v: Value): number | null {
  if (typeof v === "number") return v;
  if (v instanceof RFloat) return v.v;
  return null;
}

function addSeconds(t: RTime, x: number): RTime {
  const total = t.nsec + Math.round((x - Math.trunc(x)) * 1e9);
  let sec = t.sec + Math.trunc(x) + Math.floor(total / 1e9);
  let nsec = total - Math.floor(total / 1e9) * 1e9;
  if (nsec < 0) {
    nsec += 1e9;
    sec -= 1;
  }
  return makeTime(checkRange(sec, "Time#+"), nsec);
}

/** Seconds (floored) and nanoseconds (truncated) of a Float's exact binary value, as Time.at reads it. */
function exactFloatTime(x: number): { sec: number; nsec: number; subsec: string | null } {
  const sec = Math.floor(x);
  const frac = x - sec; // exact: x and its floor share the exponent range
  if (frac === 0) return { sec, nsec: 0, subsec: null };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, frac);
  const bits = view.getBigUint64(0);
  const exp = Number((bits >> 52n) & 0x7ffn);
  const mant = (bits & ((1n << 52n) - 1n)) | (exp === 0 ? 0n : 1n << 52n);
  const shift = BigInt(1075 - (exp === 0 ? 1 : exp)); // frac = mant / 2^shift
  const scaled = mant * 1_000_000_000n;
  let subsec: string | null = null;
  if (scaled % (1n << shift) !== 0n) {
    let num = mant;
    let den = 1n << shift;
    while (num % 2n === 0n && den > 1n) {
      num /= 2n;
      den /= 2n;
    }
    subsec = `${num}/${den}`;
  }
  return { sec, nsec: Number(scaled >> shift), subsec };
}

/** Time.at(time [, subsec [, unit]] [, in: "UTC"]). */
function timeAt(it: Interp, args: Value[]): RTime {
  let zone: Value | undefined;
  const last = args[args.length - 1];
  if (last instanceof RHash && last.kw) {
    zone = last.lookup(sym("in"));
    args = args.slice(0, -1);
  }
  if (args.length < 1 || args.length > 3) return it.raise("ArgumentError", `wrong number of arguments (given ${args.length}, expected 1..3)`);
  const [x, sub, unit] = args;
  let t: RTime;
  if (x instanceof RTime) {
    t = makeTime(x.sec, x.nsec);
    t.subsec = x.subsec;
  }
  else if (typeof x === "number") t = makeTime(x, 0);
  else if (x instanceof RFloat && Number.isFinite(x.v)) {
    const e = exactFloatTime(x.v);
    t = makeTime(e.sec, e.nsec);
    t.subsec = e.subsec;
  } else if (x instanceof RFloat) return it.raise("FloatDomainError", x.v > 0 ? "Infinity" : x.v < 0 ? "-Infinity" : "NaN");
  else return it.raise("TypeError", `can't convert ${realClassOfName(x)} into an exact number`);
  if (sub !== undefined) {
    const u = unit === undefined ? "microsecond" : unit instanceof RSymbol ? unit.name : "";
    const scale = u === "millisecond" ? 1e6 : u === "usec" || u === "microsecond" ? 1e3 : u === "nsec" || u === "nanosecond" ? 1 : 0;
    if (scale === 0) return it.raise("ArgumentError", `unexpected unit: ${it.toS(unit!)}`);
    if (typeof sub !== "number") throw new UnsupportedRubyError("Time.at with a non-Integer subsecond", {});
    if (t.subsec !== null) t.subsec = "unknown";
    const total = t.nsec + sub * scale;
    t = makeTime(t.sec + Math.floor(total / 1e9), total - Math.floor(total / 1e9) * 1e9);
  }
  if (zone === undefined || zone === null) t.hostZone = !(x instanceof RTime) || x.hostZone;
  else if (!(zone instanceof RString && (zone.s === "UTC" || zone.s === "Z" || zone.s === "-00:00"))) {
    throw new UnsupportedRubyError(`Time.at(..., in: ${it.inspect(zone)}) (only "UTC" is supported)`, {});
  }
  return t;
}

function realClassOfName(v: Value): string {
  return v instanceof RObject ? v.cls.name : v === null ? "NilClass" : v === true ? "TrueClass" : v === false ? "FalseClass" : "Integer";
}

/** Methods that read the instant only; every other Time method depends on the zone. */
const ZONE_FREE = new Set(["utc", "gmtime", "getutc", "getgm", "to_i", "tv_sec", "to_f", "usec", "tv_usec", "nsec", "tv_nsec", "<=>", "==", "eql?", "hash", "+", "-"]);

export function installTime(): void {
  cTime = defineBuiltinClass("Time", cObject);
  cTime.include(mComparable);
  const T = cTime;
  T.defineS("at", (_s, args, _b, it) => timeAt(it, args));
  for (const name of ["now", "local", "mktime", "new", "parse", "strptime", "iso8601", "xmlschema", "httpdate", "rfc2822"]) {
    T.defineS(name, () => {
      throw new UnsupportedRubyError(`Time.${name} (depends on the clock or the host time zone)`, {});
    });
  }
  T.defineS("utc", (_s, args, _b, it) => timeUtc(it, args), [1, 7]);
  T.defineS("gm", (_s, args, _b, it) => timeUtc(it, args), [1, 7]);
  for (const n of ["utc", "getutc", "gmtime", "getgm"]) {
    T.define(n, (self: RTime) => {
      if (n.startsWith("get")) return Object.assign(makeTime(self.sec, self.nsec), { subsec: self.subsec });
      self.hostZone = false;
      return self;
    }, 0);
  }
  T.define("utc?", () => true, 0);
  T.define("gmt?", () => true, 0);
  T.define("to_s", (self: RTime) => str(timeToS(self)), 0);
  T.define("inspect", (self: RTime) => str(timeInspect(self)), 0);
  const iso = (self: RTime, args: Value[], _b: unknown, it: Interp) => str(iso8601(self, args.length ? toInt(it, args[0]) : 0));
  T.define("iso8601", iso, [0, 1]);
  T.define("xmlschema", iso, [0, 1]);
  T.define("strftime", (self: RTime, args, _b, it) => {
    const f = args[0];
    if (!(f instanceof RString)) return it.raise("TypeError", `no implicit conversion of ${f === null ? "nil" : "Integer"} into String`);
    return str(strftime(self, f.s));
  }, 1);
  const field = (k: keyof Parts) => (self: RTime) => parts(self)[k];
  T.define("year", field("year"), 0);
  T.define("month", field("mon"), 0);
  T.define("mon", field("mon"), 0);
  T.define("day", field("day"), 0);
  T.define("mday", field("day"), 0);
  T.define("hour", field("hour"), 0);
  T.define("min", field("min"), 0);
  T.define("sec", field("sec"), 0);
  T.define("wday", field("wday"), 0);
  T.define("yday", field("yday"), 0);
  T.define("usec", (self: RTime) => Math.floor(self.nsec / 1000), 0);
  T.define("nsec", (self: RTime) => self.nsec, 0);
  T.define("zone", () => str("UTC"), 0);
  T.define("utc_offset", () => 0, 0);
  T.define("to_i", (self: RTime) => self.sec, 0);
  T.define("to_f", (self: RTime) => flo(self.sec + self.nsec / 1e9), 0);
  T.define("+", (self: RTime, args, _b, it) => {
    const x = numeric(args[0]);
    if (x === null) return it.raise("TypeError", "can't convert into an exact number");
    return addSeconds(self, x);
  }, 1);
  T.define("-", (self: RTime, args, _b, it) => {
    const o = args[0];
    if (o instanceof RTime) return flo(self.sec - o.sec + (self.nsec - o.nsec) / 1e9);
    const x = numeric(o);
    if (x === null) return it.raise("TypeError", "can't convert into an exact number");
    return addSeconds(self, -x);
  }, 1);
  T.define("<=>", (self: RTime, args) => {
    const o = args[0];
    if (!(o instanceof RTime)) return null;
    return self.sec !== o.sec ? (self.sec < o.sec ? -1 : 1) : self.nsec === o.nsec ? 0 : self.nsec < o.nsec ? -1 : 1;
  }, 1);
  T.define("==", (self: RTime, args) => {
    const o = args[0];
    return o instanceof RTime && o.sec === self.sec && o.nsec === self.nsec;
  }, 1);
  T.define("eql?", (self: RTime, args) => {
    const o = args[0];
    return o instanceof RTime && o.sec === self.sec && o.nsec === self.nsec;
  }, 1);
  // A local-zone time (Time.at without `in:`) refuses what depends on the host's zone; `+`/`-` keep it local.
  for (const [name, m] of [...T.methods]) {
    const fn = m.fn;
    if (!ZONE_FREE.has(name)) {
      T.define(name, (self, args, blk, it) => {
        if (self instanceof RTime && self.hostZone) throw new UnsupportedRubyError(`Time#${name} of a Time.at result in the host time zone (call .utc first)`, {});
        return fn(self, args, blk, it);
      }, m.arity, m.visibility);
    } else if (name === "+" || name === "-") {
      T.define(name, (self, args, blk, it) => {
        const r = fn(self, args, blk, it);
        if (r instanceof RTime && self instanceof RTime) {
          r.hostZone = self.hostZone;
          // Whole seconds keep an exact Float-derived fraction; anything else makes it unknown.
          if (self.subsec !== null) r.subsec = typeof args[0] === "number" ? self.subsec : "unknown";
          else if (args[0] instanceof RFloat) r.subsec = exactFloatTime(Math.abs(args[0].v)).subsec === null ? null : "unknown";
        }
        return r;
      }, m.arity, m.visibility);
    }
  }
}
