import { Inject, Injectable } from "@nestjs/common";
import { and, asc, eq, isNotNull, isNull, lt, ne } from "drizzle-orm";

import type { IPaymentErasure } from "../../api/structures/IPaymentErasure";
import type { IPaymentVendor } from "../../api/structures/IPaymentVendor";
import type { IPaymentEscrow } from "../../api/structures/IPaymentEscrow";
import type { DrizzleTx } from "../../db/Database";
import { payment_cash_receipts, payment_escrows, payment_histories, payment_reservations, webhook_events } from "../../db/schema";
import type { PgPaymentData } from "../../pg/PaymentGateways";
import { PaymentError } from "../../utils/PaymentError";
import { PaymentHistoryReader } from "../histories/PaymentHistoryReader";
import { PaymentContext } from "../PaymentContext";
import { PaymentReservationProvider } from "../reservations/PaymentReservationProvider";

type History = typeof payment_histories.$inferSelect;

/**
 * Personal data kept as long as the law requires and no longer. A payment's (its PG object's
 * buyer fields, its cash receipt's identifier) is erased by the workers `payment_records_days`
 * after its last change (a disputed one: `complaint_records_days`, when longer); amounts, ids,
 * states and the settlement ledger stay. An erasure request erases at once what no law
 * requires (a billing key's card and holder, the payloads of sent events) and keeps the rest
 * apart, unread, until its period ends.
 */
@Injectable()
export class PersonalDataProvider {
  public static readonly BATCH = 200;
  /** 전자상거래 등에서의 소비자보호에 관한 법률 제6조, 시행령 제6조 제1항. */
  public static readonly BASIS = "전자상거래법 제6조, 시행령 제6조 제1항 (대금결제 및 재화등의 공급에 관한 기록 5년; 소비자의 불만 또는 분쟁처리에 관한 기록 3년)";

  public constructor(
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    @Inject(PaymentHistoryReader) private readonly reader: PaymentHistoryReader,
    @Inject(PaymentReservationProvider) private readonly reservations: PaymentReservationProvider,
  ) {}

  /** One batch of the payments past their retention (and of those kept apart until now); how many were erased. */
  public async eraseDue(): Promise<number> {
    // The server's clock: real time, or the sandbox's moved one.
    const now = this.ctx.clock.now();
    const cutoff = new Date(now.getTime() - this.ctx.config.retention.payment_records_days * 86_400_000);
    const aged = await this.ctx.db
      .select({ id: payment_histories.id })
      .from(payment_histories)
      .where(and(isNull(payment_histories.erased_at), isNull(payment_histories.erase_after), lt(payment_histories.created_at, cutoff), lt(payment_histories.updated_at, cutoff), ne(payment_histories.status, "pending")))
      .orderBy(asc(payment_histories.created_at))
      .limit(PersonalDataProvider.BATCH);
    const due = await this.ctx.db
      .select({ id: payment_histories.id })
      .from(payment_histories)
      .where(and(isNull(payment_histories.erased_at), isNotNull(payment_histories.erase_after), lt(payment_histories.erase_after, now)))
      .orderBy(asc(payment_histories.erase_after))
      .limit(PersonalDataProvider.BATCH);
    let erased = 0;
    for (const { id } of [...aged, ...due]) if (await this.ctx.db.transaction((tx) => this.eraseOne(tx, id, now, cutoff))) erased += 1;
    return erased;
  }

  private async eraseOne(tx: DrizzleTx, id: string, now: Date, cutoff: Date): Promise<boolean> {
    const [row] = await tx.select().from(payment_histories).where(and(eq(payment_histories.id, id), isNull(payment_histories.erased_at))).for("update", { skipLocked: true });
    if (row === undefined) return false;
    if (row.erase_after !== null ? row.erase_after >= now : row.updated_at >= cutoff) return false; // changed meanwhile
    // A disputed payment is a complaint record too: kept for the longer of the two periods.
    if (row.erase_after === null) {
      const until = this.until(row);
      if (until > now) {
        await tx.update(payment_histories).set({ erase_after: until }).where(eq(payment_histories.id, id));
        return false;
      }
    }
    const code = row.vendor_code as IPaymentVendor.Code;
    const data = this.ctx.ciphers.payment.decryptJson<PgPaymentData | null>(row.data_enc);
    await tx
      .update(payment_histories)
      .set({ data_enc: this.ctx.ciphers.payment.encryptJson(this.ctx.gateways.withoutPersonalData(code, "payment", data)), kept_enc: null, erased_at: now })
      .where(eq(payment_histories.id, id));
    await this.eraseReceiptIdentifier(tx, id);
    await this.eraseDeliveryPeople(tx, id);
    this.ctx.trail.record({ at: now, actor_kind: "workers", actor_id: "retention", action: "change", method: "ERASE", route: "retention", record_kind: "payment", record_id: id, address: null, status: 200 });
    return true;
  }

  /** When a payment's personal data is no longer required: its last change plus the longer period that applies to it. */
  private until(row: History): Date {
    const r = this.ctx.config.retention;
    const data = this.ctx.ciphers.payment.decryptJson<PgPaymentData | null>(row.data_enc);
    const disputed = (this.ctx.gateways.snapshot(row.vendor_code as IPaymentVendor.Code, data)?.disputes.length ?? 0) !== 0;
    const days = disputed ? Math.max(r.payment_records_days, r.complaint_records_days) : r.payment_records_days;
    return new Date(row.updated_at.getTime() + days * 86_400_000);
  }

  private async eraseReceiptIdentifier(tx: DrizzleTx, historyId: string): Promise<void> {
    await tx
      .update(payment_cash_receipts)
      .set({ identifier_enc: this.ctx.ciphers.payment.encryptJson(""), identifier_masked: "" })
      .where(eq(payment_cash_receipts.history_id, historyId));
  }

  /** An escrow delivery keeps its company, invoice and products (the supply record); its sender's and receiver's names, phones and address go. */
  private async eraseDeliveryPeople(tx: DrizzleTx, historyId: string): Promise<void> {
    const [escrow] = await tx.select({ delivery_enc: payment_escrows.delivery_enc }).from(payment_escrows).where(eq(payment_escrows.history_id, historyId));
    if (escrow?.delivery_enc == null) return;
    const d = this.ctx.ciphers.payment.decryptJson<IPaymentEscrow.IDelivery>(escrow.delivery_enc);
    const erased: IPaymentEscrow.IDelivery = { ...d, sender: { name: "", phone: "" }, receiver: { name: "", phone: "", zipcode: "", address: "" } };
    await tx.update(payment_escrows).set({ delivery_enc: this.ctx.ciphers.payment.encryptJson(erased) }).where(eq(payment_escrows.history_id, historyId));
  }

  /** Erase a caller's record: what no law requires at once, the rest kept apart until its period ends. */
  public async request(client: string, input: IPaymentErasure.ICreate): Promise<IPaymentErasure> {
    const found = async <T>(unlock: () => Promise<T>): Promise<T | null> => {
      try {
        return await unlock();
      } catch (exp) {
        if (exp instanceof PaymentError && exp.status === 404) return null;
        throw exp;
      }
    };
    const history = await found(() => this.reader.unlock(client, input.source, input.password));
    const reservation = await found(() => this.reservations.unlockBySource(client, input.source, input.password));
    if (history === null && reservation === null) throw new PaymentError(404, "NOT_FOUND", "No record matches this reference and password.");
    const answer: IPaymentErasure = { source: input.source, erased: [], kept: [] };
    if (history !== null) await this.ctx.db.transaction((tx) => this.requestHistory(tx, history.id, answer));
    if (reservation !== null) {
      const now = new Date();
      const [row] = await this.ctx.db.select().from(payment_reservations).where(eq(payment_reservations.id, reservation.id));
      if (row !== undefined && row.erased_at === null) {
        const data = this.ctx.ciphers.billing.decryptJson<unknown>(row.data_enc);
        await this.ctx.db
          .update(payment_reservations)
          .set({
            data_enc: this.ctx.ciphers.billing.encryptJson(this.ctx.gateways.withoutPersonalData(row.vendor_code as IPaymentVendor.Code, "billing", data)),
            erased_at: now,
            // A billing key whose holder asked to be forgotten is never charged again.
            revoked_at: row.revoked_at ?? now,
            revoked_reason: row.revoked_reason ?? "erased at its caller's request",
          })
          .where(eq(payment_reservations.id, row.id));
      }
      answer.erased.push({ record: "billing_key", id: reservation.id, what: "the card's number and its holder's name, phone, e-mail and address in the PG's billing-key object; the key is revoked" });
    }
    return answer;
  }

  private async requestHistory(tx: DrizzleTx, id: string, answer: IPaymentErasure): Promise<void> {
    const [row] = await tx.select().from(payment_histories).where(eq(payment_histories.id, id)).for("update");
    if (row === undefined) return;
    const [receipt] = await tx.select().from(payment_cash_receipts).where(eq(payment_cash_receipts.history_id, id));
    const finished = await tx
      .update(webhook_events)
      .set({ payload_enc: null })
      .where(and(eq(webhook_events.history_id, id), ne(webhook_events.status, "pending"), isNotNull(webhook_events.payload_enc)))
      .returning({ id: webhook_events.id });
    answer.erased.push({ record: "events", id, what: `the payloads of ${finished.length} sent events (their records stay; events still being sent keep theirs until sent)` });
    if (row.erased_at !== null) {
      answer.erased.push({ record: "payment", id, what: "its personal data, erased before this request (past its retention, or at the end of a period it was kept apart)" });
      return;
    }
    const until = row.erase_after ?? this.until(row);
    if (row.erasure_requested_at === null) {
      const code = row.vendor_code as IPaymentVendor.Code;
      const data = this.ctx.ciphers.payment.decryptJson<PgPaymentData | null>(row.data_enc);
      const identifier = receipt !== undefined ? this.ctx.ciphers.payment.decryptJson<string>(receipt.identifier_enc) : null;
      await tx
        .update(payment_histories)
        .set({
          data_enc: this.ctx.ciphers.payment.encryptJson(this.ctx.gateways.withoutPersonalData(code, "payment", data)),
          kept_enc: this.ctx.ciphers.payment.encryptJson({ data, cash_receipt_identifier: identifier }),
          erasure_requested_at: new Date(),
          erase_after: until,
        })
        .where(eq(payment_histories.id, id));
      await this.eraseReceiptIdentifier(tx, id);
    }
    answer.kept.push({ record: "payment", id, what: "the buyer's name, e-mail, phone and account or card numbers of the payment record", until: until.toISOString(), basis: PersonalDataProvider.BASIS });
    const [escrow] = await tx.select({ delivery_enc: payment_escrows.delivery_enc }).from(payment_escrows).where(eq(payment_escrows.history_id, id));
    if (escrow?.delivery_enc != null)
      answer.kept.push({ record: "escrow", id, what: "the sender's and receiver's names, phones and address of the escrow delivery (a supply record)", until: until.toISOString(), basis: PersonalDataProvider.BASIS });
    if (receipt !== undefined)
      answer.kept.push({ record: "cash_receipt", id: receipt.id, what: "the buyer's identifier on the cash receipt (a tax record)", until: until.toISOString(), basis: `${PersonalDataProvider.BASIS}; 국세기본법 제85조의3 (5년)` });
  }
}
