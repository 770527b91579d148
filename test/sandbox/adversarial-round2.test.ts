/**
 * Adversarial cases of issue 8 ("Sandbox, second round"), classes 1 (parser), 2 (ensure),
 * 4 (regexps), 5 (names looked up on JavaScript objects) and 7 (API edges). Every case asserts
 * the typed error (class and limit/feature/Ruby class) or Ruby's output, then that a canary
 * template still renders correctly in the same process, on the same engine and on a second one.
 */
import { describe, expect, it } from "vitest";
import {
  InputError,
  LimitExceededError,
  LinkplateError,
  SandboxError,
  TemplateRenderError,
  TemplateSyntaxError,
  UnsupportedRubyError,
} from "../../src/diagnostics/errors.js";
import { type Engine, createEngine } from "../../src/engine.js";
import { discardedParserInstances } from "../../src/ruby/parse/prism.js";
import { patternShape } from "../../src/ruby/interp/regexp-guard.js";

const engine: Engine = await createEngine();
const other: Engine = await createEngine();
/** Pre-scan and tree-depth checks off: only the parser's own isolation stands between a source and the process. */
const unbounded: Engine = await createEngine({ parseLimits: { nesting: 1e9 } });

const CANARY = `<% xs = [3, 1, 2].sort.map { |x| x * 2 } %><%= xs.join(",") %> <%= p("name") %> <%= "a-b" =~ /-/ %> <% if xs.size == 3 %>three<% end %>`;
const CANARY_OUT = "2,4,6 canary 1 three";

function canaryHolds(): void {
  for (const e of [engine, other, unbounded]) expect(e.render(CANARY, { properties: { name: "canary" } })).toBe(CANARY_OUT);
}

type Expect =
  | { out: string }
  | { error: abstract new (...a: never[]) => LinkplateError; limit?: string; feature?: string; rubyClass?: string; construct?: RegExp };

function check(run: () => unknown, want: Expect): void {
  let out: unknown;
  let err: unknown = null;
  try {
    out = run();
  } catch (e) {
    err = e;
  }
  if ("out" in want) {
    if (err !== null) throw err;
    expect(out).toBe(want.out);
  } else {
    expect(err, `expected ${want.error.name}, got output ${JSON.stringify(out)?.slice(0, 100)}`).toBeInstanceOf(want.error);
    const e = err as LinkplateError & { limit?: string; feature?: string; rubyClass?: string; construct?: string };
    if (want.limit !== undefined) expect(e.limit).toBe(want.limit);
    if (want.feature !== undefined) expect(e.feature).toBe(want.feature);
    if (want.rubyClass !== undefined) expect(e.rubyClass).toBe(want.rubyClass);
    if (want.construct !== undefined) expect(e.construct).toMatch(want.construct);
    expect(e.filename).not.toBe("");
  }
  canaryHolds();
}

const render = (src: string, limits?: Record<string, number>, e: Engine = engine) => () => e.render(src, { properties: {} }, { filename: "adversarial.erb", ...(limits ? { limits } : {}) });

// ---------------------------------------------------------------------------------------------
// Class 1: the parser

/** Shapes that nest `n` levels, with the output Ruby gives for a moderate `n`. */
const NESTING: [string, (n: number) => string, (n: number) => string][] = [
  ["nested each blocks", (n) => "<% [1].each do |a| %>".repeat(n) + "x" + "<% end %>".repeat(n), () => "x"],
  ["nested if", (n) => "<% " + "if true\n".repeat(n) + "@v = 1\n" + "end\n".repeat(n) + " %><%= @v %>", () => "1"],
  ["nested parentheses", (n) => "<%= " + "(".repeat(n) + "1" + ")".repeat(n) + " %>", () => "1"],
  ["nested brackets", (n) => "<%= " + "[".repeat(n) + "]".repeat(n) + ".flatten.size %>", () => "0"],
  ["nested braces", (n) => "<%= " + "{a: ".repeat(n) + "1" + "}".repeat(n) + ".size %>", () => "1"],
  ["chained !", (n) => "<%= " + "!".repeat(n) + "1 %>", (n) => String(n % 2 === 0)],
  ["nested lambdas", (n) => "<%= " + "->{".repeat(n) + "1" + "}".repeat(n) + ".class %>", () => "Proc"],
  ["1+1+1 chain", (n) => "<%= 1" + "+1".repeat(n) + " %>", (n) => String(n + 1)],
  ["chained assignment", (n) => "<%= " + "a=".repeat(n) + "7 %>", () => "7"],
  ["chained ternary", (n) => "<%= " + "false ? 0 : ".repeat(n) + "5 %>", () => "5"],
  ["command calls", (n) => "<%= " + "Array ".repeat(n) + "1 %>", () => "[1]"],
  ["unary minus", (n) => "<%= " + "-".repeat(n) + "1 %>", (n) => (n % 2 === 0 ? "1" : "-1")],
  ["not chain", (n) => "<%= " + "not ".repeat(n) + "true %>", (n) => String(n % 2 === 0)],
  ["method chain", (n) => "<%= 1" + ".itself".repeat(n) + " %>", () => "1"],
  ["interpolation nesting", (n) => '<%= "' + '#{"'.repeat(n) + "z" + '"}'.repeat(n) + '" %>', () => "z"],
  ["nested begin", (n) => "<% " + "begin\n".repeat(n) + "@v = 2\n" + "end\n".repeat(n) + " %><%= @v %>", () => "2"],
  ["nested while", (n) => "<% " + "while true do\n".repeat(n) + "@v = 3\n" + "break\nend\n".repeat(n) + " %><%= @v %>", () => "3"],
  ["power chain", (n) => "<%= " + "1**".repeat(n) + "1 %>", () => "1"],
  ["safe navigation chain", (n) => "<%= nil" + "&.x".repeat(n) + ".inspect %>", () => "nil"],
  ["right-nested sums", (n) => "<%= " + "1+(".repeat(n) + "1" + ")".repeat(n) + " %>", (n) => String(n + 1)],
  ["right-nested powers", (n) => "<%= " + "1**(".repeat(n) + "2" + ")".repeat(n) + " %>", () => "1"],
  ["nested calls", (n) => "<%= " + "Array(".repeat(n) + "1" + ")".repeat(n) + " %>", () => "[1]"],
  ["nested string arrays", (n) => "<%= " + "[".repeat(n) + "%w(a)" + "]".repeat(n) + ".flatten.first %>", () => "a"],
];

describe("class 1: the parser is isolated and bounded", () => {
  for (const [name, make, result] of NESTING) {
    it(`${name}: 3,000 levels are a LimitExceededError before Prism`, () => {
      check(() => engine.render(make(3000), { properties: {} }, { filename: "deep.erb" }), { error: LimitExceededError, limit: "nesting depth" });
    });
    it(`${name}: 60 levels render as Ruby does`, () => {
      check(() => engine.render(make(60), { properties: {} }), { out: result(60) });
    });
    it(`${name}: 20,000 levels with the pre-scan off are still a typed error and poison nothing`, () => {
      check(() => unbounded.render(make(20000), { properties: {} }), { error: LimitExceededError });
    }, 60_000);
  }

  it("the error names the position where nesting exceeds the limit", () => {
    try {
      engine.compile("line one\n<% x = 1 %>\n<%= " + "(".repeat(600) + "1" + ")".repeat(600) + " %>", { filename: "pos.erb" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(LimitExceededError);
      expect((e as LimitExceededError).filename).toBe("pos.erb");
      expect((e as LimitExceededError).line).toBe(3);
      expect((e as LimitExceededError).column).toBeGreaterThan(400);
    }
    canaryHolds();
  });

  it("a source over parseLimits.sourceSize is refused before ERB and Prism", async () => {
    const small = await createEngine({ parseLimits: { sourceSize: 1000 } });
    check(() => small.compile("x".repeat(999) + "\nyy"), { error: LimitExceededError, limit: "template source size" });
    expect(small.render("<%= 1 + 1 %>", { properties: {} })).toBe("2");
  });

  it("parseLimits are validated", async () => {
    await expect(createEngine({ parseLimits: { nesting: -1 } })).rejects.toBeInstanceOf(InputError);
    await expect(createEngine({ parseLimits: { depth: 5 } as never })).rejects.toBeInstanceOf(InputError);
  });

  it("a parser failure discards the instance and the next compile on any engine is correct", () => {
    const before = discardedParserInstances();
    // Deep enough that Prism or its deserializer fails; the pre-scan is off on this engine.
    expect(() => unbounded.compile("<%= " + "[".repeat(50_000) + "]".repeat(50_000) + " %>")).toThrow(LimitExceededError);
    expect(discardedParserInstances()).toBeGreaterThan(before);
    for (const e of [engine, other, unbounded]) {
      const t = e.compile("<% if a = 1 %><%= [a, (2 + 3) * 4, 'x'.upcase] %><% end %>");
      expect(t.render({ properties: {} })).toBe('[1, 20, "X"]');
    }
    canaryHolds();
  }, 60_000);

  it("a poisoned parser is replaced 20 times in a row without leaking a bad parse", () => {
    for (let i = 0; i < 20; i++) {
      expect(() => unbounded.compile("<%= " + "!".repeat(60_000) + "1 %>")).toThrow(LimitExceededError);
      expect(other.render(`<%= ${i} * 2 %>`, { properties: {} })).toBe(String(i * 2));
    }
    canaryHolds();
  }, 60_000);

  it("deep recursion at render time is a typed limit, not a RangeError", () => {
    check(render("<% def f(n); n == 0 ? 0 : 1 + f(n - 1); end %><%= f(100_000) %>", { depth: 1e9 }), { error: LimitExceededError });
    // Under a test runner the JavaScript stack may run out before 1,000 Ruby calls: either way the depth limit.
    let err: unknown = null;
    try {
      render("<% def f(n); n == 0 ? 0 : 1 + f(n - 1); end %><%= f(5000) %>")();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LimitExceededError);
    expect((err as LimitExceededError).limit).toMatch(/^call depth/);
    canaryHolds();
  });
});

// ---------------------------------------------------------------------------------------------
// Class 2: ensure

describe("class 2: ensure cannot replace a refusal, a limit or an internal error", () => {
  const cases: [string, string, Expect, Record<string, number>?][] = [
    ["return in ensure after File.read", `<% def f; File.read("/etc/passwd"); ensure; return "swallowed"; end %><%= f %>`, { error: SandboxError, feature: "File.read" }],
    ["break in ensure after a refusal", `<%= [1].each { begin; system("id"); ensure; break "swallowed"; end } %>`, { error: SandboxError, feature: "Kernel#system" }],
    ["next in ensure after a refusal", `<%= [1].map { begin; `+"`id`"+`; ensure; next "swallowed"; end } %>`, { error: SandboxError }],
    ["raise in ensure after a refusal, rescued outside", `<% def f; ENV["HOME"]; ensure; raise "other"; end %><%= (f rescue "swallowed") %>`, { error: SandboxError }],
    ["throw in ensure after a refusal", `<%= catch(:t) { begin; File.write("/tmp/x", "y"); ensure; throw :t, "swallowed"; end } %>`, { error: SandboxError, feature: "File.write" }],
    ["rescue Exception around a refusal", `<%= begin; File.read("/etc/passwd"); rescue Exception; "swallowed"; end %>`, { error: SandboxError }],
    ["retry-style loop around a refusal", `<% n = 0 %><%= loop { begin; n += 1; IO.read("/etc/passwd"); rescue Exception; next if n < 3; break "swallowed"; ensure; next "e"; end } %>`, { error: SandboxError }],
    ["return in ensure after the depth limit", `<% def f(n); f(n + 1); ensure; return "swallowed" if n == 5; end %><%= f(0) %>`, { error: LimitExceededError, limit: "call depth" }],
    ["depth counter cannot be reset by ensure", `<% def f(n); f(n + 1); ensure; return 0 if n == 990; end %><% 3.times { f(0) rescue nil } %><% def g(n); n == 0 ? 0 : g(n - 1); end %><%= g(10) %>`, { error: LimitExceededError, limit: "call depth" }],
    ["return in ensure after the step limit", `<% def f; loop { }; ensure; return "swallowed"; end %><%= f %>`, { error: LimitExceededError, limit: "steps" }, { steps: 10_000 }],
    ["step limit inside ensure of a block", `<%= [1].map { begin; loop { }; ensure; next "swallowed"; end } %>`, { error: LimitExceededError, limit: "steps" }, { steps: 10_000 }],
    ["regexp timeout in a method with ensure; return", `<% def f; ("a" * 40 + "!") =~ /(a+)+$/; ensure; return "swallowed"; end %><% 3.times { f } %>done`, { error: LimitExceededError, limit: "regexp time (ms)" }, { regexpTimeMs: 100 }],
    ["regexp timeout retried from ensure", `<% def f(n); ("a" * 40 + "!") =~ /(a+)+$/; ensure; f(n + 1) if n < 3; end %><%= f(0) %>`, { error: LimitExceededError, limit: "regexp time (ms)" }, { regexpTimeMs: 100 }],
    ["string size limit with ensure", `<% def f; "x" * 10_000; ensure; return "swallowed"; end %><%= f %>`, { error: LimitExceededError, limit: "String size" }, { stringSize: 1000 }],
    ["output limit is not undone by ensure", `<% begin %><%= "x" * 2000 %><% ensure %><% end %>`, { error: LimitExceededError, limit: "output size" }, { output: 1000 }],
    ["ensure still runs for Ruby exceptions", `<% def f; raise "a"; ensure; @e = "ran"; end %><%= (f rescue $!.message) %> <%= @e %>`, { out: "a ran" }],
    ["ensure still runs for break", `<%= [1, 2].each { |x| begin; break x * 10; ensure; @z = "ran"; end } %> <%= @z %>`, { out: "10 ran" }],
    ["ensure may replace a Ruby exception, as in Ruby", `<% def f; raise "a"; ensure; return "replaced"; end %><%= f %>`, { out: "replaced" }],
    ["ensure's raise replaces a Ruby exception, as in Ruby", `<% def f; raise "a"; ensure; raise "b"; end %><%= (f rescue $!.message) %>`, { out: "b" }],
    ["ensure in a custom each still runs when first/find stop early", `<% class C; include Enumerable; attr_reader :e; def each; yield 1; yield 2; ensure; @e = "ran"; end; end; c = C.new; d = C.new %><%= [c.first, c.e, d.find { |x| x == 1 }, d.e].inspect %>`, { out: '[1, "ran", 1, "ran"]' }],
    ["begin/ensure value is the body's", `<%= begin; 1; ensure; 2; end %>`, { out: "1" }],
    ["retry re-runs the begin block as Ruby does", `<% n = 0 %><%= begin; n += 1; raise "x" if n < 3; n; rescue; retry; end %>`, { out: "3" }],
    ["an endless retry ends at the step limit", `<%= begin; raise "x"; rescue; retry; end %>`, { error: LimitExceededError, limit: "steps" }, { steps: 5000 }],
  ];
  for (const [name, src, want, limits] of cases) it(name, () => check(render(src, limits), want), 30_000);
});

// ---------------------------------------------------------------------------------------------
// Class 4: regexps

describe("class 4: catastrophic regexps are bounded on every path", () => {
  it.each([
    ["(?:aa?)*", true],
    ["(a|aa)*", true],
    ["(?:a?a)+", true],
    ["(?:ab{0,1})*", true],
    ["(a\\1?)*", true],
    ["(?:a(?:b)?)+c", true],
    ["(?:ab)*c", false],
    ["a*b?c", false],
    ["(?:abc)?d", false],
  ])("shape of /%s/: exponential %s", (src, exp) => {
    expect(patternShape(src).exponential).toBe(exp);
  });

  const input = `("a" * 60 + "b")`;
  const paths: [string, string][] = [
    ["=~", `<%= ${input} =~ RE %>`],
    ["match?", `<%= ${input}.match?(RE) %>`],
    ["match", `<%= ${input}.match(RE).inspect %>`],
    ["scan", `<%= ${input}.scan(RE).size %>`],
    ["split", `<%= ${input}.split(RE).size %>`],
    ["gsub", `<%= ${input}.gsub(RE, "x") %>`],
    ["sub", `<%= ${input}.sub(RE, "x") %>`],
    ["index", `<%= ${input}.index(RE).inspect %>`],
    ["case/when", `<% case ${input} when RE then %>m<% end %>`],
    ["Regexp#===", `<%= RE === ${input} %>`],
  ];
  for (const re of ["/\\A(?:aa?)*\\z/", "/\\A(a|aa)+\\z/"]) {
    for (const [name, tpl] of paths) {
      it(`${re} via ${name} ends with the regexp time limit`, () => {
        check(render(tpl.replaceAll("RE", re), { regexpTimeMs: 100 }), { error: LimitExceededError, limit: "regexp time (ms)" });
      }, 30_000);
    }
  }

  it.each([
    ["1 MB capture loop matches", `<%= ("a" * 1_000_000) =~ /\\A(a|b)*\\z/ %>`, "0"],
    ["1 MB capture loop fails", `<%= (("a" * 1_000_000 + "c") =~ /\\A(a|b)*\\z/).inspect %>`, "nil"],
    ["2 MB alternation groups", `<%= ("ab" * 1_000_000) =~ /\\A(?:(a)|(b))*\\z/ %>`, "0"],
    ["2 MB scan", `<%= ("a" * 2_000_000).scan(/(a|b)+/).size %>`, "1"],
  ])("the watchdog handles long inputs: %s", (_n, src, out) => {
    check(render(src, { regexpTimeMs: 20_000 }), { out });
  }, 60_000);

  it.each([
    ["100,000 nested groups", `<%= Regexp.new("(" * 100_000 + ")" * 100_000) %>`],
    ["100,000 nested classes", `<%= Regexp.new("[" * 100_000 + "a" + "]" * 100_000) %>`],
  ])("%s are refused without a stack overflow", (_n, src) => check(render(src), { error: UnsupportedRubyError }));

  it("a 1 MB pattern of back-references translates in linear time", () => {
    check(render(`<%= Regexp.new("(a)" + "\\\\1?" * 200_000).source.size %>`), { out: "600003" });
  });
});

// ---------------------------------------------------------------------------------------------
// Class 5: names from templates and options

describe("class 5: names never reach Object.prototype", () => {
  for (const name of ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"]) {
    it(`[[:${name}:]] is Ruby's RegexpError`, () => {
      check(render(`<%= "a" =~ Regexp.new("[[:${name}:]]") %>`), { error: TemplateRenderError, rubyClass: "RegexpError" });
    });
    it(`\\p{${name}} is not a property`, () => {
      check(render(`<%= "a" =~ Regexp.new("\\\\p{${name}}") %>`), { error: UnsupportedRubyError, construct: /character property/ });
    });
    it(`a local called ${name} with no value is nil`, () => {
      check(() => engine.compile(`<%= ${name === "__proto__" ? "__proto__" : name}.inspect %>`, { locals: [name] }).render({ properties: {} }, { locals: {} }), { out: "nil" });
    });
  }
  it("a local given as an own property is used", () => {
    check(() => engine.compile("<%= constructor %>", { locals: ["constructor"] }).render({ properties: {} }, { locals: { constructor: "mine" } }), { out: "mine" });
  });

  it.each([
    ["Time.utc(300000, 1, 1)", "300000-01-01 00:00:00 UTC"],
    ["Time.utc(-300000, 3, 1).strftime('%Y %j %a %u %C %y')", "-300000 061 Wed 3 -3000 00"],
    ["Time.utc(275760, 9, 14).to_i", "8640000086400"],
    ["Time.gm(2000) + 1e12", "33688-09-26 01:46:40 UTC"],
    ["Time.utc(50).inspect", "0050-01-01 00:00:00 UTC"],
    ["Time.utc(-1, 1, 1).inspect", "-0001-01-01 00:00:00 UTC"],
    ["Time.utc(2000, 2, 31)", "2000-03-02 00:00:00 UTC"],
  ])("%s is Ruby's answer, never NaN", (expr, out) => check(render(`<%= ${expr} %>`), { out }));
  it("a Time beyond 2**53 seconds is unsupported, not NaN", () => check(render("<%= Time.gm(2000) + 1e18 %>"), { error: UnsupportedRubyError }));
  it("a year given as a huge Integer is unsupported, not NaN", () => check(render("<%= Time.utc(10**20) %>"), { error: UnsupportedRubyError }));
});

// ---------------------------------------------------------------------------------------------
// Class 7: API edges

describe("class 7: API edges give typed errors", () => {
  const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
  it.each([
    ["parseContext(null, json)", () => engine.parseContext(null as never, "json")],
    ["parseContext(undefined, yaml)", () => engine.parseContext(undefined as never, "yaml")],
    ["parseContext(123, json)", () => engine.parseContext(123 as never, "json")],
    ["parseContext(text, xml)", () => engine.parseContext("<a/>", "xml" as never)],
    ["parseContext(text, YAML)", () => engine.parseContext("a: 1", "YAML" as never)],
    ["deeply nested JSON", () => engine.parseContext(deep(100_000), "json")],
    ["deeply nested YAML flow", () => engine.parseContext(deep(100_000), "yaml")],
    ["deeply nested YAML blocks", () => engine.parseContext(Array.from({ length: 3000 }, (_, i) => " ".repeat(i) + "- ").join("\n") + "x", "yaml")],
    ["deeply nested YAML mappings", () => engine.parseContext(Array.from({ length: 1000 }, (_, i) => " ".repeat(i) + "k:").join("\n") + " 1", "yaml")],
    ["deeply nested plain context", () => {
      let d: unknown = [];
      for (let i = 0; i < 100_000; i++) d = [d];
      return engine.render("x", { properties: { d } } as never);
    }],
    ["locals option not an array", () => engine.compile("x", { locals: "a" as never })],
    ["locals option with a number", () => engine.compile("x", { locals: [3 as never] })],
    ["locals option with an invalid name", () => engine.compile("x", { locals: ["a b"] })],
    ["render locals not an object", () => engine.compile("x", { locals: ["a"] }).render({ properties: {} }, { locals: "x" as never })],
    ["unknown isolate mode", () => createEngine({ isolate: "process" } as never)],
  ])("%s", async (_n, run) => {
    let err: unknown = null;
    try {
      await run();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    canaryHolds();
  }, 30_000);

  it("JSON nested 900 deep still parses", () => check(() => (engine.parseContext(deep(900), "json") as { constructor: { name: string } }).constructor.name, { out: "RArray" }));
  it("YAML nested 200 deep still parses", () => check(() => (engine.parseContext(deep(200), "yaml") as { constructor: { name: string } }).constructor.name, { out: "RArray" }));
  it("JSON.parse with max_nesting: false beyond the cap is a limit", () => {
    check(render(`<%= require "json"; JSON.parse("[" * 5000 + "]" * 5000, max_nesting: false).size %>`), { error: LimitExceededError, limit: "JSON nesting depth" });
  });
  it("JSON.parse keeps Ruby's NestingError at its max_nesting", () => {
    check(render(`<%= require "json"; JSON.parse("[" * 200 + "]" * 200) %>`), { error: TemplateRenderError, rubyClass: "JSON::NestingError" });
  });
  it("YAML.load of a deep document is a limit, not a crash", () => {
    check(render(`<%= require "yaml"; YAML.load("[" * 100_000 + "]" * 100_000) %>`), { error: LimitExceededError, limit: "YAML nesting depth" });
  });
  it("a syntax error still reports Prism's message", () => check(() => engine.compile("<% if %>"), { error: TemplateSyntaxError }));
});
