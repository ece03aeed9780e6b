import { Inject, Injectable } from "@nestjs/common";
import { eq } from "drizzle-orm";
import crypto from "node:crypto";

import type { IPaymentCancel } from "../../api/structures/IPaymentCancel";
import type { IPaymentHistory } from "../../api/structures/IPaymentHistory";
import { payment_histories } from "../../db/schema";
import { PgError } from "../../pg/PgError";
import { PaymentError } from "../../utils/PaymentError";
import { IdempotencyProvider } from "../idempotency/IdempotencyProvider";
import { PaymentHistoryProvider } from "../histories/PaymentHistoryProvider";
import { PaymentHistoryReader } from "../histories/PaymentHistoryReader";
import { PaymentContext } from "../PaymentContext";
import { fromPgError } from "../PgErrorMapper";

/**
 * Full and partial cancels. The history row is locked (`SELECT … FOR UPDATE`) from the
 * balance check through the PG call to the settle, so concurrent cancels of one payment
 * run one after the other, each against the balance the previous one left: a payment can
 * never be refunded twice. The record is then written from the PG's own answer, so
 * `refund`, `cancelled_at` and `cancels[]` are what the PG says.
 */
@Injectable()
export class PaymentCancelProvider {
  public constructor(
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    @Inject(PaymentHistoryProvider) private readonly histories: PaymentHistoryProvider,
    @Inject(PaymentHistoryReader) private readonly reader: PaymentHistoryReader,
  ) {}

  public async cancel(client: string, input: IPaymentCancel.ICreate, scope: IdempotencyProvider.IScope = IdempotencyProvider.unkeyed()): Promise<IPaymentHistory> {
    const refundAccount = refundAccountOf(input);
    const unlocked = await this.reader.unlock(client, input.source, input.password);
    return this.refund(unlocked, input, refundAccount, scope);
  }

  /**
   * An operator's cancel from the console: the payment named by its id, no password (an
   * operator never holds one), refunded exactly as its client's cancel would be.
   */
  public async cancelAsOperator(id: string, input: { price?: number; reason: string }): Promise<IPaymentHistory> {
    return this.refund({ id }, input, null, IdempotencyProvider.unkeyed());
  }

  private async refund(
    unlocked: { id: string },
    input: Pick<IPaymentCancel.ICreate, "price" | "reason">,
    refundAccount: ReturnType<typeof refundAccountOf>,
    scope: IdempotencyProvider.IScope,
  ): Promise<IPaymentHistory> {
    let unknown = false;
    /** The balance a cancel the PG refused was computed from: the PG may hold another. */
    let refusedAt: { balance: number; error: PgError } | null = null;
    try {
      return await this.ctx.db.transaction(async (tx) => {
        const [row] = await tx.select().from(payment_histories).where(eq(payment_histories.id, unlocked.id)).for("update");
        if (row === undefined) throw new PaymentError(404, "NOT_FOUND", "No record matches this reference and password.");
        const data = this.ctx.ciphers.payment.decryptJson<never>(row.data_enc);
        const snapshot = this.ctx.gateways.snapshot(row.vendor_code as IPaymentHistory["vendor_code"], data);
        if (row.status === "cancelled") throw new PaymentError(422, "NOT_CANCELABLE", "The payment is already cancelled in full.");
        if (row.status === "pending")
          throw new PaymentError(422, "NOT_CANCELABLE", "The payment's registration is still being reconciled with its PG: read it again once it is settled.");
        if (row.status !== "paid" && row.status !== "partial_cancelled")
          throw new PaymentError(
            422,
            "NOT_CANCELABLE",
            row.status === "waiting_deposit"
              ? "The virtual account has not been deposited: there is nothing to refund (it expires unpaid)."
              : `A ${row.status} payment cannot be cancelled.`,
          );
        const balance = row.price - row.refund;
        if (input.price !== undefined && input.price > balance)
          throw new PaymentError(422, "CANCEL_EXCEEDS_BALANCE", `Cannot refund ${input.price}: the remaining balance is ${balance}.`);
        if (snapshot?.virtual_account && !refundAccount)
          throw new PaymentError(422, "REFUND_ACCOUNT_REQUIRED", "A deposited virtual account is refunded by bank transfer: give refund_account.");

        // The key names the whole request. Same cancel of the same state → same key: a retry after a lost answer is replayed
        // by Toss, never executed twice; the next cancel (one more in cancels) gets a new key.
        const idempotencyKey =
          "payments-server:cancel:" +
          crypto
            .createHash("sha256")
            .update(JSON.stringify([row.id, row.refund, input.price ?? null, input.reason, refundAccount]))
            .digest("hex")
            .slice(0, 48);
        let result;
        try {
          result = await this.ctx.gateways.cancel(
            { code: row.vendor_code as IPaymentHistory["vendor_code"], store_id: row.vendor_store_id, uid: row.vendor_uid },
            { amount: input.price, balance, reason: input.reason, refund_account: refundAccount, idempotencyKey },
          );
        } catch (exp) {
          if (exp instanceof PgError && exp.props.kind === "unavailable") {
            unknown = true;
            // Not retried blindly: if the PG did cancel, a second run would refund twice
            // (the next cancel is a new one at the PG). The record is re-read below instead.
            throw new PaymentError(
              502,
              "PG_UNAVAILABLE",
              `${row.vendor_code} did not answer the cancel (${exp.props.pg_code}): its outcome is unknown and nothing was recorded from it. ` +
                "The payment is re-read from the PG; read it before cancelling again (a repeat with the same Idempotency-Key gets this answer).",
              true,
              { pg: { code: exp.props.pg_code, message: exp.props.message } },
            );
          }
          if (exp instanceof PgError && exp.props.kind === "rejected") refusedAt = { balance, error: exp };
          throw fromPgError(exp);
        }
        const history = await this.histories.settle(tx, row.id, result.data, result.snapshot);
        // The key's answer commits with the refund it answers for: a repeat can never run it again.
        await scope.keep(tx, history);
        return history;
      });
    } catch (exp) {
      if (refusedAt !== null) throw (await this.stale(unlocked.id, refusedAt)) ?? exp;
      throw exp;
    } finally {
      // The PG may have cancelled without telling us: re-read it so the record follows the PG.
      if (unknown) await this.histories.refresh(unlocked.id).catch(() => undefined);
    }
  }

  /**
   * A cancel the PG refused may have been computed from a balance the PG no longer holds (a
   * refund made in its console whose webhook never came; PortOne and Iamport check the
   * balance we send). The payment is re-read and the record follows the PG (announced like
   * any change); if the balance moved, the answer is `409 STALE_BALANCE` with the record as it
   * now is. The refund is never retried on the caller's behalf. Null when the balance stands.
   */
  private async stale(id: string, refused: { balance: number; error: PgError }): Promise<PaymentError | null> {
    const now = await this.histories.refresh(id).catch(() => null);
    if (now === null || now.price - now.refund === refused.balance) return null;
    return new PaymentError(
      409,
      "STALE_BALANCE",
      `The PG holds a refundable balance of ${now.price - now.refund}, not ${refused.balance}: the payment was refunded elsewhere (its console). ` +
        "The record now shows what the PG holds (history); nothing was refunded by this request. Cancel again against that balance if you still mean to.",
      false,
      { history: now, pg: { code: refused.error.props.pg_code, message: refused.error.props.message } },
    );
  }
}

/** `refund_account`, or the same account in `payment-backend`'s `account` form. */
const refundAccountOf = (input: IPaymentCancel.ICreate): IPaymentCancel.IRefundAccount | null => {
  const legacy = input.account ?? null;
  if (legacy === null) return input.refund_account ?? null;
  if (input.refund_account)
    throw new PaymentError(400, "INVALID_BODY", "Invalid body: give refund_account or account (its older form), not both.");
  const number = legacy.account.replace(/-/g, "");
  if (!/^[0-9]{1,20}$/.test(number)) throw new PaymentError(400, "INVALID_BODY", "Invalid body: body.account.account must be 1 to 20 digits (hyphens allowed).");
  return { bank: legacy.bank, number, holder: legacy.holder };
};
