/**
 * `File` with its pure path functions only (`File.dirname` is used by real templates). Every
 * method that touches the host (read, write, exist?, open, ...) is refused by the sandbox, and
 * `IO`, `Dir`, `ENV`, `Process` and `ObjectSpace` are refusing stand-ins rather than NameErrors.
 */
import { toStr } from "../runtime/coerce.js";
import { type Interp, RString, cObject, defineBuiltinClass, defineBuiltinModule, str } from "../runtime/values.js";
import { trimEndChar } from "../runtime/trim.js";

function sandbox(it: Interp, what: string): never {
  return (it as unknown as { sandbox(w: string): never }).sandbox(what);
}

/** Ruby's File.dirname for "/"-separated paths. */
export function dirname(path: string): string {
  if (path === "") return ".";
  let p = trimEndChar(path, "/");
  if (p === "") return "/";
  const i = p.lastIndexOf("/");
  if (i < 0) return ".";
  p = trimEndChar(p.slice(0, i), "/");
  return p === "" ? "/" : p;
}

export function basename(path: string, suffix?: string): string {
  let p = trimEndChar(path, "/");
  if (p === "" && path.startsWith("/")) return "/";
  p = p.slice(p.lastIndexOf("/") + 1);
  if (suffix !== undefined) {
    if (suffix === ".*") {
      const dot = p.lastIndexOf(".");
      if (dot > 0) p = p.slice(0, dot);
    } else if (p.endsWith(suffix) && p !== suffix) p = p.slice(0, -suffix.length);
  }
  return p;
}

export function extname(path: string): string {
  const b = basename(path);
  const dot = b.lastIndexOf(".");
  if (dot <= 0 || dot === b.length - 1) return "";
  return b.slice(dot);
}

const REFUSED_FILE = ["read", "write", "open", "new", "exist?", "exists?", "file?", "directory?", "readlines", "foreach", "delete", "unlink", "rename", "chmod", "stat", "lstat", "size", "expand_path", "absolute_path", "realpath", "readlink", "symlink", "link", "mtime", "binread", "binwrite", "readable?", "writable?", "executable?", "zero?", "empty?"];

export function installFile(): void {
  const cIO = defineBuiltinClass("IO", cObject);
  const cFile = defineBuiltinClass("File", cIO);
  cFile.consts.set("SEPARATOR", Object.assign(str("/"), { frozen: true }));
  cFile.defineS("dirname", (_s, [p], _b, it) => str(dirname(toStr(it, p))), [1, 2]);
  cFile.defineS("basename", (_s, args, _b, it) => str(basename(toStr(it, args[0]), args.length > 1 ? toStr(it, args[1]) : undefined)), [1, 2]);
  cFile.defineS("extname", (_s, [p], _b, it) => str(extname(toStr(it, p))), 1);
  cFile.defineS("join", (_s, args, _b, it) => {
    const parts = args.flatMap((a) => (a instanceof RString ? [a.s] : [toStr(it, a)]));
    return str(parts.join("/").replace(/\/{2,}/g, "/"));
  });
  for (const name of REFUSED_FILE) cFile.defineS(name, (_s, _a, _b, it) => sandbox(it, `File.${name}`));
  for (const name of ["read", "write", "popen", "open", "new", "sysopen", "readlines", "foreach", "pipe", "select", "binread", "copy_stream"]) {
    cIO.defineS(name, (_s, _a, _b, it) => sandbox(it, `IO.${name}`));
  }
  for (const [name, desc] of [
    ["Dir", "the file system (Dir)"],
    ["ENV", "environment variables (ENV)"],
    ["Process", "processes (Process)"],
    ["ObjectSpace", "ObjectSpace"],
    ["Signal", "signals (Signal)"],
    ["Socket", "sockets (Socket)"],
    ["GC", "the garbage collector (GC)"],
    ["RubyVM", "RubyVM"],
    ["Binding", "bindings (Binding)"],
  ] as const) {
    const m = defineBuiltinModule(name);
    m.define("method_missing", (_s, _a, _b, it) => sandbox(it, desc));
    m.defineS("method_missing", (_s, _a, _b, it) => sandbox(it, desc));
    m.defineS("[]", (_s, _a, _b, it) => sandbox(it, desc));
    m.defineS("fetch", (_s, _a, _b, it) => sandbox(it, desc));
  }
}
