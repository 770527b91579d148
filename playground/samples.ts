/** Samples from the repository's example release (templates/), each with a context to render it against. */
import webYml from "../templates/jobs/web/templates/web.yml.erb?raw";
import upstreams from "../templates/jobs/web/templates/upstreams.conf.erb?raw";
import ctl from "../templates/jobs/database/templates/ctl.erb?raw";
import upstreamsEjs from "../templates/jobs/web/templates/upstreams.conf.ejs?raw";
import type { PlaygroundState } from "./state.js";

const WEB_CONTEXT = `# The context BOSH gives web/0: spec fields, properties (spec defaults applied), links.
name: web
index: 0
id: 6a1f0c1e-web-0
az: z1
bootstrap: true
address: web-0.example.internal
properties:
  web:
    port: 8080
    workers: 4
    features: { search: true, beta: false }
links:
  db:
    instances:
    - { name: database, index: 0, id: db-0, az: z1, address: 10.0.1.10, bootstrap: true }
    - { name: database, index: 1, id: db-1, az: z2, address: 10.0.2.10, bootstrap: false }
    properties:
      database: { port: 5432, name: app }
`;

const DB_CONTEXT = `name: database
index: 0
id: db-0
az: z1
bootstrap: true
address: 10.0.1.10
properties:
  database:
    port: 5432
    name: app
    max_connections: 200
    admin_password: "s3cret 'quoted'"
`;

export const SAMPLES: { label: string; state: PlaygroundState }[] = [
  { label: "web/config/web.yml (links, if_p, to_yaml)", state: { template: webYml, context: WEB_CONTEXT, format: "yaml" } },
  { label: "web/config/upstreams.conf (link instances)", state: { template: upstreams, context: WEB_CONTEXT, format: "yaml" } },
  { label: "web/ejs/config/upstreams.conf (the ejs twin)", state: { template: upstreamsEjs, context: WEB_CONTEXT, format: "yaml", dialect: "ejs" } },
  { label: "database/bin/ctl", state: { template: ctl, context: DB_CONTEXT, format: "yaml" } },
  { label: "a missing property (the error BOSH gives)", state: { template: "port: <%= p('web.port') %>\nhost: <%= p('web.host') %>\n", context: "properties:\n  web:\n    port: 8080\n", format: "yaml" } },
];
