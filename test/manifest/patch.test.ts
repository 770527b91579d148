/** go-patch pointers and operations with go-patch's error texts. */
import { describe, expect, it } from "vitest";
import { applyOps, findPath, parseOps, parsePointer, parseYaml, toYaml, type YamlValue } from "../../src/manifest/index.js";

const DOC = `
name: demo
tags: {team: core}
list: [a, b, c]
groups:
- name: web
  jobs:
  - name: nginx
  - name: app
- name: db
  size: 3
`;

function run(ops: string, doc = DOC): string {
  return toYaml(applyOps(parseYaml(doc), parseOps(parseYaml(ops), (i) => `operation [${i}] in ops.yml failed`)));
}
function error(ops: string, doc = DOC): string {
  try {
    run(ops, doc);
  } catch (e) {
    return (e as Error).message;
  }
  return "no error";
}

describe("pointers", () => {
  it("parse and print as go-patch does", () => {
    for (const p of ["", "/a/b", "/a?/b", "/groups/name=web/jobs/0:before", "/list/-", "/a~1b/c~0d/e~7f", "/list/-1:prev"]) {
      expect(String(parsePointer(p))).toBe(p);
    }
    expect(String(parsePointer("/a?/b?/c"))).toBe("/a?/b/c");
  });
  it("reject malformed paths with go-patch's messages", () => {
    expect(() => parsePointer("name")).toThrow("Expected to start with '/'");
    expect(() => parsePointer("/a:key")).toThrow("Expected to find one of the following modifiers: 'prev', 'next', 'before', or 'after' but found 'key'");
    expect(() => parsePointer("/a:after")).toThrow("Expected not to find any modifiers with key token");
    expect(() => parsePointer("/list/-:before")).toThrow("Expected not to find any modifiers with after last index token");
  });
});

describe("replace", () => {
  it("sets keys, appends, inserts and creates optional paths", () => {
    const out = run(`
- {type: replace, path: /name, value: renamed}
- {type: replace, path: /list/-, value: d}
- {type: replace, path: /list/0:before, value: first}
- {type: replace, path: /list/name=zz?/x, value: 1}
- {type: replace, path: /new?/deep/key, value: [1]}
- {type: replace, path: /groups/name=web/jobs/name=app:after, value: {name: sidecar}}
- {type: replace, path: /groups/name=db/size, value: 5.0}
`);
    expect(out).toBe(
      "groups:\n- jobs:\n  - name: nginx\n  - name: app\n  - name: sidecar\n  name: web\n- name: db\n  size: 5\nlist:\n- first\n- a\n- b\n- c\n- d\n- name: zz\n  x: 1\nname: renamed\nnew:\n  deep:\n    key:\n    - 1\ntags:\n  team: core\n",
    );
  });
  it("wraps :prev on the first item to the last", () => {
    expect(toYaml(findPath(parseYaml(DOC), parsePointer("/list/0:prev")))).toBe("c\n");
  });
  it("replaces the whole document with an empty path", () => {
    expect(run("- {type: replace, path: '', value: {only: 1}}")).toBe("only: 1\n");
  });
  it("fails with go-patch's texts, wrapped by the operation's label", () => {
    expect(error("- {type: replace, path: /nope/x, value: 1}")).toBe(
      "Error 'operation [0] in ops.yml failed': Expected to find a map key 'nope' for path '/nope' (found map keys: 'groups', 'list', 'name', 'tags')",
    );
    expect(error("- {type: replace, path: /list/3, value: 1}")).toBe("Error 'operation [0] in ops.yml failed': Expected to find array index '3' but found array of length '3' for path '/list/3'");
    expect(error("- {type: replace, path: /tags/0, value: 1}")).toBe(
      "Error 'operation [0] in ops.yml failed': Expected to find an array at path '/tags/0' but found 'map[interface {}]interface {}'",
    );
    expect(error("- {type: replace, path: /groups/size=3/x, value: 1}")).toBe(
      "Error 'operation [0] in ops.yml failed': Expected to find exactly one matching array item for path '/groups/size=3' but found 0",
    );
    expect(error("- {type: replace, path: /list/-/x, value: 1}")).toBe("Error 'operation [0] in ops.yml failed': Expected to find a map at path '/list/-' but found '[]interface {}'");
  });
});

describe("remove and test", () => {
  it("removes keys and items, optional ones silently", () => {
    expect(run("- {type: remove, path: /groups}\n- {type: remove, path: /list/1}\n- {type: remove, path: /gone?}\n- {type: remove, path: /tags/team}")).toBe(
      "list:\n- a\n- c\nname: demo\ntags: {}\n",
    );
    expect(error("- {type: remove, path: ''}")).toBe("Error 'operation [0] in ops.yml failed': Cannot remove entire document");
  });
  it("tests values and absence", () => {
    expect(run("- {type: test, path: /groups/name=db/size, value: 3}\n- {type: test, path: /nothing, absent: true}")).toBe(toYaml(parseYaml(DOC)));
    expect(error("- {type: test, path: /name, value: other}")).toBe("Error 'operation [0] in ops.yml failed': Found value does not match expected value");
    expect(error("- {type: test, path: /name, absent: true}")).toBe("Error 'operation [0] in ops.yml failed': Expected to not find '/name'");
    // absent passes only when the last token is what is missing
    expect(error("- {type: test, path: /nothing/deeper, absent: true}")).toMatch(/^Error 'operation \[0\] in ops.yml failed': Expected to find a map key 'nothing'/);
  });
});

describe("ops definitions", () => {
  it("reject bad definitions with go-patch's description of the operation", () => {
    const build = (ops: string): string => {
      try {
        parseOps(parseYaml(ops), (i) => `operation [${i}] in o.yml failed`);
        return "no error";
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(build("- {type: replace, value: 1}")).toBe(
      'Replace operation [0]: Missing path within\n{\n  "Type": "replace",\n  "Value": "<redacted>",\n  "Error": "operation [0] in o.yml failed"\n}',
    );
    expect(build("- {type: add, path: /a, value: 1}")).toBe(
      'Unknown operation [0] with type \'add\' within\n{\n  "Type": "add",\n  "Path": "/a",\n  "Value": "<redacted>",\n  "Error": "operation [0] in o.yml failed"\n}',
    );
    expect(build("- {type: test, path: /a}")).toBe('Test operation [0]: Missing value or absent within\n{\n  "Type": "test",\n  "Path": "/a",\n  "Error": "operation [0] in o.yml failed"\n}');
    expect(build("- {type: remove, path: /a, value: 1}")).toMatch(/^Remove operation \[0\]: Cannot specify value within/);
    expect(build("a: 1")).toBe("yaml: unmarshal errors:\n  line 1: cannot unmarshal !!map into []patch.OpDefinition");
  });
  it("clone replace values so later ops do not change earlier results", () => {
    const doc: YamlValue = parseYaml("a: 1");
    const ops = parseOps(parseYaml("- {type: replace, path: /x?, value: {k: v}}\n- {type: replace, path: /y?, value: {k: v}}\n- {type: replace, path: /x/k, value: changed}"));
    expect(toYaml(applyOps(doc, ops))).toBe('a: 1\nx:\n  k: changed\n"y":\n  k: v\n');
  });
});
