import { test } from "vitest";
const { installString } = await import("../../src/ruby/core/string.js");
const { installSymbol } = await import("../../src/ruby/core/symbol.js");
const { rubyInspect } = await import("../helpers/ruby.js");
installString();
installSymbol();
test("smoke", () => {
  for (const c of [`Regexp.escape("a.b")`, `String.new("x")`, `String.singleton_methods`, `"\\xff".encoding`, `"\\xff".valid_encoding?`]) console.log(c, "=>", rubyInspect(c));
});
