/** The program -> template position map of compileErb. */
import { describe, expect, it } from "vitest";
import { compileErb, type ErbProgram } from "../../src/erb/index.js";
import { seededRandom } from "../helpers/random.js";

/** 1-based program line of a code index. */
function programLine(code: string, index: number): number {
  let line = 1;
  for (let i = code.indexOf("\n"); i !== -1 && i < index; i = code.indexOf("\n", i + 1)) line++;
  return line;
}

/** Template position of the n-th occurrence of `needle` in the program. */
function at(prog: ErbProgram, needle: string, nth = 0, delta = 0) {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = prog.code.indexOf(needle, i + 1);
    if (i === -1) throw new Error(`${JSON.stringify(needle)} #${nth} not in program`);
  }
  return prog.templatePosition(i + delta);
}

describe("templatePosition", () => {
  const template = [
    "name: <%= p('name') %>", // line 1
    "<% if p('enabled') -%>", // line 2
    "  port: <%= p('port') + 1 %>", // line 3
    "<% end -%>", // line 4
    "<%# a comment", // line 5
    "    over two lines %>", // line 6
    "tail <%= nil.foo %>", // line 7
  ].join("\n");
  const prog = compileErb(template, { filename: "job/config.erb" });

  it("maps code inside tags character by character", () => {
    expect(at(prog, "p('name')")).toEqual({ line: 1, column: 11, offset: template.indexOf("p('name')") });
    expect(at(prog, "p('port')", 0, 2)).toEqual({ line: 3, column: 15, offset: template.indexOf("p('port')") + 2 });
    expect(at(prog, "+ 1")).toMatchObject({ line: 3, column: 23, offset: template.indexOf("+ 1") });
    expect(at(prog, "nil.foo", 0, 4)).toMatchObject({ line: 7, column: 14 });
    expect(at(prog, " if p('enabled') ")).toMatchObject({ line: 2, column: 3 });
    expect(at(prog, " end ")).toMatchObject({ line: 4, column: 3 });
  });

  it("maps scaffold to the tag or text it came from", () => {
    // _erbout.<<(( -> the `<%=` of its tag; ).to_s) -> the closing `%>`.
    expect(at(prog, "_erbout.<<((", 0)).toMatchObject({ line: 1, column: 7 });
    expect(at(prog, ").to_s)", 0)).toMatchObject({ line: 1, column: 21 });
    expect(at(prog, "_erbout.<<((", 1)).toMatchObject({ line: 3, column: 9 });
    // text command -> start of its text
    expect(at(prog, '_erbout.<< "name: "')).toMatchObject({ line: 1, column: 1, offset: 0 });
    expect(at(prog, '_erbout.<< "  port: "')).toMatchObject({ line: 3, column: 1 });
    // (the text after the comment starts with the newline that ends line 6)
    expect(at(prog, '"\\ntail ".freeze', 0, 3)).toMatchObject({ line: 6, column: 22, offset: template.indexOf("\ntail") });
    // header and the first command -> start of the template; final `_erbout` -> its end
    expect(prog.templatePosition(0)).toEqual({ line: 1, column: 1, offset: 0 });
    expect(at(prog, "_erbout = +''")).toEqual({ line: 1, column: 1, offset: 0 });
    expect(prog.templatePosition(prog.code.length - 1)).toEqual({ line: 7, column: 20, offset: template.length });
    expect(prog.templatePosition(prog.code.length + 10).offset).toBe(template.length);
  });

  it("keeps template line N on program line N + headerLines", () => {
    expect(prog.headerLines).toBe(1);
    const lines = prog.code.split("\n");
    expect(lines.length).toBe(template.split("\n").length + 1);
    expect(lines[7 + prog.headerLines - 1]).toContain("nil.foo");
    const idx = prog.code.indexOf("nil.foo");
    expect(programLine(prog.code, idx) - prog.headerLines).toBe(7);
  });

  it("shifts by one after a frozen_string_literal magic comment", () => {
    const t = "<%# frozen_string_literal: true %>\nA\n<%= x.y %>\n";
    const p = compileErb(t);
    expect(p.headerLines).toBe(2);
    expect(p.frozenStringLiteral).toBe(true);
    expect(p.frozenStringLiteralValue).toBe("true");
    const idx = p.code.indexOf("x.y");
    expect(programLine(p.code, idx)).toBe(5);
    expect(p.templatePosition(idx)).toEqual({ line: 3, column: 5, offset: t.indexOf("x.y") });
  });

  it("maps %%> in code, <%% in text and chopped newlines", () => {
    const t = '<%= "a%%>b" %>|<%% x\n<% y = 1\r\n%>Z';
    const p = compileErb(t);
    expect(p.code).toBe(
      "#coding:UTF-8\n_erbout = +''; _erbout.<<(( \"a%>b\" ).to_s); _erbout.<< \"|<% x\\n\".freeze\n;  y = 1\n_erbout.<< \"Z\".freeze; _erbout",
    );
    const b = p.code.indexOf('b"');
    expect(p.templatePosition(b).offset).toBe(t.indexOf('b"'));
    expect(p.templatePosition(p.code.indexOf('%>b"')).offset).toBe(t.indexOf('%>b"'));
    // the raw newline after the text literal maps to the template's newline
    expect(p.templateOffset(p.code.indexOf(".freeze\n") + 7)).toBe(t.indexOf("\n"));
    // the line break made from the chopped "\r\n" maps to it
    expect(p.templateOffset(p.code.indexOf("y = 1\n") + 5)).toBe(t.indexOf("\r\n"));
    expect(p.templatePosition(p.code.indexOf("y = 1"))).toMatchObject({ line: 2, column: 4 });
  });

  it("maps non-ASCII code by characters and by UTF-8 bytes", () => {
    const t = "héllo 😀\n<%= 'ü' + zz %>";
    const p = compileErb(t);
    expect(p.code).toContain('"h\\xC3\\xA9llo \\xF0\\x9F\\x98\\x80\\n"');
    const idx = p.code.indexOf("zz");
    expect(p.templatePosition(idx)).toEqual({ line: 2, column: 11, offset: t.indexOf("zz") });
    const byte = Buffer.byteLength(p.code.slice(0, idx), "utf8");
    expect(byte).toBe(idx + 1); // 'ü' is two bytes
    expect(p.templatePositionOfByte(byte)).toEqual(p.templatePosition(idx));
    // columns count characters: the emoji is one column
    const t2 = "😀<%= zz %>";
    const p2 = compileErb(t2);
    expect(p2.templatePosition(p2.code.indexOf("zz"))).toEqual({ line: 1, column: 6, offset: 6 });
  });

  it("keeps encoding and header of magic comments", () => {
    expect(compileErb("x").encoding).toBe("UTF-8");
    const latin = compileErb("<%# coding: ISO8859-1 %>x");
    expect(latin.encoding).toBe("ISO-8859-1");
    expect(latin.code.startsWith("#coding:ISO-8859-1\n")).toBe(true);
    expect(latin.headerLines).toBe(1);
    const internal = compileErb("<%# coding: internal %>x");
    expect(internal.headerLines).toBe(0);
    expect(internal.code).toBe("_erbout = +''; ; _erbout.<< \"x\".freeze; _erbout");
    const ff = compileErb("<%# frozen_string_literal: false %>x");
    expect([ff.frozenStringLiteral, ff.frozenStringLiteralValue, ff.headerLines]).toEqual([false, "false", 2]);
  });
});

const rng = seededRandom;

const PIECES = [
  "<%", "<%=", "<%#", "<%-", "<%%", "%>", "-%>", "%%>", "\n", "\n", "\r\n", "\r", " ", "  ", "\t",
  "x", "y = 1", "#", "\"", "\\", "é", "😀", "-", "%", "<", ">",
];

describe("position map invariants (random templates)", () => {
  const r = rng(7);
  const templates: string[] = [];
  for (let i = 0; i < 2000; i++) {
    let t = "";
    const k = 1 + Math.floor(r() * 16);
    for (let j = 0; j < k; j++) t += PIECES[Math.floor(r() * PIECES.length)];
    templates.push(t);
  }

  it("program line == template line + headerLines; copied code maps to equal characters", () => {
    const bad: unknown[] = [];
    for (const t of templates) {
      const p = compileErb(t);
      const lastLine = t.split("\n").length;
      let line = 1;
      let prevOffset = 0;
      for (let i = 0; i < p.code.length; i++) {
        if (i > 0 && p.code[i - 1] === "\n") line++;
        const pos = p.templatePosition(i);
        if (pos.offset < prevOffset) bad.push({ t, i, why: "offsets go back" });
        prevOffset = pos.offset;
        if (line <= p.headerLines) continue;
        // A `-%>` at the very end adds one program line past the last template line.
        const expectedLine = Math.min(line - p.headerLines, lastLine);
        if (pos.line !== expectedLine) bad.push({ t, i, line, pos });
        const ch = p.code[i];
        if (ch === "\n" && t[pos.offset] !== "\n" && t[pos.offset] !== "\r" && pos.offset !== t.length) {
          bad.push({ t, i, why: "newline maps to non-newline", pos });
        }
      }
      if (bad.length > 5) break;
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });
});
