/**
 * Ported from cloudfoundry/nats-release (commit daf67784): spec/nats-tls/monit_spec.rb,
 * spec/nats-tls/nats_tls_config_spec.rb, spec/nats-tls/migrator_config_spec.rb,
 * spec/nats/nats_config_spec.rb, spec/nats/migrator_config_spec.rb. Each example checks what the
 * RSpec example checks, against the templates in ../shared/corpus/nats-release read at test time,
 * and that the output (or error) equals the case recorded for that example.
 */
import lodash from "lodash";
import { beforeEach, describe, expect, it } from "vitest";
import { Link, LinkInstance, ReleaseDir } from "../../../src/testing/index.js";
import { HAVE_CORPUS, expectRecordedError, expectRecordedOutput, releasePath, yamlLoad } from "./helpers.js";

const R = "nats-release";

describe.skipIf(!HAVE_CORPUS)("nats-release: spec/nats-tls/monit_spec.rb", async () => {
  const release = HAVE_CORPUS ? await ReleaseDir.open(releasePath(R)) : null!;
  const template = () => release.job("nats-tls").monit();
  let props: { nats: { mem_limit: { alert: string; restart: string } } };
  beforeEach(() => {
    props = { nats: { mem_limit: { alert: "500 MB", restart: "3000 MB" } } };
  });

  it("defaults: renders the template with the provided manifest properties", () => {
    const out = template().render({});
    expect(out).toContain("if totalmem > 500 MB for 2 cycles then alert");
    expect(out).toContain("if totalmem > 3000 MB then restart");
    expectRecordedOutput(R, "spec/nats-tls/monit_spec.rb:28", out);
  });

  const alerts: Array<[string, number]> = [["100 B", 39], ["100 KB", 49], ["100 MB", 59], ["100 GB", 69], ["100 %", 79]];
  for (const [limit, line] of alerts) {
    it(`alert limits: set ${limit.split(" ")[1]} limit on alert`, () => {
      props.nats.mem_limit.alert = limit;
      const out = template().render(props);
      expect(out).toContain(`if totalmem > ${limit} for 2 cycles then alert`);
      expect(out).toContain("if totalmem > 3000 MB then restart");
      expectRecordedOutput(R, `spec/nats-tls/monit_spec.rb:${line}`, out);
    });
  }

  const restarts: Array<[string, number]> = [["100 B", 91], ["100 KB", 101], ["100 MB", 111], ["100 GB", 121], ["100 %", 131]];
  for (const [limit, line] of restarts) {
    it(`restart limits: set ${limit.split(" ")[1]} limit on restart`, () => {
      props.nats.mem_limit.restart = limit;
      const out = template().render(props);
      expect(out).toContain("if totalmem > 500 MB for 2 cycles then alert");
      expect(out).toContain(`if totalmem > ${limit} then restart`);
      expectRecordedOutput(R, `spec/nats-tls/monit_spec.rb:${line}`, out);
    });
  }

  const bad: Array<[string, "alert" | "restart", number]> = [
    ["100 potatoes", "alert", 143],
    ["mashed potatoes", "alert", 153],
    ["100 potatoes", "restart", 163],
    ["mashed potatoes", "restart", 173],
  ];
  for (const [value, which, line] of bad) {
    it(`errors: set ${value.startsWith("100") ? "bad" : "non-integer"} limit on ${which}`, () => {
      props.nats.mem_limit[which] = value;
      expect(() => template().render(props)).toThrow(new RegExp(`Bad 'nats.mem_limit.${which}' setting: ${value}. Format is: <number> B\\|KB\\|MB\\|GB\\|%`));
      expectRecordedError(R, `spec/nats-tls/monit_spec.rb:${line}`, () => template().render(props));
    });
  }
});

const TLS_CIPHERS = ["TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"];

describe.skipIf(!HAVE_CORPUS)("nats-release: spec/nats-tls/nats_tls_config_spec.rb", async () => {
  const release = HAVE_CORPUS ? await ReleaseDir.open(releasePath(R)) : null!;
  const job = () => release.job("nats-tls");
  const F = "spec/nats-tls/nats_tls_config_spec.rb";
  let props: Record<string, any>;
  let links: Link[];
  let expected: Record<string, any>;
  const spec = { address: "10.0.0.1" };
  const natsLink = (overrides: Record<string, unknown> = {}) =>
    new Link({
      name: "nats",
      instances: [new LinkInstance({ id: "meowmeowmeow" }), new LinkInstance({ id: "a-b-c-d" })],
      properties: { nats: { user: "my-user", password: "my-password", hostname: "my-host", port: 4222, cluster_port: 4223, http: "0.0.0.0:0", ...overrides } },
    });
  const tls = (dir: string) => ({
    ca_file: `/var/vcap/jobs/nats-tls/config/${dir}/ca.pem`,
    cert_file: `/var/vcap/jobs/nats-tls/config/${dir}/certificate.pem`,
    key_file: `/var/vcap/jobs/nats-tls/config/${dir}/private_key.pem`,
    cipher_suites: TLS_CIPHERS,
    curve_preferences: ["CurveP384"],
    timeout: 5,
    verify: true,
  });
  beforeEach(() => {
    props = {
      nats: {
        user: "my-user",
        password: "my-password",
        hostname: "my-host",
        port: 4222,
        cluster_port: 4223,
        authorization_timeout: 15,
        machines: null,
        no_advertise: false,
        debug: false,
        trace: false,
        http: "0.0.0.0:0",
        prof_port: 0,
        external: { tls: { ca: "external-tls-ca", certificate: "external-tls-cert", private_key: "external-tls-key" } },
        internal: { tls: { enabled: true, ca: "internal-tls-ca", certificate: "internal-tls-cert", private_key: "internal-tls-key" } },
        client: { tls: { certificate: "client-tls-cert", private_key: "client-tls-key" } },
      },
    };
    links = [natsLink()];
    expected = {
      net: "10.0.0.1",
      port: 4222,
      prof_port: 0,
      http: "0.0.0.0:0",
      write_deadline: "2s",
      debug: false,
      trace: false,
      logtime: true,
      authorization: { user: "my-user", password: "my-password", timeout: 15 },
      tls: tls("external_tls"),
      cluster: {
        no_advertise: false,
        host: "10.0.0.1",
        port: 4223,
        pool_size: -1,
        authorization: { user: "my-user", password: "my-password", timeout: 15 },
        tls: tls("internal_tls"),
        routes: ["nats-route://my-user:my-password@meowmeowmeow.my-host:4223", "nats-route://my-user:my-password@a-b-c-d.my-host:4223"],
      },
      no_sys_acc: true,
    };
  });
  const conf = () => job().template("config/nats-tls.conf");

  it("config/nats.conf: renders the template with the provided manifest properties", () => {
    const out = conf().render(props, { consumes: links, spec });
    expect(yamlLoad(out)).toEqual(expected);
    expectRecordedOutput(R, `${F}:147`, out);
  });

  it("when nats is disabled: does not include nats in the routes", () => {
    links = [natsLink({ password: "nats-password", hostname: "nats-host", disable: true })];
    expected.cluster.routes = [];
    const out = conf().render(props, { consumes: links, spec });
    expect(yamlLoad(out)).toEqual(expected);
    expectRecordedOutput(R, `${F}:175`, out);
  });

  it("nats machine ips are provided", () => {
    props.nats.machines = ["192.0.0.1", "198.5.4.3"];
    expected.cluster.routes = ["nats-route://my-user:my-password@192.0.0.1:4223", "nats-route://my-user:my-password@198.5.4.3:4223"];
    const out = conf().render(props, { consumes: links, spec });
    expect(yamlLoad(out)).toEqual(expected);
    expectRecordedOutput(R, `${F}:191`, out);
  });

  it("nats machine ips and nontls_cluster_port are provided", () => {
    props.nats.machines = ["192.0.0.1", "198.5.4.3"];
    props.nats.nontls_cluster_port = "4225";
    expected.cluster.routes = [
      "nats-route://my-user:my-password@192.0.0.1:4223",
      "nats-route://my-user:my-password@198.5.4.3:4223",
      "nats-route://my-user:my-password@192.0.0.1:4225",
      "nats-route://my-user:my-password@198.5.4.3:4225",
    ];
    const out = conf().render(props, { consumes: links, spec });
    expect(yamlLoad(out)).toEqual(expected);
    expectRecordedOutput(R, `${F}:209`, out);
  });

  it("password authentication is disabled", () => {
    props.nats.user = null;
    props.nats.password = null;
    delete expected.authorization;
    delete expected.cluster.authorization;
    const out = conf().render(props, { consumes: links, spec });
    expect(yamlLoad(out)).toEqual(expected);
    expectRecordedOutput(R, `${F}:223`, out);
  });

  it("password authentication is disabled due to auth_required = false", () => {
    props.nats.auth_required = false;
    delete expected.authorization;
    delete expected.cluster.authorization;
    const out = conf().render(props, { consumes: links, spec });
    expect(yamlLoad(out)).toEqual(expected);
    expectRecordedOutput(R, `${F}:236`, out);
  });

  const bpm = (auth: boolean) => ({
    processes: [
      {
        name: "nats-tls-wrapper",
        limits: { open_files: 100000 },
        executable: "/var/vcap/packages/nats-v2-migrate/bin/nats-wrapper",
        args: ["--config-file", "/var/vcap/jobs/nats-tls/config/migrator-config.json"],
      },
      {
        name: "healthcheck",
        executable: "/var/vcap/packages/nats-tls-healthcheck/bin/nats-tls-healthcheck",
        args: [
          "--address",
          "10.0.0.1",
          "--port",
          4222,
          "--server-ca",
          "/var/vcap/jobs/nats-tls/config/external_tls/ca.pem",
          "--server-hostname",
          "my-host",
          "--client-certificate",
          "/var/vcap/jobs/nats-tls/config/client_tls/certificate.pem",
          "--client-private-key",
          "/var/vcap/jobs/nats-tls/config/client_tls/private_key.pem",
          ...(auth ? ["--user", "my-user", "--password", "my-password"] : []),
        ],
      },
    ],
  });

  it("config/bpm.yml: renders the template with the provided manifest properties", () => {
    const out = job().template("config/bpm.yml").render(props, { consumes: links, spec });
    expect(yamlLoad(out)).toEqual(bpm(true));
    expectRecordedOutput(R, `${F}:246`, out);
  });

  it("config/bpm.yml: password authentication is disabled", () => {
    props.nats.user = null;
    props.nats.password = null;
    const out = job().template("config/bpm.yml").render(props, { consumes: links, spec });
    expect(yamlLoad(out)).toEqual(bpm(false));
    expectRecordedOutput(R, `${F}:292`, out);
  });

  it("config/client_tls/certificate.pem: renders the certificate correctly", () => {
    const out = job().template("config/client_tls/certificate.pem").render(props, { consumes: links, spec });
    expect(yamlLoad(out)).toBe("client-tls-cert");
    expectRecordedOutput(R, `${F}:333`, out);
  });

  it("config/client_tls/certificate.pem: fails with a meaningful error message without a certificate", () => {
    const without = lodash.cloneDeep(props);
    delete without.nats.client.tls.certificate;
    const t = job().template("config/client_tls/certificate.pem");
    expect(() => t.render(without, { consumes: links, spec })).toThrow(/nats.client.tls.certificate not provided in nats-tls job properties/);
    expectRecordedError(R, `${F}:345`, () => t.render(without, { consumes: links, spec }));
  });

  it("config/client_tls/private_key.pem: renders the private key correctly", () => {
    const out = job().template("config/client_tls/private_key.pem").render(props, { consumes: links, spec });
    expect(yamlLoad(out)).toBe("client-tls-key");
    expectRecordedOutput(R, `${F}:355`, out);
  });

  it("config/client_tls/private_key.pem: fails with a meaningful error message without a private key", () => {
    const without = lodash.cloneDeep(props);
    delete without.nats.client.tls.private_key;
    const t = job().template("config/client_tls/private_key.pem");
    expect(() => t.render(without, { consumes: links, spec })).toThrow(/nats.client.tls.private_key not provided in nats-tls job properties/);
    expectRecordedError(R, `${F}:367`, () => t.render(without, { consumes: links, spec }));
  });
});

describe.skipIf(!HAVE_CORPUS)("nats-release: spec/nats/nats_config_spec.rb", async () => {
  const release = HAVE_CORPUS ? await ReleaseDir.open(releasePath(R)) : null!;
  const F = "spec/nats/nats_config_spec.rb";
  let props: Record<string, any>;
  let expected: Record<string, any>;
  const spec = { address: "10.0.0.1" };
  const links = [
    new Link({
      name: "nats",
      instances: [new LinkInstance({ id: "meowmeowmeow" }), new LinkInstance({ id: "a-b-c-d" })],
      properties: { nats: { user: "my-user", password: "my-password", hostname: "my-host", port: 4222, cluster_port: 4223, http: "0.0.0.0:0" } },
    }),
  ];
  beforeEach(() => {
    props = {
      nats: {
        user: "my-user",
        password: "my-password",
        hostname: "my-host",
        port: 4222,
        cluster_port: 4223,
        authorization_timeout: 15,
        machines: null,
        no_advertise: true,
        debug: false,
        trace: false,
        http: "0.0.0.0:0",
        prof_port: 0,
        internal: { tls: { enabled: true, ca: "internal-tls-ca", certificate: "internal-tls-cert", private_key: "internal-tls-key" } },
      },
    };
    expected = {
      net: "10.0.0.1",
      port: 4222,
      prof_port: 0,
      http: "0.0.0.0:0",
      write_deadline: "2s",
      debug: false,
      trace: false,
      logtime: true,
      authorization: { user: "my-user", password: "my-password", timeout: 15 },
      cluster: {
        no_advertise: true,
        host: "10.0.0.1",
        port: 4223,
        authorization: { user: "my-user", password: "my-password", timeout: 15 },
        tls: {
          ca_file: "/var/vcap/jobs/nats/config/internal_tls/ca.pem",
          cert_file: "/var/vcap/jobs/nats/config/internal_tls/certificate.pem",
          key_file: "/var/vcap/jobs/nats/config/internal_tls/private_key.pem",
          cipher_suites: TLS_CIPHERS,
          curve_preferences: ["CurveP384"],
          timeout: 5,
          verify: true,
        },
        routes: ["nats-route://my-user:my-password@meowmeowmeow.my-host:4223", "nats-route://my-user:my-password@a-b-c-d.my-host:4223"],
      },
      no_sys_acc: true,
    };
  });
  const conf = () => release.job("nats").template("config/nats.conf");

  it("config/nats.conf: renders the template with the provided manifest properties", () => {
    const out = conf().render(props, { consumes: links, spec });
    expect(yamlLoad(out)).toEqual(expected);
    expectRecordedOutput(R, `${F}:118`, out);
  });

  it("nats machine ips are provided", () => {
    props.nats.machines = ["192.0.0.1", "198.5.4.3"];
    expected.cluster.routes = ["nats-route://my-user:my-password@192.0.0.1:4223", "nats-route://my-user:my-password@198.5.4.3:4223"];
    const out = conf().render(props, { consumes: links, spec });
    expect(yamlLoad(out)).toEqual(expected);
    expectRecordedOutput(R, `${F}:133`, out);
  });

  it("nats machine ips and tls_cluster_port are provided", () => {
    props.nats.machines = ["192.0.0.1", "198.5.4.3"];
    props.nats.tls_cluster_port = "4225";
    expected.cluster.routes = [
      "nats-route://my-user:my-password@192.0.0.1:4223",
      "nats-route://my-user:my-password@198.5.4.3:4223",
      "nats-route://my-user:my-password@192.0.0.1:4225",
      "nats-route://my-user:my-password@198.5.4.3:4225",
    ];
    const out = conf().render(props, { consumes: links, spec });
    expect(yamlLoad(out)).toEqual(expected);
    expectRecordedOutput(R, `${F}:152`, out);
  });
});

describe.skipIf(!HAVE_CORPUS)("nats-release: spec/*/migrator_config_spec.rb", async () => {
  const release = HAVE_CORPUS ? await ReleaseDir.open(releasePath(R)) : null!;
  const spec = { bootstrap: true, id: "bbc790" };
  const links = (name: string, port: number) => [
    new Link({
      name,
      instances: [new LinkInstance({ id: "abc1234" }), new LinkInstance({ id: "def456" }), new LinkInstance({ id: "bbc790" })],
      properties: { nats: { hostname: "nats.service.cf.internal", port } },
    }),
  ];
  const props = { nats: { internal: { tls: { enabled: true } } } };

  it("nats-tls job: config/migrator-config.json", () => {
    const out = release.job("nats-tls").template("config/migrator-config.json").render(props, { consumes: links("nats-tls", 4224), spec });
    expect(out).toContain(`{
    "bootstrap": true,
    "address": "bbc790.nats.service.cf.internal",
    "nats_instances": [ "abc1234.nats.service.cf.internal:4224", "def456.nats.service.cf.internal:4224", "bbc790.nats.service.cf.internal:4224" ],
    "nats_port": 4224,
    "nats_migrate_port": 4243,
    "nats_v1_bin_path": "/var/vcap/packages/gnatsd/bin/gnatsd",
    "nats_v2_bin_path": "/var/vcap/packages/nats-server/bin/nats-server",
    "nats_config_path": "/var/vcap/jobs/nats-tls/config/nats-tls.conf",
    "nats_migrate_servers": [ "https://abc1234.nats.service.cf.internal:4243", "https://def456.nats.service.cf.internal:4243", "https://bbc790.nats.service.cf.internal:4243" ],
    "nats_internal_tls_enabled": true,`);
    expectRecordedOutput(R, "spec/nats-tls/migrator_config_spec.rb:56", out);
  });

  it("nats job: config/migrator-config.json", () => {
    const out = release.job("nats").template("config/migrator-config.json").render(props, { consumes: links("nats", 4222), spec });
    expect(out).toContain(`"nats_instances": [ "abc1234.nats.service.cf.internal:4222", "def456.nats.service.cf.internal:4222", "bbc790.nats.service.cf.internal:4222" ],
    "nats_port": 4222,
    "nats_migrate_port": 4242,`);
    expect(out).toContain(`"nats_config_path": "/var/vcap/jobs/nats/config/nats.conf"`);
    expectRecordedOutput(R, "spec/nats/migrator_config_spec.rb:56", out);
  });
});
