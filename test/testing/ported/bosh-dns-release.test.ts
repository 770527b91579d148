/**
 * Ported from cloudfoundry/bosh-dns-release (commit 3b7179cd): spec/jobs/bosh-dns_spec.rb. Each
 * example checks what the RSpec example checks, against the templates in
 * ../shared/corpus/bosh-dns-release read at test time, and that the output equals the case
 * recorded for that example (examples sharing one `let(:rendered)` share its recorded render).
 */
import { describe, expect, it } from "vitest";
import { ReleaseDir } from "../../../src/testing/index.js";
import { HAVE_CORPUS, expectRecordedOutput, releasePath, yamlLoad } from "./helpers.js";

const R = "bosh-dns-release";
const F = "spec/jobs/bosh-dns_spec.rb";

describe.skipIf(!HAVE_CORPUS)("bosh-dns-release: spec/jobs/bosh-dns_spec.rb", async () => {
  const release = HAVE_CORPUS ? await ReleaseDir.open(releasePath(R)) : null!;
  const job = () => release.job("bosh-dns");
  const render = (rendered: string, props: Record<string, unknown>, line: number) => {
    const out = job().template(rendered).render(props);
    expectRecordedOutput(R, `${F}:${line}`, out);
    return out;
  };
  const jammy = { override_nameserver: true, configure_systemd_resolved: false };
  const noble = { override_nameserver: false, configure_systemd_resolved: true };
  const neither = { override_nameserver: false, configure_systemd_resolved: false };

  describe("bin/is-system-resolver", () => {
    it("on Jammy (override_nameserver: true): exits 0 so callers know to wait for bosh-dns", () => {
      expect(render("bin/is-system-resolver", jammy, 21)).toContain("exit 0");
    });
    it("on Noble (configure_systemd_resolved: true): exits 0 so callers wait for bosh-dns to integrate with systemd-resolved", () => {
      expect(render("bin/is-system-resolver", noble, 29)).toContain("exit 0");
    });
    it("when bosh-dns is not acting as any kind of system resolver: exits 1 so callers skip the wait", () => {
      expect(render("bin/is-system-resolver", neither, 37)).toContain("exit 1");
    });
  });

  describe("bin/wait", () => {
    const count = (s: string) => s.split("bosh-dns-wait").length - 1;
    it("on Jammy: checks bosh-dns directly and also via the system resolver", () => {
      expect(count(render("bin/wait", jammy, 49))).toBe(2);
    });
    it("on Noble: checks bosh-dns directly and also via the system resolver", () => {
      expect(count(render("bin/wait", noble, 57))).toBe(2);
    });
    it("when bosh-dns is not the system resolver: only checks bosh-dns directly", () => {
      expect(count(render("bin/wait", neither, 65))).toBe(1);
    });
  });

  describe("config/bpm.yml", () => {
    type Bpm = { processes: Array<Record<string, any>> };
    const bpm = (props: Record<string, unknown>, line: number) => yamlLoad(render("config/bpm.yml", props, line)) as Bpm;
    const named = (b: Bpm, name: string) => b.processes.find((p) => p.name === name);

    describe("with default properties (health disabled)", () => {
      it("defines the bosh-dns process running the bosh-dns binary", () => {
        const dns = named(bpm({}, 85), "bosh-dns");
        expect(dns).toBeDefined();
        expect(dns!.executable).toBe("/var/vcap/packages/bosh-dns/bin/bosh-dns");
      });
      it("passes the absolute config path so the daemon does not depend on cwd", () => {
        expect(named(bpm({}, 85), "bosh-dns")!.args).toEqual(["--config", "/var/vcap/jobs/bosh-dns/config/config.json"]);
      });
      it("grants NET_BIND_SERVICE so it can bind :53 as vcap", () => {
        expect(named(bpm({}, 85), "bosh-dns")!.capabilities).toContain("NET_BIND_SERVICE");
      });
      it("preserves the bosh-dns open_files limit of 65536", () => {
        expect(named(bpm({}, 85), "bosh-dns")!.limits.open_files).toBe(65536);
      });
      it("does not define the health process when health is disabled", () => {
        const b = bpm({}, 85);
        expect(named(b, "bosh-dns-health")).toBeUndefined();
        expect(b.processes).toHaveLength(1);
      });
    });

    describe("when health.enabled is true", () => {
      it("defines the bosh-dns-health process with the absolute config arg", () => {
        const health = named(bpm({ health: { enabled: true } }, 115), "bosh-dns-health");
        expect(health).toBeDefined();
        expect(health!.executable).toBe("/var/vcap/packages/bosh-dns/bin/bosh-dns-health");
        expect(health!.args).toEqual(["/var/vcap/jobs/bosh-dns/config/health_server_config.json"]);
      });
      it("preserves the health server open_files limit of 4096", () => {
        expect(named(bpm({ health: { enabled: true } }, 115), "bosh-dns-health")!.limits.open_files).toBe(4096);
      });
    });
  });

  describe("bin/pre-start", () => {
    it("use_bpm false: starts bosh-dns via the ctl script so DNS is available during other jobs' pre-starts", () => {
      const out = render("bin/pre-start", {}, 133);
      expect(out).toContain("/var/vcap/jobs/bosh-dns/bin/bosh_dns_ctl start");
      expect(out).not.toContain("bpm start bosh-dns");
    });
    it("use_bpm false, health enabled: starts the health process via ctl before bosh-dns", () => {
      const out = render("bin/pre-start", { health: { enabled: true } }, 140);
      expect(out).toMatch(/bosh_dns_health_ctl start[^]*bosh_dns_ctl start/);
      expect(out).not.toContain("bpm start");
    });
    it("use_bpm false, health disabled: does not start the health process", () => {
      const out = render("bin/pre-start", {}, 133);
      expect(out).not.toContain("bosh-dns-health");
      expect(out).not.toContain("bosh_dns_health_ctl");
    });
    it("use_bpm true: starts bosh-dns via bpm", () => {
      const out = render("bin/pre-start", { use_bpm: true }, 157);
      expect(out).toContain("/var/vcap/jobs/bpm/bin/bpm start bosh-dns");
      expect(out).not.toContain("bosh_dns_ctl start");
    });
    it("use_bpm true, health enabled: starts the health process via bpm before bosh-dns", () => {
      expect(render("bin/pre-start", { use_bpm: true, health: { enabled: true } }, 164)).toMatch(/bpm start bosh-dns -p bosh-dns-health[^]*bpm start bosh-dns$/m);
    });
    it("use_bpm true, health disabled: does not start the health process", () => {
      expect(render("bin/pre-start", { use_bpm: true }, 157)).not.toContain("bosh-dns-health");
    });
    it("on Jammy: invokes the loopback alias setup and not the systemd-resolved path (the defaults' render)", () => {
      const out = render("bin/pre-start", jammy, 133);
      expect(out).toMatch(/^create_network_alias$/m);
      expect(out).not.toContain("bosh-dns-systemd-resolved-updater");
    });
    it("on Noble: invokes the dummy interface setup and runs the systemd-resolved updater", () => {
      const out = render("bin/pre-start", noble, 190);
      expect(out).toMatch(/^create_network_interface$/m);
      expect(out).toContain("bosh-dns-systemd-resolved-updater");
      expect(out).toContain("resolvectl default-route bosh-dns no");
    });
  });

  describe("monit (rendered as the RSpec does, Template.new(spec, job_dir/monit))", () => {
    const monit = (props: Record<string, unknown>, line: number) => {
      const out = job().monit().render(props);
      expectRecordedOutput(R, `${F}:${line}`, out);
      return out;
    };
    it("use_bpm false: uses the ctl script pidfile and start/stop programs", () => {
      const out = monit({}, 202);
      expect(out).toContain("with pidfile /var/vcap/sys/run/bosh-dns/bosh-dns.pid");
      expect(out).toContain('start program "/var/vcap/jobs/bosh-dns/bin/bosh_dns_ctl start"');
      expect(out).toContain('stop program "/var/vcap/jobs/bosh-dns/bin/bosh_dns_ctl stop"');
      expect(out).not.toContain("/var/vcap/jobs/bpm/bin/bpm");
    });
    it("use_bpm false, health enabled: uses the health ctl script pidfile and start/stop programs", () => {
      const out = monit({ health: { enabled: true } }, 212);
      expect(out).toContain("with pidfile /var/vcap/sys/run/bosh-dns/bosh_dns_health.pid");
      expect(out).toContain('start program "/var/vcap/jobs/bosh-dns/bin/bosh_dns_health_ctl start"');
      expect(out).toContain('stop program "/var/vcap/jobs/bosh-dns/bin/bosh_dns_health_ctl stop"');
    });
    it("use_bpm true: uses the bpm pidfile and start/stop programs", () => {
      const out = monit({ use_bpm: true }, 223);
      expect(out).toContain("with pidfile /var/vcap/sys/run/bpm/bosh-dns/bosh-dns.pid");
      expect(out).toContain('start program "/var/vcap/jobs/bpm/bin/bpm start bosh-dns"');
      expect(out).toContain('stop program "/var/vcap/jobs/bpm/bin/bpm stop bosh-dns"');
      expect(out).not.toContain("bosh_dns_ctl");
    });
    it("use_bpm true, health enabled: uses the bpm health pidfile and start/stop programs", () => {
      const out = monit({ use_bpm: true, health: { enabled: true } }, 233);
      expect(out).toContain("with pidfile /var/vcap/sys/run/bpm/bosh-dns/bosh-dns-health.pid");
      expect(out).toContain('start program "/var/vcap/jobs/bpm/bin/bpm start bosh-dns -p bosh-dns-health"');
      expect(out).toContain('stop program "/var/vcap/jobs/bpm/bin/bpm stop bosh-dns -p bosh-dns-health"');
    });
  });
});
