import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from "@nestjs/common";
import { sql } from "drizzle-orm";

import { payment_histories } from "../../db/schema";
import { PaymentHistoryProvider, PaymentHistoryRow } from "../histories/PaymentHistoryProvider";
import { PaymentContext } from "../PaymentContext";
import { RetentionProvider } from "../retention/RetentionProvider";

/**
 * Background worker (only when `config.workers`): every `reconcile_interval_ms` it settles
 * payments left `pending` longer than `reconcile_after_ms` (the process died or the PG
 * timed out between the PG call and the DB write) from the PG's own record, re-reads
 * virtual accounts waiting for a deposit now and then (in case a webhook was lost), and
 * purges what is past its retention (RetentionProvider).
 *
 * Rows are leased with `FOR UPDATE SKIP LOCKED` and a bumped `updated_at`, so any number
 * of instances share the work without taking the same row, and no lock is held across a
 * PG call.
 */
@Injectable()
export class PaymentReconciler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  /** Rows per tick and instance. */
  private static readonly BATCH = 20;
  /** A waiting virtual account is re-read at most once per this many `reconcile_after_ms`. */
  private static readonly DEPOSIT_POLL_FACTOR = 30;

  public constructor(
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    @Inject(PaymentHistoryProvider) private readonly histories: PaymentHistoryProvider,
    @Inject(RetentionProvider) private readonly retention: RetentionProvider,
  ) {}

  public onApplicationBootstrap(): void {
    if (!this.ctx.config.workers) return;
    this.schedule();
  }

  public async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass; also callable directly (tests, operators). Returns how many rows it decided. */
  public async tick(): Promise<number> {
    let done = 0;
    await this.retention.purge().catch((exp) => this.warn("retention purge", exp));
    const after = this.ctx.config.reconcile_after_ms;
    for (const row of await this.lease("pending", after)) {
      try {
        const settled = await this.histories.reconcile(row);
        ++done;
        this.ctx.metrics.reconciled.inc({ outcome: settled !== null ? "settled" : "removed" });
        this.ctx.logger.info(
          { event: settled !== null ? "payment.reconciled" : "payment.removed", history_id: row.id, status: settled?.status ?? null },
          settled !== null ? "pending payment settled from its PG" : "pending payment not at its PG: removed",
        );
      } catch (exp) {
        this.ctx.metrics.reconciled.inc({ outcome: "kept" });
        this.warn(`pending ${row.id}`, exp);
      }
    }
    for (const row of await this.lease("waiting_deposit", after * PaymentReconciler.DEPOSIT_POLL_FACTOR)) {
      try {
        await this.histories.refresh(row.id);
        ++done;
        this.ctx.metrics.reconciled.inc({ outcome: "refreshed" });
      } catch (exp) {
        this.ctx.metrics.reconciled.inc({ outcome: "failed" });
        this.warn(`deposit ${row.id}`, exp);
      }
    }
    return done;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .then(() => undefined)
        .catch((exp) => this.warn("tick", exp))
        .finally(() => {
          this.running = null;
          this.schedule();
        });
    }, this.ctx.config.reconcile_interval_ms);
    this.timer.unref();
  }

  /**
   * Take rows of `status` untouched for `olderThanMs`, and touch them: the lease lasts until
   * they are old again, so a crashed worker's rows come back by themselves.
   */
  private async lease(status: "pending" | "waiting_deposit", olderThanMs: number): Promise<PaymentHistoryRow[]> {
    return this.ctx.db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(payment_histories)
        // The status as a literal: the partial index of unsettled rows is then provably usable,
        // whatever plan the database keeps for the statement.
        .where(sql`${payment_histories.status} = ${sql.raw(`'${status}'`)} AND ${payment_histories.updated_at} < now() - make_interval(secs => ${olderThanMs / 1000})`)
        .orderBy(payment_histories.updated_at)
        .limit(PaymentReconciler.BATCH)
        .for("update", { skipLocked: true });
      if (rows.length === 0) return [];
      await tx
        .update(payment_histories)
        .set({ updated_at: new Date() })
        .where(sql`${payment_histories.id} IN (${sql.join(rows.map((r) => sql`${r.id}::uuid`), sql`, `)})`);
      return rows;
    });
  }

  private warn(what: string, exp: unknown): void {
    if (this.stopped) return;
    this.ctx.logger.warn({ worker: "reconciler", err: exp }, what);
  }
}
