import type { IPaymentCashReceipt } from "../../api/structures/IPaymentCashReceipt";
import type { IPgCashReceipt, IPgCashReceiptRequest, PgCashReceipts } from "../PgCashReceipts";
import { refused } from "../toss/TossCashReceipts";
import type { IamportAdapter } from "./IamportAdapter";

/**
 * Iamport's cash receipts: `POST /receipts/{imp_uid}` for the payment's amount left, cancelled
 * in full only by `DELETE /receipts/{imp_uid}`. The identifier's kind is its `identifier_type`;
 * `person` is the income-deduction type, `company` the expense-proof one.
 */
export class IamportCashReceipts implements PgCashReceipts {
  public readonly partialCancel = false;

  public constructor(private readonly api: IamportAdapter) {}

  public async issue(storeId: string, uid: string, request: IPgCashReceiptRequest): Promise<IPgCashReceipt> {
    try {
      const r = await this.api.issueReceipt(storeId, uid, {
        identifier: request.identifier.value,
        identifier_type: KINDS[request.identifier.kind],
        type: request.type === "income_deduction" ? "person" : "company",
      });
      return { pg_receipt_id: r.receipt_tid, status: "issued", amount: r.amount, issue_number: r.apply_num, url: r.receipt_url, issued_at: iso(r.applied_at), cancelled_at: null, failure: null };
    } catch (exp) {
      return refused(exp);
    }
  }

  public async cancel(storeId: string, uid: string, receipt: { pg_receipt_id: string }): Promise<IPgCashReceipt> {
    const r = await this.api.cancelReceipt(storeId, uid);
    return { pg_receipt_id: receipt.pg_receipt_id, status: "cancelled", amount: 0, issue_number: r.apply_num, url: r.receipt_url, issued_at: iso(r.applied_at), cancelled_at: iso(r.cancelled_at), failure: null };
  }
}

const KINDS: Record<IPaymentCashReceipt.IdentifierKind, "person" | "business" | "phone" | "taxcard"> = { resident: "person", business: "business", phone: "phone", card: "taxcard" };
const iso = (unix: number): string | null => (unix > 0 ? new Date(unix * 1000).toISOString() : null);
