/**
 * A bounded in-memory map with expiry, so a long-running fake cannot grow without limit.
 *
 * Entries expire `ttlMs` after their last write (by the fake's clock, so tests moving the
 * clock see expiry too); when full, the least recently written entry is dropped.
 */
export class FakeIamportStorage<K, V> {
  private readonly map = new Map<K, { value: V; expires: number }>();

  public constructor(
    private readonly props: {
      capacity: number;
      ttlMs: number;
      now: () => number;
    },
  ) {}

  public get(key: K): V | undefined {
    const entry = this.map.get(key);
    if (entry === undefined) return undefined;
    if (entry.expires <= this.props.now()) {
      this.map.delete(key);
      return undefined;
    }
    return entry.value;
  }

  public set(key: K, value: V): void {
    this.map.delete(key); // re-insert: Map order = write order, oldest first
    this.map.set(key, { value, expires: this.props.now() + this.props.ttlMs });
    while (this.map.size > this.props.capacity) {
      const oldest: K = this.map.keys().next().value as K;
      this.map.delete(oldest);
    }
  }

  public delete(key: K): boolean {
    return this.map.delete(key);
  }

  public get size(): number {
    return this.map.size;
  }

  public clear(): void {
    this.map.clear();
  }
}
