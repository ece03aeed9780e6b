import { Inject, Injectable } from "@nestjs/common";
import { and, eq } from "drizzle-orm";
import crypto from "node:crypto";

import type { IPaymentCancel } from "../../api/structures/IPaymentCancel";
import type { IPaymentHistory } from "../../api/structures/IPaymentHistory";
import type { IPaymentVendor } from "../../api/structures/IPaymentVendor";
import type { DrizzleTx } from "../../db/Database";
import { payment_histories, payment_history_cancels } from "../../db/schema";
import type { IPgPaymentSnapshot } from "../../pg/IPgPaymentSnapshot";
import type { PgPaymentData } from "../../pg/PaymentGateways";
import { PgError } from "../../pg/PgError";
import { PaymentError } from "../../utils/PaymentError";
import { PaymentContext } from "../PaymentContext";
import { fromPgError } from "../PgErrorMapper";
import { PaymentPreparedOrderProvider } from "../prepared/PaymentPreparedOrderProvider";
import { PaymentSettlementProvider } from "../settlements/PaymentSettlementProvider";
import { followEscrow } from "../escrows/EscrowFollow";
import { CashReceiptPolicy } from "../receipts/CashReceiptPolicy";
import { SettlementMath } from "../settlements/SettlementMath";
import { WebhookOutbox } from "../webhooks/WebhookOutbox";
import {
  type CancelRecord,
  type IExpected,
  type PgResult,
  type Row,
  UNKNOWN_UID,
  vendorOf,
  verify,
} from "./HistoryRecords";

export type PaymentHistoryRow = Row;
/**
 * Payment histories: settle a record from its PG (with its events and ledger postings),
 * reconcile a pending one, refresh one from its PG. Registrations: PaymentRegistrationProvider;
 * reads: PaymentHistoryReader.
 */
@Injectable()
export class PaymentHistoryProvider {
  public constructor(
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    @Inject(PaymentPreparedOrderProvider) private readonly prepared: PaymentPreparedOrderProvider,
    @Inject(PaymentSettlementProvider) private readonly settlements: PaymentSettlementProvider,
  ) {
    this.receipts = new CashReceiptPolicy(ctx);
  }
  private readonly receipts: CashReceiptPolicy;

  /**
   * Re-read a history's payment from its PG and settle the record with it (webhooks,
   * reconciler, reads of an unpaid virtual account). A `pending` history is reconciled:
   * settled if the PG has our payment, removed if it has none (then 404 NOT_FOUND).
   */
  public async refresh(id: string): Promise<IPaymentHistory> {
    const [row] = await this.ctx.db.select().from(payment_histories).where(eq(payment_histories.id, id));
    if (row === undefined) throw new PaymentError(404, "NOT_FOUND", "No record matches this reference and password.");
    if (row.status === "pending") {
      const history = await this.reconcile(row);
      if (history === null) throw new PaymentError(404, "NOT_FOUND", "The pending payment was not found at its PG and has been removed.");
      return history;
    }
    let result: PgResult;
    try {
      result = await this.ctx.gateways.fetch(vendorOf(row));
    } catch (exp) {
      throw fromPgError(exp);
    }
    return this.ctx.db.transaction((tx) => this.settle(tx, id, result.data, result.snapshot));
  }

  /**
   * Decide a payment left `pending` (process died or PG timed out between the PG call and
   * the DB write): the PG's record decides. Returns the settled history, `null` when the
   * row was removed, and throws (row kept for a later try) when the PG cannot tell yet.
   */
  public async reconcile(row: Row): Promise<IPaymentHistory | null> {
    const known = !row.vendor_uid.startsWith(UNKNOWN_UID);
    const expected: IExpected = {
      vendor: { code: row.vendor_code as IExpected["vendor"]["code"], store_id: row.vendor_store_id, uid: known ? row.vendor_uid : null },
      source: { schema: row.source_schema, table: row.source_table, id: row.source_id },
      price: row.price,
      currency: row.currency,
    };
    // "Not there" right after the call may only mean the call is still in flight.
    const settledAge = Date.now() - row.created_at.getTime() > Math.max(this.ctx.config.reconcile_after_ms, 2 * this.ctx.config.pg_timeout_ms);
    let result: PgResult;
    try {
      result = await this.ctx.gateways.find(expected.vendor, expected.vendor.uid, row.source_id);
      if (result.snapshot.status === "ready" && known && this.ctx.gateways.supports(expected.vendor.code, "resume_approval"))
        // authenticated, never approved: approve again with the same request (idempotent at the PG)
        result = await this.ctx.gateways.approve(vendorOf(row), { orderId: row.source_id, amount: row.price });
    } catch (exp) {
      if (exp instanceof PgError && (exp.props.kind === "not_found" || exp.props.kind === "rejected") && settledAge) {
        await this.discard(row.id);
        return null;
      }
      throw exp;
    }
    const refusal = verify(result.snapshot, expected);
    if (refusal !== null) {
      if (result.snapshot.status === "ready" && !settledAge) throw refusal;
      await this.undoTampered(expected, result, refusal);
      await this.discard(row.id);
      return null;
    }
    return this.ctx.db.transaction(async (tx) => {
      const history = await this.settle(tx, row.id, result.data, result.snapshot);
      await this.prepared.consume(tx, row.client_id, expected.source);
      return history;
    });
  }

  /**
   * A payment paid for another amount than the order's was tampered with in the browser:
   * where the PG lets that happen, refund it in full at once, and say so. (A PG that only
   * approves the amount we confirm never has one.)
   */
  public async undoTampered(expected: IExpected, result: PgResult, refusal: PaymentError): Promise<PaymentError> {
    const s = result.snapshot;
    if (
      refusal.code !== "AMOUNT_MISMATCH" ||
      this.ctx.gateways.get(expected.vendor.code).tamperedAmount !== "refund" ||
      s.order_id !== expected.source.id ||
      (s.status !== "paid" && s.status !== "partial_cancelled") ||
      s.balance <= 0
    )
      return refusal;
    try {
      await this.ctx.gateways.cancel(
        { code: expected.vendor.code, store_id: expected.vendor.store_id, uid: s.uid },
        {
          balance: s.balance,
          reason: `Amount mismatch: paid ${s.amount}, order ${expected.price}`,
          refund_account: null,
          idempotencyKey: `payments-server:tampered:${s.uid}`,
        },
      );
    } catch (exp) {
      return new PaymentError(
        422,
        "AMOUNT_MISMATCH",
        `${refusal.message} Cancelling it at the PG failed (${exp instanceof Error ? exp.message : String(exp)}): cancel it in the PG's console.`,
      );
    }
    return new PaymentError(422, "AMOUNT_MISMATCH", `${refusal.message} The payment was cancelled in full at the PG.`);
  }

  /**
   * Write the PG's current state into a history (and each new PG cancel, once), under a row
   * lock. When a registered history changes, its `{previous, current}` event is written to
   * the outbox in the same transaction: no change without its event, no event without its
   * change. Returns the history as it now is.
   */
  public async settle(tx: DrizzleTx, id: string, data: PgPaymentData, snapshot: IPgPaymentSnapshot): Promise<IPaymentHistory> {
    const [before] = await tx.select().from(payment_histories).where(eq(payment_histories.id, id)).for("update");
    if (before === undefined) throw new PaymentError(404, "NOT_FOUND", "No record matches this reference and password.");
    const refund = snapshot.cancels.reduce((sum, c) => sum + c.amount, 0);
    // A PG read can be overtaken (a webhook's re-read finishing after our cancel's answer):
    // money only moves forward, so an older picture of the payment never overwrites a newer one.
    if (
      before.status !== "pending" &&
      (refund < before.refund || (before.paid_at !== null && snapshot.paid_at === null) || (before.status === "cancelled" && snapshot.status !== "cancelled"))
    )
      return this.snapshotOf(tx, before);
    const previous = before.status === "pending" ? null : await this.snapshotOf(tx, before);
    const [after] = await tx
      .update(payment_histories)
      .set({
        vendor_uid: snapshot.uid,
        status: snapshot.status,
        // A payment whose personal data is gone (or kept apart) never gets it back from a re-read.
        data_enc: this.ctx.ciphers.payment.encryptJson(
          before.erased_at !== null || before.erasure_requested_at !== null ? this.ctx.gateways.withoutPersonalData(before.vendor_code as IPaymentVendor.Code, "payment", data) : data,
        ),
        paid_at: snapshot.paid_at !== null ? new Date(snapshot.paid_at) : null,
        cancelled_at: snapshot.cancelled_at !== null ? new Date(snapshot.cancelled_at) : null,
        refund,
        updated_at: new Date(),
      })
      .where(eq(payment_histories.id, id))
      .returning();
    if (snapshot.cancels.length)
      await tx
        .insert(payment_history_cancels)
        .values(
          snapshot.cancels.map((c) => ({
            id: crypto.randomUUID(),
            history_id: id,
            vendor_cancel_id: c.id,
            price: c.amount,
            reason: c.reason,
            cancelled_at: new Date(c.cancelled_at),
            created_at: new Date(),
          })),
        )
        .onConflictDoNothing();
    // The marketplace split and its refunds, in the same transaction as the state they follow.
    await this.settlements.post(tx, before, after!, await followEscrow(this.ctx, tx, before, after!, snapshot));
    // What the change makes due of its cash receipt (issued or cancelled by the workers).
    await this.receipts.follow(tx, before, after!, snapshot.method);
    const current = await this.snapshotOf(tx, after!);
    // The first state a registration reaches is announced too (previous: null), so a payment
    // settled later by the reconciler reaches its caller like one answered at once.
    if (previous === null || WebhookOutbox.changed(previous, current)) {
      const event = await WebhookOutbox.enqueue(this.ctx, tx, { client_id: before.client_id, previous, current });
      // Ids and states only: never amounts' owners, cards or secrets.
      this.ctx.logger.info({ event: `payment.${current.status}`, history_id: id, event_id: event, previous: previous?.status ?? null }, "payment settled");
    }
    return current;
  }

  /** A history as the API shows it, read inside a transaction (no password: internal use). */
  public async snapshotOf(tx: DrizzleTx, row: Row): Promise<IPaymentHistory> {
    const cancels = await tx
      .select()
      .from(payment_history_cancels)
      .where(eq(payment_history_cancels.history_id, row.id))
      .orderBy(payment_history_cancels.cancelled_at, payment_history_cancels.vendor_cancel_id);
    return this.json(
      row,
      cancels.map((c) => ({ ...c, cancelled_at: c.cancelled_at.toISOString() })),
    );
  }

  public async discard(id: string): Promise<void> {
    await this.ctx.db
      .delete(payment_histories)
      .where(and(eq(payment_histories.id, id), eq(payment_histories.status, "pending")));
  }

  /** A history as the API shows it; `data` when the caller holds it already (it was just encrypted into `row`). */
  public json(row: Row, cancels: CancelRecord[], data: PgPaymentData | null = this.ctx.ciphers.payment.decryptJson<PgPaymentData | null>(row.data_enc)): IPaymentHistory {
    return {
      id: row.id,
      vendor_code: row.vendor_code as IPaymentVendor.Code,
      vendor: { code: row.vendor_code as IPaymentVendor.Code, store_id: row.vendor_store_id, uid: row.vendor_uid },
      source: { schema: row.source_schema, table: row.source_table, id: row.source_id },
      data: data as never,
      currency: row.currency,
      price: row.price,
      refund: row.refund,
      status: row.status as IPaymentHistory["status"],
      webhook_url: row.webhook_url,
      created_at: row.created_at.toISOString(),
      paid_at: row.paid_at?.toISOString() ?? null,
      cancelled_at: row.cancelled_at?.toISOString() ?? null,
      ...((snapshot) => ({
        virtual_account: snapshot?.virtual_account ?? null,
        method: snapshot?.method ?? null,
        easy_pay: snapshot?.easy_pay ?? null,
        disputes: snapshot?.disputes ?? [],
      }))(this.ctx.gateways.snapshot(row.vendor_code as IPaymentVendor.Code, data)),
      settlement: SettlementMath.canonical(row.settlement_plan),
      personal_data:
        row.erased_at === null && row.erasure_requested_at === null
          ? null
          : {
              status: row.erased_at !== null ? "erased" : "kept_apart",
              requested_at: row.erasure_requested_at?.toISOString() ?? null,
              erase_after: row.erase_after?.toISOString() ?? null,
              erased_at: row.erased_at?.toISOString() ?? null,
            },
      cancels: cancels.map(
        (c): IPaymentCancel => ({
          id: c.id,
          vendor_cancel_id: c.vendor_cancel_id,
          price: Number(c.price),
          reason: c.reason,
          cancelled_at: new Date(c.cancelled_at).toISOString(),
          created_at: new Date(c.cancelled_at).toISOString(),
        }),
      ),
    } as IPaymentHistory;
  }
}

