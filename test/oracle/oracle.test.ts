import { test, expect } from "vitest";
import { rubyEval, rubyEvalMany } from "./ruby.js";
test("oracle", async () => {
  expect(await rubyEval(`RUBY_VERSION`)).toBe("4.0.0");
  expect(await rubyEvalMany([`{"a"=>1}.inspect`, `1.0e20.to_s`, `nil.foo`])).toEqual(['{"a" => 1}', "1.0e+20", "!NoMethodError: undefined method 'foo' for nil"]);
});

test("oracle snippets are not interpolated on the way in", async () => {
  expect(await rubyEvalMany([`x = 2; "#{x}"`, `'LINKPLATE_SNIPPETS'`])).toEqual(["2", "LINKPLATE_SNIPPETS"]);
});
