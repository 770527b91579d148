/**
 * Render one template against a context, the way the director would.
 *   npx tsx examples/render-template.ts
 */
import { createEngine } from "../src/index.js";

const engine = await createEngine();
const template = engine.compile(
  `<% if_p('web.tls.certificate') do |cert| -%>
tls: on (<%= cert.lines.first.strip %>)
<% end.else do -%>
tls: off
<% end -%>
listen: <%= spec.address %>:<%= p('web.port', 8080) %>
peers: <%= link('peers').instances.map { |i| "#{i.address}/#{i.az}" }.join(', ') %>
nearest: <%= link('peers').address(azs: [spec.az]) %>
`,
  { filename: "web/config.yml.erb" },
);

const context = engine.parseContext(
  JSON.stringify({
    name: "web", index: 0, id: "6a1b-0", az: "z1", address: "10.0.0.5", deployment: "shop",
    properties: { web: { port: 443 } },
    links: {
      peers: {
        instance_group: "web", default_network: "default", deployment_name: "shop", domain: "bosh",
        instances: [
          { name: "web", index: 0, id: "6a1b-0", az: "z1", address: "10.0.0.5", bootstrap: true },
          { name: "web", index: 1, id: "6a1b-1", az: "z2", address: "10.0.0.6", bootstrap: false },
        ],
        properties: {},
      },
    },
  }),
  "json",
);

const dns = { az_indices: { z1: 1, z2: 2 }, short_dns: false, service_groups: [] };
process.stdout.write(template.render(context, { dns }));
