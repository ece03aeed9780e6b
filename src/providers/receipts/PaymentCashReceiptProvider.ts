import { Inject, Injectable } from "@nestjs/common";
import { eq } from "drizzle-orm";
import crypto from "node:crypto";
import { v7 as uuidv7 } from "uuid";

import type { IPaymentCashReceipt } from "../../api/structures/IPaymentCashReceipt";
import type { IPaymentVendor } from "../../api/structures/IPaymentVendor";
import { payment_cash_receipts, payment_histories } from "../../db/schema";
import type { IPgCashReceipt } from "../../pg/PgCashReceipts";
import { PaymentError } from "../../utils/PaymentError";
import { PaymentHistoryReader } from "../histories/PaymentHistoryReader";
import { PaymentContext } from "../PaymentContext";
import { fromPgError } from "../PgErrorMapper";

type Receipt = typeof payment_cash_receipts.$inferSelect;

/**
 * Cash receipts (현금영수증) of histories paid in cash, issued and cancelled at the payment's PG.
 * One receipt per history, changed under the history's row lock (an issue and a cancel of the
 * same payment never cross). A PG's refusal is kept as a `failed` receipt, and may be issued
 * again; a PG that did not answer is `502 PG_UNAVAILABLE` and nothing is kept.
 */
@Injectable()
export class PaymentCashReceiptProvider {
  public constructor(
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    @Inject(PaymentHistoryReader) private readonly reader: PaymentHistoryReader,
  ) {}

  public async issue(client: string, input: IPaymentCashReceipt.ICreate): Promise<IPaymentCashReceipt> {
    const unlocked = await this.reader.unlock(client, input.source, input.password);
    const value = input.identifier.value.replace(/-/g, "");
    const valid = { phone: /^01[0-9]{8,9}$/, resident: /^[0-9]{13}$/, business: /^[0-9]{10}$/, card: /^[0-9]{13,19}$/ }[input.identifier.kind];
    if (!valid.test(value)) throw new PaymentError(400, "INVALID_BODY", `body.identifier.value is not a ${input.identifier.kind} number.`);
    return this.ctx.db.transaction(async (tx) => {
      const [history] = await tx.select().from(payment_histories).where(eq(payment_histories.id, unlocked.id)).for("update");
      if (history === undefined) throw new PaymentError(404, "NOT_FOUND", "No record matches this reference and password.");
      const vendor = { code: history.vendor_code as IPaymentVendor.Code, store_id: history.vendor_store_id, uid: history.vendor_uid };
      this.ctx.gateways.require(vendor.code, "cash_receipt");
      const method = this.ctx.gateways.snapshot(vendor.code, this.ctx.ciphers.payment.decryptJson(history.data_enc))?.method ?? null;
      if (method !== "virtual_account" && method !== "transfer")
        throw new PaymentError(422, "CASH_RECEIPT_NOT_ALLOWED", `A cash receipt is for a payment paid in cash (virtual account, transfer); this one was paid by ${method ?? "an unknown method"}.`);
      if (history.status !== "paid" && history.status !== "partial_cancelled")
        throw new PaymentError(422, "CASH_RECEIPT_NOT_ALLOWED", `A ${history.status} payment has no cash to receipt.`);
      const [existing] = await tx.select().from(payment_cash_receipts).where(eq(payment_cash_receipts.history_id, history.id));
      if (existing !== undefined && existing.status === "issued") throw new PaymentError(409, "CASH_RECEIPT_EXISTS", "This payment's cash receipt is issued: cancel it first.");
      const left = history.price - history.refund;
      const amount = input.amount ?? left;
      if (amount > left) throw new PaymentError(422, "CASH_RECEIPT_NOT_ALLOWED", `Cannot receipt ${amount}: ${left} is left of the payment.`);
      const identifier = { kind: input.identifier.kind, value };
      const answer = await this.pgIssue(vendor, history.source_id, amount, input.type, identifier, existing?.id ?? null);
      const now = new Date();
      const row: Receipt = {
        id: existing?.id ?? uuidv7(),
        history_id: history.id,
        client_id: client,
        vendor_code: vendor.code,
        type: input.type,
        identifier_kind: identifier.kind,
        identifier_enc: this.ctx.ciphers.payment.encryptJson(identifier.value),
        identifier_masked: mask(identifier.value),
        cancelled: 0,
        cancelled_at: null,
        created_at: existing?.created_at ?? now,
        updated_at: now,
        ...columns(answer),
      };
      if (existing === undefined) await tx.insert(payment_cash_receipts).values(row);
      else await tx.update(payment_cash_receipts).set(row).where(eq(payment_cash_receipts.id, existing.id));
      return json(row);
    });
  }

  /**
   * Cancel the receipt in full, or `amount` of it: at a PG that cancels no part of one, the
   * receipt is cancelled and one is issued for what is left, to the same identifier.
   */
  public async cancel(client: string, input: IPaymentCashReceipt.ICancel): Promise<IPaymentCashReceipt> {
    const unlocked = await this.reader.unlock(client, input.source, input.password);
    return this.ctx.db.transaction(async (tx) => {
      const [history] = await tx.select().from(payment_histories).where(eq(payment_histories.id, unlocked.id)).for("update");
      const [receipt] = await tx.select().from(payment_cash_receipts).where(eq(payment_cash_receipts.history_id, unlocked.id));
      if (history === undefined || receipt === undefined || receipt.status !== "issued" || receipt.pg_receipt_id === null)
        throw new PaymentError(404, "CASH_RECEIPT_NOT_FOUND", "This payment has no issued cash receipt.");
      const vendor = { code: history.vendor_code as IPaymentVendor.Code, store_id: history.vendor_store_id, uid: history.vendor_uid };
      const amount = input.amount ?? receipt.amount;
      if (amount > receipt.amount) throw new PaymentError(422, "CASH_RECEIPT_NOT_ALLOWED", `Cannot cancel ${amount}: the receipt covers ${receipt.amount}.`);
      const whole = amount === receipt.amount;
      let answer: IPgCashReceipt;
      try {
        answer = await this.ctx.gateways.cancelCashReceipt(vendor, { pg_receipt_id: receipt.pg_receipt_id, amount: receipt.amount }, whole ? null : amount);
      } catch (exp) {
        throw fromPgError(exp);
      }
      if (!whole && !this.ctx.gateways.cancelsCashReceiptsInPart(vendor.code)) {
        // Cancelled in full at the PG: a new receipt for the rest, to the same buyer.
        const identifier = { kind: receipt.identifier_kind as IPaymentCashReceipt.IdentifierKind, value: this.ctx.ciphers.payment.decryptJson<string>(receipt.identifier_enc) };
        answer = await this.pgIssue(vendor, history.source_id, receipt.amount - amount, receipt.type as IPaymentCashReceipt.Type, identifier, `${receipt.id}:${receipt.cancelled + amount}`);
        if (answer.status === "failed") answer = { ...answer, status: "cancelled", amount: 0 };
      }
      const now = new Date();
      const row: Receipt = { ...receipt, ...columns(answer), issued_at: answer.issued_at !== null ? new Date(answer.issued_at) : receipt.issued_at, cancelled: receipt.cancelled + amount, cancelled_at: now, updated_at: now };
      if (row.status === "cancelled") row.amount = 0;
      await tx.update(payment_cash_receipts).set(row).where(eq(payment_cash_receipts.id, receipt.id));
      return json(row);
    });
  }

  public async get(client: string, input: IPaymentCashReceipt.IGet): Promise<IPaymentCashReceipt> {
    const unlocked = await this.reader.unlock(client, input.source, input.password);
    const [receipt] = await this.ctx.db.select().from(payment_cash_receipts).where(eq(payment_cash_receipts.history_id, unlocked.id));
    if (receipt === undefined) throw new PaymentError(404, "CASH_RECEIPT_NOT_FOUND", "This payment has no cash receipt.");
    return json(receipt);
  }

  private async pgIssue(
    vendor: IPaymentVendor,
    orderId: string,
    amount: number,
    type: IPaymentCashReceipt.Type,
    identifier: { kind: IPaymentCashReceipt.IdentifierKind; value: string },
    attempt: string | null,
  ): Promise<IPgCashReceipt> {
    try {
      return await this.ctx.gateways.issueCashReceipt(vendor, {
        order_id: orderId,
        order_name: `cash receipt ${orderId}`,
        amount,
        type,
        identifier,
        // Same receipt, same attempt: a retry of a lost answer is the PG's replay, never a second receipt.
        idempotency_key: crypto.createHash("sha256").update(`payments-server:cash-receipt:${vendor.uid}:${attempt ?? "first"}:${amount}`).digest("hex"),
      });
    } catch (exp) {
      throw fromPgError(exp);
    }
  }
}

const columns = (a: IPgCashReceipt) => ({
  pg_receipt_id: a.pg_receipt_id,
  status: a.status,
  amount: a.amount,
  issue_number: a.issue_number,
  url: a.url,
  issued_at: a.issued_at !== null ? new Date(a.issued_at) : null,
  failure_code: a.failure?.code ?? null,
  failure_message: a.failure?.message ?? null,
});

/** Only the last four characters shown. */
const mask = (value: string): string => "*".repeat(Math.max(0, value.length - 4)) + value.slice(-4);

const json = (r: Receipt): IPaymentCashReceipt => ({
  id: r.id,
  history_id: r.history_id,
  vendor_code: r.vendor_code as IPaymentVendor.Code,
  status: r.status as IPaymentCashReceipt["status"],
  type: r.type as IPaymentCashReceipt.Type,
  identifier: { kind: r.identifier_kind as IPaymentCashReceipt.IdentifierKind, masked: r.identifier_masked },
  amount: r.amount,
  cancelled: r.cancelled,
  issue_number: r.issue_number,
  url: r.url,
  issued_at: r.issued_at?.toISOString() ?? null,
  cancelled_at: r.cancelled_at?.toISOString() ?? null,
  failure: r.failure_code !== null ? { code: r.failure_code, message: r.failure_message ?? "" } : null,
});
