import type { IPaymentCashReceipt } from "../api/structures/IPaymentCashReceipt";

/**
 * A PG's cash receipts (현금영수증), behind the gateway seam: issued for a payment paid in cash,
 * cancelled in full or, where the PG can, in part. A gateway whose PG issues none has none
 * (`PgGateway.cashReceipts` null, no `cash_receipt` capability).
 */
export interface PgCashReceipts {
  /** Whether the PG cancels part of a receipt; else the core cancels it and issues one for the rest. */
  readonly partialCancel: boolean;
  /** Issue the receipt of payment `uid`. A refusal is a `failed` receipt, not an error. */
  issue(storeId: string, uid: string, request: IPgCashReceiptRequest): Promise<IPgCashReceipt>;
  /** Cancel `amount` of the receipt (null: all of it). */
  cancel(storeId: string, uid: string, receipt: { pg_receipt_id: string; amount: number }, amount: number | null): Promise<IPgCashReceipt>;
}

export interface IPgCashReceiptRequest {
  order_id: string;
  order_name: string;
  amount: number;
  type: IPaymentCashReceipt.Type;
  identifier: { kind: IPaymentCashReceipt.IdentifierKind; value: string };
  /** Names the whole request, for a PG that takes a key (a retry never issues twice). */
  idempotency_key: string;
}

/** A receipt as its PG answered. */
export interface IPgCashReceipt {
  pg_receipt_id: string | null;
  status: "issued" | "cancelled" | "failed";
  /** What the receipt covers now. */
  amount: number;
  issue_number: string | null;
  url: string | null;
  issued_at: string | null;
  cancelled_at: string | null;
  failure: { code: string; message: string } | null;
}
