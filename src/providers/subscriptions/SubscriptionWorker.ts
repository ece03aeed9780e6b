import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from "@nestjs/common";
import { and, asc, eq, inArray, isNotNull, isNull, lt, lte, or } from "drizzle-orm";

import type { IPaymentHistory } from "../../api/structures/IPaymentHistory";
import type { IPaymentSettlement } from "../../api/structures/IPaymentSettlement";
import { payment_histories, payment_reservations, payment_schedules } from "../../db/schema";
import { PaymentError } from "../../utils/PaymentError";
import { WorkerLoop } from "../../utils/WorkerLoop";
import { PaymentChargeProvider } from "../charges/PaymentChargeProvider";
import { ofSource } from "../histories/HistoryRecords";
import { PaymentHistoryProvider } from "../histories/PaymentHistoryProvider";
import { PaymentContext } from "../PaymentContext";
import { ScheduleOutcomes } from "./ScheduleOutcomes";
import { ScheduleRecords, type ScheduleRow } from "./ScheduleRecords";
import { SubscriptionMetrics } from "./SubscriptionMetrics";

/**
 * Charges what the schedules have due, on any number of instances. A run claims at most
 * `charges_per_run` due schedules (SKIP LOCKED, then held `claim_seconds`), each once: a
 * schedule due for many cycles while the server was down is charged one cycle per run, never
 * in a burst. Each try is a payment under its own source (schedule, cycle, try): a try another
 * instance made, or one cut off by a crash, is found by that source and settled from the PG,
 * never sent twice.
 */
@Injectable()
export class SubscriptionWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly outcomes: ScheduleOutcomes;
  private readonly loop: WorkerLoop;

  public constructor(
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    @Inject(PaymentChargeProvider) private readonly charges: PaymentChargeProvider,
    @Inject(PaymentHistoryProvider) private readonly histories: PaymentHistoryProvider,
    @Inject(SubscriptionMetrics) metrics: SubscriptionMetrics,
  ) {
    this.outcomes = new ScheduleOutcomes(ctx, metrics);
    this.loop = new WorkerLoop(ctx, "subscriptions", () => ctx.config.subscription.poll_interval_ms, () => this.tick());
  }

  public onApplicationBootstrap(): void {
    if (this.ctx.config.workers) this.loop.start();
  }

  public beforeApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  /** One run: the schedules due now (by the schedules' clock), each tried once; how many were tried. */
  public async tick(): Promise<number> {
    const real = new Date();
    const due = this.ctx.db
      .select({ id: payment_schedules.id })
      .from(payment_schedules)
      .where(
        and(
          isNotNull(payment_schedules.due_at),
          lte(payment_schedules.due_at, this.ctx.clock.now()),
          inArray(payment_schedules.status, ["active", "past_due"]),
          or(isNull(payment_schedules.claimed_until), lt(payment_schedules.claimed_until, real)),
        ),
      )
      .orderBy(asc(payment_schedules.due_at))
      .limit(this.ctx.config.subscription.charges_per_run)
      .for("update", { skipLocked: true });
    const claimed = await this.ctx.db
      .update(payment_schedules)
      .set({ claimed_until: new Date(real.getTime() + this.ctx.config.subscription.claim_seconds * 1000) })
      .where(inArray(payment_schedules.id, due))
      .returning();
    for (const row of claimed) {
      try {
        await this.attempt(row);
      } catch (exp) {
        await this.outcomes.release(row).catch(() => undefined);
        if (!this.ctx.outage.noted(exp))
          this.ctx.logger.error({ worker: "subscriptions", schedule_id: row.id, err: exp instanceof Error ? exp.message : String(exp) }, "a schedule's charge failed");
      }
    }
    return claimed.length;
  }

  /** Try the cycle a schedule owes: once, whatever ran before. */
  private async attempt(row: ScheduleRow): Promise<void> {
    const [reservation] = await this.ctx.db.select().from(payment_reservations).where(eq(payment_reservations.id, row.reservation_id));
    if (reservation === undefined) {
      await this.outcomes.stop(row, "the billing key is gone");
      return;
    }
    if (reservation.revoked_at !== null) {
      await this.outcomes.stop(row, ScheduleOutcomes.revokedReason(reservation.revoked_reason));
      return;
    }
    const source = ScheduleRecords.sourceOf(row);
    const [made] = await this.ctx.db.select().from(payment_histories).where(ofSource(row.client_id, source));
    if (made !== undefined) {
      // This try was sent before (another instance, or a run cut off): its record decides.
      const typed = { ...made, price: Number(made.price), refund: Number(made.refund) };
      if (typed.status !== "pending") {
        await this.outcomes.charged(row, await this.ctx.db.transaction((tx) => this.histories.snapshotOf(tx, typed)));
        return;
      }
      let settled: IPaymentHistory | null;
      try {
        settled = await this.histories.reconcile(typed);
      } catch {
        await this.outcomes.release(row); // the PG cannot tell yet
        return;
      }
      if (settled !== null) await this.outcomes.charged(row, settled);
      else await this.outcomes.release(row); // never made at the PG: the next run sends it
      return;
    }
    let history: IPaymentHistory;
    try {
      history = await this.charges.chargeKey(row.client_id, reservation, {
        source,
        price: row.amount,
        currency: row.currency as IPaymentHistory["currency"],
        order_name: row.order_name,
        // Its charges are read with the billing key's password.
        password_hash: reservation.password_hash,
        webhook_url: row.webhook_url,
        settlement: row.settlement as IPaymentSettlement.IPlan | null,
      });
    } catch (exp) {
      if (!(exp instanceof PaymentError)) throw exp;
      if (exp.code === "RESERVATION_REVOKED") await this.outcomes.stop(row, ScheduleOutcomes.revokedReason(reservation.revoked_reason));
      // Not known yet (pending, the PG or our database away) or another instance's try: a later run looks again.
      else if (exp.status === 202 || exp.status >= 500 || exp.code === "DUPLICATE_SOURCE") await this.outcomes.release(row);
      else {
        const pg = (exp.details as { pg?: { code: string; message: string } } | null)?.pg;
        const decline = pg !== undefined && exp.code === "PG_REJECTED" ? pg : { code: pg?.code ?? exp.code, message: pg?.message ?? exp.message };
        const recoverable = exp.code === "PG_REJECTED" && this.ctx.gateways.declineRecoverable(reservation.vendor_code as IPaymentHistory["vendor_code"], decline);
        await this.outcomes.declined(row, row.amount, { ...decline, recoverable });
      }
      return;
    }
    await this.outcomes.charged(row, history);
  }
}
