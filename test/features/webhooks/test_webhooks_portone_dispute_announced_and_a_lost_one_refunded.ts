import api from "../../../src/api";
import { assert, equal, orderId, password, portoneCardPaid, portoneInternal } from "../../internal/pgs";
import { TestContext } from "../../TestContext";
import { WebhookKit } from "./internal/WebhookKit";

/**
 * Two marketplace payments at PortOne V2 meet a chargeback (`Transaction.DisputeCreated`):
 * each history shows the open dispute and the shop hears `payment.disputed` once. One dispute
 * is won (`payment.dispute_resolved`, still paid); the other lost, and PortOne takes the money
 * back: `payment.cancelled` with the dispute resolved, refunded in full, and the supplier's
 * share reversed in the ledger like any refund. A dispute event with a bad signature changes
 * nothing.
 */
export async function test_webhooks_portone_dispute_announced_and_a_lost_one_refunded(ctx: TestContext): Promise<void> {
  const receiver = await WebhookKit.receiver(ctx);
  try {
    const supplier = `supplier-${orderId()}`;
    const pay = async () => {
      const source = { schema: "market", table: "orders", id: orderId() };
      await portoneCardPaid(ctx, source.id, 20_000);
      return api.functional.payments.histories.create(ctx.connection, {
        vendor: { code: "portone", store_id: ctx.portone.storeId, uid: source.id },
        source,
        price: 20_000,
        password: password(),
        webhook_url: receiver.url,
        settlement: { parties: [{ id: supplier, role: "supplier", share: { type: "amount", amount: 15_000 } }] },
      });
    };
    const won = await pay();
    const lost = await pay();
    for (const h of [won, lost]) await WebhookKit.until("the paid event", () => receiver.accepted.find((e) => e.current.id === h.id && e.type === "payment.paid"));

    const forged = await fetch(`${ctx.host}/payments/webhooks/portone`, {
      method: "POST",
      headers: { "content-type": "application/json", "webhook-id": "msg_forged", "webhook-timestamp": String(Math.floor(Date.now() / 1000)), "webhook-signature": "v1,Zm9yZ2Vk" },
      body: JSON.stringify({ type: "Transaction.DisputeCreated", timestamp: new Date().toISOString(), data: { storeId: ctx.portone.portoneStoreId, paymentId: won.source.id, transactionId: "x" } }),
    });
    equal(forged.status, 401, "a forged dispute event is refused");

    for (const h of [won, lost]) {
      await portoneInternal(ctx, `payments/${encodeURIComponent(h.source.id)}/dispute`, { reason: "고객 이의 제기" });
      const disputed = await WebhookKit.until("the disputed event", () => receiver.accepted.find((e) => e.current.id === h.id && e.type === "payment.disputed"));
      equal([disputed.previous?.disputes.length, disputed.current.disputes.map((d) => d.status), disputed.current.status], [0, ["open"], "paid"], "an open dispute, still paid");
    }

    await portoneInternal(ctx, `payments/${encodeURIComponent(won.source.id)}/dispute/resolve`, { lost: false });
    const resolved = await WebhookKit.until("the resolved event", () => receiver.accepted.find((e) => e.current.id === won.id && e.type === "payment.dispute_resolved"));
    equal([resolved.current.status, resolved.current.refund, resolved.current.disputes.map((d) => d.status)], ["paid", 0, ["resolved"]], "won: still paid");

    await portoneInternal(ctx, `payments/${encodeURIComponent(lost.source.id)}/dispute/resolve`, { lost: true });
    const cancelled = await WebhookKit.until("the chargeback's event", () => receiver.accepted.find((e) => e.current.id === lost.id && e.type === "payment.cancelled"));
    equal([cancelled.current.refund, cancelled.current.disputes.map((d) => d.status)], [20_000, ["resolved"]], "lost: refunded in full, dispute resolved");
    const reversal = await ctx.query<{ n: number | string }>("SELECT count(*) AS n FROM ledger_transactions WHERE history_id = $1 AND kind = 'refund'", [lost.id]);
    equal(Number(reversal[0]!.n), 1, "the supplier's share reversed in the ledger");
    const owed = await ctx.query<{ sum: number | string | null }>("SELECT sum(amount) AS sum FROM ledger_entries WHERE history_id = $1 AND party_id = $2", [lost.id, supplier]);
    equal(Number(owed[0]!.sum ?? 0), 0, "nothing left owed to the supplier for the lost payment");

    await WebhookKit.sleep(300);
    for (const [h, types] of [
      [won, ["payment.paid", "payment.disputed", "payment.dispute_resolved"]],
      [lost, ["payment.paid", "payment.disputed", "payment.cancelled"]],
    ] as const)
      equal(receiver.accepted.filter((e) => e.current.id === h.id).map((e) => e.type), [...types], "each change announced once, in order");
    assert(receiver.rejected.length === 0, "every delivery verified");
  } finally {
    await receiver.close();
  }
}
