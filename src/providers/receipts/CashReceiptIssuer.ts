import crypto from "node:crypto";
import { eq } from "drizzle-orm";

import type { IPaymentCashReceipt } from "../../api/structures/IPaymentCashReceipt";
import type { IPaymentVendor } from "../../api/structures/IPaymentVendor";
import type { DrizzleTx } from "../../db/Database";
import { payment_cash_receipts, type payment_histories } from "../../db/schema";
import type { IPgCashReceipt } from "../../pg/PgCashReceipts";
import type { PaymentContext } from "../PaymentContext";
import { WebhookOutbox } from "../webhooks/WebhookOutbox";

export type Receipt = typeof payment_cash_receipts.$inferSelect;
type History = typeof payment_histories.$inferSelect;

/**
 * The PG calls of a cash receipt and the writing of their outcome, shared by the API (a shop
 * asks) and the workers (a policy or a refund made it due): both hold the history's row lock
 * around them, so an issue and a cancel of one payment never cross. Each change of a receipt
 * is announced in its history's stream.
 */
export class CashReceiptIssuer {
  public constructor(private readonly ctx: PaymentContext) {}

  public static vendorOf(history: History): IPaymentVendor {
    return { code: history.vendor_code as IPaymentVendor.Code, store_id: history.vendor_store_id, uid: history.vendor_uid };
  }

  /** Issue `amount` at the PG. A refusal is a `failed` answer; a PG that does not answer throws. */
  public issue(
    history: History,
    amount: number,
    type: IPaymentCashReceipt.Type,
    identifier: { kind: IPaymentCashReceipt.IdentifierKind; value: string },
    attempt: string | null,
  ): Promise<IPgCashReceipt> {
    const vendor = CashReceiptIssuer.vendorOf(history);
    return this.ctx.gateways.issueCashReceipt(vendor, {
      order_id: history.source_id,
      order_name: `cash receipt ${history.source_id}`,
      amount,
      type,
      identifier,
      // Same receipt, same attempt: a retry of a lost answer is the PG's replay, never a second receipt.
      idempotency_key: crypto.createHash("sha256").update(`payments-server:cash-receipt:${vendor.uid}:${attempt ?? "first"}:${amount}`).digest("hex"),
    });
  }

  /**
   * Cancel `amount` of an issued receipt: at a PG that cancels no part of one, the receipt is
   * cancelled and one is issued for what is left, to the same identifier. The row to write.
   */
  public async cancel(history: History, receipt: Receipt, amount: number): Promise<Receipt> {
    const vendor = CashReceiptIssuer.vendorOf(history);
    const whole = amount >= receipt.amount;
    let answer = await this.ctx.gateways.cancelCashReceipt(vendor, { pg_receipt_id: receipt.pg_receipt_id!, amount: receipt.amount }, whole ? null : amount);
    if (!whole && !this.ctx.gateways.cancelsCashReceiptsInPart(vendor.code)) {
      const identifier = { kind: receipt.identifier_kind as IPaymentCashReceipt.IdentifierKind, value: this.ctx.ciphers.payment.decryptJson<string>(receipt.identifier_enc) };
      answer = await this.issue(history, receipt.amount - amount, receipt.type as IPaymentCashReceipt.Type, identifier, `${receipt.id}:${receipt.cancelled + amount}`);
      if (answer.status === "failed") answer = { ...answer, status: "cancelled", amount: 0 };
    }
    const now = new Date();
    const row: Receipt = {
      ...receipt,
      ...CashReceiptIssuer.columns(answer),
      issued_at: answer.issued_at !== null ? new Date(answer.issued_at) : receipt.issued_at,
      cancelled: receipt.cancelled + Math.min(amount, receipt.amount),
      cancelled_at: now,
      updated_at: now,
    };
    if (row.status === "cancelled") row.amount = 0;
    return row;
  }

  /** Write the receipt's new row and announce the change, in the caller's transaction. */
  public async save(tx: DrizzleTx, history: History, before: Receipt | null, row: Receipt, type = CashReceiptIssuer.eventOf(before, row)): Promise<void> {
    if (before === null) await tx.insert(payment_cash_receipts).values(row);
    else await tx.update(payment_cash_receipts).set(row).where(eq(payment_cash_receipts.id, row.id));
    if (type === null) return;
    await WebhookOutbox.enqueueRelated(this.ctx, tx, type, {
      client_id: history.client_id,
      history_id: history.id,
      webhook_url: history.webhook_url,
      source: { schema: history.source_schema, table: history.source_table, id: history.source_id },
      previous: before !== null && before.status !== "requested" && before.status !== "pending" ? CashReceiptIssuer.json(before) : null,
      current: CashReceiptIssuer.json(row),
    });
    this.ctx.logger.info({ event: type, history_id: history.id, receipt_id: row.id }, "cash receipt changed");
  }

  /** The event a change makes, if any: a state the PG answered, never the bookkeeping between. */
  private static eventOf(before: Receipt | null, after: Receipt): IPaymentCashReceipt.IWebhook["type"] | null {
    if (after.status === "failed" && before?.status !== "failed") return "cash_receipt.failed";
    if (after.status === "issued" && before?.status !== "issued") return "cash_receipt.issued";
    if (before !== null && after.cancelled > before.cancelled) return "cash_receipt.cancelled";
    return null;
  }

  public static columns(a: IPgCashReceipt) {
    return {
      pg_receipt_id: a.pg_receipt_id,
      status: a.status,
      amount: a.amount,
      issue_number: a.issue_number,
      url: a.url,
      issued_at: a.issued_at !== null ? new Date(a.issued_at) : null,
      failure_code: a.failure?.code ?? null,
      failure_message: a.failure?.message ?? null,
    };
  }

  /** Only the last four characters shown. */
  public static mask(value: string): string {
    return "*".repeat(Math.max(0, value.length - 4)) + value.slice(-4);
  }

  public static json(r: Receipt): IPaymentCashReceipt {
    return {
      id: r.id,
      history_id: r.history_id,
      vendor_code: r.vendor_code as IPaymentVendor.Code,
      status: r.status as IPaymentCashReceipt["status"],
      origin: r.origin as IPaymentCashReceipt["origin"],
      type: r.type as IPaymentCashReceipt.Type,
      identifier: { kind: r.identifier_kind as IPaymentCashReceipt.IdentifierKind, masked: r.identifier_masked },
      amount: r.amount,
      cancelled: r.cancelled,
      issue_number: r.issue_number,
      url: r.url,
      issued_at: r.issued_at?.toISOString() ?? null,
      cancelled_at: r.cancelled_at?.toISOString() ?? null,
      failure: r.failure_code !== null ? { code: r.failure_code, message: r.failure_message ?? "" } : null,
    };
  }
}
