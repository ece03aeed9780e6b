import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

import type { Database } from "../db/Database";

/**
 * The Prometheus metrics of one server instance: a registry per instance (not prom-client's
 * global one), so that several instances can live in one process. Gauges of the database's
 * state (pending payments, outbox) are read at scrape time and are the same from every
 * instance; counters and histograms are this process's own.
 */
export class PaymentMetrics {
  public readonly registry = new Registry();

  public readonly httpDuration = new Histogram({
    name: "payments_http_request_duration_seconds",
    help: "HTTP requests by route template, method and status, with their latency",
    labelNames: ["route", "method", "status"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  /** SQL statements per HTTP request: the database work of each route, by answer (with SQL_STATEMENT_METRICS). */
  public readonly sqlStatements = new Histogram({
    name: "payments_http_request_sql_statements",
    help: "SQL statements issued while answering one HTTP request, by route, method and status (recorded when SQL_STATEMENT_METRICS is on)",
    labelNames: ["route", "method", "status"] as const,
    buckets: [0, 1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 50],
    registers: [this.registry],
  });
  public readonly pgCalls = new Histogram({
    name: "payments_pg_call_duration_seconds",
    help: "Calls to the PGs by vendor, operation and outcome (ok, or the PG error kind), with their latency",
    labelNames: ["vendor", "operation", "outcome"] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  public readonly reconciled = new Counter({
    name: "payments_reconciler_outcomes_total",
    help: "Payments the reconciler decided, by outcome: settled, removed (not at the PG), kept (PG could not tell), refreshed (waiting deposit re-read), failed",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });
  public readonly webhookHostLookups = new Counter({
    name: "payments_webhook_host_lookups_total",
    help: "DNS lookups of webhook URL hosts made to check a registration, by outcome: resolved, unresolved (no such name, or DNS down), failed; each host's answer is kept 30 s",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });
  public readonly inboundOutcomes = new Counter({
    name: "payments_pg_webhooks_processed_total",
    help: "Inbound PG webhooks processed, by vendor and outcome",
    labelNames: ["vendor", "outcome"] as const,
    registers: [this.registry],
  });

  public readonly orphans = new Counter({
    name: "payments_orphans_total",
    help: "Paid payments nobody registered, by vendor and outcome: found, cancelled (refunded at the PG), cancel_refused",
    labelNames: ["vendor", "outcome"] as const,
    registers: [this.registry],
  });
  public readonly sweeps = new Counter({
    name: "payments_pg_sweeps_total",
    help: "Sweeps of a store's payment listing at its PG, by vendor and outcome (ok, failed)",
    labelNames: ["vendor", "outcome"] as const,
    registers: [this.registry],
  });
  public readonly transactionDifferences = new Gauge({
    name: "payments_transaction_differences",
    help: "Payments whose PG record differed from ours at the last reconciliation of transactions, by vendor and kind (missing_here, missing_at_pg, amount, status)",
    labelNames: ["vendor", "kind"] as const,
    registers: [this.registry],
  });

  public readonly pgCircuitOpen = new Gauge({
    name: "payments_pg_circuit_open",
    help: "1 while a PG's circuit breaker holds calls back (it kept failing), 0 once it answers again, by vendor",
    labelNames: ["vendor"] as const,
    registers: [this.registry],
  });
  public readonly databaseUp = new Gauge({
    name: "payments_database_up",
    help: "1 while the database answers, 0 during an outage (requests then get 503 DATABASE_UNAVAILABLE)",
    registers: [this.registry],
  });

  public readonly settlementMismatches = new Gauge({
    name: "payments_settlement_mismatches",
    help: "Payments whose PG settlement disagreed with the ledger at the last reconciliation, by vendor and kind (missing_in_ledger, missing_at_pg, amount, fee)",
    labelNames: ["vendor", "kind"] as const,
    registers: [this.registry],
  });

  public constructor(database: Database) {
    collectDefaultMetrics({ register: this.registry, prefix: "payments_" });
    const pending: Gauge = new Gauge({
      name: "payments_pending_payments",
      help: "Registrations waiting for their PG's answer (status pending), whole database",
      registers: [this.registry],
      collect: async (): Promise<void> => pending.set(Number((await database.query<{ n: number }>("SELECT count(*)::int AS n FROM payment_histories WHERE status = 'pending'"))[0]?.n ?? 0)),
    });
    const pendingAge: Gauge = new Gauge({
      name: "payments_pending_oldest_age_seconds",
      help: "Age of the oldest pending registration (0 when none), whole database",
      registers: [this.registry],
      collect: async (): Promise<void> =>
        pendingAge.set(
          Number(
            (await database.query<{ s: number | null }>("SELECT extract(epoch FROM now() - min(created_at))::float8 AS s FROM payment_histories WHERE status = 'pending'"))[0]?.s ?? 0,
          ),
        ),
    });
    const lag: Gauge = new Gauge({
      name: "payments_webhook_outbox_lag_seconds",
      help: "Age of the oldest outgoing event still pending delivery (0 when none), whole database",
      registers: [this.registry],
      collect: async (): Promise<void> =>
        lag.set(Number((await database.query<{ s: number | null }>("SELECT extract(epoch FROM now() - min(created_at))::float8 AS s FROM webhook_events WHERE status = 'pending'"))[0]?.s ?? 0)),
    });
    const pool: Gauge<"state"> = new Gauge({
      name: "payments_db_pool_connections",
      help: "Database pool connections by state (total, idle, waiting clients); PGlite: one connection",
      labelNames: ["state"] as const,
      registers: [this.registry],
      collect: (): void => {
        const p = database.poolState();
        pool.set({ state: "total" }, p.total);
        pool.set({ state: "idle" }, p.idle);
        pool.set({ state: "waiting" }, p.waiting);
      },
    });
  }
}
