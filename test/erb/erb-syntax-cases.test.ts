/**
 * Every case of /work/shared/design/erb-syntax-cases.json (produced by Ruby 4.0): the compiled
 * program must equal `ERB.new(template, trim_mode: '-').src` byte for byte, and the cases where
 * `ERB.new` raises must raise the same error.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { TemplateRenderError } from "../../src/diagnostics/errors.js";
import { compileErb } from "../../src/erb/index.js";

interface ErbCase {
  template: string;
  note: string;
  src4?: string;
  src4_encoding?: string;
  error?: { class: string; message: string; line?: number; phase?: string };
}

const casesPath = fileURLToPath(new URL("../../../shared/design/erb-syntax-cases.json", import.meta.url));

/** The program as Ruby's bytes: ERB#src is UTF-8, or ASCII-8BIT holding the UTF-8 bytes of tag code. */
function srcBytes(src: string, encoding: string | undefined): Buffer {
  // The JSON holds the bytes of an ASCII-8BIT src decoded as UTF-8 (all such cases are valid UTF-8).
  if (encoding !== undefined && encoding !== "ASCII-8BIT" && encoding !== "UTF-8") {
    throw new Error(`unexpected src4_encoding ${encoding}`);
  }
  return Buffer.from(src, "utf8");
}

if (!existsSync(casesPath)) {
  describe.skip(`erb-syntax-cases.json not found at ${casesPath} (the /work/shared folder is missing)`, () => {
    it("skipped", () => {});
  });
} else {
  const cases = JSON.parse(readFileSync(casesPath, "utf8")) as ErbCase[];

  describe("erb-syntax-cases.json", () => {
    it("has the 108 documented cases", () => {
      expect(cases.length).toBe(108);
    });

    cases.forEach((c, i) => {
      if (c.src4 !== undefined) {
        it(`#${i} ${c.note}: ERB#src`, () => {
          const prog = compileErb(c.template);
          expect(prog.code).toBe(c.src4);
          expect(Buffer.compare(Buffer.from(prog.code, "utf8"), srcBytes(c.src4!, c.src4_encoding))).toBe(0);
          // ASCII-8BIT exactly when tag code holds non-ASCII (text is always \x-escaped).
          expect(/[^\x00-\x7f]/.test(prog.code)).toBe(c.src4_encoding === "ASCII-8BIT");
        });
      } else if (c.error?.phase === "ERB.new") {
        it(`#${i} ${c.note}: ERB.new raises ${c.error.class}`, () => {
          let caught: unknown;
          try {
            compileErb(c.template, { filename: "job/t.erb" });
          } catch (e) {
            caught = e;
          }
          expect(caught).toBeInstanceOf(TemplateRenderError);
          const err = caught as TemplateRenderError;
          expect(err.rubyClass).toBe(c.error!.class);
          expect(err.rubyMessage).toBe(c.error!.message);
          expect(err.filename).toBe("job/t.erb");
          expect(err.line).toBe(1);
          expect(err.column).toBeGreaterThanOrEqual(1);
        });
      } else {
        it(`#${i} ${c.note}`, () => {
          throw new Error("case has neither src4 nor an ERB.new error");
        });
      }
    });
  });
}
