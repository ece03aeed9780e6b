/**
 * Group commit for independent writes: `write(item)` resolves when a `flush` that included
 * the item succeeded (or rejects with its error). One flush runs at a time; items arriving
 * meanwhile wait and go together in the next, at most `max` per flush. Idle, an item is
 * flushed at once, alone: no timer, no added latency.
 */
export class GroupWriter<T> {
  private queue: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private running = false;

  public constructor(
    private readonly flush: (items: T[]) => Promise<void>,
    private readonly max: number = 256,
  ) {}

  public write(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length !== 0) {
        const batch = this.queue.splice(0, this.max);
        try {
          await this.flush(batch.map((b) => b.item));
          for (const b of batch) b.resolve();
        } catch (error) {
          for (const b of batch) b.reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
