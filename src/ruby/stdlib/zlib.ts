/**
 * `Zlib::GzipReader.new(io).read` (node:zlib) and a minimal `StringIO`, for templates that ship
 * gzip+base64 blobs (`Zlib::GzipReader.new(StringIO.new(Base64.decode64(x))).read`).
 */
import { Buffer, kMaxLength } from "buffer";
import { nodeBuiltin } from "../host/node-builtins.js";
import { InflateTooLarge, inflateRaw } from "./inflate.js";
import { budget, chargeString } from "../runtime/budget.js";
import {
  type Interp,
  type RClass,
  type Value,
  RArray,
  RException,
  RObject,
  RString,
  cObject,
  cStandardError,
  defineBuiltinClass,
  defineBuiltinModule,
  str,
} from "../runtime/values.js";
import { toInt, toStr, checkFrozen } from "../runtime/coerce.js";
import { binaryString, bytesOf, externalString } from "./bytes.js";

export class RStringIO extends RObject {
  pos = 0; // byte offset
  constructor(
    cls: RClass,
    public buf: RString,
  ) {
    super(cls);
  }
}

class RGzipReader extends RObject {
  data: Buffer | null = null;
  pos = 0;
  closed = false;
  constructor(
    cls: RClass,
    readonly io: Value,
  ) {
    super(cls);
  }
}

let cGzipError: RClass;
let cDataError: RClass;

function raiseIn(it: Interp, cls: RClass, msg: string): never {
  return it.raiseExc(new RException(cls, str(msg)));
}

/** Decompresses the first gzip member of `b` as Ruby's GzipReader does (trailer not required). */
export function gunzip(it: Interp, b: Buffer): Buffer {
  if (b.length < 10 || b[0] !== 0x1f || b[1] !== 0x8b) raiseIn(it, cGzipError, "not in gzip format");
  if (b[2] !== 8) raiseIn(it, cGzipError, `unsupported compression method ${b[2]}`);
  const flags = b[3];
  let p = 10;
  if (flags & 4) {
    if (p + 2 > b.length) raiseIn(it, cGzipError, "unexpected end of file");
    p += 2 + b.readUInt16LE(p);
  }
  if (flags & 8) while (p < b.length && b[p++] !== 0);
  if (flags & 16) while (p < b.length && b[p++] !== 0);
  if (flags & 2) p += 2;
  if (p > b.length) raiseIn(it, cGzipError, "unexpected end of file");
  // A small compressed input can expand a thousandfold: stop inflating at the String size limit.
  const max = budget.maxString;
  const cap = Number.isFinite(max) ? Math.min(max + 1, kMaxLength) : kMaxLength;
  let out: Buffer;
  try {
    out = inflate(b.subarray(p), cap);
  } catch (e) {
    if (e instanceof InflateTooLarge || (e instanceof RangeError && (e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE")) return budget.limitError("String size", max);
    const msg = e instanceof Error ? e.message : String(e);
    return raiseIn(it, cDataError, msg);
  }
  chargeString(out.length);
  return out;
}

const ZLIB = nodeBuiltin("node:zlib");

/** zlib itself under Node; the portable decoder (same bytes, zlib's messages) without it. */
function inflate(raw: Buffer, cap: number): Buffer {
  if (ZLIB !== null) return ZLIB.inflateRawSync(raw, { finishFlush: ZLIB.constants.Z_SYNC_FLUSH, maxOutputLength: cap });
  const out = inflateRaw(raw, cap);
  return Buffer.from(out.buffer, out.byteOffset, out.length);
}

function sioBytes(sio: RStringIO): Buffer {
  return bytesOf(sio.buf);
}

function sioRead(it: Interp, sio: RStringIO, len: Value | undefined): Value {
  const all = sioBytes(sio);
  if (len === undefined || len === null) {
    const rest = all.subarray(Math.min(sio.pos, all.length));
    sio.pos = all.length;
    return sio.buf.binary ? binaryString(rest) : externalString(rest);
  }
  const n = toInt(it, len);
  if (n < 0) return it.raise("ArgumentError", `negative length ${n} given`);
  if (sio.pos >= all.length) return n === 0 ? str("") : null;
  const chunk = all.subarray(sio.pos, sio.pos + n);
  sio.pos += chunk.length;
  return binaryString(chunk);
}

export function installZlib(): void {
  // StringIO
  const cStringIO = defineBuiltinClass("StringIO", cObject);
  cStringIO.defineS("new", (self, args, _b, it) => {
    const s = args.length > 0 && args[0] !== undefined ? args[0] : str("");
    if (!(s instanceof RString)) toStr(it, s);
    return new RStringIO(self as RClass, s instanceof RString ? s : str(toStr(it, s)));
  }, [0, 2]);
  cStringIO.define("read", (self: RStringIO, args, _b, it) => sioRead(it, self, args[0]), [0, 2]);
  cStringIO.define("string", (self: RStringIO) => self.buf, 0);
  cStringIO.define("rewind", (self: RStringIO) => {
    self.pos = 0;
    return 0;
  }, 0);
  cStringIO.define("pos", (self: RStringIO) => self.pos, 0);
  cStringIO.define("eof?", (self: RStringIO) => self.pos >= sioBytes(self).length, 0);
  cStringIO.define("gets", (self: RStringIO) => {
    const all = sioBytes(self);
    if (self.pos >= all.length) return null;
    let end = all.indexOf(10, self.pos);
    end = end < 0 ? all.length : end + 1;
    const line = all.subarray(self.pos, end);
    self.pos = end;
    return self.buf.binary ? binaryString(line) : externalString(line);
  }, 0);
  const write = (self: RStringIO, args: Value[], it: Interp): number => {
    checkFrozen(it, self.buf);
    let n = 0;
    for (const a of args) {
      const t = it.toS(a);
      const all = sioBytes(self);
      const add = Buffer.from(t, "utf8");
      const before = all.subarray(0, Math.min(self.pos, all.length));
      const pad = Buffer.alloc(Math.max(0, self.pos - all.length));
      const after = all.subarray(Math.min(self.pos + add.length, all.length));
      const next = Buffer.concat([before, pad, add, after]);
      const asText = externalString(next);
      if (asText.binary && !self.buf.binary) return it.raise("NotImplementedError", "StringIO write producing invalid UTF-8");
      self.buf.s = self.buf.binary ? next.toString("latin1") : asText.s;
      self.pos += add.length;
      n += add.length;
    }
    return n;
  };
  cStringIO.define("write", (self: RStringIO, args, _b, it) => write(self, args, it));
  cStringIO.define("<<", (self: RStringIO, args, _b, it) => {
    write(self, args, it);
    return self;
  }, 1);
  cStringIO.define("close", () => null, 0);

  // Zlib
  const mZlib = defineBuiltinModule("Zlib");
  const cZError = defineBuiltinClass("Error", cStandardError, mZlib);
  cDataError = defineBuiltinClass("DataError", cZError, mZlib);
  defineBuiltinClass("BufError", cZError, mZlib);
  const cGzipFile = defineBuiltinClass("GzipFile", cObject, mZlib);
  cGzipError = defineBuiltinClass("Error", cZError, cGzipFile);
  const cGzipReader = defineBuiltinClass("GzipReader", cGzipFile, mZlib);

  const ensureData = (it: Interp, g: RGzipReader): Buffer => {
    if (g.closed) return raiseIn(it, cGzipError, "closed gzip stream");
    if (!g.data) {
      const raw = it.send(g.io, "read");
      const b = raw instanceof RString ? bytesOf(raw) : Buffer.alloc(0);
      g.data = gunzip(it, b);
    }
    return g.data;
  };
  cGzipReader.defineS("new", (self, args, _b, it) => {
    const io = args[0];
    if (!it.respondTo(io, "read")) {
      return it.raise("NoMethodError", `undefined method 'read' for ${io instanceof RString ? "an instance of String" : it.inspect(io)}`);
    }
    const g = new RGzipReader(self as RClass, io);
    ensureData(it, g); // Ruby reads the header in the constructor
    return g;
  }, [1, 2]);
  cGzipReader.define("read", (self: RGzipReader, args, _b, it) => {
    const data = ensureData(it, self);
    if (args.length > 0 && args[0] !== null) {
      const n = toInt(it, args[0]);
      if (self.pos >= data.length) return n === 0 ? str("") : null;
      const chunk = data.subarray(self.pos, self.pos + n);
      self.pos += chunk.length;
      return binaryString(chunk);
    }
    const rest = data.subarray(Math.min(self.pos, data.length));
    self.pos = data.length;
    return externalString(rest);
  }, [0, 2]);
  cGzipReader.define("readlines", (self: RGzipReader, _args, _b, it) => {
    const data = ensureData(it, self);
    const rest = externalString(data.subarray(Math.min(self.pos, data.length)));
    self.pos = data.length;
    const parts = rest.s.split(/(?<=\n)/).filter((x) => x !== "");
    return new RArray(parts.map((p) => new RString(p, rest.binary)));
  }, 0);
  cGzipReader.define("close", (self: RGzipReader) => {
    self.closed = true;
    return self.io;
  }, 0);
  cGzipReader.define("finish", (self: RGzipReader) => {
    self.closed = true;
    return self.io;
  }, 0);
  cGzipReader.define("closed?", (self: RGzipReader) => self.closed, 0);
  mZlib.defineS("gunzip", (_s, args, _b, it) => {
    const src = args[0] instanceof RString ? args[0] : str(toStr(it, args[0]));
    return binaryString(gunzip(it, bytesOf(src)));
  }, 1);
  // Zlib.crc32/adler32(string = nil, start): the checksum of the string's bytes, continuing `start`.
  const checksum = (name: string, init: number, fn: (b: Uint8Array, start: number) => number) =>
    mZlib.defineS(name, (_s, args, _b, it) => {
      // zlib keeps the low 32 bits of the unsigned long it is given; a nil string asks for the initial value.
      const start = args.length > 1 ? Number(BigInt.asUintN(32, BigInt(toInt(it, args[1])))) : init;
      if (args.length === 0 || args[0] === null) return init;
      const src = args[0] instanceof RString ? args[0] : str(toStr(it, args[0]));
      return fn(bytesOf(src), start);
    }, [0, 2]);
  checksum("crc32", 0, crc32);
  checksum("adler32", 1, adler32);
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(b: Uint8Array, start: number): number {
  let c = (start ^ 0xffffffff) >>> 0;
  for (let i = 0; i < b.length; i++) c = CRC_TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function adler32(b: Uint8Array, start: number): number {
  let a = start & 0xffff;
  let s = (start >>> 16) & 0xffff;
  for (let i = 0; i < b.length; i++) {
    a = (a + b[i]) % 65521;
    s = (s + a) % 65521;
  }
  return ((s << 16) | a) >>> 0;
}
