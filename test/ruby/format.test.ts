/**
 * Kernel#format / String#% against CRuby 4.0 (the wasm oracle): error messages, named and
 * numbered arguments, two's complement output, and a seeded random batch of directives with
 * flags/width/precision, including Ruby's dtoa rounding quirks (`format("%.2f", 2.675)` is "2.68").
 */
import { describe, test } from "vitest";
import { sameAsRuby } from "../helpers/compare.js";
import { recordedOracle } from "../oracle/recorded.js";
import { seededRandom } from "../helpers/random.js";

const compare = sameAsRuby(recordedOracle(import.meta.url));

const curated = [
  `format("%")`, `format("%z", 1)`, `format("%d")`, `format("%s %s", 1)`, `format("%d", "abc")`, `format("%d", nil)`,
  `format("%f", nil)`, `format("%f", "x")`, `format("%d", 3.99)`, `format("%d", -3.99)`, `format("%d", "0x1f")`,
  `format("%<a>s %s", a: 1)`, `format("%<a>s", 1)`, `format("%<a>s", {})`, `format("%{a}", b: 1)`, `format("%1$s %s", 1)`,
  `format("%s %1$s", 1)`, `format("%2$s-%1$s", "a", "b")`, `format("%0$s", 1)`, `format("%<a>s-%<b>05.1f", a: "x", b: 2)`,
  `format("%{a}/%{b}", a: 1, b: nil)`, `format("%5{a}|%-5<a>s|", a: 2)`, `format("%{a}", {"a" => 1})`,
  `format("%5.2f|%-8.3e|%g|%G", 3.14159, 12345.678, 0.0001234, 1e20)`,
  `format("%+d % d %05d %-5d| %x %o %b %X %#x %#o %#b", 5, 5, -42, 3, 255, 8, 5, 255, 255, 8, 5)`,
  `format("%f %e %g", Float::INFINITY, -Float::INFINITY, Float::NAN)`, `format("%010f|%-10f|%+f", Float::INFINITY, Float::NAN, Float::INFINITY)`,
  `format("%c%c", 65, "hello")`, `format("%c", 0x1F600)`, `format("%p %p", nil, "a")`, `format("%.3s|%5s|%-5s|", "abcdef", "ab", "ab")`,
  `format("%*d|%-*d|", 5, 1, 5, 2)`, `format("%*d", -5, 1)`, `format("%.*f", 2, 3.14159)`, `format("%.0f %.0f %.0f %.0f", 0.5, 1.5, 2.5, -0.5)`,
  `format("%.2f", 2.675)`, `format("%.2f", 1.005)`, `format("%.1f", 0.25)`, `format("%.1f", 0.35)`, `format("%g", 58.14705)`,
  `format("%g", 75.30005)`, `format("%#.0f %#g %g %g", 1.0, 1.0, 100000.0, 1000000.0)`, `format("%e", 0)`,
  `format("%d %s", 2**70, 2**70)`, `format("%x", 2**70)`, `format("%b", -5)`, `format("%o", -8)`, `format("% x", -255)`,
  `format("%+x", -255)`, `format("%#b", -5)`, `format("%08b", -5)`, `format("%-8x|", -1)`, `format("%8x|", -1)`, `format("%.8x|", -1)`,
  `format("%x", -256)`, `format("%x", -(2**70))`, `format("%#o", 0)`, `format("%#x", 0)`, `format("%.0d|", 0)`, `format("%5.0d|", 0)`,
  `format("%f", 1e300)`, `format("%.30f", 0.1)`, `format("%.20e", 1.0/3)`, `format("%10.4s|", "abcdefg")`, `format("%s", :sym)`,
  `format("%-+5d|", 3)`, `format("%05s|", "ab")`, `format("%x", 3.7)`, `format("%s and %s", "a", "b", "c")`, `format("%%|%5%|")`,
  `format("%u", -3)`, `format("%i", 42)`, `format("%.3d|%.0d|%5.3d", 5, 0, -7)`, `format("%.2f", 10**25)`, `format("%e", 10**25)`,
  `format("%s", [1, "a", nil])`, `format("%-10p|", :a)`, `format("%05.1f|%+.2e|% .3g", -2.345, 0.000123, 123456)`,
  `format("%g %g %g %g", 1e-5, 123456789.0, 0.0, -0.0)`, `format("%.10g|%#.3x|%#o", 1.0/3, 255, 0)`, `format("%08.3f", -1.5)`,
  `format("%.3e", 9.9995)`, `format("%d", 1e20)`, `format("%d", Float::NAN)`, `format("%.2s", "äöü")`, `format("%5s|", "äö")`,
  `"%05.2f%%" % 99.5`, `"%s-%s" % [1, 2]`, `"%s" % nil`, `"%s" % [[1, 2]]`, `"%d" % []`, `"%x" % 255`, `"%-5s|" % "ab"`,
  `"%{a}" % {a: 1}`, `"%<a>d" % {a: 1}`, `sprintf("%03d", 7)`, `format("%s")`, `format("%5.1%")`, `format("abc")`, `format("%d%%", 50)`,
];

describe("format (CRuby 4.0 oracle)", () => {
  test("curated directives and errors", async () => {
    await compare(curated);
  });

  test("seeded random directives", async () => {
    const rnd = seededRandom(77);
    const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)];
    const lit = (v: number): string => {
      if (Number.isNaN(v)) return "Float::NAN";
      if (!Number.isFinite(v)) return v > 0 ? "Float::INFINITY" : "-Float::INFINITY";
      const s = String(v);
      return /[.e]/.test(s) ? s : `${s}.0`;
    };
    const float = (): string => {
      const k = rnd();
      if (k < 0.3) return lit(Number((rnd() * 10 ** Math.floor(rnd() * 6)).toFixed(Math.floor(rnd() * 6))));
      if (k < 0.5) return lit((rnd() - 0.5) * 10 ** Math.floor(rnd() * 40 - 20));
      if (k < 0.6) return lit(pick([0, -0, Infinity, -Infinity, NaN, 0.5, 1.5, 2.5, 1e16, 1e15, 1e-4, 1e-5, 1.005, 2.675, 0.125, 9.9995, 1e300, 5e-324]));
      return lit(Number((rnd() * 100).toFixed(1 + Math.floor(rnd() * 5))) + 5 * 10 ** -(2 + Math.floor(rnd() * 5)));
    };
    const int = (): string => (rnd() < 0.8 ? String(Math.floor((rnd() - 0.5) * 600)) : `${Math.floor((rnd() - 0.5) * 1e6)} * 10**${Math.floor(rnd() * 15)}`);
    const snippets: string[] = [];
    for (let i = 0; i < 500; i++) {
      const flags = [" ", "+", "-", "0", "#"].filter(() => rnd() < 0.2).join("");
      const width = rnd() < 0.5 ? String(Math.floor(rnd() * 15)) : "";
      const prec = rnd() < 0.5 ? `.${Math.floor(rnd() * (rnd() < 0.1 ? 40 : 12))}` : "";
      const ch = pick(["f", "f", "f", "e", "E", "g", "G", "d", "x", "X", "o", "b", "B", "s", "p", "i", "u", "c"]);
      let arg: string;
      if ("feEgG".includes(ch)) arg = rnd() < 0.9 ? float() : int();
      else if ("dxXobBiu".includes(ch)) arg = rnd() < 0.9 ? `(${int()})` : rnd() < 0.5 ? float() : pick([`"12"`, `"0x1f"`, `"abc"`, `"1_000"`, `" 42 "`]);
      else if (ch === "c") arg = pick(["65", "97", "0x263a", `"hello"`]);
      else arg = pick([`"héllo"`, "12", "1.5", "nil", ":ab", `"a\\"b"`]);
      snippets.push(`format(${JSON.stringify(`%${flags}${width}${prec}${ch}`)}, ${arg})`);
    }
    await compare(snippets);
  });
});
