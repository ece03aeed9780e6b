import { TestContext } from "../../../TestContext";
import { TossKit } from "./internal/TossKit";

/** Cash receipts: issue, partial cancel, over-cancel refused, unknown receipt. */
export async function test_fake_toss_cash_receipts(ctx: TestContext): Promise<void> {
  const adapter = TossKit.adapter(ctx);
  const receipt = await adapter.issueCashReceipt(ctx.toss.storeId, { amount: 10_000, orderId: TossKit.orderId(), orderName: "현금 결제", customerIdentityNumber: "01012345678", type: "소득공제" });
  TossKit.equals([receipt.transactionType, receipt.issueStatus, receipt.amount, receipt.type], ["CONFIRM", "COMPLETED", 10_000, "소득공제"], "issued");
  TossKit.assert(!receipt.customerIdentityNumber.includes("12345678"), "identity number masked");

  const part = await adapter.cancelCashReceipt(ctx.toss.storeId, receipt.receiptKey, { amount: 4_000 });
  TossKit.equals([part.transactionType, part.amount, part.receiptKey], ["CANCEL", 4_000, receipt.receiptKey], "partial cancel");
  await TossKit.rejects(adapter.cancelCashReceipt(ctx.toss.storeId, receipt.receiptKey, { amount: 6_001 }), "rejected", "NOT_CANCELABLE_AMOUNT", "over-cancel");
  const rest = await adapter.cancelCashReceipt(ctx.toss.storeId, receipt.receiptKey);
  TossKit.equals(rest.amount, 6_000, "cancel of the rest");
  await TossKit.rejects(adapter.cancelCashReceipt(ctx.toss.storeId, "no-such-receipt"), "not_found", "NOT_FOUND_CASH_RECEIPT", "unknown receipt");
  const bad = await TossKit.raw(ctx, "POST", "/v1/cash-receipts", { amount: 1_000, orderId: TossKit.orderId(), orderName: "x", customerIdentityNumber: "010", type: "기타" });
  TossKit.errorBody(bad, 400, "INVALID_REQUEST", "invalid receipt type");
}
