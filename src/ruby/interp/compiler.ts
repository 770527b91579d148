/**
 * Compiles Prism's AST into JS closures once per template; rendering runs the closures and
 * never looks at a node again. The compiler is layered by node family (compile/*.ts): one
 * `cXxxNode` method per node type; anything not handled raises UnsupportedRubyError at the
 * node's template line when (and only if) it is reached.
 */
export { Compiler } from "./compile/definitions.js";
export type { ProgramMeta } from "./compile/base.js";
export { RT, setRuntime } from "./compile/current.js";
export { findConst, splatToArray, toProc } from "./compile/semantics.js";
