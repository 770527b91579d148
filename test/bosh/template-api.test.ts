/**
 * BOSH's template API (bosh-common's EvaluationContext, EvaluationLink, EvaluationLinkInstance,
 * else-chains, OpenStruct views) through the full engine. Every expected string was produced by
 * bosh-common's template classes (with ostruct 0.6) and ERB on CRuby 4.0 for the same template
 * and context.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { TemplateRenderError } from "../../src/diagnostics/errors.js";
import { type Engine, createEngine } from "../../src/engine.js";
import { parseJson } from "../../src/ruby/data/json.js";

const CONTEXT = {
  "name": "api_server",
  "index": 2,
  "id": "abc-123",
  "az": "az1",
  "address": "10.1.0.7",
  "ip": "10.1.0.7",
  "bootstrap": true,
  "deployment": "my_dep",
  "networks": {
    "private": {
      "ip": "10.1.0.7",
      "netmask": "255.255.255.0",
      "default": [
        "dns",
        "gateway"
      ]
    },
    "public": {
      "ip": "52.0.0.1"
    }
  },
  "job": {
    "name": "api_server"
  },
  "release": {
    "name": "rel",
    "version": "0+dev.1"
  },
  "properties": {
    "port": 8080,
    "host": null,
    "enabled": false,
    "ratio": 1.5,
    "name": "svc",
    "greeting": "hello",
    "tls": {
      "cert": "CERT",
      "key": null
    },
    "servers": [
      {
        "host": "a",
        "port": 1
      },
      {
        "host": "b",
        "port": 2
      }
    ],
    "tags": [
      "x",
      "y"
    ],
    "hash": "h-value",
    "test": "t-value",
    "empty": {}
  },
  "links": {
    "db": {
      "instances": [
        {
          "name": "pg",
          "index": 0,
          "id": "i-0",
          "az": "az1",
          "address": "10.1.0.20",
          "bootstrap": true
        },
        {
          "name": "pg",
          "index": 1,
          "id": "i-1",
          "az": "az2",
          "address": "10.2.0.20",
          "bootstrap": false,
          "properties": {
            "port": 6000
          }
        }
      ],
      "properties": {
        "port": 5432,
        "user": {
          "name": "admin"
        },
        "flag": false
      },
      "instance_group": "pg_group",
      "default_network": "private",
      "deployment_name": "my_dep",
      "domain": "bosh"
    },
    "manual": {
      "instances": [
        {
          "address": "ext.example.com"
        }
      ],
      "properties": {
        "p": 1
      },
      "address": "manual.example.com",
      "deployment_name": "my_dep"
    },
    "noinst": {
      "properties": {
        "a": 1
      }
    },
    "short": {
      "instances": [],
      "properties": null,
      "instance_group": "pg_group",
      "default_network": "private",
      "deployment_name": "my_dep",
      "domain": "bosh",
      "use_short_dns_addresses": true
    },
    "linkdns": {
      "instances": [],
      "properties": {},
      "instance_group": "pg_group",
      "group_name": "db-conn",
      "default_network": "private",
      "deployment_name": "my_dep",
      "domain": "bosh",
      "use_link_dns_names": true
    }
  }
};

const DNS = {"az_indices": {"az1": 1, "az2": 2}, "short_dns": false, "service_groups": [["instance-group", "pg_group", "my_dep", 4], ["link", "db-conn", "my_dep", 5]], "network_indices": {"private": 3}};

let engine: Engine;
beforeAll(async () => {
  engine = await createEngine();
});

function render(src: string, dns: Record<string, unknown> | null = DNS, extraProperties: Record<string, unknown> = {}): string {
  const data = { ...CONTEXT, properties: { ...CONTEXT.properties, ...extraProperties } };
  const context = parseJson(JSON.stringify(data), "context.json");
  try {
    return engine.compile(src, { filename: "api/test.erb" }).render(context, { dns });
  } catch (e) {
    if (e instanceof TemplateRenderError) return `!${e.rubyClass}: ${e.rubyMessage}`;
    throw e;
  }
}

describe("p(name | [names], default)", () => {
  const cases: Array<[string, string, string, boolean]> = [
    ["p-simple", "<%= p('port') %>|<%= p('tls.cert') %>|<%= p('ratio') %>", "8080|CERT|1.5", true],
    ["p-default", "<%= p('missing', 'dflt') %>|<%= p('host', 'h') %>|<%= p('tls.key', 'k').inspect %>|<%= p('missing', nil).inspect %>", "dflt|h|\"k\"|nil", true],
    ["p-false", "<%= p('enabled').inspect %>|<%= p('enabled', true).inspect %>", "false|false", true],
    ["p-array", "<%= p(['nope', 'tls.cert']) %>|<%= p(['nope', 'nada'], 'd') %>", "CERT|d", true],
    ["p-unknown", "<%= p('tls.missing') %>", "!Bosh::Common::Template::UnknownProperty: Can't find property '[\"tls.missing\"]'", true],
    ["p-unknown-array", "<%= p(['a.b', 'c']) %>", "!Bosh::Common::Template::UnknownProperty: Can't find property '[\"a.b\", \"c\"]'", true],
    ["p-unknown-nil", "<%= p('host') %>", "!Bosh::Common::Template::UnknownProperty: Can't find property '[\"host\"]'", true],
    ["p-no-args", "<%= p() %>", "!Bosh::Common::Template::UnknownProperty: Can't find property '[]'", true],
    ["p-three-args", "<%= p('port', 1, 2) %>", "8080", true],
    ["p-empty-name", "<%= p('').keys.first %>", "port", true],
    ["p-string-index", "<%= p('greeting.ell').inspect %>|<%= p('greeting.zz', 'none') %>", "\"ell\"|none", true],
    ["p-through-array", "<%= p('tags.0') %>", "!TypeError: no implicit conversion of String into Integer", true],
    ["p-symbol", "<%= p(:port) %>", "!NoMethodError: undefined method 'split' for an instance of Symbol", true],
    ["p-mutation", "<% p('tags') << 'z' -%><%= p('tags').inspect %>|<%= raw_properties['tags'].size %>", "[\"x\", \"y\", \"z\"]|3", true],
    ["p-rescue", "<% begin; p('nope'); rescue Bosh::Common::Template::UnknownProperty => e -%><%= e.message %>|<%= e.name.inspect %>|<%= e.class.ancestors.include?(StandardError) %><% end -%>", "Can't find property '[\"nope\"]'|[\"nope\"]|true", true],
  ];
  it.each(cases)("%s", (_name, src, expected, withDns) => {
    expect(render(src, withDns ? DNS : null)).toBe(expected);
  });
});

describe("if_p and else-chains", () => {
  const cases: Array<[string, string, string, boolean]> = [
    ["if_p-yield", "<% if_p('port', 'tls.cert') do |port, cert| -%>port=<%= port %> cert=<%= cert %><% end -%>", "port=8080 cert=CERT", true],
    ["if_p-missing", "<% if_p('port', 'host') do |a, b| -%>yes<% end.else do -%>no<% end -%>", "no", true],
    ["if_p-false-value", "<% if_p('enabled') do |e| -%>e=<%= e.inspect %><% end.else do -%>none<% end -%>", "e=false", true],
    ["if_p-chain", "<% if_p('nope') do -%>A<% end.else_if_p('also.nope') do -%>B<% end.else_if_p('tls.cert') do |c| -%>C=<%= c %><% end.else do -%>D<% end -%>", "C=CERT", true],
    ["if_p-chain-link", "<% if_p('nope') do -%>A<% end.else_if_link('db') do |db| -%>L=<%= db.p('port') %><% end.else do -%>D<% end -%>", "L=5432", true],
    ["if_p-chain-missing-link", "<% if_p('nope') do -%>A<% end.else_if_link('nolink') do |db| -%>L<% end.else do -%>D<% end -%>", "D", true],
    ["if_p-return-value", "<%= if_p('port') { |x| x }.class %>|<%= if_p('nope') { |x| x }.class %>|<%= if_p('port') { }.else { 1 }.inspect %>|<%= if_p('nope') { }.else { 42 } %>", "Bosh::Common::Template::EvaluationContext::InactiveElseBlock|Bosh::Common::Template::EvaluationContext::ActiveElseBlock|nil|42", true],
    ["if_p-no-block", "<% if_p('port') %>", "!LocalJumpError: no block given (yield)", true],
    ["if_p-no-block-missing", "<%= if_p('nope').class %>", "Bosh::Common::Template::EvaluationContext::ActiveElseBlock", true],
    ["if_p-no-names", "<% if_p() do |*a| -%>n=<%= a.size %><% end -%>", "n=0", true],
    ["if_p-array-value", "<% if_p('tags') do |a, b| -%><%= a.inspect %> <%= b.inspect %><% end -%>", "\"x\" \"y\"", true],
    ["else-no-block", "<% if_p('nope') { }.else %>", "!LocalJumpError: no block given (yield)", true],
    ["else-classes", "<%= if_p('nope') { }.class %> <%= if_p('port') { }.else_if_p('x') { }.class %> <%= if_p('port') { }.else_if_link('x') { }.class %>", "Bosh::Common::Template::EvaluationContext::ActiveElseBlock Bosh::Common::Template::EvaluationContext::InactiveElseBlock Bosh::Common::Template::EvaluationContext::InactiveElseBlock", true],
  ];
  it.each(cases)("%s", (_name, src, expected, withDns) => {
    expect(render(src, withDns ? DNS : null)).toBe(expected);
  });
});

describe("link, if_link, instances", () => {
  const cases: Array<[string, string, string, boolean]> = [
    ["link-basic", "<% db = link('db') -%><%= db.class %> <%= db.instances.size %> <%= db.p('port') %> <%= db.p('user.name') %> <%= db.p('flag').inspect %> <%= db.properties.keys.inspect %>", "Bosh::Common::Template::EvaluationLink 2 5432 admin false [\"port\", \"user\", \"flag\"]", true],
    ["link-p-default", "<%= link('db').p('nope', 'd') %>|<%= link('db').p(['nope', 'port']) %>", "d|5432", true],
    ["link-p-unknown", "<%= link('db').p('user.pass') %>", "!Bosh::Common::Template::UnknownProperty: Can't find property '[\"user.pass\"]'", true],
    ["link-if_p", "<% link('db').if_p('port', 'user.name') do |port, u| -%><%= port %>/<%= u %><% end -%>|<% link('db').if_p('x') do -%>x<% end.else do -%>nox<% end -%>", "5432/admin|nox", true],
    ["link-if_p-else_if_p", "<% link('db').if_p('x') do -%>x<% end.else_if_p('port') do |p| -%>port=<%= p %><% end -%>", "port=5432", true],
    ["link-if_p-else_if_link", "<% link('db').if_p('x') do -%>x<% end.else_if_link('db') do |l| -%>l<% end -%>", "!NoMethodError: undefined method 'if_link' for an instance of Bosh::Common::Template::EvaluationLink", true],
    ["link-unknown", "<%= link('nope') %>", "!Bosh::Common::Template::UnknownLink: Can't find link 'nope'", true],
    ["link-no-instances", "<%= link('noinst') %>", "!Bosh::Common::Template::UnknownLink: Can't find link 'noinst'", true],
    ["link-dotted", "<%= link('db.instances').class %>", "!NoMethodError: undefined method 'has_key?' for an instance of Array", true],
    ["if_link-present", "<% if_link('db') do |db| -%>db:<%= db.instances.map(&:address).join(',') %><% end.else do -%>none<% end -%>", "db:10.1.0.20,10.2.0.20", true],
    ["if_link-missing", "<% if_link('nope') do |db| -%>db<% end.else do -%>none<% end -%>|<% if_link('noinst') do -%>x<% end.else_if_link('manual') do |m| -%>m=<%= m.p('p') %><% end -%>", "none|m=1", true],
    ["if_link-no-block", "<% if_link('db') %>", "!LocalJumpError: no block given (yield)", true],
    ["instances", "<% link('db').instances.each do |i| -%><%= i.class %> <%= i.name %> <%= i.index %> <%= i.id %> <%= i.az %> <%= i.address %> <%= i.bootstrap %> <%= i.properties.inspect %> <%= i.p('port', 'none') %>\n<% end -%>", "Bosh::Common::Template::EvaluationLinkInstance pg 0 i-0 az1 10.1.0.20 true nil none\nBosh::Common::Template::EvaluationLinkInstance pg 1 i-1 az2 10.2.0.20 false {\"port\" => 6000} 6000\n", true],
    ["instance-if_p", "<% link('db').instances.each do |i| -%><% i.if_p('port') do |p| -%>p=<%= p %><% end.else do -%>no<% end -%>;<% end -%>", "no;p=6000;", true],
    ["instance-p-unknown", "<%= link('db').instances.first.p('port') %>", "!Bosh::Common::Template::UnknownProperty: Can't find property '[\"port\"]'", true],
  ];
  it.each(cases)("%s", (_name, src, expected, withDns) => {
    expect(render(src, withDns ? DNS : null)).toBe(expected);
  });
});

describe("link(...).address", () => {
  const cases: Array<[string, string, string, boolean]> = [
    ["manual-link", "<% m = link('manual') -%><%= m.address %>|<%= m.address(azs: ['zz']) %>|<%= m.instances.first.address %>|<%= m.instances.first.name.inspect %>", "manual.example.com|manual.example.com|ext.example.com|nil", true],
    ["address-long", "<%= link('db').address %>|<%= link('db').address(azs: [spec.az]) %>|<%= link('db').address(azs: ['az2', 'az1'], status: 'healthy') %>|<%= link('db').address(status: 'unhealthy') %>", "q-s0.pg-group.private.my-dep.bosh|q-a1s0.pg-group.private.my-dep.bosh|q-a1a2s3.pg-group.private.my-dep.bosh|q-s1.pg-group.private.my-dep.bosh", true],
    ["address-short", "<%= link('short').address %>|<%= link('short').address(azs: ['az2']) %>", "q-n3s0.q-g4.bosh|q-a2n3s0.q-g4.bosh", true],
    ["address-linkdns", "<%= link('linkdns').address %>|<%= link('linkdns').address(status: 'all') %>", "q-s0.db-conn.private.my-dep.bosh|q-s4.db-conn.private.my-dep.bosh", true],
    ["address-bad-az", "<%= link('db').address(azs: ['az9']) %>", "!RuntimeError: Unknown AZ: 'az9'", true],
    ["address-positional", "<%= link('db').address({azs: ['az1']}) %>", "q-a1s0.pg-group.private.my-dep.bosh", true],
    ["address-too-many", "<%= link('db').address({}, {}) %>", "!ArgumentError: wrong number of arguments (given 2, expected 0..1)", true],
    ["address-rescue", "<%= begin; link('db').address; rescue StandardError => e; 'std'; rescue NotImplementedError => e; 'nie:' + e.message; end %>", "q-s0.pg-group.private.my-dep.bosh", true],
    ["nodns-address", "<%= link('db').address %>", "!NotImplementedError: link.address requires bosh director", false],
    ["nodns-manual", "<%= link('manual').address %>", "manual.example.com", false],
    ["nodns-if_link", "<% if_link('db') do |db| -%><%= db.address %><% end -%>", "!NotImplementedError: link.address requires bosh director", false],
  ];
  it.each(cases)("%s", (_name, src, expected, withDns) => {
    expect(render(src, withDns ? DNS : null)).toBe(expected);
  });
});

describe("spec, properties, raw_properties, name, index", () => {
  const cases: Array<[string, string, string, boolean]> = [
    ["spec", "<%= spec.name %> <%= spec.index %> <%= spec.id %> <%= spec.az %> <%= spec.bootstrap %> <%= spec.deployment %> <%= spec.job.name %> <%= spec.release.version %>", "api_server 2 abc-123 az1 true my_dep api_server 0+dev.1", true],
    ["spec-networks", "<%= spec.networks.private.ip %> <%= spec.networks.public.ip %> <%= spec.networks.to_h.keys.inspect %> <%= spec.networks.marshal_dump.keys.inspect %> <%= spec.networks.methods(false).inspect %>", "10.1.0.7 52.0.0.1 [:private, :public] [:private, :public] [:private, :public]", true],
    ["spec-networks-each", "<% spec.networks.marshal_dump.each do |name, net| -%><%= name %>=<%= net.ip %>;<% end -%><% spec.networks.each_pair do |name, net| -%><%= name.inspect %><% end -%>", "private=10.1.0.7;public=52.0.0.1;:private:public", true],
    ["spec-unknown", "<%= spec.nothing.inspect %> <%= spec.networks.nothing.inspect %> <%= spec[:name] %> <%= spec['index'] %> <%= spec.respond_to?(:name) %> <%= spec.respond_to?(:nothing) %>", "nil nil api_server 2 true false", true],
    ["spec-class", "<%= spec.class %> <%= spec.networks.class %> <%= properties.class %> <%= properties.tls.class %>", "Bosh::Common::Template::EvaluationContext::BackCompatOpenStruct Bosh::Common::Template::EvaluationContext::BackCompatOpenStruct OpenStruct OpenStruct", true],
    ["spec-default-array", "<%= spec.networks.private.default.inspect %>", "[\"dns\", \"gateway\"]", true],
    ["spec-links", "<%= spec.links.db.instances.first.address %> <%= spec.links.db.instances.first.class %>", "10.1.0.20 Bosh::Common::Template::EvaluationContext::BackCompatOpenStruct", true],
    ["spec-properties", "<%= spec.properties.tls.cert %> <%= spec.properties.servers.map(&:host).join(',') %>", "CERT a,b", true],
    ["properties", "<%= properties.port %> <%= properties.tls.cert %> <%= properties.tls.key.inspect %> <%= properties.servers.first.host %> <%= properties.nothing.inspect %> <%= properties.empty.inspect %>", "8080 CERT nil a nil #<OpenStruct>", true],
    ["properties-inspect", "<%= properties.tls.inspect %>|<%= properties.tls.to_s %>|<%= properties.servers.inspect %>", "#<OpenStruct cert=\"CERT\", key=nil>|#<OpenStruct cert=\"CERT\", key=nil>|[#<OpenStruct host=\"a\", port=1>, #<OpenStruct host=\"b\", port=2>]", true],
    ["properties-collide", "<%= properties.hash %> <%= properties.test %> <%= properties.name %>", "h-value t-value svc", true],
    ["properties-to_h", "<%= properties.tls.to_h.inspect %> <%= properties.tls[:cert] %> <%= properties.tls['cert'] %> <%= properties.tls.dig(:cert) %>", "{cert: \"CERT\", key: nil} CERT CERT CERT", true],
    ["properties-set", "<% properties.tls.extra = 'E' -%><%= properties.tls.extra %> <%= properties.tls.respond_to?(:extra) %> <%= raw_properties['tls'].key?('extra') %>", "E true false", true],
    ["properties-nomethod", "<%= properties.tls.cert(1) %>", "!ArgumentError: wrong number of arguments (given 1, expected 0)", true],
    ["raw", "<%= raw_properties.class %> <%= raw_properties.keys.first(3).inspect %> <%= raw_properties['tls']['cert'] %>", "Hash [\"port\", \"host\", \"enabled\"] CERT", true],
    ["name-index", "<%= name %> <%= index %> <%= name.class %>", "api_server 2 String", true],
    ["self", "<%= self.class %> <%= self.class.ancestors.include?(Bosh::Common::Template::PropertyHelper) %>", "Bosh::Common::Template::EvaluationContext true", true],
    ["lookup_property", "<%= lookup_property(raw_properties, 'tls.cert') %> <%= lookup_property(nil, 'x').inspect %>", "CERT nil", true],
  ];
  it.each(cases)("%s", (_name, src, expected, withDns) => {
    expect(render(src, withDns ? DNS : null)).toBe(expected);
  });
});

describe("per-render isolation", () => {
  it("a template mutating property values does not leak into the next render of the same context", () => {
    const context = parseJson(JSON.stringify(CONTEXT), "context.json");
    const t = engine.compile("<% p('tags') << 'z' -%><% p('tls')['cert'] = 'X' -%><%= p('tags').inspect %> <%= p('tls.cert') %> <%= properties.tls.cert %>", { filename: "api/mutate.erb" });
    expect(t.render(context, { dns: null })).toBe('["x", "y", "z"] X CERT');
    expect(t.render(context, { dns: null })).toBe('["x", "y", "z"] X CERT');
  });

  it("spec and properties share the context's strings the way BOSH's views do", () => {
    // openstruct() keeps non-Hash, non-Array values as the same objects: mutating one is seen by the other.
    expect(render("<% p('name') << '!' -%><%= properties.name %> <%= spec.properties.name %>", null)).toBe("svc! svc!");
  });
});

describe("OpenStruct views and less common API corners", () => {
  // The base context plus property names that collide with Kernel/Object methods.
  const EXTRA = { format: "fmt", method: "meth", class: "cls", display: "disp", freeze: "frz" };
  const cases: Array<[string, string, string]> = [
    ["each_pair-enum", "<%= properties.tls.each_pair.to_a.inspect %>", "[[:cert, \"CERT\"], [:key, nil]]"],
    ["dig", "<%= properties.dig(:tls, :cert) %>|<%= properties.dig('servers', 0).inspect %>|<%= properties.dig(:nope).inspect %>", "CERT|#<OpenStruct host=\"a\", port=1>|nil"],
    ["dig-bad", "<%= properties.dig(1) %>", "!TypeError: 1 is not a symbol nor a string"],
    ["delete_field", "<%= properties.tls.delete_field(:cert) %>|<%= properties.tls.inspect %>|<%= properties.tls.cert.inspect %>|<%= properties.tls.respond_to?(:cert) %>", "CERT|#<OpenStruct key=nil>|nil|false"],
    ["delete_field-missing", "<%= properties.tls.delete_field(:nope) %>", "!NameError: no field 'nope' in #<OpenStruct cert=\"CERT\", key=nil>"],
    ["delete_field-block", "<%= properties.tls.delete_field(:nope) { 7 } %>", "7"],
    ["eq", "<%= properties.tls == properties.tls %>|<%= properties.tls == spec.properties.tls %>|<%= properties.tls == 1 %>|<%= properties.tls.eql?(properties.tls) %>", "true|true|false|true"],
    ["to_h-block", "<%= properties.tls.to_h { |k, v| [k.to_s, v.to_s] }.inspect %>", "{\"cert\" => \"CERT\", \"key\" => \"\"}"],
    ["spec-to_h", "<%= spec.job.to_h.inspect %>|<%= spec.release.to_h.class %>", "{name: \"api_server\"}|Hash"],
    ["respond", "<%= properties.respond_to?(:tls) %>|<%= properties.tls.respond_to?(:cert=) %>|<%= properties.respond_to?(:to_h) %>|<%= properties.respond_to?(:zork) %>", "true|true|true|false"],
    ["collide", "<%= properties.format %>|<%= properties.method %>|<%= properties.class %>|<%= properties.display %>|<%= properties.freeze %>|<%= properties.hash %>|<%= properties.test %>", "fmt|meth|cls|disp|frz|h-value|t-value"],
    ["set-new", "<% properties.brand_new = [1] -%><%= properties.brand_new.inspect %>|<%= properties[:brand_new].inspect %>|<%= properties.inspect.include?('brand_new') %>", "[1]|[1]|true"],
    ["aset", "<% properties[:zz] = 3 -%><% properties['yy'] = 4 -%><%= properties.zz %><%= properties.yy %>", "34"],
    ["setter-arity", "<%= properties.send(:foo=, 1, 2) %>", "!ArgumentError: wrong number of arguments (given 2, expected 1)"],
    ["bang", "<%= properties.tls.to_h!.inspect %>|<%= properties.class!.inspect %>", "{cert: \"CERT\", key: nil}|OpenStruct"],
    ["methods-false", "<%= spec.networks.methods(false).inspect %>|<%= spec.job.methods(false).inspect %>", "[:private, :public]|[:name]"],
    ["to_s", "<%= properties.tls %>|<%= \"#{properties.tls}\" %>", "#<OpenStruct cert=\"CERT\", key=nil>|#<OpenStruct cert=\"CERT\", key=nil>"],
    ["nested-inspect", "<%= spec.networks.inspect %>", "#<Bosh::Common::Template::EvaluationContext::BackCompatOpenStruct private=#<Bosh::Common::Template::EvaluationContext::BackCompatOpenStruct ip=\"10.1.0.7\", netmask=\"255.255.255.0\", default=[\"dns\", \"gateway\"]>, public=#<Bosh::Common::Template::EvaluationContext::BackCompatOpenStruct ip=\"52.0.0.1\">>"],
    ["hash-key", "<%= { properties.tls => 1 }[properties.tls] %>", "1"],
    ["frozen", "<% t = properties.tls; t.freeze -%><%= t.frozen? %><% begin; t.cert = 'x'; rescue => e -%> <%= e.class %>: <%= e.message %><% end -%>", "true FrozenError: can't modify frozen Hash: {cert: \"CERT\", key: nil}"],
    ["raw-mutate-not-view", "<% raw_properties['port'] = 1 -%><%= properties.port %> <%= p('port') %>", "8080 1"],
    ["instance-attrs", "<%= link('db').instances.map { |i| [i.name, i.index, i.id, i.az, i.address, i.bootstrap] }.inspect %>", "[[\"pg\", 0, \"i-0\", \"az1\", \"10.1.0.20\", true], [\"pg\", 1, \"i-1\", \"az2\", \"10.2.0.20\", false]]"],
    ["link-properties", "<%= link('db').properties.inspect %>|<%= link('short').properties.inspect %>|<%= link('short').p('x', 'd') %>", "{\"port\" => 5432, \"user\" => {\"name\" => \"admin\"}, \"flag\" => false}|nil|d"],
    ["link-ivars", "<%= link('db').instance_variables.inspect %>", "[:@instances, :@properties, :@group_name, :@group_type, :@default_network, :@deployment_name, :@root_domain, :@dns_encoder, :@use_short_dns]"],
    ["ctx-ivars", "<%= instance_variables.inspect %>", "[:@name, :@index, :@spec, :@raw_properties, :@properties, :@dns_encoder, :@links]"],
    ["instance-ivars", "<%= link('db').instances.first.instance_variables.inspect %>", "[:@name, :@index, :@id, :@az, :@address, :@properties, :@bootstrap]"],
    ["link-inspect-class", "<%= link('db').instances.first.respond_to?(:p) %> <%= link('db').respond_to?(:address) %> <%= link('db').respond_to?(:name) %>", "true true false"],
    ["else_if_link-on-link", "<% link('db').if_p('nope') { }.else_if_link('db') { } %>", "!NoMethodError: undefined method 'if_link' for an instance of Bosh::Common::Template::EvaluationLink"],
    ["if_link-else_if_p", "<% if_link('nope') do -%>a<% end.else_if_p('port') do |p| -%>p=<%= p %><% end.else do -%>c<% end -%>", "p=8080"],
    ["if_p-return", "<%= if_p('port') { |x| 99 }.inspect[0, 40] %>", "#<Bosh::Common::Template::EvaluationCont"],
    ["ivar-access", "<%= @raw_properties['port'] %> <%= @name %> <%= @index %> <%= @links.keys.inspect %> <%= @dns_encoder.nil? %>", "8080 api_server 2 [\"db\", \"manual\", \"noinst\", \"short\", \"linkdns\"] false"],
    ["p-hash-arg", "<%= p({'a' => 'b'}, 'd') %>", "!NoMethodError: undefined method 'split' for an instance of Array"],
    ["p-kwargs", "<%= p('nope', default: 1).inspect %>", "{default: 1}"],
    ["p-nil-name", "<%= p(nil, 'd') %>", "d"],
    ["p-int-name", "<%= p(1) %>", "!NoMethodError: undefined method 'split' for an instance of Integer"],
    ["p-array-int", "<%= p([1], 'd') %>", "!NoMethodError: undefined method 'split' for an instance of Integer"],
    ["spec-index-str", "<%= spec.index.to_s %>|<%= spec.id %>|<%= spec.links.db.properties.user.name %>", "2|abc-123|admin"],
    ["spec-links-dig", "<%= spec.links.db.instances.map(&:az).inspect %>", "[\"az1\", \"az2\"]"],
    ["spec-to_h-deep", "<%= spec.job.to_h.keys.inspect %> <%= spec.networks.private.to_h.inspect %>", "[:name] {ip: \"10.1.0.7\", netmask: \"255.255.255.0\", default: [\"dns\", \"gateway\"]}"],
    ["raw-vs-spec", "<%= raw_properties.equal?(spec.properties) %> <%= raw_properties.class %>", "false Hash"],
    ["ctx-eq", "<%= self == self %>", "true"],
    ["lookup-str-hash-default", "<%= p('tls.cert.x', 'none') %>", "none"],
    ["p-on-true", "<%= p('tls.key.x', 'd') %>", "d"],
    ["address-str-keys", "<%= link('db').address('azs' => ['az1']) %>", "q-s0.pg-group.private.my-dep.bosh"],
    ["address-az-sym", "<%= link('db').address(azs: [:az1]) %>", "!RuntimeError: Unknown AZ: 'az1'"],
    ["address-status-sym", "<%= link('db').address(status: :healthy) %>", "q-s0.pg-group.private.my-dep.bosh"],
    ["address-nil", "<%= link('db').address(nil) %>", "!NoMethodError: undefined method 'merge' for nil"],
  ];
  it.each(cases)("%s", (_name, src, expected) => {
    expect(render(src, DNS, EXTRA)).toBe(expected);
  });

  it("NoMethodError on an OpenStruct with fields names the object, as Ruby does for objects with a singleton class", () => {
    expect(render("<%= properties.zork(1) %>")).toMatch(/^!NoMethodError: undefined method 'zork' for #<OpenStruct:0x[0-9a-f]+>$/);
  });

  it("a uuid criterion gives the long-form first label, as the director's encoder does", () => {
    expect(render("<%= link('db').address(uuid: 'abc') %>")).toBe("abc.pg-group.private.my-dep.bosh");
  });
});

describe("views built at construction time (linkplate builds them lazily; the results must be the same)", () => {
  const cases: Array<[string, string, string]> = [
    ["lazy-raw-replaced", "<% raw_properties['tls'] = {'cert' => 'NEW'} -%><% raw_properties['port'] = 1 -%><% raw_properties.delete('tags') -%><%= properties.tls.cert %> <%= properties.port %> <%= spec.properties.port %> <%= properties.tags.inspect %> <%= p('port') %>", "CERT 8080 8080 [\"x\", \"y\"] 1"],
    ["lazy-leaf-shared", "<% p('tls.cert') << '!' -%><% p('servers').first['host'] << 'x' -%><%= properties.tls.cert %> <%= spec.properties.tls.cert %> <%= properties.servers.first.host %> <%= spec.links.db.instances.size %>", "CERT! CERT! ax 2"],
    ["lazy-ivar", "<%= @spec.class %> <%= @properties.tls.cert %> <%= instance_variables.inspect %>", "Bosh::Common::Template::EvaluationContext::BackCompatOpenStruct CERT [:@name, :@index, :@spec, :@raw_properties, :@properties, :@dns_encoder, :@links]"],
    ["lazy-ivar-set", "<% @properties = 5 -%><%= properties %> <%= @properties %>", "5 5"],
    ["lazy-spec-array-shared", "<% raw_properties['tags'] << 'q' -%><%= properties.tags.inspect %> <%= spec.properties.tags.inspect %>", "[\"x\", \"y\"] [\"x\", \"y\"]"],
    ["openstruct-new", "<%= OpenStruct.new('a' => 1, :b => 2).inspect %>|<%= OpenStruct.new.inspect %>|<%= OpenStruct.new(nil).a.inspect %>", "#<OpenStruct a=1, b=2>|#<OpenStruct>|nil"],
  ];
  it.each(cases)("%s", (_name, src, expected) => {
    expect(render(src)).toBe(expected);
  });

  it("a context without properties gets an empty view even if the template fills raw_properties first", () => {
    const { properties: _omit, ...noProps } = CONTEXT;
    const t = engine.compile("<% raw_properties['x'] = 1 -%><%= properties.x.inspect %> <%= p('x') %> <%= spec.properties.inspect %>", { filename: "api/noprops.erb" });
    expect(t.render(parseJson(JSON.stringify(noProps)), { dns: null })).toBe("nil 1 nil");
  });
});
