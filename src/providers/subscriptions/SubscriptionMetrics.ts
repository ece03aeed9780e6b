import { Inject, Injectable } from "@nestjs/common";
import { Counter, Gauge } from "prom-client";

import { PaymentContext } from "../PaymentContext";

/**
 * Metrics of the billing schedules, on the instance's registry: what is due and how late the
 * oldest charge is (read from the database at scrape time, against the schedules' clock, the
 * same from every instance), and this process's charges by outcome.
 */
@Injectable()
export class SubscriptionMetrics {
  public readonly charged: Counter;
  public readonly failed: Counter<"code">;
  public readonly retried: Counter;
  public readonly exhausted: Counter;

  public constructor(@Inject(PaymentContext) ctx: PaymentContext) {
    const registers = [ctx.metrics.registry];
    this.charged = new Counter({ name: "payments_subscription_charges_total", help: "Schedule charges recorded as paid by this process", registers });
    this.failed = new Counter({
      name: "payments_subscription_charge_failures_total",
      help: "Declined schedule charges, by the PG's code",
      labelNames: ["code"] as const,
      registers,
    });
    this.retried = new Counter({ name: "payments_subscription_retries_scheduled_total", help: "Declined schedule charges set to be tried again on the retry ladder", registers });
    this.exhausted = new Counter({ name: "payments_subscription_exhausted_total", help: "Schedules whose retry ladder ran out (now past_due until resumed or cancelled)", registers });
    // Both gauges from one statement per scrape (their collects run together).
    let scrape: Promise<{ n: number; oldest: Date | null }> | null = null;
    const dueNow = (): Promise<{ n: number; oldest: Date | null }> =>
      (scrape ??= ctx.database
        .query<{ n: number; oldest: Date | string | null }>(
          "SELECT count(*)::int AS n, min(due_at) AS oldest FROM payment_schedules WHERE due_at IS NOT NULL AND due_at <= $1 AND status IN ('active', 'past_due')",
          [ctx.clock.now()],
        )
        .then(([row]) => ({ n: row?.n ?? 0, oldest: row?.oldest != null ? new Date(row.oldest) : null }))
        .finally(() => {
          scrape = null;
        }));
    const due: Gauge = new Gauge({
      name: "payments_subscription_charges_due",
      help: "Schedules with a charge (or a retry) due now",
      registers,
      collect: async (): Promise<void> => due.set((await dueNow()).n),
    });
    const lateness: Gauge = new Gauge({
      name: "payments_subscription_oldest_due_seconds",
      help: "How late the oldest due schedule charge is, in seconds (0 when none is due)",
      registers,
      collect: async (): Promise<void> => {
        const { oldest } = await dueNow();
        lateness.set(oldest !== null ? Math.max(0, (ctx.clock.now().getTime() - oldest.getTime()) / 1000) : 0);
      },
    });
  }
}
