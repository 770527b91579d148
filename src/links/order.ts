/** Instance order inside a link (link-resolution.md §6.4). */

/** §6.4: bootstrap, its AZ, no-AZ, remaining AZs by name; inside each step by `<group>/<uuid>`. */
export function sortInstances<T extends { id: string; az: string | null; bootstrap: boolean }>(group: string, instances: readonly T[]): T[] {
  const boot = instances.find((i) => i.bootstrap) ?? null;
  const rest = instances.filter((i) => i !== boot);
  const out: T[] = boot ? [boot] : [];
  const bootAz = boot ? boot.az : null;
  const taken = new Set<T>();
  if (boot) {
    const sameAz = rest.filter((i) => i.az === bootAz).sort(byUuid);
    out.push(...sameAz);
    sameAz.forEach((i) => taken.add(i));
    if (bootAz !== null) {
      const noAz = rest.filter((i) => i.az === null).sort(byUuid);
      out.push(...noAz);
      noAz.forEach((i) => taken.add(i));
    }
  }
  const remaining = rest.filter((i) => !taken.has(i));
  const azs = [...new Set(remaining.map((i) => i.az))].sort((a, b) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1));
  for (const az of azs) out.push(...remaining.filter((i) => i.az === az).sort(byUuid));
  return out;
}


// Sorting by `<group>/<uuid>` within one group is sorting by uuid.
function byUuid(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * A stable, uuid-shaped id derived from names (for generated instances). Not random: the same
 * deployment/group/index always gets the same id.
 */
export function stableUuid(...parts: string[]): string {
  const text = parts.join("\u0000");
  let h1 = 0x811c9dc5, h2 = 0x01000193, h3 = 0x9e3779b9, h4 = 0x85ebca6b;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h3 = Math.imul(h3 ^ c, 0xcc9e2d51);
    h4 = Math.imul(h4 ^ c, 0x1b873593);
  }
  for (const m of [0x85ebca6b, 0xc2b2ae35]) {
    h1 = Math.imul(h1 ^ (h2 >>> 15), m);
    h2 = Math.imul(h2 ^ (h3 >>> 13), m);
    h3 = Math.imul(h3 ^ (h4 >>> 16), m);
    h4 = Math.imul(h4 ^ (h1 >>> 11), m);
  }
  const hex = [h1, h2, h3, h4].map((h) => (h >>> 0).toString(16).padStart(8, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
