import { Inject, Injectable } from "@nestjs/common";
import { eq } from "drizzle-orm";

import type { IPaymentEscrow } from "../../api/structures/IPaymentEscrow";
import type { IPaymentVendor } from "../../api/structures/IPaymentVendor";
import type { DrizzleTx } from "../../db/Database";
import { payment_escrows, payment_histories } from "../../db/schema";
import { PaymentError } from "../../utils/PaymentError";
import { PaymentCancelProvider } from "../cancels/PaymentCancelProvider";
import { PaymentHistoryReader } from "../histories/PaymentHistoryReader";
import { PaymentContext } from "../PaymentContext";
import { fromPgError } from "../PgErrorMapper";
import { PaymentSettlementProvider } from "../settlements/PaymentSettlementProvider";
import { WebhookOutbox } from "../webhooks/WebhookOutbox";

type History = typeof payment_histories.$inferSelect;
type Escrow = typeof payment_escrows.$inferSelect;

/**
 * Escrow payments (에스크로): made in the transaction that records such a payment paid (at a PG
 * with an escrow API), then its delivery registered and changed at the PG, and the buyer's
 * answer recorded: a confirmation releases its shares in the ledger (payable from then, plus
 * each party's delay), a rejection refunds it in full. Each change is announced in the
 * payment's stream. Changes of one payment are serialised by its history's row lock.
 */
@Injectable()
export class PaymentEscrowProvider {
  public constructor(
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    @Inject(PaymentHistoryReader) private readonly reader: PaymentHistoryReader,
    @Inject(PaymentSettlementProvider) private readonly settlements: PaymentSettlementProvider,
    @Inject(PaymentCancelProvider) private readonly cancels: PaymentCancelProvider,
  ) {}

  /** Register the delivery, or change it once registered. */
  public async delivery(client: string, input: IPaymentEscrow.IRegister): Promise<IPaymentEscrow> {
    const unlocked = await this.reader.unlock(client, input.source, input.password);
    return this.ctx.db.transaction(async (tx) => {
      const { history, escrow } = await this.locked(tx, unlocked.id);
      if (escrow.status !== "awaiting_delivery" && escrow.status !== "delivery_registered") throw closed(escrow);
      const change = escrow.status === "delivery_registered";
      let answer;
      try {
        answer = await this.ctx.gateways.escrowDelivery(vendorOf(history), input.delivery, change);
      } catch (exp) {
        throw fromPgError(exp);
      }
      const now = new Date();
      const after: Escrow = {
        ...escrow,
        status: "delivery_registered",
        delivery_enc: this.ctx.ciphers.payment.encryptJson({ ...input.delivery, sent_at: answer.sent_at }),
        applied_at: new Date(answer.applied_at),
        updated_at: now,
      };
      return this.save(tx, history, escrow, after, change ? "escrow.delivery_changed" : "escrow.delivery_registered");
    });
  }

  /** The buyer's answer: a confirmation (passed on to a PG that takes it) or a rejection (the payment refunded in full). */
  public async decide(client: string, input: IPaymentEscrow.IDecide): Promise<IPaymentEscrow> {
    const unlocked = await this.reader.unlock(client, input.source, input.password);
    if (input.decision === "reject") {
      if (input.reason === undefined) throw new PaymentError(400, "INVALID_BODY", "body.reason: a rejection needs its reason.");
      const current = await this.read(unlocked.id);
      if (current.status === "rejected") return this.json(current);
      if (current.status === "confirmed") throw closed(current);
      // The refund first, through the cancel path (its ledger reversal and its event); then the record.
      if (unlocked.status !== "cancelled") await this.cancels.cancel(client, { source: input.source, password: input.password, reason: `escrow rejected: ${input.reason}` });
      return this.ctx.db.transaction(async (tx) => {
        const { history, escrow } = await this.locked(tx, unlocked.id);
        if (escrow.status === "rejected") return this.json(escrow);
        const now = new Date();
        return this.save(tx, history, escrow, { ...escrow, status: "rejected", rejected_at: now, rejection_reason: input.reason ?? null, updated_at: now }, "escrow.rejected");
      });
    }
    return this.ctx.db.transaction(async (tx) => {
      const { history, escrow } = await this.locked(tx, unlocked.id);
      if (escrow.status === "confirmed") return this.json(escrow);
      if (escrow.status !== "delivery_registered") throw closed(escrow, "its delivery is not registered yet");
      let confirmedAt = new Date();
      try {
        const atPg = this.ctx.gateways.escrowConfirm(vendorOf(history));
        if (atPg !== null) confirmedAt = new Date((await atPg).confirmed_at);
      } catch (exp) {
        throw fromPgError(exp);
      }
      await this.settlements.releaseEscrow(tx, history, confirmedAt);
      return this.save(tx, history, escrow, { ...escrow, status: "confirmed", confirmed_at: confirmedAt, updated_at: new Date() }, "escrow.confirmed");
    });
  }

  public async get(client: string, input: IPaymentEscrow.IGet): Promise<IPaymentEscrow> {
    const unlocked = await this.reader.unlock(client, input.source, input.password);
    return this.json(await this.read(unlocked.id));
  }

  private async read(historyId: string): Promise<Escrow> {
    const [history] = await this.ctx.db.select().from(payment_histories).where(eq(payment_histories.id, historyId));
    const [escrow] = await this.ctx.db.select().from(payment_escrows).where(eq(payment_escrows.history_id, historyId));
    return this.found(history, escrow).escrow;
  }

  private async locked(tx: DrizzleTx, historyId: string): Promise<{ history: History; escrow: Escrow }> {
    const [history] = await tx.select().from(payment_histories).where(eq(payment_histories.id, historyId)).for("update");
    const [escrow] = await tx.select().from(payment_escrows).where(eq(payment_escrows.history_id, historyId));
    return this.found(history, escrow);
  }

  /** A PG without an escrow API answers that it cannot (its escrow payments are handled in its console). */
  private found(history: History | undefined, escrow: Escrow | undefined): { history: History; escrow: Escrow } {
    if (history !== undefined && escrow === undefined) this.ctx.gateways.require(history.vendor_code as IPaymentVendor.Code, "escrow");
    if (history === undefined || escrow === undefined) throw new PaymentError(404, "ESCROW_NOT_FOUND", "This payment was not made as escrow.");
    return { history, escrow };
  }

  private async save(tx: DrizzleTx, history: History, before: Escrow, after: Escrow, type: IPaymentEscrow.IWebhook["type"]): Promise<IPaymentEscrow> {
    await tx.update(payment_escrows).set(after).where(eq(payment_escrows.history_id, after.history_id));
    const current = this.json(after);
    await WebhookOutbox.enqueueRelated(this.ctx, tx, type, {
      client_id: history.client_id,
      history_id: history.id,
      webhook_url: history.webhook_url,
      source: { schema: history.source_schema, table: history.source_table, id: history.source_id },
      previous: this.json(before),
      current,
    });
    this.ctx.logger.info({ event: type, history_id: history.id }, "escrow changed");
    return current;
  }

  private json(e: Escrow): IPaymentEscrow {
    const d = e.delivery_enc !== null ? this.ctx.ciphers.payment.decryptJson<IPaymentEscrow.IDelivery | null>(e.delivery_enc) : null;
    const mask = (v: string) => (v.length <= 1 ? "*" : v[0] + "*".repeat(v.length - 1));
    return {
      history_id: e.history_id,
      status: e.status as IPaymentEscrow["status"],
      delivery:
        d === null
          ? null
          : {
              company: d.company,
              invoice_number: d.invoice_number,
              sent_at: d.sent_at,
              sender: { name: mask(d.sender.name), phone: "*".repeat(Math.max(0, d.sender.phone.length - 4)) + d.sender.phone.slice(-4) },
              receiver: { name: mask(d.receiver.name), phone: "*".repeat(Math.max(0, d.receiver.phone.length - 4)) + d.receiver.phone.slice(-4) },
            },
      applied_at: e.applied_at?.toISOString() ?? null,
      confirmed_at: e.confirmed_at?.toISOString() ?? null,
      rejected_at: e.rejected_at?.toISOString() ?? null,
      rejection_reason: e.rejection_reason,
    };
  }
}

const vendorOf = (h: History): IPaymentVendor => ({ code: h.vendor_code as IPaymentVendor.Code, store_id: h.vendor_store_id, uid: h.vendor_uid });
const closed = (e: Escrow, why?: string) => new PaymentError(409, "ESCROW_CLOSED", `This escrow is ${e.status.replace("_", " ")}${why !== undefined ? `: ${why}` : ""}.`);
