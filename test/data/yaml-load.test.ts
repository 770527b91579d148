import { describe, expect, it } from "vitest";
import { InputError } from "../../src/diagnostics/errors.js";
import { loadYaml, loadYamlWithPositions } from "../../src/ruby/data/yaml.js";
import { RArray, RFloat, RHash, RString, RSymbol, type Value } from "../../src/ruby/runtime/values.js";
import { rinspect } from "./rinspect.js";

const MANIFEST = `---
name: simple
instance_groups:
- name: web
  instances: 2
  jobs:
  - name: nginx
    release: web
    properties: &props
      port: 0755
      ratio: 1.0
      enabled: yes
      timeout: 1:30
- name: "db"
  jobs: []
  properties:
    <<: *props
    port: 5432
`;

function errorOf(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error("no error");
}

describe("loadYaml", () => {
  it("types scalars as Psych does and allows aliases", () => {
    const v = loadYaml(MANIFEST, "m.yml");
    expect(rinspect(v)).toBe(
      '{"name" => "simple", "instance_groups" => [{"name" => "web", "instances" => 2, "jobs" => [{"name" => "nginx", "release" => "web", "properties" => {"port" => 493, "ratio" => 1.0, "enabled" => true, "timeout" => 5400}}]}, {"name" => "db", "jobs" => [], "properties" => {"port" => 5432, "ratio" => 1.0, "enabled" => true, "timeout" => 5400}}]}',
    );
    const ratio = (((((v as RHash).getStr("instance_groups") as RArray).a[0] as RHash).getStr("jobs") as RArray).a[0] as RHash).getStr("properties") as RHash;
    expect(ratio.getStr("ratio")).toBeInstanceOf(RFloat);
  });

  it("can refuse aliases", () => {
    const e = errorOf(() => loadYaml(MANIFEST, "m.yml", { aliases: false }));
    expect(e.where).toBe("m.yml:17:9");
    expect(e.message).toContain("aliases are not enabled");
  });

  it("loads symbols, and empty documents as nil", () => {
    expect(loadYaml(":a", "x.yml")).toBe(RSymbol.of("a"));
    expect(loadYaml("", "x.yml")).toBe(null);
    expect(loadYaml("# nothing\n", "x.yml")).toBe(null);
    expect(errorOf(() => loadYaml("a: :b", "x.yml", { symbols: false })).message).toContain("unspecified class: Symbol");
  });

  it("reports syntax errors at file:line:col with a frame", () => {
    const e = errorOf(() => loadYaml("a: 1\nb: [1, 2\nc: 3\n", "bad.yml"));
    expect(e.filename).toBe("bad.yml");
    expect(e.line).toBeGreaterThanOrEqual(2);
    expect(e.column).not.toBeNull();
    expect(e.message).toMatch(/^bad\.yml:\d+:\d+: YAML syntax error: /);
    const t = errorOf(() => loadYaml("a:\n\t- b", "tab.yml"));
    expect(t.where).toMatch(/^tab\.yml:2:/);
  });

  it("reports disallowed classes and unknown anchors at the node", () => {
    const d = errorOf(() => loadYaml("a: 1\nb:\n  c: 2001-01-01\n", "d.yml"));
    expect(d.where).toBe("d.yml:3:6");
    expect(d.message).toContain("Tried to load unspecified class: Date");
    expect(rinspect(loadYaml("a: 2001-01-01\nb: 2001-12-14 21:59:43.10 -5", "d.yml", { dates: "string" }))).toBe('{"a" => "2001-01-01", "b" => "2001-12-14 21:59:43.10 -5"}');
    const a = errorOf(() => loadYaml("a: 1\nb: *nope\n", "a.yml"));
    expect(a.where).toBe("a.yml:2:4");
    expect(a.message).toContain("unknown anchor: nope");
  });

  it("reads only the first document", () => {
    expect(loadYaml("--- 1\n--- [\n", "x.yml")).toBe(1);
  });
});

describe("loadYamlWithPositions", () => {
  it("positions containers, keys and items", () => {
    const src = loadYamlWithPositions(MANIFEST, "m.yml");
    const root = src.value as RHash;
    expect(src.positionOf(root)).toEqual({ filename: "m.yml", line: 2, column: 1 });
    expect(src.positionOf(root, new RString("instance_groups"))).toEqual({ filename: "m.yml", line: 3, column: 1 });
    const groups = root.getStr("instance_groups") as RArray;
    expect(src.positionOf(groups, 1)).toEqual({ filename: "m.yml", line: 14, column: 3 });
    const db = groups.a[1] as RHash;
    expect(src.positionOf(db, new RString("name"))).toEqual({ filename: "m.yml", line: 14, column: 3 });
    expect(src.positionOf(db, new RString("jobs"))).toEqual({ filename: "m.yml", line: 15, column: 3 });
    const props = db.getStr("properties") as RHash;
    expect(src.positionOf(props)).toEqual({ filename: "m.yml", line: 17, column: 5 });
    expect(src.positionOf(props, new RString("port"))).toEqual({ filename: "m.yml", line: 18, column: 5 });
    // merged keys point at their definition
    expect(src.positionOf(props, new RString("ratio"))).toEqual({ filename: "m.yml", line: 11, column: 7 });
    expect(src.positionOf(props, new RString("nope"))).toBeNull();
    const dup = loadYamlWithPositions("a: 1\nb: 2\na: 3\n", "d.yml");
    expect(src.positionOf(dup.value as RHash, new RString("a"))).toBeNull(); // other document's table
    expect(dup.positionOf(dup.value as RHash, new RString("a"))).toEqual({ filename: "d.yml", line: 3, column: 1 });
    expect(src.positionOf(groups, 9)).toBeNull();
    expect(src.positionOf(new RHash())).toBeNull();
  });

  it("handles non-string keys and flow collections", () => {
    const src = loadYamlWithPositions("{1: [a, b], ~: x}\n", "f.yml");
    const h = src.value as RHash;
    expect(src.positionOf(h, 1)).toEqual({ filename: "f.yml", line: 1, column: 2 });
    expect(src.positionOf(h, null as Value)).toEqual({ filename: "f.yml", line: 1, column: 13 });
    expect(src.positionOf(h.lookup(1) as RArray, 1)).toEqual({ filename: "f.yml", line: 1, column: 9 });
  });

  it("loads a manifest-sized document (the test timeout is the only time bound)", () => {
    const big = Array.from({ length: 3000 }, (_, i) => `k${i}:\n  a: ${i}\n  b: [x, y, ${i}.5]\n  c: {d: yes}\n`).join("");
    const v = loadYamlWithPositions(big, "big.yml").value as RHash;
    expect(v.size).toBe(3000);
  }, 60_000);
});
