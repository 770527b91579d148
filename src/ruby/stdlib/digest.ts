/** Ruby's `digest` library: `Digest::SHA256.hexdigest(str)` and friends. */
import { Buffer } from "buffer";
import { type HashAlgorithm, hashBytes } from "./hashes.js";
import { type RClass, RObject, cObject, cStandardError, defineBuiltinClass, defineBuiltinModule } from "../runtime/values.js";
import { argBytes, asciiString, binaryString } from "./bytes.js";

const ALGORITHMS: [string, HashAlgorithm][] = [
  ["MD5", "md5"],
  ["SHA1", "sha1"],
  ["SHA256", "sha256"],
  ["SHA384", "sha384"],
  ["SHA512", "sha512"],
];

/** A digest instance: accumulated input bytes. */
class RDigest extends RObject {
  chunks: Buffer[] = [];
  constructor(
    cls: RClass,
    readonly algo: HashAlgorithm,
  ) {
    super(cls);
  }
  sum(): Buffer {
    return digestOf(this.algo, Buffer.concat(this.chunks));
  }
}

function digestOf(algo: HashAlgorithm, b: Buffer): Buffer {
  const d = hashBytes(algo, b);
  return Buffer.from(d.buffer, d.byteOffset, d.length);
}

export function installDigest(): void {
  const mDigest = defineBuiltinModule("Digest");
  const cBase = defineBuiltinClass("Base", cObject, mDigest);
  defineBuiltinClass("DigestError", cStandardError, mDigest);
  for (const [name, algo] of ALGORITHMS) {
    const c = defineBuiltinClass(name, cBase, mDigest);
    const hash = (b: Buffer) => digestOf(algo, b);
    c.defineS("hexdigest", (_s, args, _b, it) => asciiString(hash(argBytes(it, args[0])).toString("hex")), 1);
    c.defineS("digest", (_s, args, _b, it) => binaryString(hash(argBytes(it, args[0]))), 1);
    c.defineS("base64digest", (_s, args, _b, it) => asciiString(hash(argBytes(it, args[0])).toString("base64")), 1);
    c.defineS("new", (self) => new RDigest(self as RClass, algo), [0, 1]);
    c.define("update", (self: RDigest, args, _b, it) => {
      self.chunks.push(argBytes(it, args[0]));
      return self;
    }, 1);
    c.define("<<", (self: RDigest, args, _b, it) => {
      self.chunks.push(argBytes(it, args[0]));
      return self;
    }, 1);
    c.define("hexdigest", (self: RDigest, args, _b, it) => {
      if (args.length) return asciiString(hash(argBytes(it, args[0])).toString("hex"));
      return asciiString(self.sum().toString("hex"));
    }, [0, 1]);
    c.define("to_s", (self: RDigest) => asciiString(self.sum().toString("hex")), 0);
    c.define("digest", (self: RDigest, args, _b, it) => {
      if (args.length) return binaryString(hash(argBytes(it, args[0])));
      return binaryString(self.sum());
    }, [0, 1]);
    c.define("base64digest", (self: RDigest) => asciiString(self.sum().toString("base64")), 0);
    c.define("reset", (self: RDigest) => {
      self.chunks = [];
      return self;
    }, 0);
  }
}
