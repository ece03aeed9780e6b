import type { IPgCashReceipt, IPgCashReceiptRequest, PgCashReceipts } from "../PgCashReceipts";
import { refused } from "../toss/TossCashReceipts";
import type { PortOneAdapter } from "./PortOneAdapter";

/**
 * PortOne V2's cash receipts: `POST /cash-receipts` for a payment on the store's channel
 * (`channel_key`), cancelled in full only by `POST /payments/{paymentId}/cash-receipt/cancel`.
 * `PERSONAL` is the income-deduction type, `CORPORATE` the expense-proof one.
 */
export class PortOneCashReceipts implements PgCashReceipts {
  public readonly partialCancel = false;

  public constructor(private readonly api: PortOneAdapter) {}

  public async issue(storeId: string, uid: string, request: IPgCashReceiptRequest): Promise<IPgCashReceipt> {
    try {
      const { cashReceipt } = await this.api.issueCashReceipt(storeId, {
        paymentId: uid,
        type: request.type === "income_deduction" ? "PERSONAL" : "CORPORATE",
        orderName: request.order_name,
        currency: "KRW",
        amount: { total: request.amount },
        customer: { identityNumber: request.identifier.value },
      });
      return { pg_receipt_id: cashReceipt.pgReceiptId, status: "issued", amount: request.amount, issue_number: cashReceipt.issueNumber, url: cashReceipt.url, issued_at: new Date().toISOString(), cancelled_at: null, failure: null };
    } catch (exp) {
      return refused(exp);
    }
  }

  public async cancel(storeId: string, uid: string, receipt: { pg_receipt_id: string }): Promise<IPgCashReceipt> {
    const answer = await this.api.cancelCashReceipt(storeId, uid);
    return { pg_receipt_id: receipt.pg_receipt_id, status: "cancelled", amount: 0, issue_number: null, url: null, issued_at: null, cancelled_at: answer.cancelledAt, failure: null };
  }
}
