import fs from "node:fs";
import path from "node:path";

import api from "../../../src/api";
import { assert, equal, expectError, orderId, password, tossCardPaid } from "../../internal/pgs";
import { metricsOf, operatorOf } from "../../internal/operator";
import { TestContext } from "../../TestContext";

/**
 * An operator watches the server: the performance and system monitors and the Prometheus
 * metrics answer the operator credential and nothing else (not a missing one, not a wrong
 * one, not a client's transport key), while health and readiness stay plain for the load
 * balancer. After a payment and a PG webhook, every metric family an operator alerts on is
 * there.
 */
export async function test_operator_reads_monitors_and_metrics(ctx: TestContext): Promise<void> {
  // Plain probes.
  equal((await api.functional.monitors.health({ host: ctx.host })).status, "ok", "health is plain");
  equal((await api.functional.monitors.ready({ host: ctx.host })).status, "ok", "ready is plain");

  // Refused without the operator credential.
  for (const connection of [{ host: ctx.host }, operatorOf(ctx, "not-the-operator-token"), ctx.connection]) {
    await expectError(401, "OPERATOR_UNAUTHORIZED", () => api.functional.monitors.performance(connection));
    await expectError(401, "OPERATOR_UNAUTHORIZED", () => api.functional.monitors.system(connection));
  }
  const bare = await fetch(`${ctx.host}/metrics`);
  equal([bare.status, ((await bare.json()) as { code: string }).code], [401, "OPERATOR_UNAUTHORIZED"], "metrics refused without the credential");

  // Answered with it.
  const performance = await api.functional.monitors.performance(operatorOf(ctx));
  equal(performance.pid, process.pid, "the in-process server answered");
  assert(performance.memory.rss > 0 && performance.memory.heap_used > 0, "memory");
  assert(performance.cpu.user > 0, "cpu");
  assert(performance.event_loop.delay.p99 >= performance.event_loop.delay.p50, "event-loop delay percentiles");
  assert(performance.event_loop.utilization >= 0 && performance.event_loop.utilization <= 1, "event-loop utilisation");
  assert(Object.keys(performance.handles).length > 0, "handles");
  const system = await api.functional.monitors.system(operatorOf(ctx));
  const build = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../../build.json"), "utf8")) as { version: string; commit: string; built_at: string };
  equal([system.version, system.commit, system.built_at], [build.version, build.commit, build.built_at], "the running build");
  equal(system.node, process.version, "node");
  equal(system.started_at, ctx.backend.state.started_at.toISOString(), "start time");
  const journal = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../../src/db/migrations/meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };
  equal(system.database, { kind: ctx.backend.state.database.kind, migrations: { applied: journal.entries.length, latest: journal.entries.at(-1)!.tag } }, "database and migration level");

  // A scripted run: a registration (PG calls, SQL), a PG webhook (inbound), a read.
  const source = { schema: "shop", table: "orders", id: orderId() };
  const paid = await tossCardPaid(ctx, source.id, 4_000);
  const secret = password();
  await api.functional.payments.histories.create(ctx.connection, { vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: paid.paymentKey }, source, price: 4_000, password: secret });
  await api.functional.payments.histories.get(ctx.connection, { source, password: secret });
  await fetch(`${ctx.host}/payments/webhooks/toss`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ eventType: "METRICS_PROBE", data: {} }) });
  await new Promise((r) => setTimeout(r, 300));

  const text = await metricsOf(ctx);
  for (const family of [
    "payments_http_request_duration_seconds",
    "payments_http_request_sql_statements",
    "payments_pg_call_duration_seconds",
    "payments_pending_payments",
    "payments_pending_oldest_age_seconds",
    "payments_reconciler_outcomes_total",
    "payments_webhook_events",
    "payments_webhook_outbox_lag_seconds",
    "payments_webhook_dead_events",
    "payments_webhook_deliveries_total",
    "payments_pg_webhooks_received_total",
    "payments_pg_webhooks_processed_total",
    "payments_db_pool_connections",
    "payments_process_cpu_user_seconds_total",
    "payments_process_resident_memory_bytes",
    "payments_nodejs_eventloop_lag_p99_seconds",
  ])
    assert(text.includes(`# TYPE ${family} `), `metric family ${family}`);
  assert(/payments_http_request_duration_seconds_count\{route="\/payments\/histories",method="POST",status="201"\} [1-9]/.test(text), "requests by route template, method, status");
  assert(/payments_pg_call_duration_seconds_count\{vendor="toss.payments",operation="approve",outcome="ok"\} [1-9]/.test(text), "PG calls by vendor, operation, outcome");
  assert(/payments_pg_webhooks_processed_total\{vendor="toss.payments",outcome="ignored"\} [1-9]/.test(text), "inbound webhooks by vendor and outcome");
  assert(/payments_db_pool_connections\{state="total"\} [1-9]/.test(text), "pool usage");
}
