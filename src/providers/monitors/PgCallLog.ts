import type { Logger } from "pino";

import { Database } from "../../db/Database";
import { pg_calls } from "../../db/schema";

/**
 * Every call to a PG that names a payment (its PG id, or our order id), kept for the console's
 * timelines: queued as it ends and written in batches every FLUSH_MS, outside any request (a
 * request pays no SQL statement for it). A crash loses at most the last FLUSH_MS of entries; a
 * database away drops them (said once): they are a record for people, not a ledger.
 */
export class PgCallLog {
  public static readonly FLUSH_MS = 200;
  public static readonly MAX_QUEUED = 50_000;
  private queue: (typeof pg_calls.$inferInsert)[] = [];
  private timer: NodeJS.Timeout | null = null;
  private failing = false;

  public constructor(
    private readonly database: Database,
    private readonly logger: Logger,
  ) {}

  public record(call: { vendor: string; operation: string; outcome: string; ref: string }, seconds: number): void {
    if (this.queue.length >= PgCallLog.MAX_QUEUED) return;
    this.queue.push({ vendor_code: call.vendor, ref: call.ref.slice(0, 200), operation: call.operation, outcome: call.outcome, duration_ms: Math.round(seconds * 1000), at: new Date() });
    // Outside the request's context: the batch is not the request's statement.
    this.timer ??= Database.scope.exit(() => setTimeout(() => void this.flush(), PgCallLog.FLUSH_MS));
  }

  public async flush(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    try {
      await this.database.db.insert(pg_calls).values(batch);
      this.failing = false;
    } catch {
      if (!this.failing) this.logger.warn({ event: "pg_calls.dropped", entries: batch.length }, "PG call records dropped: the database did not take them");
      this.failing = true;
    }
  }
}
