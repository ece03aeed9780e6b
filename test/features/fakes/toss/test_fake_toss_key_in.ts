import { TossAdapter } from "../../../../src/pg/toss/TossAdapter";
import { TestContext } from "../../../TestContext";
import { TossKit } from "./internal/TossKit";

/** Key-in payment: approved at once, readable by paymentKey and orderId, order ids unique. */
export async function test_fake_toss_key_in(ctx: TestContext): Promise<void> {
  const adapter = TossKit.adapter(ctx);
  const orderId = TossKit.orderId();
  const paid = await TossKit.keyIn(ctx, 15_000, "4330123412341234", orderId);
  TossKit.equals([paid.status, paid.method, paid.type, paid.orderId], ["DONE", "카드", "NORMAL", orderId], "key-in result");
  TossKit.equals([paid.totalAmount, paid.balanceAmount, paid.suppliedAmount + paid.vat], [15_000, 15_000, 15_000], "amounts");
  TossKit.assert(paid.card !== null && paid.card.amount === 15_000 && !paid.card.number.includes("12341234"), "card details must be masked");
  TossKit.assert(paid.approvedAt !== null && /\+09:00$/.test(paid.approvedAt), "approvedAt in KST with offset");

  const byKey = await adapter.getPayment(ctx.toss.storeId, paid.paymentKey);
  const byOrder = await adapter.getPaymentByOrderId(ctx.toss.storeId, orderId);
  TossKit.equals(byKey, paid, "GET by paymentKey");
  TossKit.equals(byOrder, paid, "GET by orderId");

  const snapshot = TossAdapter.snapshot(paid);
  TossKit.equals(
    [snapshot.status, snapshot.amount, snapshot.balance, snapshot.paid_at, snapshot.uid, snapshot.order_id, snapshot.cancelled_at],
    ["paid", 15_000, 15_000, paid.approvedAt, paid.paymentKey, orderId, null],
    "snapshot",
  );

  await TossKit.rejects(TossKit.keyIn(ctx, 15_000, "4330123412341234", orderId), "rejected", "DUPLICATED_ORDER_ID", "same orderId twice");
  await TossKit.rejects(TossKit.keyIn(ctx, 99), "rejected", "BELOW_MINIMUM_AMOUNT", "99 won card payment");
  await TossKit.rejects(adapter.getPayment(ctx.toss.storeId, "no-such-payment"), "not_found", "NOT_FOUND_PAYMENT", "unknown paymentKey");
  await TossKit.rejects(adapter.getPaymentByOrderId(ctx.toss.storeId, "no-such-order"), "not_found", "NOT_FOUND_PAYMENT", "unknown orderId");

  // typia validation answers in Toss's format, never Nest's
  const bad = await TossKit.raw(ctx, "POST", "/v1/payments/key-in", { amount: "15000", orderId: TossKit.orderId() });
  TossKit.errorBody(bad, 400, "INVALID_REQUEST", "invalid body");
  const malformed = await TossKit.raw(ctx, "POST", "/v1/payments/key-in", "{not json");
  TossKit.errorBody(malformed, 400, "INVALID_REQUEST", "malformed JSON");
  const negative = await TossKit.raw(ctx, "POST", "/v1/payments/key-in", { amount: -1, orderId: TossKit.orderId(), orderName: "x", cardNumber: "4330123412341234", ...TossKit.card });
  TossKit.errorBody(negative, 400, "INVALID_REQUEST", "negative amount");
}
