/**
 * A bounded memo keyed by string, for pure answers the same render loop asks again and again
 * (a scalar's YAML style, a finished regexp search): deployments and property tests render the
 * same property values render after render. Bounded by entries and by the characters of the keys
 * it holds, so it never grows with its input; when full it starts over (cheaper than LRU
 * bookkeeping on every hit, and the working set refills it at once).
 */
export class StringMemo<V> {
  private readonly map = new Map<string, V>();
  private chars = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxChars: number,
    /** Longer keys are never held (hashing them would cost about as much as the answer). */
    readonly maxKeyLength: number,
  ) {}

  get(key: string): V | undefined {
    return key.length <= this.maxKeyLength ? this.map.get(key) : undefined;
  }

  set(key: string, value: V): void {
    if (key.length > this.maxKeyLength) return;
    if (this.map.size >= this.maxEntries || this.chars + key.length > this.maxChars) {
      this.map.clear();
      this.chars = 0;
    }
    this.map.set(key, value);
    this.chars += key.length;
  }
}
