/**
 * config-server's value generators as bosh's `--vars-store` uses them (config-server/types):
 * password (20 characters of a-z0-9 unless `length`), certificate (RSA 3072 unless
 * `key_length`; CA, intermediate or leaf; SANs, extended key usages, `duration` days), rsa and
 * ssh (RSA 2048). Options are checked as its objToStruct does (unknown keys are errors).
 */
import { generateKeyPairSync, createPrivateKey, createHash, randomBytes, randomInt, type KeyObject } from "node:crypto";
import { YMap, goFloat, type YamlValue } from "../values.js";
import { ManifestError, wrapError } from "../errors.js";
import { createCertificate, ipBytes, parseCertificate, pem, pemDecode, sha1, type CertTemplate, type Issuer } from "./x509.js";

export type CertLoader = (name: string) => { certificate: string; privateKey: string };

const LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789";
const VALID_KEY_LENGTHS = [2048, 3072, 4096];

/** A Go struct value: fields written in this order. */
function struct(fields: [string, string][]): YMap {
  const m = YMap.from(fields);
  m.struct = true;
  return m;
}

// --- objToStruct: options into a Go struct ------------------------------------------------------

function tagOf(v: YamlValue): string {
  if (v instanceof YMap) return "!!map";
  if (Array.isArray(v)) return "!!seq";
  if (typeof v === "string") return "!!str";
  if (typeof v === "boolean") return "!!bool";
  if (typeof v === "bigint") return "!!int";
  return "!!float";
}

function typeError(v: YamlValue, into: string): ManifestError {
  const text = v instanceof YMap || Array.isArray(v) ? "" : ` \`${scalarText(v)}\``;
  return new ManifestError(`yaml: unmarshal errors:\n  line 1: cannot unmarshal ${tagOf(v)}${text} into ${into}`);
}

function scalarText(v: YamlValue): string {
  if (v === null) return "null";
  if (typeof v === "number") return goFloat(v, "yaml");
  return String(v);
}

const goStr = (v: YamlValue | undefined): string => {
  if (v === undefined || v === null) return "";
  if (v instanceof YMap || Array.isArray(v)) throw typeError(v, "string");
  return scalarText(v);
};
const goInt = (v: YamlValue | undefined, into = "int"): number => {
  if (v === undefined || v === null) return 0;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "number" && Number.isFinite(v)) return Math.trunc(v);
  throw typeError(v, into);
};
const goBool = (v: YamlValue | undefined): boolean => {
  if (v === undefined || v === null) return false;
  if (typeof v === "boolean") return v;
  throw typeError(v, "bool");
};
const goStrings = (v: YamlValue | undefined): string[] => {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw typeError(v, "[]string");
  return v.map(goStr);
};

/** objToStruct: the options as a string-keyed map whose keys are all supported. */
function params(options: YamlValue, supported: string[]): YMap {
  if (options === null) return new YMap();
  if (!(options instanceof YMap)) throw wrapError("Expected input to be deserializable", typeError(options, "map[string]interface {}"));
  for (const k of options.keys()) {
    const name = k === null ? "" : scalarText(k);
    if (!supported.includes(name)) throw new ManifestError(`Unsupported parameter '${name}'`);
  }
  return options;
}

// --- generators ------------------------------------------------------------------------------

function password(options: YamlValue): string {
  let length: number;
  try {
    length = goInt(params(options, ["length"]).get("length"));
  } catch (e) {
    throw wrapError("Failed to generate password, parameters are invalid", e);
  }
  if (length < 0) throw new ManifestError("Failed to generate password, 'length' param cannot be negative");
  if (length === 0) length = 20;
  let out = "";
  for (let i = 0; i < length; i++) out += LETTERS[randomInt(LETTERS.length)];
  return out;
}

function rsaKeyPair(bits: number): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync("rsa", { modulusLength: bits, publicExponent: 65537 });
}

const pkcs1Pem = (k: KeyObject): string => k.export({ type: "pkcs1", format: "pem" }) as string;

function rsa(): YMap {
  const { privateKey, publicKey } = rsaKeyPair(2048);
  return struct([
    ["private_key", pkcs1Pem(privateKey)],
    ["public_key", publicKey.export({ type: "spki", format: "pem" }) as string],
  ]);
}

function sshString(b: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
}

/** SSH mpint: big-endian two's complement, a 0 byte before a set top bit. */
function mpint(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length && b[i] === 0) i++;
  let m = b.subarray(i);
  if (m.length && m[0] & 0x80) m = Buffer.concat([Buffer.from([0]), m]);
  return sshString(m);
}

function ssh(): YMap {
  const { privateKey, publicKey } = rsaKeyPair(2048);
  const jwk = publicKey.export({ format: "jwk" });
  const blob = Buffer.concat([sshString(Buffer.from("ssh-rsa")), mpint(Buffer.from(jwk.e!, "base64url")), mpint(Buffer.from(jwk.n!, "base64url"))]);
  const fingerprint = [...createHash("md5").update(blob).digest()].map((b) => b.toString(16).padStart(2, "0")).join(":");
  return struct([
    ["private_key", pkcs1Pem(privateKey)],
    ["public_key", `ssh-rsa ${blob.toString("base64")}\n`],
    ["public_key_fingerprint", fingerprint],
  ]);
}

const CERT_PARAMS = ["common_name", "organization", "alternative_names", "is_ca", "ca", "extended_key_usage", "duration", "key_length"];

/** VarsCertLoader.LoadCerts: the CA's certificate and PKCS#1 key. */
function loadCa(name: string, loadCert: CertLoader): { ca: ReturnType<typeof parseCertificate>; key: KeyObject } {
  const { certificate, privateKey } = loadCert(name);
  const c = pemDecode(certificate);
  if (!c) throw new ManifestError("Certificate did not contain PEM formatted block");
  let ca: ReturnType<typeof parseCertificate>;
  try {
    ca = parseCertificate(c.der);
  } catch (e) {
    throw wrapError("Parsing certificate", new ManifestError(`x509: malformed certificate (${(e as Error).message})`));
  }
  const k = pemDecode(privateKey);
  if (!k) throw new ManifestError("Private key did not contain PEM formatted block");
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: k.der, format: "der", type: "pkcs1" });
  } catch {
    throw wrapError("Parsing private key", new ManifestError("x509: failed to parse private key"));
  }
  return { ca, key };
}

function certificate(options: YamlValue, loadCert: CertLoader): YMap {
  let p: {
    commonName: string; organization: string; alternativeNames: string[]; isCA: boolean; caName: string;
    extKeyUsage: string[]; duration: number; keyLength: number;
  };
  try {
    const m = params(options, CERT_PARAMS);
    p = {
      commonName: goStr(m.get("common_name")),
      organization: goStr(m.get("organization")),
      alternativeNames: goStrings(m.get("alternative_names")),
      isCA: goBool(m.get("is_ca")),
      caName: goStr(m.get("ca")),
      extKeyUsage: goStrings(m.get("extended_key_usage")),
      duration: goInt(m.get("duration"), "int64"),
      keyLength: goInt(m.get("key_length")),
    };
  } catch (e) {
    throw wrapError("Failed to generate certificate, parameters are invalid", e);
  }
  const keyLength = p.keyLength === 0 ? 3072 : p.keyLength;
  if (!VALID_KEY_LENGTHS.includes(keyLength)) throw new ManifestError(`Invalid key_length: ${keyLength}.  Must be one of: [2048 3072 4096]`);

  let signer: { ca: ReturnType<typeof parseCertificate>; key: KeyObject } | null = null;
  if (p.caName !== "") {
    try {
      signer = loadCa(p.caName, loadCert);
    } catch (e) {
      throw wrapError("Loading certificates", e);
    }
  }
  if (!p.isCA && signer === null) throw new ManifestError("Missing required CA name");
  const extKeyUsage: CertTemplate["extKeyUsage"] = [];
  if (!p.isCA) {
    for (const u of p.extKeyUsage.length ? p.extKeyUsage : ["server_auth"]) {
      if (u !== "client_auth" && u !== "server_auth") throw new ManifestError(`Unsupported extended key usage value: ${u}`);
      extKeyUsage.push(u);
    }
  }

  const { privateKey, publicKey } = rsaKeyPair(keyLength);
  const n = Buffer.from(publicKey.export({ format: "jwk" }).n!, "base64url");
  const now = new Date();
  const days = p.duration > 0 ? p.duration : 365;
  const template: CertTemplate = {
    serial: BigInt(`0x${randomBytes(16).toString("hex")}`),
    commonName: p.commonName,
    organization: p.organization === "" ? "Cloud Foundry" : p.organization,
    notBefore: now,
    notAfter: new Date(now.getTime() + days * 24 * 3600 * 1000),
    isCA: p.isCA,
    keyUsage: p.isCA ? 32 | 64 : 4 | 1,
    extKeyUsage,
    dnsNames: [],
    ipAddresses: [],
    subjectKeyId: sha1(n),
    authorityKeyId: Buffer.alloc(0),
  };
  if (!p.isCA) {
    for (const name of p.alternativeNames) {
      const ip = ipBytes(name);
      if (ip) template.ipAddresses.push(ip);
      else template.dnsNames.push(name);
    }
  }
  template.authorityKeyId = signer ? signer.ca.subjectKeyId : template.subjectKeyId;
  const issuer: Issuer | null = signer ? { subjectDer: signer.ca.subjectDer, privateKey: signer.key } : null;
  const der = createCertificate(template, publicKey, issuer, privateKey);
  const certPem = pem("CERTIFICATE", der);
  return struct([
    ["certificate", certPem],
    ["private_key", pkcs1Pem(privateKey)],
    ["ca", signer ? pem("CERTIFICATE", signer.ca.raw) : certPem],
  ]);
}

/** ValueGeneratorConcrete: the generator for `type`, run on the definition's options. */
export function generateValue(type: string, options: YamlValue, loadCert: CertLoader): YamlValue {
  switch (type) {
    case "password":
      return password(options);
    case "rsa":
      return rsa();
    case "ssh":
      return ssh();
    case "certificate":
      return certificate(options, loadCert);
    default:
      throw new ManifestError(`Unsupported value type: ${type}`);
  }
}
