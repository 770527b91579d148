/**
 * The render's copy of the context's properties, made piece by piece as `p`/`if_p` read it instead
 * of all at once per render (most templates read a few of hundreds of defaults-merged properties).
 *
 * Invariant: every object the template can reach is a copy from `memo` (the same memo the eager
 * Marshal-style copy uses, so sharing and identity are exactly as a whole copy would give), and the
 * originals are only ever read, never handed out. A lookup walks the originals while no copy of the
 * node exists yet (nothing can have changed them), and the copy from the first copied node on (the
 * template may have changed that one); the value found is copied on the way out. Once the template
 * reaches for the whole Hash (`raw_properties`, `@raw_properties`), the context copies it and plain
 * lookups take over.
 */
import { type Interp, type RObject, type Value, RHash, RString, cHash, cString, hashKeyOf } from "../ruby/runtime/values.js";
import { lookupProperty, splitDots } from "./property-helper.js";

export class LazyProperties {
  /** The walks already made through {@link original}, by property name (shared by every render of it). */
  private readonly walks: Map<string, Walk>;

  constructor(
    readonly original: RHash,
    private readonly memo: Map<RObject, RObject>,
    private readonly copy: (v: Value, memo: Map<RObject, RObject>) => Value,
  ) {
    let walks = walksByOriginal.get(original);
    if (walks === undefined) walksByOriginal.set(original, (walks = new Map()));
    this.walks = walks;
  }

  /** The whole copy (what `@raw_properties` holds once materialised). */
  materialise(): Value {
    return this.copy(this.original, this.memo);
  }

  /**
   * `lookup_property(raw_properties, name)`, or undefined when the walk would need Ruby dispatch
   * on an original (the caller then materialises the copy and uses the plain lookup).
   */
  lookup(it: Interp, name: Value): Value | undefined {
    if (!(name instanceof RString && name.cls === cString)) return undefined;
    let walk = this.walks.get(name.s);
    if (walk === undefined) {
      walk = walkOriginals(this.original, splitCached(name.s));
      if (this.walks.size < MAX_WALKS) this.walks.set(name.s, walk);
    }
    // The template may have changed a copied Hash: from the first one on the path, its copy answers.
    const { hashes } = walk;
    for (let i = 0; i < hashes.length; i++) {
      const copied = this.memo.get(hashes[i]);
      if (copied !== undefined) return lookupInCopy(it, copied, walk.split.parts, walk.split.keys, i);
    }
    const found = walk.found;
    return found === undefined || found === null ? found : this.copy(found, this.memo);
  }
}

/**
 * A property name's walk through the originals: the Hashes it passes (one per part, root first) and
 * what it finds (undefined: it meets something only Ruby dispatch can read). The originals never
 * change (a context given to render is read-only), so a walk is made once per original and name:
 * later renders skip the Hash-by-Hash descent, which in a large context is mostly cache misses.
 */
interface Walk {
  split: SplitName;
  hashes: RHash[];
  found: Value | undefined;
}
const walksByOriginal = new WeakMap<RHash, Map<string, Walk>>();
/** Names remembered per original: a template that builds names on the fly must not grow it without end. */
const MAX_WALKS = 4096;

function walkOriginals(original: RHash, split: SplitName): Walk {
  const { keys } = split;
  const hashes: RHash[] = [];
  let ref: Value = original;
  let found: Value | undefined = ref;
  for (let i = 0; i < keys.length; i++) {
    if (ref instanceof RHash) hashes.push(ref);
    if (!(ref instanceof RHash && ref.cls === cHash && ref.defaultProc === null)) {
      found = undefined;
      break;
    }
    const e = ref.map.get(keys[i]);
    ref = found = e === undefined ? ref.defaultValue : e[1];
    if (ref === null) break;
  }
  return { split, hashes, found };
}

/** The rest of a lookup inside the render's copy (everything under a copied Hash is a copy). */
function lookupInCopy(it: Interp, copy: Value, parts: string[], keys: unknown[], from: number): Value {
  let ref = copy;
  for (let i = from; i < keys.length; i++) {
    if (!(ref instanceof RHash && ref.cls === cHash && ref.defaultProc === null)) {
      return lookupProperty(it, ref, new RString(parts.slice(i).join(".")));
    }
    const e = ref.map.get(keys[i]);
    ref = e === undefined ? ref.defaultValue : e[1];
    if (ref === null) return null;
  }
  return ref;
}

/** A property name's parts and their Hash keys (hashKeyOf of each part as a String), made once per name. */
interface SplitName {
  parts: string[];
  keys: unknown[];
}
const splitCache = new Map<string, SplitName>();
function splitCached(s: string): SplitName {
  let split = splitCache.get(s);
  if (!split) {
    if (splitCache.size >= 10000) splitCache.clear();
    const parts = splitDots(s);
    split = { parts, keys: parts.map((part) => hashKeyOf(new RString(part))) };
    splitCache.set(s, split);
  }
  return split;
}
