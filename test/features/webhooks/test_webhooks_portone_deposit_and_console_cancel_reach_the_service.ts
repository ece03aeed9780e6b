import { assert, equal, portoneInternal, portoneOf } from "../../internal/pgs";
import { TestContext } from "../../TestContext";
import { WebhookKit } from "./internal/WebhookKit";

/**
 * A shop registers a PortOne V2 virtual account; the buyer deposits, later the merchant
 * refunds part of it in PortOne's console. Only PortOne's signed webhooks tell the server;
 * the shop hears each state once.
 */
export async function test_webhooks_portone_deposit_and_console_cancel_reach_the_service(ctx: TestContext): Promise<void> {
  const receiver = await WebhookKit.receiver(ctx);
  try {
    const va = await WebhookKit.portoneVirtualAccount(ctx, receiver.url);
    equal(va.history.status, "waiting_deposit", "registered status");
    const issued = await WebhookKit.until("the issued event", () => receiver.accepted.find((e) => e.current.id === va.history.id));
    equal([issued.type, issued.previous], ["payment.waiting_deposit", null], "first event");

    await portoneInternal(ctx, `payments/${va.paymentId}/deposit`);
    const paid = await WebhookKit.until("the paid event", () => receiver.accepted.find((e) => e.current.id === va.history.id && e.type === "payment.paid"));
    equal(paid.previous?.status, "waiting_deposit", "previous.status");
    assert(paid.current.paid_at !== null, "current.paid_at is set");

    // A refund made in PortOne's console, not through payments-server.
    await portoneOf(ctx).cancel(ctx.portone.storeId, va.paymentId, { amount: 15_000, reason: "console refund", refundAccount: { bank: "SHINHAN", number: "110123456789", holderName: "홍길동" } });
    const cancelled = await WebhookKit.until("the cancel event", () => receiver.accepted.find((e) => e.current.id === va.history.id && e.type === "payment.partial_cancelled"));
    equal([cancelled.current.refund, cancelled.previous?.refund], [15_000, 0], "refund");

    await WebhookKit.sleep(300);
    equal(receiver.accepted.filter((e) => e.current.id === va.history.id).map((e) => e.type), ["payment.waiting_deposit", "payment.paid", "payment.partial_cancelled"], "each state once");
    equal(receiver.rejected, [], "nothing failed verification");
    const rows = await WebhookKit.inbound(ctx, va.paymentId);
    // Each webhook re-reads the payment: the two changes (deposit, refund) were applied once
    // each, by whichever verified webhook was processed first after them.
    equal(rows.filter((r) => r.status === "applied").length, 2, `two changes applied from PortOne's webhooks: ${JSON.stringify(rows)}`);
    for (const type of ["Transaction.Paid", "Transaction.PartialCancelled"])
      equal(rows.some((r) => r.event_type === type), true, `${type} received and verified`);
    assert(!rows.some((r) => r.status === "rejected"), "no genuine webhook failed its signature");
  } finally {
    await receiver.close();
  }
}
