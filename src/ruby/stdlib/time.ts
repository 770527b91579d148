/**
 * A deterministic subset of Ruby's `Time` (and `require "time"`): UTC times built with
 * `Time.utc`/`Time.gm` or returned by the stdlib (certificate dates). The clock (`Time.now`) and
 * the host time zone (`Time.at`, `Time.local`, `Time.parse`) are not available to templates.
 */
import { UnsupportedRubyError } from "../../diagnostics/errors.js";
import { chargeString } from "../runtime/budget.js";
import {
  type Interp,
  type Value,
  RClass,
  RFloat,
  RObject,
  RString,
  cObject,
  mComparable,
  defineBuiltinClass,
  flo,
  str,
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

function parts(t: RTime): Parts {
  const d = new Date(t.sec * 1000);
  const start = Date.UTC(d.getUTCFullYear(), 0, 1);
  return {
    year: d.getUTCFullYear(),
    mon: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    min: d.getUTCMinutes(),
    sec: d.getUTCSeconds(),
    wday: d.getUTCDay(),
    yday: Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - start) / 86400000) + 1,
  };
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
        return num(p.year, 1);
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
  return `${strftime(t, "%Y-%m-%d %H:%M:%S")}${fracText(t.nsec)} UTC`;
}

function iso8601(t: RTime, digits: number): string {
  // The fraction is `digits` characters long: check it before padding to it.
  if (digits > 0) chargeString(digits);
  const frac = digits > 0 ? `.${String(t.nsec).padStart(9, "0").slice(0, digits).padEnd(digits, "0")}` : "";
  return `${strftime(t, "%Y-%m-%dT%H:%M:%S")}${frac}Z`;
}

const MON_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

function timeUtc(it: Interp, args: Value[]): RTime {
  const intArg = (v: Value | undefined, dflt: number) => (v === undefined || v === null ? dflt : v instanceof RString ? Number.parseInt(v.s, 10) : toInt(it, v));
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
  const ms = Date.UTC(year, mon - 1, day, hour, min, sec);
  const d = new Date(ms);
  if (year >= 0 && year < 100) d.setUTCFullYear(year);
  return makeTime(Math.floor(d.getTime() / 1000), nsec);
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
  return makeTime(sec, nsec);
}

export function installTime(): void {
  cTime = defineBuiltinClass("Time", cObject);
  cTime.include(mComparable);
  const T = cTime;
  for (const name of ["now", "at", "local", "mktime", "new", "parse", "strptime", "iso8601", "xmlschema", "httpdate", "rfc2822"]) {
    T.defineS(name, () => {
      throw new UnsupportedRubyError(`Time.${name} (depends on the clock or the host time zone)`, {});
    });
  }
  T.defineS("utc", (_s, args, _b, it) => timeUtc(it, args), [1, 7]);
  T.defineS("gm", (_s, args, _b, it) => timeUtc(it, args), [1, 7]);
  for (const n of ["utc", "getutc", "gmtime", "getgm"]) T.define(n, (self: RTime) => (n.startsWith("get") ? makeTime(self.sec, self.nsec) : self), 0);
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
}
