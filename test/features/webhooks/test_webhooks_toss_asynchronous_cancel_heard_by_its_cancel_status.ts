import api from "../../../src/api";
import { silently } from "../../internal/edge";
import { equal, orderId, password, tossCardPaid, tossInternal } from "../../internal/pgs";
import { TestContext } from "../../TestContext";
import { WebhookKit } from "./internal/WebhookKit";

/**
 * Toss cancels an overseas easy payment asynchronously and tells only by
 * `CANCEL_STATUS_CHANGED`, whose body is the Cancel object and names no payment. The server
 * finds the payment in Toss's transaction list, re-reads it and settles it: the shop hears
 * `payment.partial_cancelled` once. An aborted cancel moves nothing and is not applied; a
 * forged event naming a cancel Toss never made changes nothing.
 */
export async function test_webhooks_toss_asynchronous_cancel_heard_by_its_cancel_status(ctx: TestContext): Promise<void> {
  const receiver = await WebhookKit.receiver(ctx);
  try {
    const source = { schema: "shop", table: "orders", id: orderId() };
    // Its paid webhook lost: processed after the cancel, it would re-read and tell it first.
    const { paymentKey } = await silently(ctx, () => tossCardPaid(ctx, source.id, 30_000));
    const history = await api.functional.payments.histories.create(ctx.connection, {
      vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: paymentKey },
      source,
      price: 30_000,
      password: password(),
      webhook_url: receiver.url,
    });
    await WebhookKit.until("the paid event", () => receiver.accepted.find((e) => e.current.id === history.id));

    await tossInternal(ctx, `payments/${paymentKey}/cancel-async`, { cancelReason: "overseas refund", cancelAmount: 4_000, outcome: "ABORTED" });
    await tossInternal(ctx, `payments/${paymentKey}/cancel-async`, { cancelReason: "overseas refund", cancelAmount: 4_000, outcome: "DONE" });
    const cancelled = await WebhookKit.until("the cancel's event", () => receiver.accepted.find((e) => e.current.id === history.id && e.type === "payment.partial_cancelled"));
    equal([cancelled.previous?.refund, cancelled.current.refund], [0, 4_000], "the asynchronous cancel, as Toss holds it");

    const forged = await fetch(`${ctx.host}/payments/webhooks/toss`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ eventType: "CANCEL_STATUS_CHANGED", createdAt: "2026-12-03T00:00:00.000000", data: { transactionKey: "F0RGED0000000000000000000000000", cancelStatus: "DONE", cancelAmount: 26_000, canceledAt: new Date().toISOString() } }),
    });
    equal(forged.status, 200, "acknowledged, as every PG webhook");
    const rows = await WebhookKit.until("the cancel events processed", async () => {
      const r = await ctx.query<{ status: string; outcome: string }>("SELECT status, outcome FROM payment_webhooks WHERE event_type = 'CANCEL_STATUS_CHANGED' AND received_at > now() - interval '1 minute' ORDER BY received_at");
      return r.length >= 3 && r.every((x) => x.status !== "received" && x.status !== "processing") ? r : null;
    });
    // The fake sends its webhooks without waiting for each other: compare as a set.
    equal(rows.map((r) => r.status).sort(), ["applied", "deferred", "ignored"], "aborted ignored, done applied, forged kept unapplied");

    await WebhookKit.sleep(300);
    equal(receiver.accepted.filter((e) => e.current.id === history.id).map((e) => e.type), ["payment.paid", "payment.partial_cancelled"], "each state once");
  } finally {
    await receiver.close();
  }
}
