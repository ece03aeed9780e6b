import { Inject, Injectable } from "@nestjs/common";
import { Counter, Gauge, Histogram, Registry } from "prom-client";

import { PaymentContext } from "../PaymentContext";

/** Metrics of the webhooks, in and out, on the instance's registry (PaymentMetrics). */
@Injectable()
export class WebhookMetrics {
  public readonly registry: Registry;
  /** Delivery attempts by outcome: delivered | retry | dead | gone | error. */
  public readonly deliveries: Counter<"outcome">;
  public readonly duration: Histogram;
  public readonly inbound: Counter<"vendor">;
  /** Why the delivery loop looked for due events: notify (an event was committed) | poll. */
  public readonly wakeups: Counter<"cause">;

  public constructor(@Inject(PaymentContext) ctx: PaymentContext) {
    this.registry = ctx.metrics.registry;
    this.deliveries = new Counter({
      name: "payments_webhook_deliveries_total",
      help: "Outgoing webhook delivery attempts by outcome",
      labelNames: ["outcome"] as const,
      registers: [this.registry],
    });
    this.duration = new Histogram({
      name: "payments_webhook_delivery_seconds",
      help: "Duration of outgoing webhook delivery attempts",
      buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10],
      registers: [this.registry],
    });
    this.inbound = new Counter({
      name: "payments_pg_webhooks_received_total",
      help: "Inbound PG webhooks stored, by vendor",
      labelNames: ["vendor"] as const,
      registers: [this.registry],
    });
    this.wakeups = new Counter({
      name: "payments_webhook_wakeups_total",
      help: "Times the delivery loop looked for due events, by cause: notify (an event was committed, LISTEN/NOTIFY) or poll (the interval)",
      labelNames: ["cause"] as const,
      registers: [this.registry],
    });
    // Queue state is the database's, shared by all instances: read on scrape.
    const events = new Gauge({
      name: "payments_webhook_events",
      help: "Outgoing webhook events by status (whole database)",
      labelNames: ["status"] as const,
      registers: [this.registry],
      collect: async () => {
        const rows = await ctx.database.query<{ status: string; n: number }>(
          "SELECT status, count(*)::int AS n FROM webhook_events GROUP BY status",
        );
        events.reset();
        for (const s of ["pending", "delivered", "dead", "gone", "skipped"]) events.set({ status: s }, 0);
        for (const r of rows) events.set({ status: r.status }, Number(r.n));
      },
    });
    const dead = new Gauge({
      name: "payments_webhook_dead_events",
      help: "Dead-lettered outgoing webhook events (every retry failed), whole database",
      registers: [this.registry],
      collect: async () => {
        const [row] = await ctx.database.query<{ n: number }>("SELECT count(*)::int AS n FROM webhook_events WHERE status = 'dead'");
        dead.set(Number(row?.n ?? 0));
      },
    });
    const inbox = new Gauge({
      name: "payments_pg_webhooks",
      help: "Inbound PG webhooks by processing status (whole database)",
      labelNames: ["status"] as const,
      registers: [this.registry],
      collect: async () => {
        const rows = await ctx.database.query<{ status: string; n: number }>(
          "SELECT status, count(*)::int AS n FROM payment_webhooks GROUP BY status",
        );
        inbox.reset();
        for (const r of rows) inbox.set({ status: r.status }, Number(r.n));
      },
    });
  }
}
