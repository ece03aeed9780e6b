import { TossAdapter } from "../../../../src/pg/toss/TossAdapter";
import { TestContext } from "../../../TestContext";
import { TossKit } from "./internal/TossKit";

/** Virtual accounts expire (forced, or when the due date passes) and can be withdrawn before a deposit. */
export async function test_fake_toss_virtual_account_expire(ctx: TestContext): Promise<void> {
  const adapter = TossKit.adapter(ctx);
  const create = (validHours?: number) =>
    adapter.createVirtualAccount(ctx.toss.storeId, { amount: 10_000, orderId: TossKit.orderId(), orderName: "x", customerName: "김토스", bank: "20", validHours });

  const forced = await create();
  const expired = await TossKit.internal(ctx, `/virtual-accounts/${forced.paymentKey}/expire`);
  TossKit.equals([expired.status, expired.virtualAccount.expired, TossAdapter.snapshot(expired).status], ["EXPIRED", true, "expired"], "forced expiry");
  const late = await TossKit.raw(ctx, "POST", `/internal/virtual-accounts/${forced.paymentKey}/deposit`, {});
  TossKit.errorBody(late, 400, "INVALID_REQUEST", "deposit into an expired account");
  await TossKit.rejects(adapter.cancel(ctx.toss.storeId, forced.paymentKey, { cancelReason: "x" }), "rejected", "NOT_CANCELABLE_PAYMENT", "cancel expired");

  const due = await create(1);
  ctx.toss.fake.setClock(() => new Date(Date.now() + 2 * 3_600_000));
  try {
    TossKit.equals((await adapter.getPayment(ctx.toss.storeId, due.paymentKey)).status, "EXPIRED", "due date passed");
  } finally {
    ctx.toss.fake.setClock(() => new Date());
  }

  // before a deposit: withdrawn whole, no refund account needed, no partial
  const open = await create();
  await TossKit.rejects(adapter.cancel(ctx.toss.storeId, open.paymentKey, { cancelReason: "x", cancelAmount: 1_000 }), "rejected", "NOT_CANCELABLE_AMOUNT", "partial before deposit");
  const withdrawn = await adapter.cancel(ctx.toss.storeId, open.paymentKey, { cancelReason: "주문 취소" });
  TossKit.equals([withdrawn.status, withdrawn.balanceAmount, TossAdapter.snapshot(withdrawn).paid_at], ["CANCELED", 0, null], "withdrawn before deposit");
}
