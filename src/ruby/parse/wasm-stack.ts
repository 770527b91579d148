/**
 * Gives prism.wasm a larger, relocated shadow stack by rewriting two sections of the module.
 *
 * prism.wasm is linked with a 64 KiB stack placed directly above its static data: a deep parse
 * overflows it silently into that data (no guard page in WebAssembly), corrupting the parser's
 * tables for every later parse. We enlarge the module's initial memory by `stackBytes` and start
 * the stack pointer at the top of the added region, so the stack grows down through memory that
 * nothing else uses (malloc only takes memory it grows itself, above the initial size). Together
 * with the source pre-scan (nesting.ts) this keeps every accepted parse far from the stack's end.
 */

const PAGE = 65536;

/**
 * Returns a copy of `wasm` whose stack is `stackBytes` (a multiple of 64 KiB) in fresh memory, and
 * the address of the stack's lowest byte (the stack grows down towards it).
 */
export function relocateStack(wasm: Uint8Array, stackBytes: number): { wasm: Uint8Array; stackBottom: number } {
  if (stackBytes % PAGE !== 0) throw new Error("stack size must be a multiple of 64 KiB");
  const sections = readSections(wasm);
  const stackTop = exportedGlobalValue(wasm, sections, "__stack_high");
  const memory = sections.find((s) => s.id === 5);
  const globals = sections.find((s) => s.id === 6);
  if (!memory || !globals) throw new Error("prism.wasm: no memory or global section");
  const { minPages, rest: memRest } = readMemory(wasm.subarray(memory.start, memory.end));
  const newTop = minPages * PAGE + stackBytes;
  const newMemory = concat([uleb(1), Uint8Array.of(memRest.flags), uleb(minPages + stackBytes / PAGE), ...(memRest.max === null ? [] : [uleb(Math.max(memRest.max, minPages + stackBytes / PAGE))])]);
  const newGlobals = rewriteStackPointer(wasm.subarray(globals.start, globals.end), stackTop, newTop);
  const out: Uint8Array[] = [wasm.subarray(0, 8)];
  for (const s of sections) {
    const body = s === memory ? newMemory : s === globals ? newGlobals : wasm.subarray(s.start, s.end);
    out.push(Uint8Array.of(s.id), uleb(body.length), body);
  }
  return { wasm: concat(out), stackBottom: minPages * PAGE };
}

interface Section {
  id: number;
  start: number;
  end: number;
}

function readSections(b: Uint8Array): Section[] {
  const out: Section[] = [];
  let p = 8;
  while (p < b.length) {
    const id = b[p++];
    const [size, q] = readUleb(b, p);
    out.push({ id, start: q, end: q + size });
    p = q + size;
  }
  return out;
}

/** The i32.const initial value of the global exported as `name` (the module imports no globals). */
function exportedGlobalValue(b: Uint8Array, sections: Section[], name: string): number {
  const exp = sections.find((s) => s.id === 7);
  const glob = sections.find((s) => s.id === 6);
  if (!exp || !glob) throw new Error("prism.wasm: no export or global section");
  let [count, p] = readUleb(b, exp.start);
  let index = -1;
  for (let i = 0; i < count; i++) {
    const [len, q] = readUleb(b, p);
    const n = new TextDecoder().decode(b.subarray(q, q + len));
    const kind = b[q + len];
    const [idx, r] = readUleb(b, q + len + 1);
    p = r;
    if (kind === 3 && n === name) index = idx;
  }
  if (index < 0) throw new Error(`prism.wasm: no exported global ${name}`);
  [count, p] = readUleb(b, glob.start);
  for (let i = 0; i < count; i++) {
    let e = p + 2;
    if (i === index) {
      if (b[e] !== 0x41) break;
      return readSleb(b, e + 1)[0];
    }
    while (b[e] !== 0x0b) e = skipInstr(b, e);
    p = e + 1;
  }
  throw new Error(`prism.wasm: global ${name} is not an i32 constant`);
}

function readMemory(b: Uint8Array): { minPages: number; rest: { flags: number; max: number | null } } {
  let [count, p] = readUleb(b, 0);
  if (count !== 1) throw new Error("prism.wasm: expected one memory");
  const flags = b[p++];
  if (flags !== 0 && flags !== 1) throw new Error("prism.wasm: unsupported memory limits");
  const [min, q] = readUleb(b, p);
  let max: number | null = null;
  if (flags === 1) [max] = readUleb(b, q);
  return { minPages: min, rest: { flags, max } };
}

/** Finds the one mutable i32 global initialised to `stackTop` (`__stack_pointer`) and re-initialises it. */
function rewriteStackPointer(b: Uint8Array, stackTop: number, newTop: number): Uint8Array {
  const [count, start] = readUleb(b, 0);
  const parts: Uint8Array[] = [b.subarray(0, start)];
  let p = start;
  let found = 0;
  for (let i = 0; i < count; i++) {
    const type = b[p];
    const mut = b[p + 1];
    const exprStart = p + 2;
    let e = exprStart;
    if (b[e] === 0x41) {
      const [value, after] = readSleb(b, e + 1);
      if (b[after] === 0x0b && type === 0x7f && mut === 1 && value === stackTop) {
        parts.push(Uint8Array.of(type, mut, 0x41), sleb(newTop), Uint8Array.of(0x0b));
        found++;
        p = after + 1;
        continue;
      }
    }
    while (b[e] !== 0x0b) e = skipInstr(b, e);
    parts.push(b.subarray(p, e + 1));
    p = e + 1;
  }
  if (found !== 1) throw new Error(`prism.wasm: found ${found} stack pointer globals`);
  parts.push(b.subarray(p));
  return concat(parts);
}

/** Skips one constant-expression instruction (the only kinds global initialisers use). */
function skipInstr(b: Uint8Array, p: number): number {
  const op = b[p];
  if (op === 0x41 || op === 0x42 || op === 0x23) return readSleb(b, p + 1)[1];
  if (op === 0x43) return p + 5;
  if (op === 0x44) return p + 9;
  if (op === 0x6a || op === 0x6b || op === 0x6c || op === 0x7c || op === 0x7d || op === 0x7e) return p + 1;
  throw new Error(`prism.wasm: unexpected opcode 0x${op.toString(16)} in a global initialiser`);
}

function readUleb(b: Uint8Array, p: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    const byte = b[p++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) return [result, p];
  }
}

function readSleb(b: Uint8Array, p: number): [number, number] {
  let result = 0n;
  let shift = 0n;
  let byte: number;
  do {
    byte = b[p++];
    result |= BigInt(byte & 0x7f) << shift;
    shift += 7n;
  } while (byte & 0x80);
  if (byte & 0x40) result -= 1n << shift;
  return [Number(result), p];
}

function uleb(n: number): Uint8Array {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return Uint8Array.from(out);
}

function sleb(n: number): Uint8Array {
  let v = BigInt(n);
  const out: number[] = [];
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    const done = (v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return Uint8Array.from(out);
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, x) => n + x.length, 0));
  let o = 0;
  for (const x of parts) {
    out.set(x, o);
    o += x.length;
  }
  return out;
}
