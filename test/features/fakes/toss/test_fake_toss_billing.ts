import { TossAdapter } from "../../../../src/pg/toss/TossAdapter";
import { TestContext } from "../../../TestContext";
import { TossKit } from "./internal/TossKit";

/** Billing: authKey from the auth window -> billing key -> charges bound to the customerKey. */
export async function test_fake_toss_billing(ctx: TestContext): Promise<void> {
  const adapter = TossKit.adapter(ctx);
  const customerKey = `customer-${TossKit.orderId()}`;
  const auth = await TossKit.internal<{ authKey: string; customerKey: string }>(ctx, "/billing/auth", { customerKey });
  TossKit.equals(auth.customerKey, customerKey, "authKey customer");

  await TossKit.rejects(adapter.issueBillingKey(ctx.toss.storeId, { authKey: auth.authKey, customerKey: "someone-else" }), "rejected", "NOT_MATCHES_CUSTOMER_KEY", "issue for another customer");
  const billing = await adapter.issueBillingKey(ctx.toss.storeId, { authKey: auth.authKey, customerKey });
  TossKit.equals([billing.customerKey, billing.method, billing.mId.length > 0], [customerKey, "카드", true], "billing key");
  TossKit.assert(billing.billingKey.length > 0 && !billing.cardNumber.includes("12341234"), "billing key with masked card");
  await TossKit.rejects(adapter.issueBillingKey(ctx.toss.storeId, { authKey: auth.authKey, customerKey }), "rejected", "INVALID_REQUEST", "authKey is single-use");

  const orderId = TossKit.orderId();
  const charged = await adapter.chargeBilling(ctx.toss.storeId, billing.billingKey, { customerKey, amount: 9_900, orderId, orderName: "월 구독" });
  TossKit.equals([charged.status, charged.type, charged.method, charged.totalAmount, TossAdapter.snapshot(charged).status], ["DONE", "BILLING", "카드", 9_900, "paid"], "billing charge");
  TossKit.equals((await adapter.getPaymentByOrderId(ctx.toss.storeId, orderId)).paymentKey, charged.paymentKey, "charge readable by order");

  await TossKit.rejects(adapter.chargeBilling(ctx.toss.storeId, billing.billingKey, { customerKey: "someone-else", amount: 9_900, orderId: TossKit.orderId(), orderName: "x" }), "rejected", "NOT_MATCHES_CUSTOMER_KEY", "charge for another customer");
  await TossKit.rejects(adapter.chargeBilling(ctx.toss.storeId, billing.billingKey, { customerKey, amount: 9_900, orderId, orderName: "x" }), "rejected", "DUPLICATED_ORDER_ID", "same order charged twice");
  await TossKit.rejects(adapter.chargeBilling(ctx.toss.storeId, "no-such-billing-key", { customerKey, amount: 9_900, orderId: TossKit.orderId(), orderName: "x" }), "not_found", "NOT_FOUND_BILLING", "unknown billing key");
  await TossKit.rejects(adapter.issueBillingKey(ctx.toss.storeId, { authKey: "bln_unknown", customerKey }), "rejected", "INVALID_REQUEST", "unknown authKey");

  // card-number form (contracted merchants)
  const byCard = await adapter.issueBillingKeyByCard(ctx.toss.storeId, { customerKey, cardNumber: "4330123412341234", ...TossKit.card });
  TossKit.equals(byCard.customerKey, customerKey, "billing key by card");
  await TossKit.rejects(adapter.issueBillingKeyByCard(ctx.toss.storeId, { customerKey, cardNumber: "4000000000000028", ...TossKit.card }), "rejected", "INVALID_CARD_NUMBER", "invalid card at issue");
}
