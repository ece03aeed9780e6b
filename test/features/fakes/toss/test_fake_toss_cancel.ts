import { TossAdapter } from "../../../../src/pg/toss/TossAdapter";
import { TestContext } from "../../../TestContext";
import { TossKit } from "./internal/TossKit";

/** Partial cancels, over-cancel refusal, full cancel of the rest, then nothing more. */
export async function test_fake_toss_cancel(ctx: TestContext): Promise<void> {
  const adapter = TossKit.adapter(ctx);
  const paid = await TossKit.keyIn(ctx, 10_000);

  const first = await adapter.cancel(ctx.toss.storeId, paid.paymentKey, { cancelReason: "부분 환불", cancelAmount: 3_000 });
  TossKit.equals([first.status, first.balanceAmount, first.cancels?.length], ["PARTIAL_CANCELED", 7_000, 1], "first partial cancel");
  const c1 = first.cancels![0]!;
  TossKit.equals([c1.cancelAmount, c1.refundableAmount, c1.cancelReason, c1.cancelStatus], [3_000, 7_000, "부분 환불", "DONE"], "cancel record");
  TossKit.assert(c1.transactionKey.length > 0 && c1.transactionKey === first.lastTransactionKey, "cancel has its own transactionKey");

  await TossKit.rejects(adapter.cancel(ctx.toss.storeId, paid.paymentKey, { cancelReason: "초과", cancelAmount: 7_001 }), "rejected", "NOT_CANCELABLE_AMOUNT", "over-cancel");
  const over = await TossKit.raw(ctx, "POST", `/v1/payments/${paid.paymentKey}/cancel`, { cancelReason: "초과", cancelAmount: 7_001 });
  TossKit.errorBody(over, 403, "NOT_CANCELABLE_AMOUNT", "over-cancel raw");

  const second = await adapter.cancel(ctx.toss.storeId, paid.paymentKey, { cancelReason: "나머지" });
  TossKit.equals([second.status, second.balanceAmount, second.cancels?.map((c) => c.cancelAmount)], ["CANCELED", 0, [3_000, 7_000]], "cancel of the rest");
  TossKit.assert(second.cancels![0]!.transactionKey !== second.cancels![1]!.transactionKey, "distinct transaction keys");

  const snap = TossAdapter.snapshot(second);
  TossKit.equals(
    [snap.status, snap.balance, snap.cancels.map((c) => [c.id, c.amount]), snap.cancelled_at],
    ["cancelled", 0, second.cancels!.map((c) => [c.transactionKey, c.cancelAmount]), c1.canceledAt],
    "snapshot of a cancelled payment",
  );

  await TossKit.rejects(adapter.cancel(ctx.toss.storeId, paid.paymentKey, { cancelReason: "again" }), "rejected", "ALREADY_CANCELED_PAYMENT", "cancel a cancelled payment");
  await TossKit.rejects(adapter.cancel(ctx.toss.storeId, "no-such-payment", { cancelReason: "x" }), "not_found", "NOT_FOUND_PAYMENT", "cancel unknown");
  const empty = await TossKit.raw(ctx, "POST", `/v1/payments/${paid.paymentKey}/cancel`, {});
  TossKit.errorBody(empty, 400, "INVALID_REQUEST", "cancel without cancelReason");

  // not approved yet: nothing to cancel
  const window = await TossKit.internal(ctx, "/payments", { orderId: TossKit.orderId(), amount: 1_000 });
  await TossKit.rejects(adapter.cancel(ctx.toss.storeId, window.paymentKey, { cancelReason: "x" }), "rejected", "NOT_CANCELABLE_PAYMENT", "cancel IN_PROGRESS");
}
