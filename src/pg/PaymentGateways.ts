import crypto from "node:crypto";

import type { IIamportPayment } from "../api/structures/iamport/IIamportPayment";
import type { IPaymentVendor } from "../api/structures/IPaymentVendor";
import type { ITossPayment } from "../api/structures/toss/ITossPayment";
import type { IamportAdapter } from "./iamport/IamportAdapter";
import { IamportAdapter as Iamport } from "./iamport/IamportAdapter";
import type { IPgPaymentSnapshot } from "./IPgPaymentSnapshot";
import { PgError } from "./PgError";
import type { TossAdapter } from "./toss/TossAdapter";
import { TossAdapter as Toss } from "./toss/TossAdapter";

export type PgPaymentData = ITossPayment | IIamportPayment;

/**
 * The one place that knows how each PG turns "the buyer paid" into a payment we can record:
 * Toss needs our approval (confirm), Iamport's payment is already approved and is fetched.
 * Providers call these and never branch on a PG's fields.
 */
export class PaymentGateways {
  public constructor(
    private readonly toss: TossAdapter,
    private readonly iamport: IamportAdapter,
    private readonly stores: Record<IPaymentVendor.Code, ReadonlySet<string>>,
    /** Told of every call: which PG, which operation, how it ended, how long it took. */
    private readonly observe: (call: { vendor: string; operation: string; outcome: string }, seconds: number) => void = () => {},
  ) {}

  private async timed<T>(vendor: IPaymentVendor.Code, operation: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    let outcome = "ok";
    try {
      return await work();
    } catch (exp) {
      outcome = exp instanceof PgError ? exp.props.kind : "error";
      throw exp;
    } finally {
      this.observe({ vendor, operation, outcome }, (performance.now() - started) / 1000);
    }
  }

  /**
   * Approve (Toss) or fetch (Iamport) the payment `vendor.uid` for our order and amount.
   * Toss checks the amount and order id itself on confirm; a payment that is already
   * approved (key-in, or confirmed by an earlier attempt) is fetched and checked by us.
   */
  public async approve(
    vendor: IPaymentVendor,
    order: { orderId: string; amount: number },
  ): Promise<{ data: PgPaymentData; snapshot: IPgPaymentSnapshot }> {
    return this.timed(vendor.code, "approve", async () => {
      if (vendor.code === "toss.payments") {
        let data: ITossPayment;
        try {
          data = await this.toss.confirm(
            vendor.store_id,
            { paymentKey: vendor.uid, orderId: order.orderId, amount: order.amount },
            // Toss keeps an Idempotency-Key 15 days and replays its first answer, refusals too:
            // the key names the whole request, so a retry of this confirm never approves twice
            // and a confirm with another amount or order is a new request, not a replayed refusal.
            PaymentGateways.confirmKey(vendor.uid, order),
          );
        } catch (exp) {
          if (!(exp instanceof PgError) || exp.props.kind !== "rejected") throw exp;
          // Already approved, or refused for amount/order: read it to say exactly why.
          data = await this.toss.getPayment(vendor.store_id, vendor.uid);
          const snapshot = Toss.snapshot(data);
          // Toss refused the approval itself: a wrong amount is reported as such by our
          // verification (nothing was approved); any other refusal stands.
          if (snapshot.status === "ready" && snapshot.amount === order.amount) throw exp;
          return { data, snapshot };
        }
        return { data, snapshot: Toss.snapshot(data) };
      }
      const data = await this.iamport.getPayment(vendor.store_id, vendor.uid);
      return { data, snapshot: Iamport.snapshot(data) };
    });
  }

  /** The Idempotency-Key of a confirm: a digest of everything the confirm asks (ASCII, fixed length). */
  public static confirmKey(paymentKey: string, order: { orderId: string; amount: number }): string {
    const digest = crypto.createHash("sha256").update(JSON.stringify([paymentKey, order.orderId, order.amount])).digest("hex");
    return `payments-server:confirm:${digest.slice(0, 40)}`;
  }

  /** Re-read a payment from its PG (webhooks, reconciliation). */
  public async fetch(vendor: IPaymentVendor): Promise<{ data: PgPaymentData; snapshot: IPgPaymentSnapshot }> {
    return this.timed(vendor.code, "fetch", async () => {
      if (vendor.code === "toss.payments") {
        const data = await this.toss.getPayment(vendor.store_id, vendor.uid);
        return { data, snapshot: Toss.snapshot(data) };
      }
      const data = await this.iamport.getPayment(vendor.store_id, vendor.uid);
      return { data, snapshot: Iamport.snapshot(data) };
    });
  }

  /**
   * Find the payment of one of our orders when its PG id may be unknown (a charge cut off
   * before its answer): by `uid` when known, else by order id (Toss `orderId`, Iamport
   * `merchant_uid`). Throws `not_found` when the PG has none.
   */
  public async find(
    vendor: Pick<IPaymentVendor, "code" | "store_id">,
    uid: string | null,
    orderId: string,
  ): Promise<{ data: PgPaymentData; snapshot: IPgPaymentSnapshot }> {
    return this.timed(vendor.code, "find", async () => {
      if (vendor.code === "toss.payments") {
        const data = uid !== null ? await this.toss.getPayment(vendor.store_id, uid) : await this.toss.getPaymentByOrderId(vendor.store_id, orderId);
        return { data, snapshot: Toss.snapshot(data) };
      }
      const data = uid !== null ? await this.iamport.getPayment(vendor.store_id, uid) : await this.iamport.findPayment(vendor.store_id, orderId);
      return { data, snapshot: Iamport.snapshot(data) };
    });
  }

  /**
   * Cancel all (`amount` undefined) or part of a payment. `balance` is the refundable
   * balance we know: Iamport checks it (`checksum`), so a cancel computed from a stale
   * record is refused instead of refunding the wrong sum. `idempotencyKey` makes a Toss
   * retry of the same cancel safe (Iamport has no such header: callers serialise).
   */
  public async cancel(
    vendor: IPaymentVendor,
    input: {
      amount?: number;
      balance: number;
      reason: string;
      refund_account?: { bank: string; number: string; holder: string } | null;
      idempotencyKey: string;
    },
  ): Promise<{ data: PgPaymentData; snapshot: IPgPaymentSnapshot }> {
    return this.timed(vendor.code, "cancel", async () => {
      if (vendor.code === "toss.payments") {
        const data = await this.toss.cancel(
          vendor.store_id,
          vendor.uid,
          {
            cancelReason: input.reason,
            ...(input.amount !== undefined ? { cancelAmount: input.amount } : {}),
            ...(input.refund_account
              ? { refundReceiveAccount: { bank: input.refund_account.bank, accountNumber: input.refund_account.number, holderName: input.refund_account.holder } }
              : {}),
          },
          input.idempotencyKey,
        );
        return { data, snapshot: Toss.snapshot(data) };
      }
      const data = await this.iamport.cancel(vendor.store_id, {
        imp_uid: vendor.uid,
        ...(input.amount !== undefined ? { amount: input.amount } : {}),
        checksum: input.balance,
        reason: input.reason,
        ...(input.refund_account
          ? { refund_bank: input.refund_account.bank, refund_account: input.refund_account.number, refund_holder: input.refund_account.holder }
          : {}),
      });
      return { data, snapshot: Iamport.snapshot(data) };
    });
  }

  /**
   * Pay with a billing key (Toss `billingKey` + its `customerKey`, Iamport `customer_uid`).
   * A declined Iamport charge comes back as a `failed` payment, not an error.
   */
  public async charge(
    vendor: IPaymentVendor,
    billing: { customer_key: string | null },
    order: { orderId: string; amount: number; orderName: string; idempotencyKey: string },
  ): Promise<{ data: PgPaymentData; snapshot: IPgPaymentSnapshot }> {
    return this.timed(vendor.code, "charge", async () => {
      if (vendor.code === "toss.payments") {
        const data = await this.toss.chargeBilling(
          vendor.store_id,
          vendor.uid,
          { customerKey: billing.customer_key ?? "", amount: order.amount, orderId: order.orderId, orderName: order.orderName },
          order.idempotencyKey,
        );
        return { data, snapshot: Toss.snapshot(data) };
      }
      const data = await this.iamport.again(vendor.store_id, {
        customer_uid: vendor.uid,
        merchant_uid: order.orderId,
        amount: order.amount,
        name: order.orderName,
      });
      return { data, snapshot: Iamport.snapshot(data) };
    });
  }

  /** The snapshot of a stored PG object (null while a registration is pending). */
  public static snapshot(code: IPaymentVendor.Code, data: PgPaymentData | null): IPgPaymentSnapshot | null {
    if (data === null || data === undefined) return null;
    return code === "toss.payments" ? Toss.snapshot(data as ITossPayment) : Iamport.snapshot(data as IIamportPayment);
  }

  /** Why a failed PG payment failed, in the PG's words (declined card...). */
  public static failure(data: PgPaymentData): string | null {
    if ("paymentKey" in data) return data.failure ? `${data.failure.code}: ${data.failure.message}` : null;
    return data.fail_reason ?? null;
  }

  public hasStore(vendor: Pick<IPaymentVendor, "code" | "store_id">): boolean {
    return this.stores[vendor.code].has(vendor.store_id);
  }
}
