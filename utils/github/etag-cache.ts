/**
 * A bounded LRU of conditional-request results: key (method + URL) → ETag and the body it validated.
 * Serialisable (entries in LRU order) so the background store can persist it; `onChange` tells the owner to save.
 */
export interface EtagEntry {
  etag: string;
  data: unknown;
  /** Epoch ms of the last 200 or 304 for this key. */
  at: number;
}

export class EtagCache {
  private map = new Map<string, EtagEntry>();
  onChange: (() => void) | null = null;

  constructor(
    readonly maxEntries = 300,
    entries: Array<[string, EtagEntry]> = [],
  ) {
    for (const [k, v] of entries) if (v && typeof v.etag === 'string') this.map.set(k, v);
    this.trim();
  }

  get(key: string): EtagEntry | undefined {
    const v = this.map.get(key);
    if (v) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: string, entry: EtagEntry): void {
    this.map.delete(key);
    this.map.set(key, entry);
    this.trim();
    this.onChange?.();
  }

  touch(key: string, at: number): void {
    const v = this.get(key);
    if (v) v.at = at;
  }

  delete(key: string): void {
    if (this.map.delete(key)) this.onChange?.();
  }

  clear(): void {
    this.map.clear();
    this.onChange?.();
  }

  get size(): number {
    return this.map.size;
  }

  entries(): Array<[string, EtagEntry]> {
    return [...this.map.entries()];
  }

  private trim(): void {
    while (this.map.size > this.maxEntries) {
      const oldest = this.map.keys().next().value;
      if (oldest === undefined) break;
      this.map.delete(oldest);
    }
  }
}
