import { IIamportPayment } from "../../../../src/api/structures/iamport/IIamportPayment";
import { IIamportReceipt } from "../../../../src/api/structures/iamport/IIamportReceipt";
import { TestContext } from "../../../TestContext";
import { IamportTestUtil as U } from "./IamportTestUtil";

/** Cash receipts: only for cash payments, issue once, read, cancel, re-issue. */
export async function test_fake_iamport_receipts(ctx: TestContext): Promise<void> {
  const token: string = await U.token(ctx);
  const card: IIamportPayment = await U.ok(ctx, "POST", "/internal/payments/window", { merchant_uid: U.uid("rc"), amount: 11_000 });
  U.refused(await U.raw(ctx, "POST", `/receipts/${card.imp_uid}`, { identifier: "01012345678" }, token), 200, 1, "no cash receipt for a card");

  const trans: IIamportPayment = await U.ok(ctx, "POST", "/internal/payments/window", { merchant_uid: U.uid("rc"), amount: 11_000, pay_method: "trans" });
  U.equal([trans.pay_method, trans.status, trans.bank_name], ["trans", "paid", "신한은행"], "bank transfer payment");
  U.refused(await U.raw(ctx, "GET", `/receipts/${trans.imp_uid}`, undefined, token), 404, 1, "no receipt yet");

  const issued = await U.ok<IIamportReceipt>(ctx, "POST", `/receipts/${trans.imp_uid}`, { identifier: "01012345678", identifier_type: "phone", type: "person" });
  U.equal([issued.imp_uid, issued.type, issued.amount, issued.vat, issued.cancelled_at], [trans.imp_uid, "person", 11_000, 1_000, 0], "issued receipt");
  U.equal((await U.ok<IIamportPayment>(ctx, "GET", `/payments/${trans.imp_uid}`)).cash_receipt_issued, true, "payment marks cash_receipt_issued");
  U.equal(await U.ok(ctx, "GET", `/receipts/${trans.imp_uid}`), issued, "GET receipt");
  U.refused(await U.raw(ctx, "POST", `/receipts/${trans.imp_uid}`, { identifier: "01012345678" }, token), 200, 1, "issue twice");
  U.refused(await U.raw(ctx, "POST", `/receipts/${trans.imp_uid}`, {}, token), 400, -1, "identifier missing");

  const cancelled = await U.ok<IIamportReceipt>(ctx, "DELETE", `/receipts/${trans.imp_uid}`);
  U.assert(cancelled.cancelled_at > 0, "cancelled receipt has cancelled_at");
  U.equal((await U.ok<IIamportPayment>(ctx, "GET", `/payments/${trans.imp_uid}`)).cash_receipt_issued, false, "flag cleared");
  U.refused(await U.raw(ctx, "DELETE", `/receipts/${trans.imp_uid}`, undefined, token), 404, 1, "cancel twice");
  const again = await U.ok<IIamportReceipt>(ctx, "POST", `/receipts/${trans.imp_uid}`, { identifier: "1234567890", type: "company" });
  U.assert(again.receipt_tid !== issued.receipt_tid && again.type === "company", "re-issued after cancel");
  U.refused(await U.raw(ctx, "POST", "/receipts/imp_000000000003", { identifier: "x" }, token), 404, 1, "receipt of unknown payment");
}
