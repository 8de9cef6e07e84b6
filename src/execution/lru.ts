/** A small least-recently-used map: get refreshes, set evicts the oldest past `max`. */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();
  /** The newest key (last in the map's order): getting it again needs no reordering. */
  private newest: K | undefined;
  private hasNewest = false;
  constructor(private readonly max: number) {}

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined && !(this.hasNewest && this.newest === key)) {
      // Delete + set moves the key last; skipped for the newest key (a hot flow), which spares the
      // Map its tombstones and rehashing on every hit.
      this.map.delete(key);
      this.map.set(key, v);
      this.markNewest(key);
    }
    return v;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    this.markNewest(key);
    while (this.map.size > this.max) this.delete(this.map.keys().next().value as K);
  }

  delete(key: K): void {
    this.map.delete(key);
    if (this.hasNewest && this.newest === key) {
      this.newest = undefined;
      this.hasNewest = false;
    }
  }

  get size(): number {
    return this.map.size;
  }

  private markNewest(key: K): void {
    this.newest = key;
    this.hasNewest = true;
  }
}
