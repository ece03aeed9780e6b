import { assert, equal } from "../../internal/pgs";
import { TestContext } from "../../TestContext";
import { WebhookKit } from "./internal/WebhookKit";

/**
 * A shop registers an Iamport virtual account with its webhook URL; the buyer deposits,
 * then the merchant cancels it in Iamport's console. One signed, encrypted event each.
 */
export async function test_webhooks_iamport_deposit_and_console_cancel_reach_the_service(ctx: TestContext): Promise<void> {
  const receiver = await WebhookKit.receiver(ctx);
  try {
    const vb = await WebhookKit.iamportVbank(ctx, receiver.url);
    equal(vb.history.status, "waiting_deposit", "registered status");

    await WebhookKit.iamportInternal(ctx, `vbanks/${vb.imp_uid}/deposit`, {});
    const paid = await WebhookKit.until("the paid event", () => receiver.accepted.find((e) => e.current.id === vb.history.id && e.type === "payment.paid"));
    equal(paid.type, "payment.paid", "event type");
    equal(paid.previous?.paid_at, null, "previous.paid_at");
    assert(paid.current.paid_at !== null, "current.paid_at is set");

    await WebhookKit.iamportInternal(ctx, `payments/${vb.imp_uid}/cancel`, { reason: "console cancel" });
    const cancelled = await WebhookKit.until("the cancel event", () => receiver.accepted.find((e) => e.current.id === vb.history.id && e.type === "payment.cancelled"));
    equal(cancelled.type, "payment.cancelled", "cancel event type");
    equal(cancelled.current.refund, 33_000, "refund");
    assert(cancelled.current.cancelled_at !== null, "cancelled_at");

    await WebhookKit.sleep(300);
    equal(receiver.accepted.filter((e) => e.current.id === vb.history.id).map((e) => e.type), ["payment.waiting_deposit", "payment.paid", "payment.cancelled"], "events received");
    equal(receiver.rejected, [], "nothing failed verification");
  } finally {
    await receiver.close();
  }
}
