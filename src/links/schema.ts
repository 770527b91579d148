/**
 * JSON Schema (draft 2020-12) of the link graph format, version 1. `schema/link-graph.schema.json`
 * is this object written out (a test keeps the two identical). See docs/link-graph.md.
 */
export const LINK_GRAPH_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://linkplate.dev/schema/link-graph.schema.json",
  title: "linkplate link graph",
  description: "One BOSH deployment with every consumer's resolved links (linkplate_graph: 1).",
  type: "object",
  required: ["linkplate_graph", "deployment", "instance_groups"],
  additionalProperties: false,
  properties: {
    linkplate_graph: { const: 1, description: "Format version." },
    deployment: { type: "string", minLength: 1 },
    root_domain: { type: "string", minLength: 1, default: "bosh" },
    local_dns: { type: "boolean", default: false, description: "Director local_dns.enabled." },
    features: {
      type: "object",
      additionalProperties: false,
      properties: {
        use_dns_addresses: { type: "boolean", default: false },
        use_short_dns_addresses: { type: "boolean", default: false },
        use_link_dns_names: { type: ["boolean", "null"], default: null },
      },
    },
    azs: {
      type: "array",
      items: {
        anyOf: [
          { type: "string" },
          { type: "object", required: ["name"], additionalProperties: false, properties: { name: { type: "string" }, index: { type: "integer", minimum: 0 } } },
        ],
      },
    },
    networks: {
      type: "array",
      items: {
        anyOf: [
          { type: "string" },
          {
            type: "object",
            required: ["name"],
            additionalProperties: false,
            properties: {
              name: { type: "string" },
              type: { enum: ["manual", "dynamic", "vip"], default: "manual" },
              index: { type: "integer", minimum: 0 },
              netmask: { type: ["string", "null"] },
              gateway: { type: ["string", "null"] },
            },
          },
        ],
      },
    },
    instance_groups: { type: "array", items: { $ref: "#/$defs/instance_group" } },
    dns: {
      type: "object",
      additionalProperties: false,
      properties: {
        groups: {
          type: "array",
          items: {
            type: "object",
            required: ["type", "name", "deployment", "id"],
            additionalProperties: false,
            properties: { type: { enum: ["instance-group", "link"] }, name: { type: "string" }, deployment: { type: "string" }, id: { type: "integer", minimum: 0 } },
          },
        },
      },
    },
    warnings: { type: "array", items: { type: "string" } },
  },
  $defs: {
    instance_group: {
      type: "object",
      required: ["name"],
      additionalProperties: false,
      properties: {
        name: { type: "string", minLength: 1 },
        azs: { type: "array", items: { type: "string" } },
        persistent_disk: { type: "integer", minimum: 0 },
        networks: {
          type: "array",
          items: {
            anyOf: [
              { type: "string" },
              {
                type: "object",
                required: ["name"],
                additionalProperties: false,
                properties: { name: { type: "string" }, default: { type: "array", items: { enum: ["dns", "gateway", "addressable"] } } },
              },
            ],
          },
        },
        instances: { anyOf: [{ type: "integer", minimum: 0 }, { type: "array", items: { $ref: "#/$defs/instance" } }] },
        jobs: { type: "array", items: { $ref: "#/$defs/job" } },
      },
    },
    instance: {
      type: "object",
      additionalProperties: false,
      properties: {
        index: { type: "integer", minimum: 0 },
        id: { type: "string", minLength: 1 },
        az: { type: ["string", "null"] },
        bootstrap: { type: "boolean" },
        num: { type: ["integer", "null"], minimum: 0 },
        ips: { type: "object", additionalProperties: { type: "string" } },
        address: { type: "string" },
      },
    },
    job: {
      type: "object",
      required: ["name"],
      additionalProperties: false,
      properties: {
        name: { type: "string", minLength: 1 },
        release: {
          anyOf: [
            { type: "string" },
            { type: "object", required: ["name"], additionalProperties: false, properties: { name: { type: "string" }, version: { type: ["string", "null"] } } },
          ],
        },
        properties: { type: "object" },
        links: { type: "object", additionalProperties: { $ref: "#/$defs/link" } },
      },
    },
    link: {
      type: "object",
      description: "The resolved link hash (link-resolution.md §8). Job links may omit everything but instance_group; missing keys are filled from the graph.",
      additionalProperties: false,
      properties: {
        deployment_name: { type: "string" },
        domain: { type: "string" },
        default_network: { type: ["string", "null"] },
        networks: { type: "array", items: { type: "string" } },
        instance_group: { type: "string" },
        properties: { type: ["object", "null"] },
        use_short_dns_addresses: { type: "boolean" },
        use_dns_addresses: { type: "boolean" },
        use_link_dns_names: { type: ["boolean", "null"] },
        instances: {
          anyOf: [
            { type: "null" },
            {
              type: "array",
              items: {
                type: "object",
                properties: {
                  name: { type: "string" },
                  id: { type: "string" },
                  index: { type: "integer" },
                  bootstrap: { type: "boolean" },
                  az: { type: ["string", "null"] },
                  address: { type: ["string", "null"] },
                },
              },
            },
          ],
        },
        address: { type: ["string", "null"] },
        group_name: { type: "string" },
      },
    },
  },
} as const;
