import crypto from "node:crypto";

import api from "../../../src/api";
import { FakePortOneWebhooks } from "../../../src/fakes/portone/FakePortOneWebhooks";
import { equal, portoneInternal } from "../../internal/pgs";
import { TestContext } from "../../TestContext";
import { WebhookKit } from "./internal/WebhookKit";

/**
 * Someone who knows our PortOne webhook URL posts "paid" for a virtual account nobody paid:
 * unsigned, signed with another secret, or replayed with an old timestamp. Each is answered
 * 401 INVALID_SIGNATURE, logged as rejected, and changes nothing. A correctly signed one is
 * applied only as far as PortOne's own record says (still unpaid: nothing changes).
 */
export async function test_webhooks_portone_forged_signature_changes_nothing(ctx: TestContext): Promise<void> {
  const receiver = await WebhookKit.receiver(ctx);
  try {
    const va = await WebhookKit.portoneVirtualAccount(ctx, receiver.url);
    const since = new Date(Date.now() - 1000);
    const payload = JSON.stringify({ type: "Transaction.Paid", timestamp: new Date().toISOString(), data: { paymentId: va.paymentId, storeId: ctx.portone.portoneStoreId, transactionId: crypto.randomUUID() } });
    const post = async (headers: Record<string, string>) => {
      const res = await fetch(`${ctx.host}/payments/webhooks/portone`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: payload });
      return { status: res.status, body: (await res.json()) as { code?: string } };
    };
    const otherSecret = `whsec_${crypto.randomBytes(32).toString("base64")}`;
    const id = `msg_${crypto.randomUUID()}`;

    const unsigned = await post({});
    equal([unsigned.status, unsigned.body.code], [401, "INVALID_SIGNATURE"], "unsigned");
    equal((await post(FakePortOneWebhooks.sign(otherSecret, id, payload, new Date()))).status, 401, "another secret");
    equal((await post(FakePortOneWebhooks.sign(ctx.portone.webhookSecret, id, payload, new Date(Date.now() - 10 * 60_000)))).status, 401, "replayed after ten minutes");
    const tampered = FakePortOneWebhooks.sign(ctx.portone.webhookSecret, id, payload.replace(va.paymentId, `${va.paymentId}x`), new Date());
    equal((await post(tampered)).status, 401, "signature of another body");

    const rejected = await ctx.query<{ status: string; outcome: string }>("SELECT status, outcome FROM payment_webhooks WHERE vendor_code = 'portone' AND vendor_uid = $1 AND received_at >= $2 AND status = 'rejected'", [va.paymentId, since]);
    equal(rejected.length, 4, "each forgery logged as rejected");
    equal(rejected.every((r) => r.outcome.startsWith("signature:")), true, "with the reason");

    // Genuinely signed (the secret leaked, say): PortOne's record still says unpaid.
    equal((await post(FakePortOneWebhooks.sign(ctx.portone.webhookSecret, id, payload, new Date()))).status, 200, "a valid signature is accepted");
    await WebhookKit.until("inbound webhooks processed", () => WebhookKit.inboundSettled(ctx, since));
    const read = await api.functional.payments.histories.at(ctx.connection, va.history.id, { password: va.password });
    equal([read.status, read.paid_at], ["waiting_deposit", null], "still waiting for the deposit");
    equal((await WebhookKit.events(ctx, va.history.id)).map((e) => e.type), ["payment.waiting_deposit"], "no event but the first");

    // The real deposit still comes through.
    await portoneInternal(ctx, `payments/${va.paymentId}/deposit`);
    await WebhookKit.until("the paid event", () => receiver.accepted.some((e) => e.current.id === va.history.id && e.type === "payment.paid"));
  } finally {
    await receiver.close();
  }
}
