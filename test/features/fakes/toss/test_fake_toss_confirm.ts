import { TossAdapter } from "../../../../src/pg/toss/TossAdapter";
import { TestContext } from "../../../TestContext";
import { TossKit } from "./internal/TossKit";

/** Window payment: IN_PROGRESS until confirmed with the right orderId and amount, once. */
export async function test_fake_toss_confirm(ctx: TestContext): Promise<void> {
  const adapter = TossKit.adapter(ctx);
  const orderId = TossKit.orderId();
  const window = await TossKit.internal<{ paymentKey: string; orderId: string; amount: number }>(ctx, "/payments", { orderId, amount: 30_000, orderName: "토스 티셔츠" });
  TossKit.equals([window.orderId, window.amount], [orderId, 30_000], "window payment");

  const before = await adapter.getPayment(ctx.toss.storeId, window.paymentKey);
  TossKit.equals([before.status, before.approvedAt, TossAdapter.snapshot(before).status], ["IN_PROGRESS", null, "ready"], "before confirm");

  await TossKit.rejects(adapter.confirm(ctx.toss.storeId, { ...window, amount: 29_999 }), "rejected", "INVALID_REQUEST", "wrong amount");
  await TossKit.rejects(adapter.confirm(ctx.toss.storeId, { ...window, orderId: TossKit.orderId() }), "not_found", "NOT_FOUND_PAYMENT_SESSION", "foreign orderId");
  await TossKit.rejects(adapter.confirm(ctx.toss.storeId, { ...window, paymentKey: "no-such-key" }), "not_found", "NOT_FOUND_PAYMENT_SESSION", "unknown paymentKey");

  const done = await adapter.confirm(ctx.toss.storeId, window);
  TossKit.equals([done.status, done.method, done.totalAmount, done.balanceAmount], ["DONE", "카드", 30_000, 30_000], "confirmed");
  TossKit.assert(done.approvedAt !== null && done.lastTransactionKey !== null, "approvedAt and lastTransactionKey are set");

  const again = await TossKit.raw(ctx, "POST", "/v1/payments/confirm", window);
  TossKit.errorBody(again, 400, "ALREADY_PROCESSED_PAYMENT", "second confirm");
  TossKit.equals((await adapter.getPaymentByOrderId(ctx.toss.storeId, orderId)).status, "DONE", "still DONE");

  // a new window attempt cannot reuse an approved order id
  const dup = await TossKit.raw(ctx, "POST", "/internal/payments", { orderId, amount: 1000 });
  TossKit.errorBody(dup, 400, "DUPLICATED_ORDER_ID", "window payment for an approved order");
}
