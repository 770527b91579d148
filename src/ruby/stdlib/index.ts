/**
 * The standard library shims templates use. All of them are installed up front (BOSH's process
 * has json, yaml, ipaddr... loaded before any template runs), and `require` of any name in
 * {@link REQUIRABLE} is a no-op.
 */
import { requirable } from "../core/object.js";
import { installBase64 } from "./base64.js";
import { installDigest } from "./digest.js";
import { installErbUtil } from "./erb-util.js";
import { installIpaddr } from "./ipaddr.js";
import { installJson } from "./json.js";
import { installOpenssl } from "./openssl.js";
import { installTime } from "./time.js";
import { installSet } from "./set.js";
import { installShellwords } from "./shellwords.js";
import { installUri } from "./uri.js";
import { installYaml } from "./yaml.js";
import { installZlib } from "./zlib.js";

let installed = false;

/** Library names `require` accepts as no-ops. */
export const REQUIRABLE: ReadonlySet<string> = new Set([
  "json",
  "json/ext",
  "yaml",
  "psych",
  "base64",
  "shellwords",
  "erb",
  "cgi",
  "cgi/escape",
  "cgi/util",
  "uri",
  "ipaddr",
  "digest",
  "digest/md5",
  "digest/sha1",
  "digest/sha2",
  "zlib",
  "stringio",
  "time",
  "set",
  "openssl",
  "ostruct",
  "active_support/core_ext/object/blank",
]);

/** Installs every stdlib module and class (idempotent) and registers the requirable names. */
export function installStdlib(): void {
  if (installed) return;
  installed = true;
  installJson();
  installYaml();
  installBase64();
  installDigest();
  installZlib();
  installErbUtil();
  installShellwords();
  installUri();
  installIpaddr();
  installTime();
  installOpenssl();
  installSet();
  for (const name of REQUIRABLE) requirable.add(name);
}
