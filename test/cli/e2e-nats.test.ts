/**
 * A release modelled on nats-release (test/fixtures/nats-like: its own final_name, an example
 * manifest with addons, ((variables)), ops files and an errand) rendered end to end by the CLI as
 * a user runs it: a spawned `linkplate render-deployment` with -o, -l, -v, --cloud-config and
 * --skip-release.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";

const ROOT = new URL("../../", import.meta.url).pathname;
const FIX = join(ROOT, "test/fixtures/nats-like");

function linkplate(args: string[]) {
  return spawnSync(process.execPath, ["--import", import.meta.resolve("tsx"), join(ROOT, "src/cli/main.ts"), ...args], { cwd: FIX, encoding: "utf8", timeout: 120_000 });
}

const BASE = ["render-deployment", "example-manifests/nats.yml", "--release", ".", "--release", "../bpm-like", "--skip-release", "bosh-dns-aliases"];

describe("the nats-like release's example manifest", () => {
  test("renders with an ops file, a vars file, -v and a cloud config", () => {
    const out = join(mkdtempSync(join(tmpdir(), "lp-nats-")), "out");
    const r = linkplate([...BASE, "-o", "example-manifests/ops-files/scale-to-three.yml", "-l", "example-manifests/vars.yml", "-v", "nats_password=s3cret", "--cloud-config", "example-manifests/cloud-config.yml", "--out", out]);
    expect(r.stderr).toBe("warning: example-manifests/nats.yml: jobs of release 'bosh-dns-aliases' left out (--skip-release)\n");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`rendered 23 file(s) of deployment 'nats' into ${out}\n`);
    // three instances (ops file), IPs from the z1 subnet after its reserved range, TLS on (vars file)
    expect(readFileSync(join(out, "nats/2/nats/config/nats.conf"), "utf8")).toBe(
      `net: "10.244.0.12"
port: 4222
debug: false

authorization {
  user: "nats"
  password: "s3cret"
}

cluster {
  host: "10.244.0.12"
  port: 4223
  tls {
    ca_file: "/var/vcap/jobs/nats/config/tls/ca.pem"
    cert_file: "/var/vcap/jobs/nats/config/tls/certificate.pem"
  }
  routes = [
    nats-route://nats:s3cret@10.244.0.10:4223
    nats-route://nats:s3cret@10.244.0.11:4223
    nats-route://nats:s3cret@10.244.0.12:4223
  ]
}
`,
    );
    expect(readFileSync(join(out, "nats-smoke-tests/0/smoke-tests/bin/run"), "utf8")).toContain('SERVERS="nats://10.244.0.10:4222,nats://10.244.0.11:4222,nats://10.244.0.12:4222"');
    expect(readFileSync(join(out, "nats/0/nats/config/tls/ca.pem"), "utf8")).toBe("-----BEGIN CERTIFICATE-----\nfixture-ca\n-----END CERTIFICATE-----\n");
    // the bpm addon (include: stemcell ubuntu-jammy) lands on both instance groups, with its own defaults
    expect(readFileSync(join(out, "nats-smoke-tests/0/bpm/bin/bpm"), "utf8")).toContain("# bpm helper for nats/nats-smoke-tests/0 (log level info)");
  }, 150_000);

  test("missing ((variables)) are listed, or rendered as text with --allow-unresolved", () => {
    const out = join(mkdtempSync(join(tmpdir(), "lp-nats-")), "out");
    let r = linkplate([...BASE, "-o", "example-manifests/ops-files/disable-tls.yml", "-v", "nats_az=z1", "--out", out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("example-manifests/nats.yml: variables not found: ((nats_password)), ((nats_vm_type)). Give them with -v NAME=VALUE, -l FILE");
    r = linkplate([...BASE, "-o", "example-manifests/ops-files/disable-tls.yml", "-v", "nats_az=z1", "--allow-unresolved", "--out", out]);
    expect(r.status).toBe(0);
    const conf = readFileSync(join(out, "nats/1/nats/config/nats.conf"), "utf8");
    expect(conf).toContain('password: "((nats_password))"');
    expect(conf).not.toContain("tls {");
  }, 150_000);

  test("--vars-store generates the manifest's password variable and the templates use it", () => {
    const dir = mkdtempSync(join(tmpdir(), "lp-nats-"));
    const store = join(dir, "store.yml");
    const r = linkplate([...BASE, "-l", "example-manifests/vars.yml", "--vars-store", store, "--out", join(dir, "out")]);
    expect(r.status).toBe(0);
    const m = /^nats_password: (\S+)\n$/.exec(readFileSync(store, "utf8"));
    expect(m).not.toBeNull();
    expect(readFileSync(join(dir, "out/nats/1/nats/config/nats.conf"), "utf8")).toContain(`password: "${m![1]}"`);
  }, 150_000);
});
