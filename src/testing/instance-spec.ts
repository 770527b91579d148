/**
 * The value objects of `Bosh::Common::Template::Test`: the instance a template renders on
 * (InstanceSpec) and the links it consumes (Link, LinkInstance), with Ruby's defaults, turned
 * into the Hashes `Template#render` puts in the context (same keys, same order).
 */
import { type PlainJson, rubyFromPlainJson } from "../bosh/evaluation-context.js";
import { InputError } from "../diagnostics/errors.js";
import { RArray, RHash, RObject, type Value } from "../ruby/runtime/values.js";

/** Plain data (as from JSON) or a Ruby value (as from `loadYaml`), e.g. a property tree. */
export type Data = PlainJson | Value;

/** A property tree as callers build it (checked at render time: only JSON-shaped data or Ruby values). */
export type Properties = Data | { readonly [key: string]: unknown };

/** Converts plain data to a Ruby value; Ruby values pass through. */
export function toRuby(v: Properties | undefined, what: string): Value {
  if (v === undefined) return null;
  return v instanceof RObject ? v : rubyFromPlainJson(v as PlainJson, what);
}

function hashOf(entries: [string, Data][], what: string): RHash {
  const h = new RHash();
  for (const [k, v] of entries) h.setStr(k, toRuby(v, `${what}.${k}`));
  return h;
}

export interface InstanceSpecFields {
  address?: Data;
  az?: Data;
  bootstrap?: Data;
  deployment?: Data;
  id?: Data;
  index?: Data;
  ip?: Data;
  name?: Data;
  networks?: Data;
}

/** Ruby's `InstanceSpec.new` defaults. */
export const INSTANCE_SPEC_DEFAULTS = Object.freeze({
  address: "my.bosh.com",
  az: "az1",
  bootstrap: false,
  deployment: "my-deployment",
  id: "xxxxxx-xxxxxxxx-xxxxx",
  index: 0,
  ip: "192.168.0.0",
  name: "me",
  networks: Object.freeze({ network1: Object.freeze({ foo: "bar", ip: "192.168.0.0" }) }),
});

/** The instance a template renders on (`Bosh::Template::Test::InstanceSpec`). */
export class InstanceSpec {
  readonly address: Data;
  readonly az: Data;
  readonly bootstrap: Data;
  readonly deployment: Data;
  readonly id: Data;
  readonly index: Data;
  readonly ip: Data;
  readonly name: Data;
  readonly networks: Data;

  constructor(fields: InstanceSpecFields = {}) {
    const d = INSTANCE_SPEC_DEFAULTS;
    this.address = fields.address !== undefined ? fields.address : d.address;
    this.az = fields.az !== undefined ? fields.az : d.az;
    this.bootstrap = fields.bootstrap !== undefined ? fields.bootstrap : d.bootstrap;
    this.deployment = fields.deployment !== undefined ? fields.deployment : d.deployment;
    this.id = fields.id !== undefined ? fields.id : d.id;
    this.index = fields.index !== undefined ? fields.index : d.index;
    this.ip = fields.ip !== undefined ? fields.ip : d.ip;
    this.name = fields.name !== undefined ? fields.name : d.name;
    this.networks = fields.networks !== undefined ? fields.networks : (d.networks as unknown as PlainJson);
  }

  /** Ruby's `to_h`: the instance keys, then `job: {name: <instance name>}` (sic: the instance's name). */
  toRuby(): RHash {
    const h = hashOf(
      [
        ["address", this.address],
        ["az", this.az],
        ["bootstrap", this.bootstrap],
        ["deployment", this.deployment],
        ["id", this.id],
        ["index", this.index],
        ["ip", this.ip],
        ["name", this.name],
        ["networks", this.networks],
      ],
      "spec",
    );
    h.setStr("job", hashOf([["name", this.name]], "spec.job"));
    return h;
  }
}

export interface LinkInstanceFields {
  name?: Data;
  id?: Data;
  index?: Data;
  az?: Data;
  address?: Data;
  bootstrap?: Data;
}

/** Ruby's `LinkInstance::TEST_*` defaults. */
export const LINK_INSTANCE_DEFAULTS = Object.freeze({
  name: "i-name",
  id: "jkl8098",
  index: 4,
  az: "az4",
  address: "link.instance.fake.example.com",
  bootstrap: false,
});

/** One instance of a consumed link (`Bosh::Template::Test::LinkInstance`). */
export class LinkInstance {
  readonly name: Data;
  readonly id: Data;
  readonly index: Data;
  readonly az: Data;
  readonly address: Data;
  readonly bootstrap: Data;

  constructor(fields: LinkInstanceFields = {}) {
    const d = LINK_INSTANCE_DEFAULTS;
    this.name = fields.name !== undefined ? fields.name : d.name;
    this.id = fields.id !== undefined ? fields.id : d.id;
    this.index = fields.index !== undefined ? fields.index : d.index;
    this.az = fields.az !== undefined ? fields.az : d.az;
    this.address = fields.address !== undefined ? fields.address : d.address;
    this.bootstrap = fields.bootstrap !== undefined ? fields.bootstrap : d.bootstrap;
  }

  toRuby(): RHash {
    return hashOf(
      [
        ["name", this.name],
        ["id", this.id],
        ["index", this.index],
        ["az", this.az],
        ["address", this.address],
        ["bootstrap", this.bootstrap],
      ],
      "link instance",
    );
  }
}

export interface LinkFields {
  name: string;
  /** LinkInstances; a plain object or Ruby Hash is used as is (Ruby calls `to_h` on each). */
  instances?: Array<LinkInstance | Data>;
  properties?: Properties;
  /** A manual address (`link('x').address` returns it); nil by default. */
  address?: Data;
}

/** A consumed link (`Bosh::Template::Test::Link`). */
export class Link {
  readonly name: string;
  readonly instances: ReadonlyArray<LinkInstance | Data>;
  readonly properties: Properties;
  readonly address: Data;

  constructor(fields: LinkFields) {
    if (fields === undefined || fields === null || typeof fields.name !== "string") throw new InputError("Link: missing keyword: :name (a String)");
    this.name = fields.name;
    this.instances = fields.instances ?? [];
    this.properties = fields.properties !== undefined ? fields.properties : {};
    this.address = fields.address !== undefined ? fields.address : null;
  }

  /** Ruby's `to_h`: instances, name, properties, address. */
  toRuby(): RHash {
    const h = new RHash();
    h.setStr(
      "instances",
      new RArray(this.instances.map((i, n) => (i instanceof LinkInstance ? i.toRuby() : toRuby(i as Data, `link '${this.name}' instance ${n}`)))),
    );
    h.setStr("name", toRuby(this.name, "link.name"));
    h.setStr("properties", toRuby(this.properties, `link '${this.name}' properties`));
    h.setStr("address", toRuby(this.address, `link '${this.name}' address`));
    return h;
  }
}
