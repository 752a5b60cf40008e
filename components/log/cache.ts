/**
 * A small least-recently-used cache for what rows derive from their text (Markdown trees, diff lines, ANSI spans).
 * Rows of a virtual list mount and unmount as the view scrolls; without it each remount parses its text again.
 * Bounded, so a long log keeps only what was shown lately.
 */
export class TextCache<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly max: number) {}

  get(key: K, make: (key: K) => V): V {
    const hit = this.map.get(key);
    if (hit !== undefined) {
      // Most recently used last (Map keeps insertion order).
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    const value = make(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);
    return value;
  }

  get size(): number {
    return this.map.size;
  }
}
