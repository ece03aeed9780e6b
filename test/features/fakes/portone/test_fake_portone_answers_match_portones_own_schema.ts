import { PaymentClient } from "@portone/server-sdk";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import fs from "node:fs";
import path from "node:path";

import { FakePortOne } from "../../../../src/fakes/portone/FakePortOne";
import { assert, equal, orderId } from "../../../internal/pgs";
import { TestContext } from "../../../TestContext";

/**
 * What the fake PortOne answers, driven by PortOne's official SDK, is valid against PortOne's
 * own OpenAPI document (the schemas of `codegen/openapi.json` in portone-io/server-sdk, copied
 * under test/fixtures with its commit): payments in every state the fake reaches, cancels,
 * billing keys, the listings, a webhook resent, a virtual account closed, a billing key
 * deleted, a window left `READY` and one `PAY_PENDING`. Requests the schema refuses (an
 * unknown currency or bank) are refused.
 */
export async function test_fake_portone_answers_match_portones_own_schema(ctx: TestContext): Promise<void> {
  const document = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "..", "..", "..", "test", "fixtures", "portone-openapi-subset.json"), "utf8"));
  // Ajv takes no `discriminator.mapping`: each mapped member is spelled as the member with its
  // discriminating property fixed, which is what the mapping means.
  const plain = JSON.parse(JSON.stringify(document.components), (_key, value) => {
    if (value === null || typeof value !== "object" || value.discriminator?.mapping === undefined) return value;
    const { discriminator, oneOf: _members, ...rest } = value as { discriminator: { propertyName: string; mapping: Record<string, string> }; oneOf: unknown[] };
    return {
      ...rest,
      required: [discriminator.propertyName],
      oneOf: Object.entries(discriminator.mapping).map(([tag, $ref]) => ({ allOf: [{ $ref }, { properties: { [discriminator.propertyName]: { const: tag } } }] })),
    };
  });
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: "portone", components: plain });
  const valid = (schema: string, value: unknown, what: string) => {
    const check = ajv.getSchema(`portone#/components/schemas/${schema}`)!;
    assert(check(value), `${what} is a valid ${schema}: ${ajv.errorsText(check.errors, { separator: "; " })}\n${JSON.stringify(value).slice(0, 800)}`);
  };

  // Its webhooks go nowhere that answers: the resend scenario needs one sent, not received.
  const fake = new FakePortOne({ port: Number(new URL(ctx.portone.host).port) + 21, webhookUrl: "http://127.0.0.1:9/hooks" });
  await fake.open();
  try {
    const { storeId, apiSecret } = FakePortOne.SANDBOX;
    const client = PaymentClient({ secret: apiSecret, baseUrl: fake.host, storeId });
    const browser = async (p: string, body: unknown) => {
      const res = await fetch(`${fake.host}/internal/${p}`, { method: "POST", headers: { authorization: `PortOne ${apiSecret}`, "content-type": "application/json" }, body: JSON.stringify(body) });
      if (res.status !== 200) throw new Error(`${p}: ${res.status} ${await res.text()}`);
      return res.json();
    };

    // A card paid, part cancelled (with its VAT given), then cancelled in full.
    const paid = orderId();
    valid("PreRegisterPaymentResponse", await client.preRegisterPayment({ paymentId: paid, currency: "KRW" }), "pre-registration without an amount");
    await browser(`payments/${paid}/window`, { orderName: "Shoes", totalAmount: 33_000, payMethod: "CARD" });
    valid("Payment", await client.getPayment({ paymentId: paid }), "a paid payment");
    const part = await client.cancelPayment({ paymentId: paid, amount: 11_000, vatAmount: 1_000, reason: "one item" });
    valid("CancelPaymentResponse", part, "a partial cancel");
    equal("vatAmount" in part.cancellation ? part.cancellation.vatAmount : null, 1_000, "the VAT given is the cancel's");
    valid("Payment", await client.getPayment({ paymentId: paid }), "a partly cancelled payment");
    valid("CancelPaymentResponse", await client.cancelPayment({ paymentId: paid, reason: "all" }), "a full cancel");
    valid("Payment", await client.getPayment({ paymentId: paid }), "a cancelled payment");

    // A window opened and left, and one the PG has not answered yet, then paid.
    const ready = orderId();
    await browser(`payments/${ready}/open`, { orderName: "Shoes", totalAmount: 4_000 });
    valid("Payment", await client.getPayment({ paymentId: ready }), "a ready payment");
    const pending = orderId();
    await browser(`payments/${pending}/open`, { orderName: "Shoes", totalAmount: 4_000, pending: true });
    valid("Payment", await client.getPayment({ paymentId: pending }), "a payment pending at the PG");
    await browser(`payments/${pending}/window`, { orderName: "Shoes", totalAmount: 4_000, payMethod: "CARD" });
    equal((await client.getPayment({ paymentId: pending })).status, "PAID", "then paid");

    // A declined card, a virtual account issued then closed.
    const failed = orderId();
    await browser(`payments/${failed}/window`, { orderName: "Shoes", totalAmount: 5_000, payMethod: "CARD", cardNumber: "4000000000000002" }).catch(() => null);
    valid("Payment", await client.getPayment({ paymentId: failed }), "a failed payment");
    const account = orderId();
    await browser(`payments/${account}/window`, { orderName: "Shoes", totalAmount: 21_000, payMethod: "VIRTUAL_ACCOUNT" });
    valid("Payment", await client.getPayment({ paymentId: account }), "an issued virtual account");
    valid("CloseVirtualAccountResponse", await client.closeVirtualAccount({ paymentId: account }), "a virtual account closed");
    valid("Payment", await client.getPayment({ paymentId: account }), "a closed virtual account's payment");
    const easy = orderId();
    await browser(`payments/${easy}/window`, { orderName: "Shoes", totalAmount: 17_000, payMethod: "EASY_PAY", easyPay: { easyPayProvider: "NAVERPAY" } });
    valid("Payment", await client.getPayment({ paymentId: easy }), "an easy-pay payment");

    // Billing keys: read, listed, charged, deleted.
    const key = (await browser("billing-keys", { customerId: "customer-1" })) as { billingKey: string };
    valid("BillingKeyInfo", await client.billingKey.getBillingKeyInfo({ billingKey: key.billingKey }), "an issued billing key");
    valid("PayWithBillingKeyResponse", await client.payWithBillingKey({ paymentId: orderId(), billingKey: key.billingKey, orderName: "Monthly", amount: { total: 9_900 }, currency: "KRW" }), "a charge");
    const unknownCurrency = await client.payWithBillingKey({ paymentId: orderId(), billingKey: key.billingKey, orderName: "Monthly", amount: { total: 9_900 }, currency: "XYZ" as never }).catch((e: unknown) => e);
    equal((unknownCurrency as { data?: { type?: string } }).data?.type, "INVALID_REQUEST", "an unknown currency is refused");
    valid("GetBillingKeyInfosResponse", await client.billingKey.getBillingKeyInfos({}), "the billing keys listed");
    valid("DeleteBillingKeyResponse", await client.billingKey.deleteBillingKey({ billingKey: key.billingKey }), "a billing key deleted");
    valid("BillingKeyInfo", await client.billingKey.getBillingKeyInfo({ billingKey: key.billingKey }), "a deleted billing key");

    // Listings and a webhook resent.
    valid("GetPaymentsResponse", await client.getPayments({ page: { number: 0, size: 5 } }), "a page of payments");
    valid("GetAllPaymentsByCursorResponse", await client.getAllPaymentsByCursor({ size: 3 }), "payments by cursor");
    valid("ResendWebhookResponse", await client.resendWebhook({ paymentId: paid }), "a webhook resent");

    // A refund account at a bank PortOne does not know is refused.
    const other = orderId();
    await browser(`payments/${other}/window`, { orderName: "Shoes", totalAmount: 8_000, payMethod: "VIRTUAL_ACCOUNT" });
    await browser(`payments/${other}/deposit`, {});
    const badBank = await client.cancelPayment({ paymentId: other, reason: "refund", refundAccount: { bank: "NOT_A_BANK" as never, number: "110123456789", holderName: "홍길동" } }).catch((e: unknown) => e);
    equal((badBank as { data?: { type?: string } }).data?.type, "INVALID_REQUEST", "an unknown bank is refused");
  } finally {
    await fake.close();
  }
}
