/**
 * `active_support/core_ext/object/blank`, which bosh-common's evaluation_context.rb loads "for
 * backward compatibility" so templates may call `blank?`, `present?` and `presence` on anything
 * (ActiveSupport 8 definitions).
 */
import {
  type Interp,
  type Value,
  RArray,
  RHash,
  RString,
  cArray,
  cFalseClass,
  cHash,
  cNilClass,
  cNumeric,
  cObject,
  cString,
  cTrueClass,
  truthy,
} from "../ruby/runtime/values.js";

/** Ruby's `[[:space:]]` on a Unicode string (the White_Space property). */
const BLANK = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

function isBlank(it: Interp, v: Value): boolean {
  if (v === null || v === false) return true;
  if (v === true || typeof v === "number" || typeof v === "bigint") return false;
  if (v instanceof RString && v.cls === cString) return v.s.length === 0 || BLANK.test(v.s);
  if (v instanceof RArray && v.cls === cArray) return v.a.length === 0;
  if (v instanceof RHash && v.cls === cHash) return v.size === 0;
  return truthy(it.send(v, "blank?"));
}

let installed = false;

export function installActiveSupportBlank(): void {
  if (installed) return;
  installed = true;
  // Object#blank?: respond_to?(:empty?) ? !!empty? : false
  cObject.define("blank?", (self: Value, _a, _b, it: Interp) => (it.respondTo(self, "empty?") ? truthy(it.send(self, "empty?")) : false), 0);
  cObject.define("present?", (self: Value, _a, _b, it: Interp) => !isBlank(it, self), 0);
  cObject.define("presence", (self: Value, _a, _b, it: Interp) => (isBlank(it, self) ? null : self), 0);
  cNilClass.define("blank?", () => true, 0);
  cFalseClass.define("blank?", () => true, 0);
  cTrueClass.define("blank?", () => false, 0);
  cNumeric.define("blank?", () => false, 0);
  cArray.define("blank?", (self: RArray) => self.a.length === 0, 0);
  cHash.define("blank?", (self: RHash) => self.size === 0, 0);
  cString.define("blank?", (self: RString) => self.s.length === 0 || BLANK.test(self.s), 0);
}
