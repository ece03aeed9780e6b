import { and, eq, inArray } from "drizzle-orm";

import type { IPaymentHistory } from "../../api/structures/IPaymentHistory";
import type { IPaymentSchedule } from "../../api/structures/IPaymentSchedule";
import type { DrizzleTx } from "../../db/Database";
import { payment_schedules } from "../../db/schema";
import type { PaymentContext } from "../PaymentContext";
import { ScheduleCalendar } from "./ScheduleCalendar";
import { ScheduleRecords, type ScheduleRow } from "./ScheduleRecords";
import type { SubscriptionMetrics } from "./SubscriptionMetrics";

const DAY_MS = 86_400_000;

/** A declined try: the PG's code and words, and whether they can pass with time. */
export interface IDecline {
  code: string;
  message: string;
  recoverable: boolean;
}

/**
 * What a try of a schedule's cycle makes of it, written under the schedule's row lock and only
 * if the row still stands at that try (another instance, or its owner's pause or cancel, may
 * have moved it meanwhile): the cycle advanced, a retry set on the ladder, or the schedule
 * stopped, each announced in the billing key's stream.
 */
export class ScheduleOutcomes {
  public constructor(
    private readonly ctx: PaymentContext,
    private readonly metrics: SubscriptionMetrics,
  ) {}

  /** The try's payment is recorded: the next cycle is due (or the schedule has ended). */
  public async charged(tried: ScheduleRow, history: IPaymentHistory): Promise<boolean> {
    return this.atTry(tried, async (tx, row) => {
      const rule = row.cycle_rule as IPaymentSchedule.Cycle;
      const cycle = row.cycle + 1;
      const at = ScheduleCalendar.cycleAt(rule, row.starts_at, row.time_zone, cycle);
      const over = at === null || (row.ends_at !== null && at.getTime() >= row.ends_at.getTime());
      const running = row.status === "active" || row.status === "past_due";
      const after = await this.write(tx, row, {
        cycle,
        cycle_at: over ? null : at,
        attempt: 0,
        ladder_start: 0,
        charged_count: row.charged_count + 1,
        last_failure_code: null,
        last_failure_message: null,
        last_failure_recoverable: null,
        last_failure_at: null,
        stopped_reason: null,
        // A pause or a cancel made while the charge ran stays; the charge still counts.
        status: !running ? row.status : over ? "ended" : "active",
        due_at: !running || over ? null : at,
      });
      await ScheduleRecords.announce(this.ctx, tx, "subscription.charge_succeeded", row, after, {
        cycle: row.cycle,
        source: ScheduleRecords.sourceOf(row),
        history_id: history.id,
        amount: history.price,
        failure: null,
      });
      this.metrics.charged.inc();
    });
  }

  /**
   * A declined try: retried on the ladder when it can recover and tries are left (`past_due`
   * with `next_try_at`); otherwise the schedule stops (`past_due`, with its reason) until
   * its owner resumes it (a new key) or cancels it.
   */
  public async declined(tried: ScheduleRow, amount: number, decline: IDecline): Promise<boolean> {
    return this.atTry(tried, async (tx, row) => {
      const client = this.ctx.config.clients.find((c) => c.id === row.client_id);
      const ladder = client?.subscription_retry_days ?? this.ctx.config.subscription.retry_days;
      const step = row.attempt - row.ladder_start;
      const now = this.ctx.clock.now();
      const retry = decline.recoverable && step < ladder.length ? new Date(Math.max((row.cycle_at ?? now).getTime() + ladder[step]! * DAY_MS, now.getTime())) : null;
      const reason =
        retry !== null
          ? null
          : decline.recoverable
            ? `retries exhausted: ${step + 1} tries of cycle ${row.cycle} declined (${decline.code})`
            : `declined for good by the PG: ${decline.code} ${decline.message}`;
      const running = row.status === "active" || row.status === "past_due";
      const after = await this.write(tx, row, {
        attempt: row.attempt + 1,
        last_failure_code: decline.code,
        last_failure_message: decline.message.slice(0, 500),
        last_failure_recoverable: decline.recoverable,
        last_failure_at: now,
        stopped_reason: reason,
        status: running ? "past_due" : row.status,
        due_at: running ? retry : null,
      });
      const failure = { code: decline.code, message: decline.message, recoverable: decline.recoverable, at: now.toISOString() };
      await ScheduleRecords.announce(this.ctx, tx, "subscription.charge_failed", row, after, {
        cycle: row.cycle,
        source: ScheduleRecords.sourceOf(row),
        history_id: null,
        amount,
        failure,
      });
      if (running && row.status === "active") await ScheduleRecords.announce(this.ctx, tx, "subscription.past_due", row, after);
      if (running && retry === null && decline.recoverable) await ScheduleRecords.announce(this.ctx, tx, "subscription.exhausted", row, after);
      this.metrics.failed.inc({ code: decline.code });
      if (retry !== null) this.metrics.retried.inc();
      else if (decline.recoverable) this.metrics.exhausted.inc();
    });
  }

  /** Stopped without a try (its key deleted at the PG, or gone): `past_due` with the reason. */
  public async stop(tried: ScheduleRow, reason: string): Promise<boolean> {
    return this.atTry(tried, async (tx, row) => {
      await ScheduleOutcomes.stopOne(this.ctx, tx, row, reason);
    });
  }

  /** Why a schedule of a key deleted at its PG stopped. */
  public static revokedReason(reason: string | null): string {
    return `billing key deleted at the PG${reason !== null ? `: ${reason}` : ""}`;
  }

  /** Stop every running schedule of a billing key (deleted at its PG), inside the revocation's transaction. */
  public static async stopAll(ctx: PaymentContext, tx: DrizzleTx, reservationId: string, reason: string): Promise<number> {
    const rows = await tx
      .select()
      .from(payment_schedules)
      .where(and(eq(payment_schedules.reservation_id, reservationId), inArray(payment_schedules.status, ["active", "past_due"])))
      .for("update");
    let stopped = 0;
    for (const row of rows) if (await ScheduleOutcomes.stopOne(ctx, tx, row, reason)) stopped += 1;
    return stopped;
  }

  private static async stopOne(ctx: PaymentContext, tx: DrizzleTx, row: ScheduleRow, reason: string): Promise<boolean> {
    if (row.status !== "active" && row.status !== "past_due") return false;
    if (row.status === "past_due" && row.due_at === null && row.stopped_reason === reason) return false;
    const [after] = await tx
      .update(payment_schedules)
      .set({ status: "past_due", due_at: null, stopped_reason: reason, claimed_until: null, updated_at: ctx.clock.now() })
      .where(eq(payment_schedules.id, row.id))
      .returning();
    await ScheduleRecords.announce(ctx, tx, "subscription.past_due", row, after!);
    return true;
  }

  /** Let the schedule go (the try's outcome is not known yet: a later run asks again). */
  public async release(row: ScheduleRow): Promise<void> {
    await this.ctx.db.update(payment_schedules).set({ claimed_until: null }).where(eq(payment_schedules.id, row.id));
  }

  private async atTry(tried: ScheduleRow, work: (tx: DrizzleTx, row: ScheduleRow) => Promise<void>): Promise<boolean> {
    return this.ctx.db.transaction(async (tx) => {
      const [row] = await tx.select().from(payment_schedules).where(eq(payment_schedules.id, tried.id)).for("update");
      if (row === undefined || row.cycle !== tried.cycle || row.attempt !== tried.attempt) return false;
      await work(tx, row);
      return true;
    });
  }

  private async write(tx: DrizzleTx, row: ScheduleRow, set: Partial<ScheduleRow>): Promise<ScheduleRow> {
    const [after] = await tx
      .update(payment_schedules)
      .set({ ...set, claimed_until: null, updated_at: this.ctx.clock.now() })
      .where(eq(payment_schedules.id, row.id))
      .returning();
    return after!;
  }
}
