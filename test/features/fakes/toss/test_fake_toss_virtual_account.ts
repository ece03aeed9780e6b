import { TossAdapter } from "../../../../src/pg/toss/TossAdapter";
import { TestContext } from "../../../TestContext";
import { TossKit } from "./internal/TossKit";

/** Virtual account: issued, deposited, refunded only to a valid refund account. */
export async function test_fake_toss_virtual_account(ctx: TestContext): Promise<void> {
  const adapter = TossKit.adapter(ctx);
  const orderId = TossKit.orderId();
  const issued = await adapter.createVirtualAccount(ctx.toss.storeId, { amount: 50_000, orderId, orderName: "가상계좌 주문", customerName: "홍길동", bank: "88", validHours: 24 });
  TossKit.equals([issued.status, issued.method, issued.approvedAt, issued.virtualAccount?.bankCode, issued.virtualAccount?.expired], ["WAITING_FOR_DEPOSIT", "가상계좌", null, "88", false], "issued");
  TossKit.assert(typeof issued.secret === "string" && issued.secret.length > 0, "a virtual account carries a secret");
  const waiting = TossAdapter.snapshot(issued);
  TossKit.equals([waiting.status, waiting.paid_at, waiting.virtual_account?.holder], ["waiting_deposit", null, "홍길동"], "snapshot before deposit");

  const wrongSum = await TossKit.raw(ctx, "POST", `/internal/virtual-accounts/${issued.paymentKey}/deposit`, { amount: 49_999 });
  TossKit.errorBody(wrongSum, 400, "INVALID_REQUEST", "deposit of another sum");
  const deposited = await TossKit.internal(ctx, `/virtual-accounts/${issued.paymentKey}/deposit`, { amount: 50_000 });
  TossKit.equals([deposited.status, deposited.secret], ["DONE", issued.secret], "deposited");
  const paid = TossAdapter.snapshot(deposited);
  TossKit.assert(paid.status === "paid" && paid.paid_at !== null, "paid_at set at deposit");

  const cancel = (body: object) => TossKit.raw(ctx, "POST", `/v1/payments/${issued.paymentKey}/cancel`, body);
  TossKit.errorBody(await cancel({ cancelReason: "환불" }), 400, "INVALID_REQUEST", "deposited VA without refund account");
  TossKit.errorBody(await cancel({ cancelReason: "환불", refundReceiveAccount: { bank: "88", accountNumber: "123", holderName: "홍길동" } }), 400, "INVALID_REFUND_ACCOUNT_NUMBER", "short account number");
  TossKit.errorBody(await cancel({ cancelReason: "환불", refundReceiveAccount: { bank: "88", accountNumber: "9999999999", holderName: "홍길동" } }), 400, "INVALID_REFUND_ACCOUNT_INFO", "holder mismatch");

  const partial = await adapter.cancel(ctx.toss.storeId, issued.paymentKey, { cancelReason: "부분 환불", cancelAmount: 20_000, refundReceiveAccount: { bank: "88", accountNumber: "110123456789", holderName: "홍길동" } });
  TossKit.equals([partial.status, partial.balanceAmount, partial.virtualAccount?.refundStatus, partial.virtualAccount?.refundReceiveAccount?.holderName], ["PARTIAL_CANCELED", 30_000, "COMPLETED", "홍길동"], "partial refund");
  const full = await adapter.cancel(ctx.toss.storeId, issued.paymentKey, { cancelReason: "전액", refundReceiveAccount: { bank: "88", accountNumber: "110123456789", holderName: "홍길동" } });
  TossKit.equals([full.status, full.balanceAmount, TossAdapter.snapshot(full).status], ["CANCELED", 0, "cancelled"], "refund of the rest");

  await TossKit.rejects(adapter.createVirtualAccount(ctx.toss.storeId, { amount: 1_000, orderId, orderName: "x", customerName: "x", bank: "88" }), "rejected", "DUPLICATED_ORDER_ID", "same order twice");
}
