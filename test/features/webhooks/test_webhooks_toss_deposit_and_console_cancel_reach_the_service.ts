import { assert, equal, tossInternal } from "../../internal/pgs";
import { TestContext } from "../../TestContext";
import { WebhookKit } from "./internal/WebhookKit";

/**
 * A shop registers a Toss virtual account with its webhook URL; the buyer deposits, later
 * the merchant refunds part of it in Toss's own console. The shop learns both from one
 * signed, encrypted event each, verified and decrypted with the SDK helper.
 */
export async function test_webhooks_toss_deposit_and_console_cancel_reach_the_service(ctx: TestContext): Promise<void> {
  const receiver = await WebhookKit.receiver(ctx);
  WebhookKit.dump = async () => [await ctx.query("SELECT status, attempts, next_attempt_at, webhook_url FROM webhook_events ORDER BY seq DESC LIMIT 5"), await ctx.query("SELECT status, event_type, outcome FROM payment_webhooks ORDER BY received_at DESC LIMIT 8"), receiver.seen, receiver.rejected];
  try {
    const va = await WebhookKit.tossVirtualAccount(ctx, receiver.url);
    equal(va.history.status, "waiting_deposit", "registered status");
    // The first state is announced too, with no previous state.
    const issued = await WebhookKit.until("the issued event", () => receiver.accepted.find((e) => e.current.id === va.history.id));
    equal([issued.type, issued.previous, issued.source], ["payment.waiting_deposit", null, va.history.source], "first event");

    await tossInternal(ctx, `virtual-accounts/${va.paymentKey}/deposit`, { amount: 50_000 });
    const paid = await WebhookKit.until("the paid event", () => receiver.accepted.find((e) => e.current.id === va.history.id && e.type === "payment.paid"));
    equal(paid.type, "payment.paid", "event type");
    equal(paid.previous?.paid_at, null, "previous.paid_at");
    assert(paid.current.paid_at !== null, "current.paid_at is set");
    equal(paid.previous?.status, "waiting_deposit", "previous.status");

    // Cancel in the PG's console: only the PG's webhook tells payments-server.
    await tossInternal(ctx, `payments/${va.paymentKey}/cancel`, {
      cancelReason: "console refund",
      cancelAmount: 20_000,
      refundReceiveAccount: { bank: "88", accountNumber: "110123456789", holderName: "홍길동" },
    });
    const cancelled = await WebhookKit.until("the cancel event", () => receiver.accepted.find((e) => e.current.id === va.history.id && e.type === "payment.partial_cancelled"));
    equal(cancelled.type, "payment.partial_cancelled", "cancel event type");
    equal(cancelled.current.refund, 20_000, "refund");
    equal(cancelled.previous?.refund, 0, "previous refund");

    // Both webhooks of the deposit (status change + deposit callback) made one event, not two.
    await WebhookKit.sleep(300);
    equal(receiver.accepted.filter((e) => e.current.id === va.history.id).map((e) => e.type), ["payment.waiting_deposit", "payment.paid", "payment.partial_cancelled"], "events received");
    equal(receiver.rejected, [], "nothing failed verification");
    const rows = await WebhookKit.inbound(ctx, va.paymentKey);
    assert(rows.some((r) => r.event_type === "DEPOSIT_CALLBACK" && (r.status === "applied" || r.status === "unchanged")), `deposit callback verified: ${JSON.stringify(rows)}`);
  } finally {
    await receiver.close();
  }
}
