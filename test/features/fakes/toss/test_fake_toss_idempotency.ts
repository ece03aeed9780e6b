import { TestContext } from "../../../TestContext";
import { TossKit } from "./internal/TossKit";

/** Idempotency-Key: a repeat gets the first answer (status and body) and does nothing again. */
export async function test_fake_toss_idempotency(ctx: TestContext): Promise<void> {
  const adapter = TossKit.adapter(ctx);
  const orderId = TossKit.orderId();
  const key = `idem-${orderId}`;
  const first = await TossKit.keyIn(ctx, 2_000, "4330123412341234", orderId, key);
  const repeat = await TossKit.keyIn(ctx, 2_000, "4330123412341234", orderId, key);
  TossKit.equals(repeat, first, "repeated key-in answer");

  // cancels: the repeat must not cancel twice
  const cancelKey = `cancel-${orderId}`;
  const c1 = await adapter.cancel(ctx.toss.storeId, first.paymentKey, { cancelReason: "r", cancelAmount: 500 }, cancelKey);
  const c2 = await adapter.cancel(ctx.toss.storeId, first.paymentKey, { cancelReason: "r", cancelAmount: 500 }, cancelKey);
  TossKit.equals(c2, c1, "repeated cancel answer");
  const now = await adapter.getPayment(ctx.toss.storeId, first.paymentKey);
  TossKit.equals([now.balanceAmount, now.cancels?.length], [1_500, 1], "only one cancel happened");

  // concurrent repeats: one execution, identical answers
  const key2 = `cc-${orderId}`;
  const both = await Promise.all([1, 2].map(() => adapter.cancel(ctx.toss.storeId, first.paymentKey, { cancelReason: "cc", cancelAmount: 100 }, key2)));
  TossKit.equals(both[0], both[1], "concurrent repeats");
  TossKit.equals((await adapter.getPayment(ctx.toss.storeId, first.paymentKey)).balanceAmount, 1_400, "one concurrent cancel happened");

  // an error answer is replayed as well, even after the cause is gone
  const over = { cancelReason: "over", cancelAmount: 99_999 };
  const e1 = await TossKit.raw(ctx, "POST", `/v1/payments/${first.paymentKey}/cancel`, over, { "Idempotency-Key": `err-${orderId}` });
  const e2 = await TossKit.raw(ctx, "POST", `/v1/payments/${first.paymentKey}/cancel`, over, { "Idempotency-Key": `err-${orderId}` });
  TossKit.errorBody(e1, 403, "NOT_CANCELABLE_AMOUNT", "first over-cancel");
  TossKit.equals([e2.status, e2.body], [e1.status, e1.body], "replayed error");

  // a new key is a new request
  await TossKit.rejects(TossKit.keyIn(ctx, 2_000, "4330123412341234", orderId, `other-${orderId}`), "rejected", "DUPLICATED_ORDER_ID", "new key, same order");
}
