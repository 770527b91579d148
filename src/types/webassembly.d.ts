// The subset of the WebAssembly JS API that the Prism loader (and the test oracle) use. Node has
// it at runtime; TypeScript only declares it in lib.dom, which this Node library does not load.
declare namespace WebAssembly {
  interface Module {}
  interface Memory {
    readonly buffer: ArrayBuffer;
  }
  type ExportValue = ((...args: number[]) => number) | Memory;
  type Exports = Record<string, ExportValue>;
  interface Instance {
    readonly exports: Exports;
  }
  type ImportValue = ((...args: number[]) => number) | Memory;
  type Imports = Record<string, Record<string, ImportValue>>;
  function compile(bytes: ArrayBufferView | ArrayBuffer): Promise<Module>;
  function instantiate(module: Module, imports?: Imports): Promise<Instance>;
  const Module: { imports(module: Module): { module: string; name: string; kind: string }[] };
}
