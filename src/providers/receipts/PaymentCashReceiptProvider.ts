import { Inject, Injectable } from "@nestjs/common";
import { eq } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";

import type { IPaymentCashReceipt } from "../../api/structures/IPaymentCashReceipt";
import { payment_cash_receipts, payment_histories } from "../../db/schema";
import { PaymentError } from "../../utils/PaymentError";
import { PaymentHistoryReader } from "../histories/PaymentHistoryReader";
import { PaymentContext } from "../PaymentContext";
import { fromPgError } from "../PgErrorMapper";
import { CashReceiptIssuer, type Receipt } from "./CashReceiptIssuer";

/**
 * Cash receipts (현금영수증) of histories paid in cash, asked for by the shop. One receipt per
 * history, changed under the history's row lock (an issue and a cancel of the same payment,
 * or the workers' own, never cross). A PG's refusal is kept as a `failed` receipt, and may be
 * issued again; a PG that did not answer is `502 PG_UNAVAILABLE` and nothing is kept.
 */
@Injectable()
export class PaymentCashReceiptProvider {
  private readonly issuer: CashReceiptIssuer;

  public constructor(
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    @Inject(PaymentHistoryReader) private readonly reader: PaymentHistoryReader,
  ) {
    this.issuer = new CashReceiptIssuer(ctx);
  }

  public async issue(client: string, input: IPaymentCashReceipt.ICreate): Promise<IPaymentCashReceipt> {
    const unlocked = await this.reader.unlock(client, input.source, input.password);
    const value = input.identifier.value.replace(/-/g, "");
    const valid = { phone: /^01[0-9]{8,9}$/, resident: /^[0-9]{13}$/, business: /^[0-9]{10}$/, card: /^[0-9]{13,19}$/ }[input.identifier.kind];
    if (!valid.test(value)) throw new PaymentError(400, "INVALID_BODY", `body.identifier.value is not a ${input.identifier.kind} number.`);
    return this.ctx.db.transaction(async (tx) => {
      const [history] = await tx.select().from(payment_histories).where(eq(payment_histories.id, unlocked.id)).for("update");
      if (history === undefined) throw new PaymentError(404, "NOT_FOUND", "No record matches this reference and password.");
      const vendor = CashReceiptIssuer.vendorOf(history);
      this.ctx.gateways.require(vendor.code, "cash_receipt");
      const method = this.ctx.gateways.snapshot(vendor.code, this.ctx.ciphers.payment.decryptJson(history.data_enc))?.method ?? null;
      if (method !== "virtual_account" && method !== "transfer")
        throw new PaymentError(422, "CASH_RECEIPT_NOT_ALLOWED", `A cash receipt is for a payment paid in cash (virtual account, transfer); this one was paid by ${method ?? "an unknown method"}.`);
      const awaiting = history.status === "waiting_deposit";
      if (!awaiting && history.status !== "paid" && history.status !== "partial_cancelled")
        throw new PaymentError(422, "CASH_RECEIPT_NOT_ALLOWED", `A ${history.status} payment has no cash to receipt.`);
      const [existing] = await tx.select().from(payment_cash_receipts).where(eq(payment_cash_receipts.history_id, history.id));
      if (existing !== undefined && existing.status === "issued") throw new PaymentError(409, "CASH_RECEIPT_EXISTS", "This payment's cash receipt is issued: cancel it first.");
      const left = history.price - history.refund;
      const amount = input.amount ?? left;
      if (amount > left) throw new PaymentError(422, "CASH_RECEIPT_NOT_ALLOWED", `Cannot receipt ${amount}: ${left} is left of the payment.`);
      const identifier = { kind: input.identifier.kind, value };
      const now = new Date();
      const base: Receipt = {
        id: existing?.id ?? uuidv7(),
        history_id: history.id,
        client_id: client,
        vendor_code: vendor.code,
        pg_receipt_id: null,
        status: "requested",
        origin: "manual",
        type: input.type,
        identifier_kind: identifier.kind,
        identifier_enc: this.ctx.ciphers.payment.encryptJson(identifier.value),
        identifier_masked: CashReceiptIssuer.mask(identifier.value),
        amount,
        cancelled: 0,
        wanted_cancelled: 0,
        attempts: 0,
        next_attempt_at: null,
        issue_number: null,
        url: null,
        issued_at: null,
        cancelled_at: null,
        failure_code: null,
        failure_message: null,
        created_at: existing?.created_at ?? now,
        updated_at: now,
      };
      // Asked before the deposit: kept, and issued by the workers when the money arrives.
      if (awaiting) {
        await this.issuer.save(tx, history, existing ?? null, base);
        return CashReceiptIssuer.json(base);
      }
      let answer;
      try {
        answer = await this.issuer.issue(history, amount, input.type, identifier, existing !== undefined ? `${existing.id}:${existing.updated_at.getTime()}` : null);
      } catch (exp) {
        throw fromPgError(exp);
      }
      const row: Receipt = { ...base, ...CashReceiptIssuer.columns(answer) };
      await this.issuer.save(tx, history, existing ?? null, row);
      return CashReceiptIssuer.json(row);
    });
  }

  /** Cancel the receipt in full, or `amount` of it. */
  public async cancel(client: string, input: IPaymentCashReceipt.ICancel): Promise<IPaymentCashReceipt> {
    const unlocked = await this.reader.unlock(client, input.source, input.password);
    const row = await this.ctx.db.transaction(async (tx) => {
      const [history] = await tx.select().from(payment_histories).where(eq(payment_histories.id, unlocked.id)).for("update");
      const [receipt] = await tx.select().from(payment_cash_receipts).where(eq(payment_cash_receipts.history_id, unlocked.id));
      if (history === undefined || receipt === undefined) throw new PaymentError(404, "CASH_RECEIPT_NOT_FOUND", "This payment has no cash receipt to cancel.");
      if (receipt.status === "requested" || receipt.status === "pending") {
        // Never issued: withdrawn before the PG ever saw it.
        if (input.amount !== undefined) throw new PaymentError(422, "CASH_RECEIPT_NOT_ALLOWED", "This receipt is not issued yet: it can only be withdrawn whole.");
        const withdrawn: Receipt = { ...receipt, status: "cancelled", amount: 0, next_attempt_at: null, cancelled_at: new Date(), updated_at: new Date() };
        await this.issuer.save(tx, history, receipt, withdrawn);
        return withdrawn;
      }
      if (receipt.status !== "issued" || receipt.pg_receipt_id === null) throw new PaymentError(404, "CASH_RECEIPT_NOT_FOUND", "This payment has no issued cash receipt.");
      const amount = input.amount ?? receipt.amount;
      if (amount > receipt.amount) throw new PaymentError(422, "CASH_RECEIPT_NOT_ALLOWED", `Cannot cancel ${amount}: the receipt covers ${receipt.amount}.`);
      let after: Receipt;
      try {
        after = await this.issuer.cancel(history, receipt, amount);
      } catch (exp) {
        throw fromPgError(exp);
      }
      // What a refund wanted cancelled is met by what the shop cancelled.
      after = { ...after, wanted_cancelled: Math.max(receipt.wanted_cancelled, after.cancelled), next_attempt_at: null };
      await this.issuer.save(tx, history, receipt, after);
      return after;
    });
    return CashReceiptIssuer.json(row);
  }

  public async get(client: string, input: IPaymentCashReceipt.IGet): Promise<IPaymentCashReceipt> {
    const unlocked = await this.reader.unlock(client, input.source, input.password);
    const [receipt] = await this.ctx.db.select().from(payment_cash_receipts).where(eq(payment_cash_receipts.history_id, unlocked.id));
    if (receipt === undefined) throw new PaymentError(404, "CASH_RECEIPT_NOT_FOUND", "This payment has no cash receipt.");
    return CashReceiptIssuer.json(receipt);
  }
}
