/** Instance order inside a link (link-resolution.md §6.4). */

/** §6.4: bootstrap, its AZ, no-AZ, remaining AZs by name; inside each step by `<group>/<uuid>`. */
export function sortInstances<T extends { id: string; az: string | null; bootstrap: boolean }>(group: string, instances: readonly T[]): T[] {
  const key = (i: T) => `${group}/${i.id}`;
  const byKey = (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  const boot = instances.find((i) => i.bootstrap) ?? null;
  const rest = instances.filter((i) => i !== boot);
  const out: T[] = boot ? [boot] : [];
  const bootAz = boot ? boot.az : null;
  const taken = new Set<T>();
  if (boot) {
    const sameAz = rest.filter((i) => i.az === bootAz).sort(byKey);
    out.push(...sameAz);
    sameAz.forEach((i) => taken.add(i));
    if (bootAz !== null) {
      const noAz = rest.filter((i) => i.az === null).sort(byKey);
      out.push(...noAz);
      noAz.forEach((i) => taken.add(i));
    }
  }
  const remaining = rest.filter((i) => !taken.has(i));
  const azs = [...new Set(remaining.map((i) => i.az))].sort((a, b) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1));
  for (const az of azs) out.push(...remaining.filter((i) => i.az === az).sort(byKey));
  return out;
}

