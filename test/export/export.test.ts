/** serviceLinkEnv / serviceLinkHosts and the text formats on hand-written link graphs. */
import { describe, expect, it } from "vitest";
import { loadLinkGraph } from "../../src/links/index.js";
import { ServiceLinkError, formatCompose, formatEnv, formatHosts, formatJson, formatZone, serviceLinkEnv, serviceLinkHosts, shellQuote, type ServiceLinkOptions } from "../../src/export/index.js";

/** A graph with a provider group `srv` (instances at 10.0.0.1.., AZs optional) and a consumer `cli` whose job `app` has `links`. */
function graph(links: string, opts: { azs?: string[]; extraJobs?: string } = {}): ReturnType<typeof loadLinkGraph> {
  const azs = opts.azs ?? [];
  const insts = (azs.length ? azs : [null, null]).map((az, i) => `    - {index: ${i}, ips: {default: 10.0.0.${i + 1}}${az ? `, az: ${az}` : ""}}`).join("\n");
  const text = `linkplate_graph: 1
deployment: dep
instance_groups:
- name: srv
  instances:
${insts}
  jobs: [{name: server}]
- name: cli
  instances: 2
  jobs:
  - name: app
    links:
${links.replace(/^/gm, "      ")}
${opts.extraJobs ?? ""}
`;
  return loadLinkGraph(text, "graph.yml");
}

const env = (g: ReturnType<typeof graph>, o: Partial<ServiceLinkOptions> = {}) => Object.fromEntries(serviceLinkEnv(g, { group: "cli", index: 0, ...o }).map((v) => [v.name, v.value]));

function thrown(f: () => unknown): ServiceLinkError {
  try {
    f();
  } catch (e) {
    if (e instanceof ServiceLinkError) return e;
    throw e;
  }
  throw new Error("expected a ServiceLinkError");
}

describe("names", () => {
  it("prefix from the consumer link name: upper-case, '-' and other characters to '_', leading digit guarded", () => {
    const g = graph(`proxied-http: {instance_group: srv, properties: {}}\n2nd.db: {instance_group: srv, properties: {}}\nprimary_db: {instance_group: srv, properties: {port: 5432}}`);
    const names = Object.keys(env(g));
    expect(names.filter((n) => n.startsWith("PRIMARY_DB_1_"))).toEqual(["PRIMARY_DB_1_ENV_PORT", "PRIMARY_DB_1_PORT", "PRIMARY_DB_1_PORT_5432_TCP", "PRIMARY_DB_1_PORT_5432_TCP_ADDR", "PRIMARY_DB_1_PORT_5432_TCP_PORT", "PRIMARY_DB_1_PORT_5432_TCP_PROTO"]);
    // No ports and no properties: nothing in the environment, but host names.
    expect(names.some((n) => n.startsWith("PROXIED_HTTP") || n.startsWith("_2ND"))).toBe(false);
    expect(serviceLinkHosts(g, { group: "cli", index: 0 }).map((h) => h.name)).toEqual(["2nddb", "2nddb-1", "2nddb-2", "primary-db", "primary-db-1", "primary-db-2", "proxied-http", "proxied-http-1", "proxied-http-2"]);
  });

  it("a leading digit gets '_' in front; property keys keep digits and map other characters", () => {
    const g = graph(`2nd.db: {instance_group: srv, properties: {name_space: {prop-a: x, "9lives": y}}}`);
    expect(env(g)).toEqual({ _2ND_DB_1_ENV_NAME_SPACE_PROP_A: "x", _2ND_DB_1_ENV_NAME_SPACE_9LIVES: "y", _2ND_DB_2_ENV_NAME_SPACE_PROP_A: "x", _2ND_DB_2_ENV_NAME_SPACE_9LIVES: "y" });
  });
});

describe("ports", () => {
  it("finds integer and decimal-string leaves named port or *_port; ignores floats, zero, out-of-range and other keys", () => {
    const g = graph(`db: {instance_group: srv, properties: {port: 5432, tls: {tls_port: "5433"}, admin_port: 0, big_port: 70000, f_port: 80.0, ports: [1, 2], sport: 9, lead_port: "080"}}`);
    const e = env(g);
    expect(Object.keys(e).filter((n) => /^DB_1_PORT_\d+_TCP$/.test(n))).toEqual(["DB_1_PORT_5432_TCP", "DB_1_PORT_5433_TCP"]);
    expect(e.DB_1_PORT).toBe("tcp://10.0.0.1:5432");
  });

  it("Docker's order and ranges: tcp first then by number, consecutive ports give _START/_END under the first port", () => {
    const g = graph(`db: {instance_group: srv, properties: {}}`);
    const e = env(g, { ports: { db: ["53/udp", 8001, "8000", { port: 8002, protocol: "TCP" }, 9000, "54/udp", "8000/tcp"] } });
    const one = Object.entries(e).filter(([n]) => n.startsWith("DB_1_"));
    expect(one).toEqual([
      ["DB_1_PORT", "tcp://10.0.0.1:8000"],
      ["DB_1_PORT_53_UDP", "udp://10.0.0.1:53"],
      ["DB_1_PORT_53_UDP_ADDR", "10.0.0.1"],
      ["DB_1_PORT_53_UDP_END", "udp://10.0.0.1:54"],
      ["DB_1_PORT_53_UDP_PORT", "53"],
      ["DB_1_PORT_53_UDP_PORT_END", "54"],
      ["DB_1_PORT_53_UDP_PORT_START", "53"],
      ["DB_1_PORT_53_UDP_PROTO", "udp"],
      ["DB_1_PORT_53_UDP_START", "udp://10.0.0.1:53"],
      ["DB_1_PORT_54_UDP", "udp://10.0.0.1:54"],
      ["DB_1_PORT_54_UDP_ADDR", "10.0.0.1"],
      ["DB_1_PORT_54_UDP_PORT", "54"],
      ["DB_1_PORT_54_UDP_PROTO", "udp"],
      ["DB_1_PORT_8000_TCP", "tcp://10.0.0.1:8000"],
      ["DB_1_PORT_8000_TCP_ADDR", "10.0.0.1"],
      ["DB_1_PORT_8000_TCP_END", "tcp://10.0.0.1:8002"],
      ["DB_1_PORT_8000_TCP_PORT", "8000"],
      ["DB_1_PORT_8000_TCP_PORT_END", "8002"],
      ["DB_1_PORT_8000_TCP_PORT_START", "8000"],
      ["DB_1_PORT_8000_TCP_PROTO", "tcp"],
      ["DB_1_PORT_8000_TCP_START", "tcp://10.0.0.1:8000"],
      ["DB_1_PORT_8001_TCP", "tcp://10.0.0.1:8001"],
      ["DB_1_PORT_8001_TCP_ADDR", "10.0.0.1"],
      ["DB_1_PORT_8001_TCP_PORT", "8001"],
      ["DB_1_PORT_8001_TCP_PROTO", "tcp"],
      ["DB_1_PORT_8002_TCP", "tcp://10.0.0.1:8002"],
      ["DB_1_PORT_8002_TCP_ADDR", "10.0.0.1"],
      ["DB_1_PORT_8002_TCP_PORT", "8002"],
      ["DB_1_PORT_8002_TCP_PROTO", "tcp"],
      ["DB_1_PORT_9000_TCP", "tcp://10.0.0.1:9000"],
      ["DB_1_PORT_9000_TCP_ADDR", "10.0.0.1"],
      ["DB_1_PORT_9000_TCP_PORT", "9000"],
      ["DB_1_PORT_9000_TCP_PROTO", "tcp"],
    ]);
  });

  it("given ports replace the properties' ports (an empty list means none); bad ports and unknown links are refused", () => {
    const g = graph(`db: {instance_group: srv, properties: {port: 5432}}`);
    expect(Object.keys(env(g, { ports: new Map([["db", []]]) }))).toEqual(["DB_1_ENV_PORT", "DB_2_ENV_PORT"]);
    const bad = thrown(() => env(g, { ports: { db: ["99999"] } }));
    expect([bad.code, bad.message]).toEqual(["bad-port", `invalid port "99999" for link 'db': expected PORT or PORT/PROTOCOL, PORT in 1-65535 and PROTOCOL tcp, udp or sctp`]);
    expect(thrown(() => env(g, { ports: { db: ["80/icmp"] } })).code).toBe("bad-port");
    const unknown = thrown(() => env(g, { ports: { dbx: [80] } }));
    expect([unknown.code, unknown.message, unknown.available]).toEqual(["unknown-link", "ports given for link 'dbx', which cli/0 does not consume; consumed links: db", ["db"]]);
  });
});

describe("cascading ENV values (Ruby data as JSON.dump writes it, literals from Ruby 4.0)", () => {
  it("strings verbatim, numbers/booleans/lists/maps as JSON, nil skipped, empty map kept", () => {
    const g = graph(`db: {instance_group: srv, properties: {s: "a b", sym: :x, i: 3, big: 1180591620717411303424, f: 1.0, e: 1.0e+20, tiny: 1.5e-7, neg: -0.0, t: true, n: null, l: [1, "x", null, 2.5], m: {}, h: {k: {1: 2, 1.5: 3}}, nan: .nan, inf: -.inf}}`);
    const e = Object.fromEntries(Object.entries(env(g)).filter(([k]) => k.startsWith("DB_1_")).map(([k, v]) => [k.slice("DB_1_ENV_".length), v]));
    expect(e).toEqual({
      S: "a b",
      SYM: "x",
      I: "3",
      BIG: "1180591620717411303424",
      F: "1.0",
      E: "1e+20",
      TINY: "0.00000015",
      NEG: "-0.0",
      T: "true",
      L: '[1,"x",null,2.5]',
      M: "{}",
      H_K_1: "2",
      H_K_1_5: "3",
      NAN: "NaN",
      INF: "-Infinity",
    });
  });

  it("map values inside lists are compact JSON with to_s keys", () => {
    const g = graph(`db: {instance_group: srv, properties: {l: [{1: 2, null: 3, 1.0e+20: "a\\u0001\\"/"}]}}`);
    expect(env(g).DB_1_ENV_L).toBe('[{"1":2,"":3,"1.0e+20":"a\\u0001\\"/"}]');
  });

  it("two properties exporting one name with different values are refused", () => {
    const g = graph(`db: {instance_group: srv, properties: {a_b: 1, a: {b: 2}}}`);
    const e = thrown(() => env(g));
    expect([e.code, e.message]).toEqual(["conflict", `DB_1_ENV_A_B would be exported twice with different values: from link 'db' property a_b ("1") and from link 'db' property a.b ("2")`]);
  });
});

describe("instances, addresses and AZs", () => {
  it("manual links: instances without index are numbered by position; DNS names are aliases; no address means no container", () => {
    const g = graph(`ext:\n  properties: {port: 443}\n  instances:\n  - {address: a.example.com}\n  - {address: 192.168.1.9}\n  - {name: x}\n  - {address: "fd00::1"}`);
    const e = env(g);
    expect(e.EXT_1_PORT).toBe("tcp://a.example.com:443");
    expect(e.EXT_2_PORT).toBe("tcp://192.168.1.9:443");
    expect(e.EXT_3_PORT).toBeUndefined();
    expect(e.EXT_4_PORT).toBe("tcp://fd00::1:443");
    const hosts = serviceLinkHosts(g, { group: "cli", index: 0 });
    expect(hosts).toEqual([
      { name: "ext", link: "ext", kind: "all", addresses: ["192.168.1.9", "fd00::1"], aliases: ["a.example.com"] },
      { name: "ext-1", link: "ext", kind: "instance", addresses: [], aliases: ["a.example.com"] },
      { name: "ext-2", link: "ext", kind: "instance", addresses: ["192.168.1.9"], aliases: [] },
      { name: "ext-4", link: "ext", kind: "instance", addresses: ["fd00::1"], aliases: [] },
    ]);
    expect(formatZone(hosts)).toBe(
      "ext IN A 192.168.1.9\next IN AAAA fd00::1\n; ext also stands for a.example.com.: a name with several targets cannot be a CNAME\next-1 IN CNAME a.example.com.\next-2 IN A 192.168.1.9\next-4 IN AAAA fd00::1\n",
    );
    expect(formatHosts(hosts)).toBe("192.168.1.9 ext ext-2\nfd00::1 ext ext-4\n# ext is an alias of a.example.com (DNS names: resolve them through BOSH DNS)\n# ext-1 is an alias of a.example.com (DNS names: resolve them through BOSH DNS)\n");
  });

  it("container number is index + 1 (gaps kept), whatever the link order", () => {
    const g = graph(`db:\n  properties: {port: 1}\n  instances:\n  - {index: 4, address: 10.9.9.5}\n  - {index: 0, address: 10.9.9.1}`);
    expect(Object.keys(env(g)).filter((k) => k.endsWith("_PORT") && k.split("_").length === 3)).toEqual(["DB_1_PORT", "DB_5_PORT"]);
    expect(serviceLinkHosts(g, { group: "cli", index: 0 }).map((h) => [h.name, h.addresses.join(" ")])).toEqual([["db", "10.9.9.1 10.9.9.5"], ["db-1", "10.9.9.1"], ["db-5", "10.9.9.5"]]);
  });

  it("AZ-filtered variants: <ALIAS>_AZ_<AZ>_ADDRS and <label>-az-<az>", () => {
    const g = graph(`db: {instance_group: srv, properties: {}}`, { azs: ["z1", "z2", "z1"] });
    expect(env(g)).toEqual({ DB_AZ_Z1_ADDRS: "10.0.0.1 10.0.0.3", DB_AZ_Z2_ADDRS: "10.0.0.2" });
    expect(serviceLinkHosts(g, { group: "cli", index: 1 }).map((h) => `${h.kind} ${h.name} ${h.addresses.join(",")}`)).toEqual([
      "all db 10.0.0.1,10.0.0.2,10.0.0.3",
      "instance db-1 10.0.0.1",
      "instance db-2 10.0.0.2",
      "instance db-3 10.0.0.3",
      "az db-az-z1 10.0.0.1,10.0.0.3",
      "az db-az-z2 10.0.0.2",
    ]);
  });

  it("links without instances (disk links) export nothing", () => {
    const g = graph(`disk: {properties: {name: data}, instances: []}`);
    expect(env(g)).toEqual({});
    expect(serviceLinkHosts(g, { group: "cli", index: 0 })).toEqual([]);
  });
});

describe("consumer selection and errors", () => {
  const extra = `  - name: other\n    links:\n      db: {instance_group: cli, properties: {}}\n      web: {instance_group: srv, properties: {port: 80}}`;
  it("every job's links by default, one job's with job:", () => {
    const g = graph(`web: {instance_group: srv, properties: {port: 80}}`, { extraJobs: extra });
    expect(Object.keys(env(g, { job: "other" })).filter((k) => k.startsWith("DB_1_PORT") || k === "WEB_1_PORT")).toEqual(["WEB_1_PORT"]);
    expect(serviceLinkHosts(g, { group: "cli", index: 0 }).map((h) => h.name)).toEqual(["db", "db-1", "db-2", "web", "web-1", "web-2"]);
    expect(serviceLinkHosts(g, { group: "cli", index: 0, job: "app" }).map((h) => h.name)).toEqual(["web", "web-1", "web-2"]);
  });

  it("two jobs consuming one name from different providers are refused", () => {
    const g = graph(`db: {instance_group: srv, properties: {}}`, { extraJobs: extra });
    const e = thrown(() => env(g));
    expect([e.code, e.message]).toEqual(["conflict", "jobs 'app' and 'other' of instance group 'cli' both consume a link named 'db', with different contents; export one job at a time (job: 'app', or --job app)"]);
  });

  it("unknown group, index out of range and unknown job name what exists", () => {
    const g = graph(`db: {instance_group: srv, properties: {}}`);
    const cases: Array<[Partial<ServiceLinkOptions>, string, string, string[]]> = [
      [{ group: "nope" }, "unknown-group", "deployment 'dep' has no instance group 'nope'; instance groups: srv, cli", ["srv", "cli"]],
      [{ index: 2 }, "unknown-index", "instance group 'cli' has no instance with index 2; indexes: 0, 1", ["0", "1"]],
      [{ job: "x" }, "unknown-job", "instance group 'cli' has no job 'x'; jobs: app", ["app"]],
    ];
    for (const [o, code, message, available] of cases) {
      const e = thrown(() => serviceLinkEnv(g, { group: "cli", index: 0, ...o }));
      expect([e.code, e.message, e.available]).toEqual([code, message, available]);
      expect(thrown(() => serviceLinkHosts(g, { group: "cli", index: 0, ...o })).message).toBe(message);
    }
  });

  it("host names claimed by two links with different addresses are refused", () => {
    const g = graph(`web: {instance_group: srv, properties: {}}\nweb_1: {instances: [{address: 10.1.1.1}]}`);
    const e = thrown(() => serviceLinkHosts(g, { group: "cli", index: 0 }));
    expect([e.code, e.message]).toEqual(["conflict", "host name 'web-1' would resolve differently for link 'web' (10.0.0.1) and link 'web_1' (10.1.1.1)"]);
  });

  it("flavour options are checked", () => {
    const g = graph(`db: {instance_group: srv, properties: {}}`);
    expect(thrown(() => env(g, { flavor: "tutum" })).message).toBe("the 'tutum' flavour needs the API base URL (tutumApiUrl, --api-url), e.g. https://dashboard.tutum.co/api/v1");
    expect(thrown(() => env(g, { flavor: "tutum", tutumApiUrl: "dashboard/api" })).message).toBe("the API base URL 'dashboard/api' is not an absolute URL");
    expect(thrown(() => env(g, { tutumApiUrl: "https://x" })).message).toBe("an API base URL only applies to the 'tutum' flavour");
    expect(thrown(() => env(g, { flavor: "docker" as never })).code).toBe("flavor");
  });

  it("tutum: manual links get no <ALIAS>_TUTUM_API_URL; the base URL's trailing slashes are dropped", () => {
    const g = graph(`ext: {instances: [{address: 10.1.1.1}]}\ndb: {instance_group: srv, properties: {}}`);
    const e = env(g, { index: 1, flavor: "tutum", tutumApiUrl: "http://api.local/v1//" });
    const id = g.data.instanceGroups[1].instances[1].id;
    expect(e).toEqual({ DB_TUTUM_API_URL: "http://api.local/v1/service/dep/srv/", TUTUM_CONTAINER_API_URL: `http://api.local/v1/container/${id}/`, TUTUM_CONTAINER_HOSTNAME: "cli-2", TUTUM_SERVICE_API_URL: "http://api.local/v1/service/dep/cli/" });
  });
});

describe("formats", () => {
  it("shell quoting only where needed", () => {
    expect(["tcp://1.2.3.4:80", "/login", "a b", "", "it's", "$HOME", "~x", "a\nb", "x=y,z@%+"].map(shellQuote)).toEqual(["tcp://1.2.3.4:80", "/login", "'a b'", "''", "'it'\\''s'", "'$HOME'", "'~x'", "'a\nb'", "x=y,z@%+"]);
  });

  it("env, json and compose of variables with awkward values", () => {
    const vars = [
      { name: "A", value: "it's $5", link: "a" },
      { name: "B", value: "plain", link: "a" },
    ];
    expect(formatEnv(vars)).toBe("A='it'\\''s $5'\nB=plain\n");
    expect(JSON.parse(formatJson(vars))).toEqual({ A: "it's $5", B: "plain" });
    expect(formatJson([])).toBe("{}\n");
    const hosts = [{ name: "a", link: "a", kind: "all" as const, addresses: ["10.0.0.1"], aliases: ["x.bosh"] }];
    expect(formatCompose("yes", vars, hosts)).toBe('services:\n  "yes":\n    environment:\n      A: "it\'s $$5"\n      B: "plain"\n    extra_hosts:\n      - "a:10.0.0.1"\n    # a is an alias of x.bosh (DNS names: resolve them through BOSH DNS)\n');
    expect(formatCompose("web", [], [])).toBe("services:\n  web:\n    environment: {}\n    extra_hosts: []\n");
  });
});
