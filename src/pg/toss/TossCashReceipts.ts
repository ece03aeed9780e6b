import type { ITossCashReceipt } from "../../api/structures/toss/ITossCashReceipt";
import type { IPgCashReceipt, IPgCashReceiptRequest, PgCashReceipts } from "../PgCashReceipts";
import { PgError } from "../PgError";
import type { TossAdapter } from "./TossAdapter";

/**
 * Toss's cash receipts: `POST /v1/cash-receipts` (with an Idempotency-Key), cancelled in full or
 * in part by `POST /v1/cash-receipts/{receiptKey}/cancel`. Toss takes the identifier as
 * `customerIdentityNumber` whatever its kind, and the type as `소득공제` or `지출증빙`.
 */
export class TossCashReceipts implements PgCashReceipts {
  public readonly partialCancel = true;

  public constructor(private readonly api: TossAdapter) {}

  public async issue(storeId: string, _uid: string, request: IPgCashReceiptRequest): Promise<IPgCashReceipt> {
    try {
      const receipt = await this.api.issueCashReceipt(
        storeId,
        {
          amount: request.amount,
          orderId: request.order_id,
          orderName: request.order_name.slice(0, 100),
          customerIdentityNumber: request.identifier.value,
          type: request.type === "income_deduction" ? "소득공제" : "지출증빙",
        },
        request.idempotency_key,
      );
      return of(receipt, receipt.amount);
    } catch (exp) {
      return refused(exp);
    }
  }

  public async cancel(storeId: string, _uid: string, receipt: { pg_receipt_id: string; amount: number }, amount: number | null): Promise<IPgCashReceipt> {
    // The answer is the cancel's own transaction: its amount is what was cancelled.
    const cancelled = await this.api.cancelCashReceipt(storeId, receipt.pg_receipt_id, amount !== null ? { amount } : {});
    const left = receipt.amount - cancelled.amount;
    return { ...of(cancelled, left), pg_receipt_id: receipt.pg_receipt_id, status: left === 0 ? "cancelled" : "issued", cancelled_at: cancelled.requestedAt };
  }
}

const of = (r: ITossCashReceipt, amount: number): IPgCashReceipt => ({
  pg_receipt_id: r.receiptKey,
  status: r.issueStatus === "FAILED" ? "failed" : "issued",
  amount: r.issueStatus === "FAILED" ? 0 : amount,
  issue_number: r.issueNumber || null,
  url: r.receiptUrl || null,
  issued_at: r.issueStatus === "FAILED" ? null : r.requestedAt,
  cancelled_at: null,
  failure: r.failure !== null ? { code: r.failure.code, message: r.failure.message } : null,
});

/** A refusal is a failed receipt; an unknown outcome stays an error (the caller retries). */
export const refused = (exp: unknown): IPgCashReceipt => {
  if (!(exp instanceof PgError) || exp.props.kind !== "rejected") throw exp;
  return { pg_receipt_id: null, status: "failed", amount: 0, issue_number: null, url: null, issued_at: null, cancelled_at: null, failure: { code: exp.props.pg_code, message: exp.props.message } };
};
