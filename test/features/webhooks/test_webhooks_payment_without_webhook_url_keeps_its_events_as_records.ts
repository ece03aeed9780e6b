import api from "../../../src/api";
import { equal, expectError, orderId, password, tossCardPaid } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * A shop that reads its payments instead of receiving webhooks registers one without a
 * `webhook_url` and refunds part of it: each state is still recorded as an event, `skipped`,
 * with no delivery and nothing to replay, and without a payload (never sent, it is not stored).
 */
export async function test_webhooks_payment_without_webhook_url_keeps_its_events_as_records(ctx: TestContext): Promise<void> {
  const id = orderId();
  const secret = password();
  const { paymentKey } = await tossCardPaid(ctx, id, 12_000);
  const source = { schema: "shop", table: "orders", id };
  const history = await api.functional.payments.histories.create(ctx.connection, {
    vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: paymentKey },
    source,
    price: 12_000,
    password: secret,
  });
  equal(history.webhook_url, null, "no webhook URL");
  await api.functional.payments.histories.cancel(ctx.connection, { source, password: secret, price: 2_000, reason: "one item" });

  const events = await api.functional.payments.histories.webhooks.index(ctx.connection, history.id, { password: secret });
  equal(
    events.map((e) => [e.type, e.status, e.webhook_url, e.attempts, e.deliveries.length]),
    [
      ["payment.paid", "skipped", null, 0, 0],
      ["payment.partial_cancelled", "skipped", null, 0, 0],
    ],
    "both states recorded, neither sent",
  );
  await expectError(404, "WEBHOOK_EVENT_NOT_FOUND", () =>
    api.functional.payments.histories.webhooks.replay(ctx.connection, history.id, { password: secret, event_id: events[0]!.id }),
  );
  const stored = await ctx.query<{ payload: boolean }>("SELECT payload_enc IS NOT NULL AS payload FROM webhook_events WHERE history_id = $1 ORDER BY seq", [history.id]);
  equal(stored, [{ payload: false }, { payload: false }], "no payload stored for events never sent");
}
