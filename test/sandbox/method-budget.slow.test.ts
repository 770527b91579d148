/**
 * Issue 8, class 3: limits are an invariant of every method, not a habit of some.
 *
 * The method list comes from the interpreter's own tables (every class and module reachable from
 * Object, instance and singleton methods), so a method added later is called here without anyone
 * remembering to. Each one is called on adversarial receivers (Strings near the limit, wide, deep
 * and shared Arrays, wide Hashes, big Integers, huge ranges) with adversarial arguments (huge
 * counts and widths, big Integers, long Strings, format strings, shared structures), under small
 * limits, with and without a block. Every call must
 *   - return, or raise a typed LinkplateError (never a raw JS error, never the catch-all
 *     "internal error"),
 *   - stay within a generous heap growth (process.memoryUsage().heapUsed),
 *   - and end: the small step limit bounds the work, the test timeout catches a runaway.
 * After each class a canary template must render correctly.
 */
import { describe, expect, it } from "vitest";
import { InternalError, LinkplateError } from "../../src/diagnostics/errors.js";
import { type Limits, createEngine } from "../../src/engine.js";
import { type Value, RArray, RClass, RFloat, RHash, RString, cObject, sym } from "../../src/ruby/runtime/values.js";

const engine = await createEngine();

const LIMITS: Partial<Limits> = {
  steps: 200_000,
  depth: 200,
  output: 100_000,
  stringSize: 100_000,
  arraySize: 20_000,
  hashSize: 20_000,
  allocation: 2_000_000,
};
/** Heap growth one call may cause (generous: the limits above allow a few MB). */
const HEAP_BOUND = 256 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Receivers, as Ruby expressions evaluated in the render (fresh for every call, so mutating
// methods cannot leak into the next call). Each fits the limits above with room to spare.

const DAG = "(a = [1]; 40.times { a = [a, a] }; a)";
const DEEP = "(a = []; 150.times { a = [a] }; a)";
const RECEIVERS: ReadonlyMap<string, readonly string[]> = new Map([
  ["String", ["('ab' * 40_000)", "(\"\\u0000\\u00e9\\u{1F600}\\\"#\" * 4_000)", "('9' * 3_000)"]],
  ["Symbol", ["('s' * 40_000).to_sym"]],
  ["Integer", ["(10 ** 3_000)", "(2 ** 300_000)", "(-(2 ** 62) - 1)", "12_345"]],
  ["Float", ["1.0e300", "-0.1"]],
  ["Array", ["Array.new(15_000) { |i| i }", DAG, DEEP]],
  ["Hash", ["(h = {}; 15_000.times { |i| h[i] = i }; h)", `{ x: ${DAG}, y: ${DAG} }`]],
  ["Range", ["(1..10 ** 12)", "('a'..'zzzzzz')", "(1.0..1.0e12)"]],
  ["NilClass", ["nil"]],
  ["TrueClass", ["true"]],
  ["FalseClass", ["false"]],
  ["Proc", ["proc { |*x| x }"]],
  ["Regexp", ["/(a|b)+c/"]],
  ["MatchData", ["('ab' * 1_000).match(/(a)(b)/)"]],
  ["Exception", ["RuntimeError.new('x' * 50_000)"]],
  ["NameError", ["NameError.new('x', name: :y)"]],
  ["KeyError", ["KeyError.new('x', receiver: {}, key: 1)"]],
  ["StopIteration", ["StopIteration.new('x')"]],
  ["SystemExit", ["SystemExit.new(1, 'x')"]],
  ["Enumerator", ["[1, 2].cycle", "(1..10 ** 12).each_slice(3)"]],
  ["Enumerator::ArithmeticSequence", ["(1..10).step(3)", "1.step(10 ** 12, 7)"]],
  ["Set", ["Set.new(Array.new(15_000) { |i| i })", `Set[${DAG}]`]],
  ["OpenStruct", ["OpenStruct.new(a: 'x' * 50_000)"]],
  ["IPAddr", ["IPAddr.new('10.0.0.0/8')", "IPAddr.new('::1')"]],
  ["URI::Generic", ["URI.parse('http://example.com/' + 'a' * 50_000)"]],
  ["URI::HTTP", ["URI.parse('http://example.com/x?' + 'a=b&' * 10_000)"]],
  ["Time", ["Time.utc(2000, 1, 2)"]],
  ["StringIO", ["StringIO.new('ab' * 40_000)"]],
  ["Digest::MD5", ["Digest::MD5.new"]],
  ["Digest::SHA1", ["Digest::SHA1.new"]],
  ["Digest::SHA256", ["Digest::SHA256.new"]],
  ["Digest::SHA384", ["Digest::SHA384.new"]],
  ["Digest::SHA512", ["Digest::SHA512.new"]],
  ["Zlib::GzipReader", ["Zlib::GzipReader.new(StringIO.new(Zlib.gzip('ab' * 40_000)))"]],
  ["Bosh::Common::Template::EvaluationContext", ["self"]],
  // Module/class methods run on a template-defined class (builtin ones are shared and refused).
  ["Module", ["(class Lp8Probe; end; Lp8Probe)"]],
  ["Class", ["(class Lp8Probe; end; Lp8Probe)"]],
  ["Object", ["Object.new"]],
  ["BasicObject", ["Object.new", "[1]"]],
  ["Kernel", ["Object.new", "('ab' * 40_000)", DAG]],
  ["Comparable", ["('ab' * 40_000)", "(10 ** 3_000)"]],
  ["Enumerable", ["(1..10 ** 12)", DAG, "(h = {}; 15_000.times { |i| h[i] = i }; h)"]],
  ["Numeric", ["(10 ** 3_000)", "1.0e300"]],
]);

/**
 * Classes whose instances a template cannot make on its own (they come from the BOSH context, a
 * certificate or a failed parse), with the reason. A class with methods must be in one list or the
 * other, so a new class makes this test fail until it gets receivers.
 */
const NO_RECEIVER: ReadonlyMap<string, string> = new Map([
  ["Encoding", "no template-visible instance besides constants"],
  ["Bosh::Common::Template::PropertyHelper", "mixed into the evaluation context (covered through self)"],
  ["Bosh::Common::Template::EvaluationContext::ActiveElseBlock", "made only by if_p"],
  ["Bosh::Common::Template::EvaluationContext::InactiveElseBlock", "made only by if_p"],
  ["Bosh::Common::Template::EvaluationContext::BackCompatOpenStruct", "made only by the context"],
  ["Bosh::Common::Template::EvaluationLink", "needs a link in the context"],
  ["Bosh::Common::Template::EvaluationLinkInstance", "needs a link in the context"],
  ["Bosh::Common::Template::ManualLinkDnsEncoder", "needs DNS tables"],
  ["Bosh::Common::Template::UnknownProperty", "raised, not built"],
  ["Bosh::Director::DnsEncoder", "needs DNS tables"],
  ["ERB::Util", "module functions only (singleton methods are covered)"],
  ["OpenSSL::X509::Certificate", "needs a PEM certificate"],
  ["OpenSSL::X509::Name", "needs a certificate"],
  ["OpenSSL::X509::Extension", "needs a certificate"],
  ["Dir", "a refused host class (its singleton methods are covered)"],
  ["ENV", "a refused host class (its singleton methods are covered)"],
  ["Process", "a refused host class (its singleton methods are covered)"],
  ["ObjectSpace", "a refused host class (its singleton methods are covered)"],
  ["Signal", "a refused host class (its singleton methods are covered)"],
  ["Socket", "a refused host class (its singleton methods are covered)"],
  ["GC", "a refused host class (its singleton methods are covered)"],
  ["RubyVM", "a refused host class (its singleton methods are covered)"],
  ["Binding", "a refused host class (its singleton methods are covered)"],
]);

// ---------------------------------------------------------------------------------------------
// Arguments, built in JavaScript (fresh per call).

const bigString = (): RString => new RString("ab".repeat(45_000));
const dag = (): RArray => {
  let a = new RArray([1]);
  for (let i = 0; i < 40; i++) a = new RArray([a, a]);
  return a;
};
const wide = (): RArray => new RArray(Array.from({ length: 15_000 }, (_, i) => i));
const wideHash = (): RHash => {
  const h = new RHash();
  for (let i = 0; i < 15_000; i++) h.set(i, i);
  return h;
};

const ARGUMENTS: readonly (readonly [string, () => Value[]])[] = [
  ["()", () => []],
  ["(10**3000)", () => [10n ** 3000n]],
  ["(10**9)", () => [1_000_000_000]],
  ["(-2**40)", () => [-(2 ** 40)]],
  ["(long String)", () => [bigString()]],
  ["(format String)", () => [new RString("%0999999999d%-99999999s%.99999999f%*d")]],
  ["(shared Array)", () => [dag()]],
  ["(wide Array)", () => [wide()]],
  ["(wide Hash)", () => [wideHash()]],
  ["(10**9, 'ab')", () => [1_000_000_000, new RString("ab")]],
  ["(2, long String)", () => [2, bigString()]],
  ["(1.0e300)", () => [new RFloat(1e300)]],
  ["(:sym, shared Array)", () => [sym("a"), dag()]],
];

// ---------------------------------------------------------------------------------------------
// The method tables.

function allClasses(): RClass[] {
  const seen = new Set<RClass>();
  const walk = (c: RClass): void => {
    if (seen.has(c)) return;
    seen.add(c);
    for (const v of c.consts.values()) if (v instanceof RClass) walk(v);
  };
  walk(cObject);
  return [...seen].sort((a, b) => (a.name < b.name ? -1 : 1));
}

const classes = allClasses();
const withInstanceMethods = classes.filter((c) => c.methods.size > 0);
const withSingletonMethods = classes.filter((c) => (c.meta?.methods.size ?? 0) > 0);

type Call = { receiver: string; method: string; args: string; block: boolean };

interface Tally {
  calls: number;
  typed: number;
  failures: string[];
}

function callAll(receiver: string, methods: readonly string[], tally: Tally): void {
  for (const method of methods) {
    // One compiled template per receiver and method; the arguments arrive as a local.
    const name = JSON.stringify(method).replace(/#/g, "\\#");
    const withBlock = engine.compile(`<% r = ${receiver} %><%= r.__send__(${name}, *args) { |*x| x }.class %>`, { filename: "budget.erb", locals: ["args"] });
    const noBlock = engine.compile(`<% r = ${receiver} %><%= r.__send__(${name}, *args).class %>`, { filename: "budget.erb", locals: ["args"] });
    for (const [argsName, make] of ARGUMENTS) {
      for (const [template, block] of [[withBlock, true], [noBlock, false]] as const) {
        if (!block && argsName !== "()" && argsName !== "(10**9)" && argsName !== "(long String)") continue;
        const call: Call = { receiver, method, args: argsName, block };
        tally.calls++;
        const before = process.memoryUsage().heapUsed;
        try {
          template.render({}, { locals: { args: new RArray(make()) }, limits: LIMITS });
        } catch (e) {
          const message = String((e as Error)?.message).split("\n")[0];
          // InternalError is typed, but it is linkplate's own bug surfacing: a failure here too.
          if (!(e instanceof LinkplateError) || e.constructor === LinkplateError || e instanceof InternalError) {
            tally.failures.push(`${label(call)}: untyped ${(e as Error)?.name}: ${message.slice(0, 200)}`);
          } else tally.typed++;
        }
        const grown = process.memoryUsage().heapUsed - before;
        if (grown > HEAP_BOUND) tally.failures.push(`${label(call)}: heap grew ${(grown / 1e6).toFixed(0)} MB`);
      }
    }
  }
}

function label(c: Call): string {
  return `${c.receiver.slice(0, 40)}.${c.method}${c.args}${c.block ? " { }" : ""}`;
}

const canary = engine.compile("<%= [1, 2, 3].map { |x| x * 2 }.join(',') %> <%= { 'a' => 'b' }.to_json %> <%= 'x'.center(5, '*') %>", { filename: "canary.erb" });
const expectCanary = (): void => expect(canary.render({})).toBe("2,4,6 {\"a\":\"b\"} **x**");

describe("every implemented method stays within the limits", () => {
  it("the method tables are non-trivial and every class with methods has receivers or a reason", () => {
    expect(withInstanceMethods.length).toBeGreaterThan(60);
    const missing = withInstanceMethods.filter((c) => !RECEIVERS.has(c.name) && !NO_RECEIVER.has(c.name)).map((c) => c.name);
    expect(missing).toEqual([]);
  });

  for (const cls of withInstanceMethods) {
    const receivers = RECEIVERS.get(cls.name);
    if (!receivers) continue;
    it(`${cls.name} instance methods (${cls.methods.size})`, { timeout: 600_000 }, () => {
      const tally: Tally = { calls: 0, typed: 0, failures: [] };
      const methods = [...cls.methods.keys()];
      for (const r of receivers) callAll(r, methods, tally);
      expect(tally.failures).toEqual([]);
      expect(tally.calls).toBeGreaterThan(0);
      expectCanary();
    });
  }

  it("singleton methods of every class and module", { timeout: 600_000 }, () => {
    const tally: Tally = { calls: 0, typed: 0, failures: [] };
    for (const cls of withSingletonMethods) callAll(cls.name, [...cls.meta!.methods.keys()], tally);
    expect(tally.failures).toEqual([]);
    expect(tally.calls).toBeGreaterThan(1_000);
    expectCanary();
  });
});
