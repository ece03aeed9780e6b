/**
 * The fakes' one store: an insertion-ordered map with a size bound and a time-to-live, so
 * that a long-running fake (sandbox, load tests) never grows without limit. Entries expire
 * `ttlMs` after their last write, checked lazily against the fake's clock (tests move time);
 * when full, the oldest written entry is dropped.
 */
export class BoundedMap<K, V> {
  private readonly map: Map<K, { value: V; expiresAt: number }> = new Map();

  public constructor(
    private readonly props: { max: number; ttlMs: number; now: () => number },
  ) {}

  public get(key: K): V | undefined {
    const entry = this.map.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.props.now()) {
      this.map.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** (Re)inserts at the newest end and restarts the entry's life. */
  public set(key: K, value: V, ttlMs: number = this.props.ttlMs): void {
    this.map.delete(key);
    this.map.set(key, { value, expiresAt: this.props.now() + ttlMs });
    this.sweep();
  }

  /** Replace a value keeping its age (state changes must not extend retention). */
  public update(key: K, value: V): void {
    const entry = this.map.get(key);
    if (entry === undefined) this.set(key, value);
    else entry.value = value;
  }

  public delete(key: K): void {
    this.map.delete(key);
  }

  public get size(): number {
    return this.map.size;
  }

  public clear(): void {
    this.map.clear();
  }

  public *values(): IterableIterator<V> {
    const now = this.props.now();
    for (const entry of this.map.values()) if (entry.expiresAt > now) yield entry.value;
  }

  private sweep(): void {
    const now = this.props.now();
    // oldest first: drop the expired ones at the front, then whatever exceeds the bound
    for (const [key, entry] of this.map) {
      if (this.map.size > this.props.max || entry.expiresAt <= now) this.map.delete(key);
      else break;
    }
  }
}
