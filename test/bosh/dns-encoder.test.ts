import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DnsEncoder, DnsEncoderError, canonicalize, dnsTablesFromCorpus, type DnsQueryCriteria } from "../../src/bosh/dns-encoder.js";

// The index tables of link-resolution.md §9.3's example (z1=1, z2=2; group foobar in `simple`).
const docTables = dnsTablesFromCorpus({
  az_indices: { z1: 1, z2: 2 },
  short_dns: false,
  service_groups: [
    ["instance-group", "foobar", "simple", 2],
    ["link", "foobar-db", "simple", 3],
  ],
  network_indices: { a: 2 },
  instance_indices: { "ba69-uuid": 2 },
});
const doc = new DnsEncoder(docTables);
const base: DnsQueryCriteria = { groupType: "instance-group", groupName: "foobar", deploymentName: "simple", defaultNetwork: "a", rootDomain: "bosh" };

function err(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof DnsEncoderError) return `${e.rubyClass}: ${e.rubyMessage}`;
    throw e;
  }
  return "(no error)";
}

describe("DnsEncoder long form (§9.3 vectors)", () => {
  const cases: [Partial<DnsQueryCriteria>, string][] = [
    [{}, "q-s0.foobar.a.simple.bosh"],
    [{ azs: ["z1"] }, "q-a1s0.foobar.a.simple.bosh"],
    [{ azs: ["z2", "z1"] }, "q-a1a2s0.foobar.a.simple.bosh"],
    [{ status: "healthy" }, "q-s3.foobar.a.simple.bosh"],
    [{ status: "unhealthy" }, "q-s1.foobar.a.simple.bosh"],
    [{ status: "all" }, "q-s4.foobar.a.simple.bosh"],
    [{ status: "default" }, "q-s0.foobar.a.simple.bosh"],
    [{ status: "bogus" }, "q-s0.foobar.a.simple.bosh"],
    [{ azs: ["z2"], status: "healthy" }, "q-a2s3.foobar.a.simple.bosh"],
    [{ initialHealthCheck: "synchronous" }, "q-s0y1.foobar.a.simple.bosh"],
    [{ azs: ["z1"], initialHealthCheck: "asynchronous", status: "all" }, "q-a1s4y0.foobar.a.simple.bosh"],
    [{ initialHealthCheck: "bogus" }, "q-s0.foobar.a.simple.bosh"],
    [{ azs: [] }, "q-s0.foobar.a.simple.bosh"],
    [{ azs: null }, "q-s0.foobar.a.simple.bosh"],
    [{ azs: [null] }, "q-as0.foobar.a.simple.bosh"],
    [{ azs: ["z1", "z1"] }, "q-a1a1s0.foobar.a.simple.bosh"],
    [{ instanceUuid: "ba69-uuid" }, "ba69-uuid.foobar.a.simple.bosh"],
    [{ groupName: "First_Deployment.Node", defaultNetwork: "test", deploymentName: "first" }, "q-s0.first-deploymentnode.test.first.bosh"],
    [{ rootDomain: null }, "q-s0.foobar.a.simple."],
  ];
  for (const [c, want] of cases) {
    it(`${JSON.stringify(c)} → ${want}`, () => expect(doc.encodeQuery({ ...base, ...c }, false)).toBe(want));
  }

  it("raises the director's errors", () => {
    expect(err(() => doc.encodeQuery({ ...base, azs: ["z9"] }, false))).toBe("RuntimeError: Unknown AZ: 'z9'");
    expect(err(() => doc.encodeQuery({ ...base, azs: ["z1", "z9"] }, true))).toBe("RuntimeError: Unknown AZ: 'z9'");
    expect(err(() => doc.encodeQuery({ ...base, groupName: "_x" }, false))).toBe(
      "Bosh::Director::DnsInvalidCanonicalName: Invalid DNS canonical name '-x', cannot start with a hyphen",
    );
    expect(err(() => doc.encodeQuery({ ...base, deploymentName: "dep-" }, false))).toBe(
      "Bosh::Director::DnsInvalidCanonicalName: Invalid DNS canonical name 'dep-', cannot end with a hyphen",
    );
    expect(err(() => doc.encodeQuery({ ...base, defaultNetwork: null }, false))).toBe("NoMethodError: undefined method 'downcase' for nil");
  });
});

describe("DnsEncoder short form", () => {
  it("encodes network, instance and group ids", () => {
    expect(doc.encodeQuery(base, true)).toBe("q-n2s0.q-g2.bosh");
    expect(doc.encodeQuery({ ...base, azs: ["z2", "z1"], status: "healthy" }, true)).toBe("q-a1a2n2s3.q-g2.bosh");
    // §9.2 (case local-dns-link-dns-names): an instance's short link DNS name.
    expect(doc.encodeQuery({ ...base, groupType: "link", groupName: "foobar-db", instanceUuid: "ba69-uuid" }, true)).toBe("q-m2n2s0.q-g3.bosh");
    // Unknown group triple: empty id.
    expect(doc.encodeQuery({ ...base, deploymentName: "other" }, true)).toBe("q-n2s0.q-g.bosh");
    expect(doc.encodeQuery({ ...base, groupType: "link" }, true)).toBe("q-n2s0.q-g.bosh");
    expect(doc.encodeQuery({ ...base, defaultNetwork: null }, true)).toBe("q-s0.q-g2.bosh");
  });

  it("raises for unknown networks and instances", () => {
    expect(err(() => doc.encodeQuery({ ...base, defaultNetwork: "zz" }, true))).toBe("RuntimeError: Unknown Network: 'zz'");
    expect(err(() => doc.encodeQuery({ ...base, instanceUuid: "nope" }, true))).toBe("RuntimeError: Unknown instance UUID: 'nope'");
  });

  it("sorts tokens as strings (a10 before a2)", () => {
    const t = new DnsEncoder(dnsTablesFromCorpus({ az_indices: { big: 10, small: 2 }, network_indices: { a: 1 } }));
    expect(t.encodeQuery({ ...base, azs: ["small", "big"] }, false)).toBe("q-a10a2s0.foobar.a.simple.bosh");
  });
});

describe("corpus-shaped tables (linkplate-api addresses)", () => {
  const t = new DnsEncoder(
    dnsTablesFromCorpus({
      az_indices: { z1: 1, z2: 2 },
      short_dns: false,
      service_groups: [
        ["instance-group", "postgres", "dep", 7],
        ["instance-group", "cache", "dep", 8],
        ["link", "conn-db", "dep", 9],
      ],
      network_indices: { default: 3 },
    }),
  );
  const pg: DnsQueryCriteria = { groupType: "instance-group", groupName: "postgres", deploymentName: "dep", defaultNetwork: "default", rootDomain: "bosh" };
  it("long, short and link-group names", () => {
    expect(t.encodeQuery({ ...pg, azs: ["z2", "z1"] }, false)).toBe("q-a1a2s0.postgres.default.dep.bosh");
    expect(t.encodeQuery({ ...pg, azs: ["z2"], initialHealthCheck: "asynchronous" }, false)).toBe("q-a2s0y0.postgres.default.dep.bosh");
    expect(t.encodeQuery({ ...pg, azs: ["z2", "z1"] }, true)).toBe("q-a1a2n3s0.q-g7.bosh");
    expect(t.encodeQuery({ ...pg, initialHealthCheck: "synchronous" }, true)).toBe("q-n3s0y1.q-g7.bosh");
    expect(t.encodeQuery({ ...pg, groupType: "link", groupName: "conn-db", azs: ["z1"], status: "all" }, false)).toBe("q-a1s4.conn-db.default.dep.bosh");
    expect(t.encodeQuery({ ...pg, groupType: "link", groupName: "conn-db" }, true)).toBe("q-n3s0.q-g9.bosh");
  });

  it("encode() takes evaluation-link's query shape; null short flag uses the table default", () => {
    const q = { azs: ["z1"], status: null, initialHealthCheck: null, uuid: null, groupName: "cache", groupType: "instance-group", defaultNetwork: "default", deploymentName: "dep", rootDomain: "bosh" };
    expect(t.encode(q, null)).toBe("q-a1s0.cache.default.dep.bosh");
    expect(t.encode(q, true)).toBe("q-a1n3s0.q-g8.bosh");
    expect(() => t.encode({ ...q, azs: ["z9"] }, null)).toThrow("Unknown AZ: 'z9'");
  });
});

describe("canonicalize", () => {
  it("follows Canonicalizer", () => {
    expect(canonicalize("first_deployment_node")).toBe("first-deployment-node");
    expect(canonicalize("My.Group_1")).toBe("mygroup-1");
    expect(canonicalize("My.Group_1", { allowDots: true })).toBe("my.group-1");
    expect(canonicalize("dynamic-network")).toBe("dynamic-network");
    expect(canonicalize("Ünïcode_x")).toBe("ncode-x");
    expect(canonicalize("")).toBe("");
    expect(err(() => canonicalize("-a"))).toContain("cannot start with a hyphen");
    expect(err(() => canonicalize("a_"))).toContain("cannot end with a hyphen");
    expect(err(() => canonicalize("!-a"))).toBe("Bosh::Director::DnsInvalidCanonicalName: Invalid DNS canonical name '-a', cannot start with a hyphen");
  });
});

describe("round trip through bosh-dns's slug grammar (a|i|s|m|n|y)([0-9]+)", () => {
  it("every slug parses back to the requested criteria", () => {
    const azNames = ["z1", "z2", "z3", "z10", "z11"];
    const t = new DnsEncoder(
      dnsTablesFromCorpus({
        az_indices: Object.fromEntries(azNames.map((n, i) => [n, [1, 2, 3, 10, 11][i]])),
        network_indices: { a: 4, b: 12 },
        instance_indices: { u1: 5, u2: 130 },
        service_groups: [["instance-group", "g", "d", 42]],
      }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...azNames), { maxLength: 4 }),
        fc.option(fc.constantFrom("healthy", "unhealthy", "all", "default", "x"), { nil: null }),
        fc.option(fc.constantFrom("synchronous", "asynchronous"), { nil: null }),
        fc.option(fc.constantFrom("u1", "u2"), { nil: null }),
        fc.constantFrom("a", "b"),
        fc.boolean(),
        (azs, status, hc, uuid, net, short) => {
          const out = t.encodeQuery({ groupType: "instance-group", groupName: "g", deploymentName: "d", defaultNetwork: net, rootDomain: "bosh", azs, status, initialHealthCheck: hc, instanceUuid: uuid }, short);
          const labels = out.split(".");
          if (!short && uuid) {
            expect(labels).toEqual([uuid, "g", net, "d", "bosh"]);
            return;
          }
          const slug = labels[0].replace(/^q-/, "");
          const parsed = [...slug.matchAll(/(a|i|s|m|n|y)([0-9]+)/g)];
          expect(parsed.map((m) => m[0]).join("")).toBe(slug);
          const got = (k: string) => parsed.filter((m) => m[1] === k).map((m) => Number(m[2]));
          expect(got("a").sort((x, y) => x - y)).toEqual(azs.map((z) => t.tables.azIndices.get(z)!).sort((x, y) => x - y));
          expect(got("s")).toEqual([new Map([["healthy", 3], ["unhealthy", 1], ["all", 4]]).get(status ?? "") ?? 0]);
          expect(got("y")).toEqual(hc ? [hc === "synchronous" ? 1 : 0] : []);
          expect(got("n")).toEqual(short ? [t.tables.networkIndices.get(net)!] : []);
          expect(got("m")).toEqual(short && uuid ? [t.tables.instanceIndices.get(uuid)!] : []);
          expect(labels.slice(1)).toEqual(short ? ["q-g42", "bosh"] : ["g", net, "d", "bosh"]);
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });
});
