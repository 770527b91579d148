/**
 * The kind of a Prism node ("CallNode", "SelfNode", ...) without `constructor.name`, which a
 * minifying bundler renames: each node class's `accept(visitor)` calls `visitor.visit<Kind>(this)`,
 * a property name that survives minification. Asked once per node class.
 */
const kinds = new Map<unknown, string>();

let lastVisit = "";
const probe = new Proxy(Object.create(null) as object, {
  get: (_target, prop) => () => {
    lastVisit = typeof prop === "string" && prop.startsWith("visit") ? prop.slice(5) : "";
  },
});

export function nodeKind(node: object): string {
  const cls = node.constructor;
  let kind = kinds.get(cls);
  if (kind === undefined) {
    lastVisit = "";
    (node as { accept(visitor: object): void }).accept(probe);
    kind = lastVisit;
    kinds.set(cls, kind);
  }
  return kind;
}
