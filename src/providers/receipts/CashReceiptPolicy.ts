import { eq } from "drizzle-orm";
import { v7 as uuidv7 } from "uuid";

import type { IPaymentHistory } from "../../api/structures/IPaymentHistory";
import type { DrizzleTx } from "../../db/Database";
import { payment_cash_receipts, type payment_histories } from "../../db/schema";
import type { PaymentContext } from "../PaymentContext";
import { CashReceiptIssuer, type Receipt } from "./CashReceiptIssuer";

type History = typeof payment_histories.$inferSelect;

/**
 * What a payment's change makes due of its cash receipt, decided in the transaction of the
 * change (so a receipt is due exactly when its payment's state is committed) and done by the
 * workers afterwards (so a PG's receipt API never holds up, nor fails, a payment):
 * - paid in cash, with the client's policy asking for it: a receipt to issue
 * - paid, with a receipt asked for before the deposit: that receipt to issue
 * - refunded, with a receipt issued: the refund's share of it to cancel
 */
export class CashReceiptPolicy {
  /**
   * The National Tax Service's number for receipts nobody asked for (자진발급, 010-000-1234):
   * a business bound to issue one issues it there when the buyer gave no number.
   */
  public static readonly UNASKED = "0100001234";
  public static readonly DEFAULT_THRESHOLD = 100_000;

  public constructor(private readonly ctx: PaymentContext) {}

  /** Whether the client's policy asks for a receipt of a payment of `price` in `method`. */
  public wanted(client: string, price: number, method: IPaymentHistory.Method | null): boolean {
    if (method !== "virtual_account" && method !== "transfer") return false;
    const policy = this.ctx.config.clients.find((c) => c.id === client)?.cash_receipt_policy;
    if (policy === undefined || policy.issue === "never") return false;
    return policy.issue === "always" || price >= (policy.threshold ?? CashReceiptPolicy.DEFAULT_THRESHOLD);
  }

  /** Follow a history's change (`before` → `after`, the history's row locked by the caller). */
  public async follow(tx: DrizzleTx, before: History, after: History, method: IPaymentHistory.Method | null): Promise<void> {
    if (method !== "virtual_account" && method !== "transfer") return;
    const paid = (h: History) => h.status === "paid" || h.status === "partial_cancelled";
    const [receipt] = await tx.select().from(payment_cash_receipts).where(eq(payment_cash_receipts.history_id, after.id));
    const now = new Date();
    if (receipt === undefined) {
      if (!paid(before) && paid(after) && this.wanted(after.client_id, after.price, method)) await tx.insert(payment_cash_receipts).values(this.unasked(after, now));
      return;
    }
    const change = this.changeOf(before, after, receipt, paid);
    if (change !== null) await tx.update(payment_cash_receipts).set({ ...change, ...(change.status !== undefined ? { updated_at: now } : {}) }).where(eq(payment_cash_receipts.id, receipt.id));
  }

  private changeOf(before: History, after: History, receipt: Receipt, paid: (h: History) => boolean): Partial<Receipt> | null {
    const now = new Date();
    if (receipt.status === "requested" && paid(after)) return { status: "pending", next_attempt_at: now };
    // A payment that ends unpaid or wholly refunded before its receipt was issued needs none.
    if ((receipt.status === "requested" || receipt.status === "pending") && !paid(after) && after.status !== "waiting_deposit")
      return { status: "cancelled", amount: 0, next_attempt_at: null, cancelled_at: now };
    if (receipt.status === "issued" && after.refund > before.refund) {
      const wanted = CashReceiptPolicy.share(receipt.amount + receipt.cancelled, after.refund, after.price);
      if (wanted > receipt.cancelled && wanted > receipt.wanted_cancelled) return { wanted_cancelled: wanted, next_attempt_at: now };
    }
    return null;
  }

  /**
   * The part of a receipt of `issued` that a payment of `price` refunded by `refund` cancels:
   * in the same proportion, rounded down (never more than the refund took back), and all of it
   * once the payment is refunded in full.
   */
  public static share(issued: number, refund: number, price: number): number {
    if (refund >= price) return issued;
    return Math.floor((issued * refund) / price);
  }

  private unasked(history: History, now: Date): Receipt {
    return {
      id: uuidv7(),
      history_id: history.id,
      client_id: history.client_id,
      vendor_code: history.vendor_code,
      pg_receipt_id: null,
      status: "pending",
      origin: "policy",
      type: "income_deduction",
      identifier_kind: "phone",
      identifier_enc: this.ctx.ciphers.payment.encryptJson(CashReceiptPolicy.UNASKED),
      identifier_masked: CashReceiptIssuer.mask(CashReceiptPolicy.UNASKED),
      amount: history.price - history.refund,
      cancelled: 0,
      wanted_cancelled: 0,
      attempts: 0,
      next_attempt_at: now,
      issue_number: null,
      url: null,
      issued_at: null,
      cancelled_at: null,
      failure_code: null,
      failure_message: null,
      created_at: now,
      updated_at: now,
    };
  }
}
