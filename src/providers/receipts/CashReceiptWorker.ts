import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from "@nestjs/common";
import { and, asc, eq, isNotNull, lte, sql } from "drizzle-orm";

import type { IPaymentCashReceipt } from "../../api/structures/IPaymentCashReceipt";
import type { DrizzleTx } from "../../db/Database";
import { payment_cash_receipts, payment_histories } from "../../db/schema";
import { PgError } from "../../pg/PgError";
import { WorkerLoop } from "../../utils/WorkerLoop";
import { PaymentContext } from "../PaymentContext";
import { CashReceiptIssuer, type Receipt } from "./CashReceiptIssuer";

/**
 * The workers' side of cash receipts: what a policy or a refund made due is issued or
 * cancelled at the PG, each receipt under its history's row lock (taken with SKIP LOCKED, so
 * any number of instances share the work and none does a receipt twice). A PG that does not
 * answer is tried again after each of `cash_receipt.retry_delays_ms`, then the receipt is
 * `failed` and announced; a PG's refusal is final at once. A payment never waits for any of it.
 */
@Injectable()
export class CashReceiptWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  public static readonly BATCH = 20;
  private readonly issuer: CashReceiptIssuer;
  private readonly loop: WorkerLoop;

  public constructor(@Inject(PaymentContext) private readonly ctx: PaymentContext) {
    this.issuer = new CashReceiptIssuer(ctx);
    this.loop = new WorkerLoop(ctx, "cash_receipts", () => ctx.config.cash_receipt.poll_interval_ms, () => this.tick());
  }

  public onApplicationBootstrap(): void {
    if (this.ctx.config.workers) this.loop.start();
  }

  public beforeApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  /** One pass over what is due now; the number of receipts acted on. */
  public async tick(): Promise<number> {
    const due = await this.ctx.db
      .select({ id: payment_cash_receipts.id, history_id: payment_cash_receipts.history_id })
      .from(payment_cash_receipts)
      .where(and(isNotNull(payment_cash_receipts.next_attempt_at), lte(payment_cash_receipts.next_attempt_at, new Date())))
      .orderBy(asc(payment_cash_receipts.next_attempt_at))
      .limit(CashReceiptWorker.BATCH);
    let done = 0;
    for (const { id, history_id } of due) if (await this.ctx.db.transaction((tx) => this.work(tx, id, history_id))) done += 1;
    return done;
  }

  private async work(tx: DrizzleTx, id: string, historyId: string): Promise<boolean> {
    const [history] = await tx.select().from(payment_histories).where(eq(payment_histories.id, historyId)).for("update", { skipLocked: true });
    if (history === undefined) return false;
    const [receipt] = await tx.select().from(payment_cash_receipts).where(and(eq(payment_cash_receipts.id, id), lte(payment_cash_receipts.next_attempt_at, new Date())));
    if (receipt === undefined) return false; // another instance did it meanwhile
    if (receipt.status === "pending") {
      const amount = Math.min(receipt.amount, history.price - history.refund);
      if (amount <= 0) {
        await tx.update(payment_cash_receipts).set({ status: "cancelled", amount: 0, next_attempt_at: null, cancelled_at: new Date(), updated_at: new Date() }).where(eq(payment_cash_receipts.id, id));
        return true;
      }
      const identifier = { kind: receipt.identifier_kind as IPaymentCashReceipt.IdentifierKind, value: this.ctx.ciphers.payment.decryptJson<string>(receipt.identifier_enc) };
      try {
        // Keyed by the receipt and the moment it fell due: every retry of it is the same request.
        const answer = await this.issuer.issue(history, amount, receipt.type as IPaymentCashReceipt.Type, identifier, `${receipt.id}:${receipt.updated_at.getTime()}`);
        await this.issuer.save(tx, history, receipt, { ...receipt, ...CashReceiptIssuer.columns(answer), attempts: 0, next_attempt_at: null, updated_at: new Date() });
      } catch (exp) {
        await this.failed(tx, history, receipt, exp);
      }
      return true;
    }
    if (receipt.status === "issued" && receipt.wanted_cancelled > receipt.cancelled && receipt.pg_receipt_id !== null) {
      try {
        const after = await this.issuer.cancel(history, receipt, Math.min(receipt.wanted_cancelled - receipt.cancelled, receipt.amount));
        await this.issuer.save(tx, history, receipt, { ...after, attempts: 0, next_attempt_at: null });
      } catch (exp) {
        await this.failed(tx, history, receipt, exp);
      }
      return true;
    }
    await tx.update(payment_cash_receipts).set({ next_attempt_at: null }).where(eq(payment_cash_receipts.id, id));
    return false;
  }

  /** Tried again later while the PG does not answer and tries are left; else failed and announced. */
  private async failed(tx: DrizzleTx, history: typeof payment_histories.$inferSelect, receipt: Receipt, exp: unknown): Promise<void> {
    if (!(exp instanceof PgError)) throw exp;
    const delays = this.ctx.config.cash_receipt.retry_delays_ms;
    const unanswered = exp.props.kind === "unavailable";
    if (unanswered && receipt.attempts < delays.length) {
      const next = new Date(Date.now() + delays[receipt.attempts]!);
      // updated_at stays: it keys the PG request, which must stay the same on every try.
      await tx.update(payment_cash_receipts).set({ attempts: sql`${payment_cash_receipts.attempts} + 1`, next_attempt_at: next }).where(eq(payment_cash_receipts.id, receipt.id));
      this.ctx.logger.warn({ worker: "cash_receipts", receipt_id: receipt.id, pg_code: exp.props.pg_code, attempt: receipt.attempts + 1 }, "the PG did not answer a cash receipt: tried again later");
      return;
    }
    const failure = { failure_code: exp.props.pg_code, failure_message: exp.props.message.slice(0, 500), attempts: receipt.attempts + 1, next_attempt_at: null };
    // An issue that fails leaves no receipt; a cancel that fails leaves the receipt issued, its failure said.
    const after: Receipt = receipt.status === "pending" ? { ...receipt, ...failure, status: "failed", updated_at: new Date() } : { ...receipt, ...failure };
    await this.issuer.save(tx, history, receipt, after, "cash_receipt.failed");
  }
}
