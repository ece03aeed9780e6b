import api from "../../../src/api";
import { eventually, newKey, withKey } from "../../internal/lifecycle";
import { equal, orderId, password, tossCardPaid } from "../../internal/pgs";
import { TestContext } from "../../TestContext";
import { WebhookKit } from "../webhooks/internal/WebhookKit";
import { ScheduleKit } from "../subscriptions/internal/ScheduleKit";

/**
 * A server that has run for months: inbound PG webhooks, finished outgoing events and their
 * attempts, expired idempotency keys and prepared orders, and old failed-password counters
 * and access-trail entries, billing schedules cancelled long ago, old reconciliation runs and
 * expired console sessions, are deleted by the
 * workers once past their retention (rows are aged
 * here by moving their dates back). What is still live stays: a recent inbound webhook, a pending event, a key
 * not yet expired, the payments themselves.
 */
export async function test_growing_tables_purged_after_their_retention(ctx: TestContext): Promise<void> {
  const days = (n: number) => `now() - interval '${n} days'`;
  // An inbound webhook, old and new.
  for (let i = 0; i < 2; ++i)
    await fetch(`${ctx.host}/payments/webhooks/toss`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ eventType: "RETENTION_PROBE", data: {} }) });
  const inbound = await eventually("two inbound rows", async () => {
    const rows = await ctx.query<{ id: string }>("SELECT id FROM payment_webhooks WHERE event_type = 'RETENTION_PROBE' ORDER BY received_at");
    return rows.length === 2 ? rows : null;
  });
  await ctx.query(`UPDATE payment_webhooks SET received_at = ${days(ctx.config.retention.inbound_webhooks_days + 1)} WHERE id = $1`, [inbound[0]!.id]);

  // A finished event (delivered) with its attempts, and one still pending to a receiver that is down.
  const receiver = await WebhookKit.receiver(ctx);
  const down = await WebhookKit.receiver(ctx);
  await down.down();
  try {
    const delivered = await registered(ctx, receiver.url);
    const [finished] = await WebhookKit.until("a delivered event", async () => {
      const rows = await WebhookKit.events(ctx, delivered);
      return rows.length === 1 && rows[0]!.status === "delivered" ? rows : null;
    });
    const waiting = await registered(ctx, down.url);
    const [pending] = await WebhookKit.until("an attempted event", async () => {
      const rows = await WebhookKit.events(ctx, waiting);
      return rows.length === 1 && rows[0]!.attempts >= 1 ? rows : null;
    });
    const old = days(ctx.config.retention.webhook_events_days + 1);
    await ctx.query(`UPDATE webhook_events SET created_at = ${old} WHERE id IN ($1, $2)`, [finished!.id, pending!.id]);

    // An idempotency key and a prepared order, expired; a key still valid.
    const expiredKey = newKey();
    const liveKey = newKey();
    const source = { schema: "shop", table: "orders", id: orderId() };
    const prepare = { vendor: { code: "iamport" as const, store_id: ctx.iamport.storeId }, source, price: 1_000, order_name: "Old", password: password() };
    await api.functional.payments.histories.prepare(withKey(ctx, expiredKey), prepare);
    await api.functional.payments.histories.prepare(withKey(ctx, liveKey), { ...prepare, source: { ...source, id: orderId() } });
    await ctx.query(`UPDATE idempotency_keys SET expires_at = ${days(1)} WHERE key = $1`, [expiredKey]);
    await ctx.query(`UPDATE payment_prepared_orders SET expires_at = ${days(1)} WHERE source_id = $1`, [source.id]);

    // A failed-password counter whose window is over.
    await api.functional.payments.histories.get(ctx.connection, { source: { ...source, id: orderId() }, password: "wrong-password" }).catch(() => undefined);
    await ctx.query(`UPDATE password_failures SET window_start = now() - make_interval(secs => $1) WHERE failures > 0`, [ctx.config.password_failure_window_seconds + 1]);
    // The access trail so far, aged past its retention: its oldest part goes, the chain still holds.
    const operator = { host: ctx.connection.host, headers: { Authorization: `Bearer ${ctx.config.operator_token}` } };
    await api.functional.operator.access_trail.verify(operator);
    const [{ aged }] = (await ctx.query<{ aged: number | string }>("SELECT max(seq) AS aged FROM access_trail"))!;
    await ctx.query(`UPDATE access_trail SET at = ${days(ctx.config.retention.access_trail_days + 1)} WHERE seq <= $1`, [aged]);

    // Two cancelled billing schedules: one cancelled longer ago than payments are kept.
    const key = await ScheduleKit.key(ctx, "toss.payments");
    const schedules: string[] = [];
    for (let i = 0; i < 2; ++i) {
      const s = await ScheduleKit.create(ctx, key, { amount: 1_000, order_name: "Old plan", cycle: { type: "monthly", day: 1 }, starts_at: "2030-01-01T00:00:00Z" });
      await api.functional.payments.schedules.cancel(ctx.connection, s.id, { password: key.password });
      schedules.push(s.id);
    }
    await ctx.query(`UPDATE payment_schedules SET updated_at = ${days(ctx.config.retention.payment_records_days + 1)} WHERE id = $1`, [schedules[0]]);

    // A reconciliation run older than the inbound webhooks are kept, and an expired console session.
    const oldRun = crypto.randomUUID();
    await ctx.query(
      `INSERT INTO reconciliation_runs (id, kind, client_id, period_from, period_to, checked, differences, result, ran_at)
       VALUES ($1, 'transactions', NULL, '2026-01-01', '2026-01-02', 0, 0, '{}'::jsonb, ${days(ctx.config.retention.inbound_webhooks_days + 1)})`,
      [oldRun],
    );
    const oldSession = `expired-${crypto.randomUUID()}`;
    await ctx.query(`INSERT INTO console_sessions (token_hash, operator, role, created_at, expires_at) VALUES ($1, 'viewer', 'viewer', ${days(2)}, ${days(1)})`, [oldSession]);

    const left = async () =>
      (
        await ctx.query<Record<string, number>>(
          `SELECT (SELECT count(*)::int FROM payment_webhooks WHERE id = $1) AS old_inbound,
                  (SELECT count(*)::int FROM payment_webhooks WHERE id = $2) AS new_inbound,
                  (SELECT count(*)::int FROM webhook_events WHERE id = $3) AS finished_event,
                  (SELECT count(*)::int FROM webhook_deliveries WHERE event_id = $3) AS finished_attempts,
                  (SELECT count(*)::int FROM webhook_events WHERE id = $4) AS pending_event,
                  (SELECT count(*)::int FROM idempotency_keys WHERE key = $5) AS expired_key,
                  (SELECT count(*)::int FROM idempotency_keys WHERE key = $6) AS live_key,
                  (SELECT count(*)::int FROM payment_prepared_orders WHERE source_id = $7) AS expired_order,
                  (SELECT count(*)::int FROM password_failures WHERE window_start < now() - make_interval(secs => $8)) AS old_failures,
                  (SELECT count(*)::int FROM payment_histories WHERE id IN ($9, $10)) AS payments,
                  (SELECT count(*)::int FROM access_trail WHERE seq <= $11) AS aged_trail,
                  (SELECT count(*)::int FROM payment_schedules WHERE id = $12) AS old_schedule,
                  (SELECT count(*)::int FROM payment_schedules WHERE id = $13) AS recent_schedule,
                  (SELECT count(*)::int FROM reconciliation_runs WHERE id = $14) AS old_run,
                  (SELECT count(*)::int FROM console_sessions WHERE token_hash = $15) AS expired_session`,
          [inbound[0]!.id, inbound[1]!.id, finished!.id, pending!.id, expiredKey, liveKey, source.id, ctx.config.password_failure_window_seconds, delivered, waiting, aged, schedules[0], schedules[1], oldRun, oldSession],
        )
      )[0]!;
    const expected = { old_inbound: 0, new_inbound: 1, finished_event: 0, finished_attempts: 0, pending_event: 1, expired_key: 0, live_key: 1, expired_order: 0, old_failures: 0, payments: 2, aged_trail: 0, old_schedule: 0, recent_schedule: 1, old_run: 0, expired_session: 0 };
    await eventually("the workers' purge", async () => JSON.stringify(await left()) === JSON.stringify(expected)).catch(async (exp) => {
      throw new Error(`${String(exp)}: ${JSON.stringify(await left())}`);
    });
    equal(await left(), expected, "purged what is past its retention, kept the rest");
    const verified = await api.functional.operator.access_trail.verify(operator);
    equal([verified.ok, verified.entries > 0], [true, true], "the trail's newer part still chains");
  } finally {
    await receiver.close();
    await down.close();
  }
}

/** A card payment registered with a webhook URL: its history id. */
const registered = async (ctx: TestContext, webhook_url: string): Promise<string> => {
  const source = { schema: "shop", table: "orders", id: orderId() };
  const p = await tossCardPaid(ctx, source.id, 3_000);
  const history = await api.functional.payments.histories.create(ctx.connection, {
    vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: p.paymentKey },
    source,
    price: 3_000,
    password: password(),
    webhook_url,
  });
  return history.id;
};
