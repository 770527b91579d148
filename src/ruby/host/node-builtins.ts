/**
 * Node's built-in modules, reached without an import statement, so that the core (ERB compiler,
 * interpreter, BOSH API, link graph, export) loads unchanged in a browser bundle: there
 * `globalThis.process` is absent and each caller takes its portable path instead.
 * `process.getBuiltinModule` exists from Node 20.16 (linkplate needs 20.19).
 */
import type * as NodeFs from "node:fs";
import type * as NodeModule from "node:module";
import type * as NodeUrl from "node:url";
import type * as NodeVm from "node:vm";
import type * as NodeWorkerThreads from "node:worker_threads";
import type * as NodeZlib from "node:zlib";

interface BuiltinModules {
  "node:fs": typeof NodeFs;
  "node:module": typeof NodeModule;
  "node:url": typeof NodeUrl;
  "node:vm": typeof NodeVm;
  "node:worker_threads": typeof NodeWorkerThreads;
  "node:zlib": typeof NodeZlib;
}

type GetBuiltin = (id: string) => unknown;

/** The built-in module `id` under Node, or null elsewhere (browsers, workers without `process`). */
export function nodeBuiltin<K extends keyof BuiltinModules>(id: K): BuiltinModules[K] | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: GetBuiltin } }).process;
  const get = proc?.getBuiltinModule;
  return typeof get === "function" ? ((get.call(proc, id) as BuiltinModules[K] | undefined) ?? null) : null;
}
