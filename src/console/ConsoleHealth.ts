import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from "@nestjs/common";

import type { IOperatorConsole } from "../api/structures/IOperatorConsole";
import { PaymentContext } from "../providers/PaymentContext";

interface ISample {
  at: number;
  /** Cumulative, per PG: calls, failed calls, and calls per latency bucket (upper bound → count). */
  pg: Record<string, { calls: number; failed: number; buckets: Map<number, number> }>;
  registrations: number;
  reads: number;
}

/**
 * The console's health charts. Payments and refunds per hour come from the database (every
 * instance's, bounded to the last `hours`); PG calls, their failures and latency, and requests
 * per second come from this instance's own metrics, sampled each minute and kept a day (each
 * instance charts its own: Prometheus and the Grafana dashboard show the whole cluster).
 */
@Injectable()
export class ConsoleHealth implements OnModuleInit, OnModuleDestroy {
  private static readonly EVERY_MS = 60_000;
  private readonly samples: ISample[] = [];
  private timer: NodeJS.Timeout | null = null;

  public constructor(@Inject(PaymentContext) private readonly ctx: PaymentContext) {}

  public onModuleInit(): void {
    if (!this.ctx.config.console.enabled) return;
    void this.sample().then((s) => this.samples.push(s));
    this.timer = setInterval(() => {
      void this.sample().then((s) => {
        this.samples.push(s);
        if (this.samples.length > 24 * 60 + 1) this.samples.shift();
      });
    }, ConsoleHealth.EVERY_MS);
    this.timer.unref();
  }

  public onModuleDestroy(): void {
    if (this.timer !== null) clearInterval(this.timer);
  }

  public async health(hours: number): Promise<IOperatorConsole.IHealth> {
    const rows = await this.ctx.database.query<{ hour: Date; vendor: string; payments: number; amount: string; refunded: string }>(
      `SELECT date_trunc('hour', created_at) AS hour, vendor_code AS vendor, count(*)::int AS payments,
              coalesce(sum(price), 0)::text AS amount, coalesce(sum(refund), 0)::text AS refunded
         FROM payment_histories
        WHERE created_at > now() - make_interval(hours => $1) AND paid_at IS NOT NULL
        GROUP BY 1, 2 ORDER BY 1`,
      [hours],
    );
    const now = await this.sample();
    const series = [...this.samples, now];
    const minutes: IOperatorConsole.IHealthMinute[] = [];
    for (let i = 1; i < series.length; ++i) {
      const a = series[i - 1]!;
      const b = series[i]!;
      const seconds = Math.max(1, (b.at - a.at) / 1000);
      const pg: IOperatorConsole.IHealthMinute["pg"] = {};
      for (const [vendor, after] of Object.entries(b.pg)) {
        const before = a.pg[vendor] ?? { calls: 0, failed: 0, buckets: new Map<number, number>() };
        const calls = after.calls - before.calls;
        const delta = new Map([...after.buckets].map(([le, n]) => [le, n - (before.buckets.get(le) ?? 0)]));
        pg[vendor] = { calls, error_rate: calls > 0 ? (after.failed - before.failed) / calls : 0, p50: quantile(delta, calls, 0.5), p99: quantile(delta, calls, 0.99) };
      }
      minutes.push({ at: new Date(b.at).toISOString(), registrations_per_second: (b.registrations - a.registrations) / seconds, reads_per_second: (b.reads - a.reads) / seconds, pg });
    }
    return {
      hours: rows.map((r) => ({ hour: new Date(r.hour).toISOString(), vendor: r.vendor, payments: r.payments, amount: Number(r.amount), refunded: Number(r.refunded) })),
      minutes,
    };
  }

  private async sample(): Promise<ISample> {
    const pg: ISample["pg"] = {};
    for (const v of (await this.ctx.metrics.pgCalls.get()).values) {
      const vendor = String(v.labels.vendor);
      const entry = (pg[vendor] ??= { calls: 0, failed: 0, buckets: new Map() });
      if (v.metricName?.endsWith("_count")) {
        entry.calls += v.value;
        if (v.labels.outcome !== "ok") entry.failed += v.value;
      } else if (v.metricName?.endsWith("_bucket")) {
        const bound = (v.labels as Record<string, string | number | undefined>).le;
        const le = bound === "+Inf" ? Infinity : Number(bound);
        entry.buckets.set(le, (entry.buckets.get(le) ?? 0) + v.value);
      }
    }
    let registrations = 0;
    let reads = 0;
    for (const v of (await this.ctx.metrics.httpDuration.get()).values) {
      if (!v.metricName?.endsWith("_count")) continue;
      if (v.labels.route === "/payments/histories" && v.labels.method === "POST") registrations += v.value;
      else if (v.labels.method === "PATCH" && String(v.labels.route).startsWith("/payments/histories")) reads += v.value;
    }
    return { at: Date.now(), pg, registrations, reads };
  }
}

/** The upper bound of the bucket holding quantile `q` (seconds), from cumulative bucket counts. */
const quantile = (buckets: Map<number, number>, total: number, q: number): number | null => {
  if (total <= 0) return null;
  for (const [le, n] of [...buckets].sort((x, y) => x[0] - y[0])) if (n >= q * total) return Number.isFinite(le) ? le : null;
  return null;
};
