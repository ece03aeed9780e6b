import { PaymentClient, Webhook } from "@portone/server-sdk";
import http from "node:http";
import type { AddressInfo } from "node:net";

import { FakePortOne } from "../../../../src/fakes/portone/FakePortOne";
import { assert, equal, orderId } from "../../../internal/pgs";
import { eventually } from "../../../internal/lifecycle";
import { TestContext } from "../../../TestContext";

/**
 * A merchant's own code written with PortOne's official SDK (`@portone/server-sdk`) runs
 * against the fake as it would against `https://api.portone.io`: reads, pre-registration,
 * partial cancels with the balance checksum, billing keys, typed errors, and the SDK's own
 * webhook verification of what the fake sends.
 */
export async function test_fake_portone_serves_the_official_sdk_unchanged(ctx: TestContext): Promise<void> {
  const received: { body: string; headers: Record<string, string> }[] = [];
  const hook = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ body: Buffer.concat(chunks).toString("utf8"), headers: req.headers as Record<string, string> });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
  // Its own fake, so that its webhooks go to this merchant only.
  const fake = new FakePortOne({ port: Number(new URL(ctx.portone.host).port) + 20, webhookUrl: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/` });
  await fake.open();
  try {
    const { storeId, apiSecret, webhookSecret } = FakePortOne.SANDBOX;
    const client = PaymentClient({ secret: apiSecret, baseUrl: fake.host, storeId });
    const browser = async (path: string, body: unknown) => {
      const res = await fetch(`${fake.host}/internal/${path}`, { method: "POST", headers: { authorization: `PortOne ${apiSecret}`, "content-type": "application/json" }, body: JSON.stringify(body) });
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json();
    };

    // Pre-register, pay in the window, read.
    const paymentId = orderId();
    equal(await client.preRegisterPayment({ paymentId, totalAmount: 30_000, currency: "KRW" }), {}, "pre-registered");
    await browser(`payments/${paymentId}/window`, { orderName: "Shoes", totalAmount: 30_000, payMethod: "CARD" });
    const payment = await client.getPayment({ paymentId });
    if (payment.status !== "PAID") throw new Error(`expected PAID, got ${String(payment.status)}`);
    equal([payment.id, payment.storeId, payment.amount.total, payment.currency, payment.orderName], [paymentId, storeId, 30_000, "KRW", "Shoes"], "the SDK's Payment");
    assert(payment.method?.type === "PaymentMethodCard", "a card payment");

    // Partial cancel with the checksum, then a stale checksum refused with the SDK's typed error.
    const { cancellation } = await client.cancelPayment({ paymentId, amount: 10_000, reason: "one item", currentCancellableAmount: 30_000 });
    equal([cancellation.status, "totalAmount" in cancellation ? cancellation.totalAmount : null], ["SUCCEEDED", 10_000], "cancellation");
    const stale = await client.cancelPayment({ paymentId, amount: 5_000, reason: "stale", currentCancellableAmount: 30_000 }).catch((e: unknown) => e);
    equal((stale as { data?: { type?: string } }).data?.type, "CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN", "stale checksum");
    const after = await client.getPayment({ paymentId });
    equal([after.status, "amount" in after ? after.amount.cancelled : null], ["PARTIAL_CANCELLED", 10_000], "after the cancel");
    const missing = await client.getPayment({ paymentId: `missing-${paymentId}` }).catch((e: unknown) => e);
    equal((missing as { data?: { type?: string } }).data?.type, "PAYMENT_NOT_FOUND", "unknown payment");

    // Billing key read and charged.
    const key = (await browser("billing-keys", { customerId: "customer-1" })) as { billingKey: string };
    const info = await client.billingKey.getBillingKeyInfo({ billingKey: key.billingKey });
    equal([info.status, "billingKey" in info ? info.billingKey : null], ["ISSUED", key.billingKey], "billing key");
    const charged = await client.payWithBillingKey({ paymentId: orderId(), billingKey: key.billingKey, orderName: "Monthly", amount: { total: 9_900 }, currency: "KRW" });
    assert(typeof charged.payment.paidAt === "string" && charged.payment.paidAt.length > 0, "charged");
    const declinedKey = (await browser("billing-keys", { cardNumber: "4000000000000002" })) as { billingKey: string };
    const declined = await client.payWithBillingKey({ paymentId: orderId(), billingKey: declinedKey.billingKey, orderName: "Monthly", amount: { total: 9_900 }, currency: "KRW" }).catch((e: unknown) => e);
    equal((declined as { data?: { type?: string } }).data?.type, "PG_PROVIDER", "a declined card");

    // Every webhook the fake sent verifies with the SDK's own verify().
    await eventually("the fake's webhooks", async () => received.length >= 4);
    for (const w of received) {
      const verified = await Webhook.verify(webhookSecret, w.body, w.headers);
      assert("type" in verified && typeof verified.type === "string", "a verified webhook");
    }
    const types = await Promise.all(received.map(async (w) => ((await Webhook.verify(webhookSecret, w.body, w.headers)) as { type: string }).type));
    for (const type of ["Transaction.Paid", "Transaction.PartialCancelled", "BillingKey.Issued", "Transaction.Failed"])
      assert(types.includes(type), `${type} sent and verified (got ${types.join(", ")})`);
    const forged = await Webhook.verify(webhookSecret, received[0]!.body.replace("Transaction", "Transactio"), received[0]!.headers).catch((e: unknown) => e);
    assert(forged instanceof Webhook.WebhookVerificationError, "a changed body fails the SDK's verification");
  } finally {
    await fake.close();
    await new Promise((resolve) => hook.close(resolve));
  }
}
