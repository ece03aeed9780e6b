import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from "@nestjs/common";
import { sql } from "drizzle-orm";

import { payment_histories } from "../../db/schema";
import type { IPaymentVendor } from "../../api/structures/IPaymentVendor";
import { PaymentGateways } from "../../pg/PaymentGateways";
import { PgError } from "../../pg/PgError";
import { PaymentError } from "../../utils/PaymentError";
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
  /** Rows leased at once by an instance; a full batch is followed by the next at once. */
  private static readonly BATCH = 200;
  /** A waiting virtual account is re-read at most once per this many `reconcile_after_ms`. */
  private static readonly DEPOSIT_POLL_FACTOR = 30;

  public constructor(
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    @Inject(PaymentHistoryProvider) private readonly histories: PaymentHistoryProvider,
    @Inject(RetentionProvider) private readonly retention: RetentionProvider,
  ) {}

  public onApplicationBootstrap(): void {
    if (!this.ctx.config.workers) return;
    // A started (or restarted) instance looks at once for what a crash or an outage left.
    this.schedule(Math.min(1_000, this.ctx.config.reconcile_interval_ms));
  }

  public async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /**
   * One pass; also callable directly (tests, operators). Returns how many rows it decided.
   * Batch after batch while there is work: each PG's rows go at most
   * `reconcile_concurrency` at a time, and a PG whose breaker holds calls back is left
   * alone (its rows go back untouched, for the pass after its cool-down).
   */
  public async tick(): Promise<number> {
    let done = 0;
    await this.retention.purge().catch((exp) => this.warn("retention purge", exp));
    const after = this.ctx.config.reconcile_after_ms;
    for (;;) {
      const rows = await this.lease("pending", after);
      const pass = await this.each(rows, async (row) => {
        const settled = await this.histories.reconcile(row);
        this.ctx.metrics.reconciled.inc({ outcome: settled !== null ? "settled" : "removed" });
        this.ctx.logger.info(
          { event: settled !== null ? "payment.reconciled" : "payment.removed", history_id: row.id, status: settled?.status ?? null },
          settled !== null ? "pending payment settled from its PG" : "pending payment not at its PG: removed",
        );
      }, "kept");
      done += pass.done;
      // A PG still held back by its breaker is tried again after its cool-down (see delay()), not
      // in a loop; rows handed back while a probe was out go again at once if it closed it.
      const heldBack = pass.skipped > 0 && this.ctx.gateways.codes().some((code) => this.ctx.gateways.breaker(code).open);
      if ((rows.length < PaymentReconciler.BATCH && pass.skipped === 0) || heldBack || this.stopped) break;
    }
    const deposits = await this.lease("waiting_deposit", after * PaymentReconciler.DEPOSIT_POLL_FACTOR);
    const pass = await this.each(deposits, async (row) => {
      await this.histories.refresh(row.id);
      this.ctx.metrics.reconciled.inc({ outcome: "refreshed" });
    }, "failed");
    return done + pass.done;
  }

  /**
   * `work` on each row, grouped by PG, `reconcile_concurrency` at a time per PG. Once a
   * PG's breaker opens, its remaining rows are handed back as they were.
   */
  private async each(rows: PaymentHistoryRow[], work: (row: PaymentHistoryRow) => Promise<void>, failed: "kept" | "failed"): Promise<{ done: number; skipped: number }> {
    const byPg = new Map<IPaymentVendor.Code, PaymentHistoryRow[]>();
    for (const row of rows) {
      const code = row.vendor_code as IPaymentVendor.Code;
      const queue = byPg.get(code);
      if (queue === undefined) byPg.set(code, [row]);
      else queue.push(row);
    }
    let done = 0;
    let skipped = 0;
    await Promise.all(
      [...byPg].map(async ([code, queue]) => {
        const untouched: PaymentHistoryRow[] = [];
        const lane = async () => {
          for (let row = queue.shift(); row !== undefined; row = queue.shift()) {
            if (this.stopped || this.ctx.gateways.breaker(code).open) {
              untouched.push(row);
              continue;
            }
            try {
              await work(row);
              ++done;
            } catch (exp) {
              if (heldBack(exp)) {
                untouched.push(row); // not sent: the breaker let another call probe the PG
                continue;
              }
              this.ctx.metrics.reconciled.inc({ outcome: failed });
              if (!(exp instanceof PgError && exp.props.kind === "unavailable")) this.warn(`${failed === "kept" ? "pending" : "deposit"} ${row.id}`, exp);
            }
          }
        };
        await Promise.all(Array.from({ length: this.ctx.config.reconcile_concurrency }, lane));
        skipped += untouched.length;
        await this.unlease(untouched).catch((exp) => this.warn("unlease", exp));
      }),
    );
    return { done, skipped };
  }

  /** When the next pass should run: sooner than the interval if a PG's breaker lets a probe go sooner. */
  private delay(): number {
    const interval = this.ctx.config.reconcile_interval_ms;
    const soonest = Math.min(
      ...this.ctx.gateways.codes().map((code) => {
        const b = this.ctx.gateways.breaker(code);
        return b.open ? Math.max(100, b.retry_at - Date.now() + 50) : interval;
      }),
    );
    return Math.min(interval, soonest);
  }

  private schedule(delayMs: number = this.delay()): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .then(() => undefined)
        .catch((exp) => this.warn("tick", exp))
        .finally(() => {
          this.running = null;
          this.schedule();
        });
    }, delayMs);
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

  /** Hand rows back as they were leased (their old `updated_at`): the next pass takes them at once. */
  private async unlease(rows: PaymentHistoryRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.ctx.database.execute(
      `UPDATE payment_histories h SET updated_at = x.updated_at
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, updated_at timestamptz) WHERE h.id = x.id`,
      [JSON.stringify(rows.map((r) => ({ id: r.id, updated_at: r.updated_at.toISOString() })))],
    );
  }

  private warn(what: string, exp: unknown): void {
    if (this.stopped || this.ctx.outage.noted(exp)) return;
    this.ctx.logger.warn({ worker: "reconciler", err: exp }, what);
  }
}

/** A call the breaker did not send (as the PG's error, or as our answer to it, naming it in `pg`). */
const heldBack = (exp: unknown): boolean =>
  exp instanceof PgError
    ? exp.props.pg_code === PaymentGateways.CIRCUIT_OPEN
    : exp instanceof PaymentError && (exp.details?.pg as { code?: unknown } | undefined)?.code === PaymentGateways.CIRCUIT_OPEN;
