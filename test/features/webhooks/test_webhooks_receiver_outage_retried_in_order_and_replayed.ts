import api from "../../../src/api";
import { assert, equal, expectError, tossInternal } from "../../internal/pgs";
import { TestContext } from "../../TestContext";
import { WebhookKit } from "./internal/WebhookKit";
import { metricsOf } from "../../internal/operator";

/**
 * The shop's webhook endpoint is down for a while, then answers 500 twice, then recovers:
 * the four states of its payment all arrive, in order, each accepted once; the attempts
 * are visible through the API. A second endpoint never recovers in time: its event is
 * dead-lettered (counted in /metrics) and replayed by the API once it is fixed.
 */
export async function test_webhooks_receiver_outage_retried_in_order_and_replayed(ctx: TestContext): Promise<void> {
  const receiver = await WebhookKit.receiver(ctx);
  const broken = await WebhookKit.receiver(ctx);
  try {
    await receiver.down();
    const va = await WebhookKit.tossVirtualAccount(ctx, receiver.url);
    const refund = { bank: "88", accountNumber: "110123456789", holderName: "홍길동" };
    await tossInternal(ctx, `virtual-accounts/${va.paymentKey}/deposit`, { amount: 50_000 });
    await WebhookKit.until("the issued and paid events", async () => (await WebhookKit.events(ctx, va.history.id)).length === 2);
    await tossInternal(ctx, `payments/${va.paymentKey}/cancel`, { cancelReason: "first", cancelAmount: 10_000, refundReceiveAccount: refund });
    await WebhookKit.until("the first cancel event", async () => (await WebhookKit.events(ctx, va.history.id)).length === 3);
    await tossInternal(ctx, `payments/${va.paymentKey}/cancel`, { cancelReason: "second", cancelAmount: 5_000, refundReceiveAccount: refund });
    await WebhookKit.until("the second cancel event", async () => (await WebhookKit.events(ctx, va.history.id)).length === 4);

    // Two refused connections, then two 500s, then 200.
    const [first] = await WebhookKit.events(ctx, va.history.id);
    await WebhookKit.until("two refused attempts", async () => (await ctx.query("SELECT 1 FROM webhook_deliveries WHERE event_id = $1", [first!.id])).length >= 2);
    let errors = 2;
    receiver.answer = () => (errors-- > 0 ? 500 : 200);
    await receiver.up();

    const mine = () => receiver.accepted.filter((e) => e.current.id === va.history.id);
    await WebhookKit.until("four events", () => mine().length >= 4);
    await WebhookKit.sleep(300);
    equal(mine().map((e) => e.type), ["payment.waiting_deposit", "payment.paid", "payment.partial_cancelled", "payment.partial_cancelled"], "in order");
    equal(mine().map((e) => e.current.refund), [0, 0, 10_000, 15_000], "refunds in order");
    equal(new Set(mine().map((e) => e.id)).size, 4, "each event accepted once");
    equal(receiver.rejected, [], "all verified");

    const listed = await api.functional.payments.histories.webhooks.index(ctx.connection, va.history.id, { password: va.password });
    equal(listed.map((e) => e.status), ["delivered", "delivered", "delivered", "delivered"], "listed as delivered");
    equal(listed.map((e) => e.id), mine().map((e) => e.id), "listed ids = webhook-ids, in order");
    const attempts = listed[0]!.deliveries;
    assert(attempts.length >= 5, `first event: ${attempts.length} attempts`);
    assert(attempts.slice(0, 2).every((a) => a.status_code === null && a.error !== null), "refused connections recorded with their error");
    equal(attempts.slice(-3).map((a) => a.status_code), [500, 500, 200], "then 500, 500, 200");
    await expectError(404, "NOT_FOUND", () => api.functional.payments.histories.webhooks.index(ctx.connection, va.history.id, { password: "wrong-password" }));

    // Dead letter, then replay.
    broken.answer = () => 503;
    const dead = await WebhookKit.tossVirtualAccount(ctx, broken.url, 12_000);
    await tossInternal(ctx, `virtual-accounts/${dead.paymentKey}/deposit`, { amount: 12_000 });
    const event = await WebhookKit.until("the dead events", async () => {
      const rows = await WebhookKit.events(ctx, dead.history.id);
      return rows.length === 2 && rows.every((r) => r.status === "dead") ? rows.find((r) => r.type === "payment.paid") : null;
    });
    equal(event!.attempts, ctx.config.webhook.retry_delays_ms.length + 1, "every try made");
    const metrics = await metricsOf(ctx);
    const gauge = /^payments_webhook_dead_events (\d+)/m.exec(metrics);
    assert(gauge !== null && Number(gauge[1]) >= 1, "dead events counted in /metrics");
    assert(/payments_webhook_deliveries_total\{outcome="dead"\} [1-9]/.test(metrics), "dead outcome counted");

    broken.answer = () => 200;
    await expectError(404, "WEBHOOK_EVENT_NOT_FOUND", () =>
      api.functional.payments.histories.webhooks.replay(ctx.connection, dead.history.id, { password: dead.password, event_id: va.history.id }),
    );
    const replayed = await api.functional.payments.histories.webhooks.replay(ctx.connection, dead.history.id, { password: dead.password, event_id: event!.id });
    equal(replayed.map((e) => [e.id, e.status]), [[event!.id, "pending"]], "replayed");
    const got = await WebhookKit.until("the replayed event", () => broken.accepted.find((e) => e.current.id === dead.history.id));
    equal(got.type, "payment.paid", "the replayed event only");
    equal(got.id, event!.id, "same webhook-id");
    // The receiver has it; the server records the answer right after it arrives.
    const again = await WebhookKit.until("the replay recorded", async () => {
      const after = await api.functional.payments.histories.webhooks.index(ctx.connection, dead.history.id, { password: dead.password });
      const found = after.find((e) => e.id === event!.id)!;
      return found.status === "pending" ? null : found;
    });
    equal(again.status, "delivered", "delivered after replay");
    equal(again.deliveries.at(-1)!.status_code, 200, "last attempt 200");
  } finally {
    await receiver.close();
    await broken.close();
  }
}
