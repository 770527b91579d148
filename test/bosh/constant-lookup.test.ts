/**
 * Constant lookup from the evaluation context (and, below, other Ruby a template runs on the
 * context: extend, `it`, private Kernel calls, Object#=~). BOSH renders with `EvaluationContext#get_binding`,
 * whose cref chain is EvaluationContext -> Bosh::Common::Template -> Bosh::Common, so templates
 * name bosh-common's classes unqualified. Every expectation was produced by bosh-common's template
 * classes and ERB (trim_mode '-') on CRuby 4.0 for the same template and context.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { TemplateRenderError } from "../../src/diagnostics/errors.js";
import { type Engine, createEngine } from "../../src/engine.js";

const CONTEXT = { name: "j", index: 0, properties: { a: 1, b: { c: "x" } }, links: {} };
let engine: Engine;
beforeAll(async () => {
  engine = await createEngine();
});

function render(src: string): string {
  try {
    return engine.compile(src, { filename: "t.erb" }).render(CONTEXT);
  } catch (e) {
    if (e instanceof TemplateRenderError) return `!${e.rubyClass}: ${e.rubyMessage}`;
    throw e;
  }
}

const CASES: [string, string][] = [
  ['<%= begin; p("nope"); rescue UnknownProperty => e; "rescued #{e.class}"; end %>', "rescued Bosh::Common::Template::UnknownProperty"],
  ['<% if_p("a") do |a| begin; p("zz"); rescue UnknownProperty; %>R<% end; end %>', "R"],
  [
    "<%= [UnknownProperty, UnknownLink, EvaluationLink, EvaluationLinkInstance, PropertyHelper, EvaluationFailed, InvalidPropertyType, ManualLinkDnsEncoder, EvaluationContext, BackCompatOpenStruct, ActiveElseBlock, InactiveElseBlock, Template].inspect %>",
    "[Bosh::Common::Template::UnknownProperty, Bosh::Common::Template::UnknownLink, Bosh::Common::Template::EvaluationLink, Bosh::Common::Template::EvaluationLinkInstance, Bosh::Common::Template::PropertyHelper, Bosh::Common::Template::EvaluationFailed, Bosh::Common::Template::InvalidPropertyType, Bosh::Common::Template::ManualLinkDnsEncoder, Bosh::Common::Template::EvaluationContext, Bosh::Common::Template::EvaluationContext::BackCompatOpenStruct, Bosh::Common::Template::EvaluationContext::ActiveElseBlock, Bosh::Common::Template::EvaluationContext::InactiveElseBlock, Bosh::Common::Template]",
  ],
  // `module Bosh::Common` opens Bosh::Common alone: Bosh's own constants are not in the chain.
  ["<%= Common rescue $!.message %>", "uninitialized constant Bosh::Common::Template::EvaluationContext::Common"],
  ["<%= Director rescue $!.message %>", "uninitialized constant Bosh::Common::Template::EvaluationContext::Director"],
  ["<%= Nope rescue $!.message %>", "uninitialized constant Bosh::Common::Template::EvaluationContext::Nope"],
  ["<%= Bosh::Nope rescue $!.message %>", "uninitialized constant Bosh::Nope"],
  ["<%= class Foo; def x = UnknownProperty; end; Foo.new.x %>", "Bosh::Common::Template::UnknownProperty"],
  ["<%= class Foo2; def x = Nope; end; (Foo2.new.x rescue $!.message) %>", "uninitialized constant Bosh::Common::Template::EvaluationContext::Foo2::Nope"],
  ["<%= [1].map { UnknownLink }.inspect %>", "[Bosh::Common::Template::UnknownLink]"],
  ["<%= FOO = 3; FOO %>", "3"],
  ["<%= OpenStruct %>", "OpenStruct"],
  ["<%= defined?(UnknownProperty).inspect %>", '"constant"'],
  ["<%= defined?(Nope).inspect %>", "nil"],
  ["<%= self.class %>", "Bosh::Common::Template::EvaluationContext"],
];

describe("constants resolve through EvaluationContext's cref chain", () => {
  it.each(CASES)("%s", (src, expected) => {
    expect(render(src)).toBe(expected);
  });
});

const ON_CONTEXT: [string, string][] = [
  ['<% module Helpers; def hi = "hi #{name}"; end; extend Helpers %><%= hi %>', "hi j"],
  ['<% module A; def w = "A"; end; module B; def w = "B"; end; extend(A, B) %><%= w %>', "A"],
  ["<%= (extend(5) rescue $!.message) %>", "wrong argument type Integer (expected Module)"],
  ['<% module C; def p(*a) = "mine"; end; extend C %><%= p("x") %>', "mine"],
  ["<% module D; def self.extended(b) = (@seen = b.class); def self.seen = @seen; end; extend D %><%= D.seen %>", "Bosh::Common::Template::EvaluationContext"],
  ["<%= (1.extend(Comparable) rescue $!.message) %>", "can't define singleton"],
  ["<%= (:a.extend(Comparable) rescue $!.message) %>", "can't define singleton"],
  ['<%= [2, 17].map { it.to_s * 2 }.join(",") %>', "22,1717"],
  ['<%= begin; "x".puts; rescue NoMethodError => e; e.message; end %>', "private method 'puts' called for an instance of String"],
  ['<%= begin; p("a") =~ /x/; rescue NoMethodError => e; e.message; end %>', "undefined method '=~' for an instance of Integer"],
];

describe("Ruby on the evaluation context", () => {
  it.each(ON_CONTEXT)("%s", (src, expected) => {
    expect(render(src)).toBe(expected);
  });
});
