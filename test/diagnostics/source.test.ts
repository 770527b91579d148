import { describe, expect, it } from "vitest";
import { SourceText, byteOffsetToIndex, indexToByteOffset, utf8Length } from "../../src/diagnostics/source.js";

describe("SourceText", () => {
  const text = "alpha\nbé€ta\r\n\tgamma 😀 x\n\nlast";
  const src = new SourceText(text, "job/t.erb");

  it("computes line starts and positions (columns in characters)", () => {
    expect(src.lineStarts).toEqual([0, 6, 13, 25, 26]);
    expect(src.lineCount).toBe(5);
    expect(src.position(0)).toEqual({ line: 1, column: 1 });
    expect(src.position(5)).toEqual({ line: 1, column: 6 }); // the newline itself
    expect(src.position(6)).toEqual({ line: 2, column: 1 });
    expect(src.position(text.indexOf("ta"))).toEqual({ line: 2, column: 4 });
    expect(src.position(text.indexOf("\r"))).toEqual({ line: 2, column: 6 });
    // the emoji is two UTF-16 units but one column
    expect(src.position(text.indexOf(" x"))).toEqual({ line: 3, column: 9 });
    expect(src.position(text.indexOf("last"))).toEqual({ line: 5, column: 1 });
    expect(src.position(text.length)).toEqual({ line: 5, column: 5 });
    expect(src.position(10_000)).toEqual({ line: 5, column: 5 });
    expect(src.position(-3)).toEqual({ line: 1, column: 1 });
  });

  it("converts line/column back to offsets", () => {
    for (let off = 0; off <= text.length; off++) {
      if ((text.charCodeAt(off) & 0xfc00) === 0xdc00) continue; // inside the emoji
      const { line, column } = src.position(off);
      expect(src.offset(line, column)).toBe(off);
    }
  });

  it("gives line texts without line endings", () => {
    expect(src.lineText(2)).toBe("bé€ta");
    expect(src.lineText(4)).toBe("");
    expect(src.lineText(5)).toBe("last");
    expect(src.lineText(0)).toBe("");
    expect(src.lineText(6)).toBe("");
  });

  it("draws a code frame", () => {
    expect(src.codeFrame(2, 4)).toBe(
      ["  1 | alpha", "> 2 | bé€ta", "    |    ^", "  3 | \tgamma 😀 x", "  4 |"].join("\n"),
    );
    // tabs are kept in the caret line so the caret lines up
    expect(src.codeFrame(3, 9, 0)).toBe(["> 3 | \tgamma 😀 x", "    | \t       ^"].join("\n"));
    expect(src.codeFrame(5, null, 1)).toBe(["  4 |", "> 5 | last"].join("\n"));
    expect(src.codeFrame(9, 1)).toBe("");
    const long = new SourceText(Array.from({ length: 12 }, (_, i) => `l${i + 1}`).join("\n"));
    expect(long.codeFrame(10, 2, 1)).toBe(["   9 | l9", "> 10 | l10", "     |  ^", "  11 | l11"].join("\n"));
  });
});

describe("UTF-8 byte offsets", () => {
  it("is the identity for ASCII text", () => {
    const f = byteOffsetToIndex("plain ascii");
    expect([0, 3, 11, 50, -1].map(f)).toEqual([0, 3, 11, 11, 0]);
    expect(indexToByteOffset("plain")(3)).toBe(3);
  });

  it("maps byte offsets of non-ASCII text to UTF-16 indices", () => {
    const text = "aé€😀b\u00a0c";
    const bytes = Buffer.from(text, "utf8");
    expect(utf8Length(text)).toBe(bytes.length);
    const f = byteOffsetToIndex(text);
    const g = indexToByteOffset(text);
    // every character boundary round-trips
    let b = 0;
    for (let i = 0; i < text.length; i++) {
      expect(f(b)).toBe(i);
      expect(g(i)).toBe(b);
      const c = text.codePointAt(i)!;
      b += Buffer.byteLength(String.fromCodePoint(c), "utf8");
      if (c > 0xffff) i++;
    }
    expect(f(bytes.length)).toBe(text.length);
    expect(g(text.length)).toBe(bytes.length);
    // inside a multi-byte character -> that character
    expect(f(2)).toBe(1); // second byte of é
    expect(f(5)).toBe(2); // third byte of €
    expect(f(8)).toBe(3); // inside the emoji -> its high surrogate
    expect(f(1000)).toBe(text.length);
    // the prefix before a byte offset decodes to the prefix before the index
    const idx = text.indexOf("b");
    expect(bytes.subarray(0, 10).toString("utf8")).toBe(text.slice(0, f(10)));
    expect(f(10)).toBe(idx);
  });

  it("counts a lone surrogate as 3 bytes (U+FFFD)", () => {
    const text = "a\ud800b";
    expect(utf8Length(text)).toBe(Buffer.from(text, "utf8").length);
    expect(byteOffsetToIndex(text)(4)).toBe(2);
  });
});
