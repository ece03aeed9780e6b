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
  ) {}

  /**
   * Approve (Toss) or fetch (Iamport) the payment `vendor.uid` for our order and amount.
   * Toss checks the amount and order id itself on confirm; a payment that is already
   * approved (key-in, or confirmed by an earlier attempt) is fetched and checked by us.
   */
  public async approve(
    vendor: IPaymentVendor,
    order: { orderId: string; amount: number },
  ): Promise<{ data: PgPaymentData; snapshot: IPgPaymentSnapshot }> {
    if (vendor.code === "toss.payments") {
      let data: ITossPayment;
      try {
        data = await this.toss.confirm(
          vendor.store_id,
          { paymentKey: vendor.uid, orderId: order.orderId, amount: order.amount },
          // Toss keeps an Idempotency-Key 15 days: a retried confirm never approves twice.
          `payments-server:confirm:${vendor.uid}`,
        );
      } catch (exp) {
        if (!(exp instanceof PgError) || exp.props.kind !== "rejected") throw exp;
        // Already approved, or refused for amount/order: read it to say exactly why.
        data = await this.toss.getPayment(vendor.store_id, vendor.uid);
        const snapshot = Toss.snapshot(data);
        if (snapshot.status === "ready") throw exp; // Toss refused the approval itself
        return { data, snapshot };
      }
      return { data, snapshot: Toss.snapshot(data) };
    }
    const data = await this.iamport.getPayment(vendor.store_id, vendor.uid);
    return { data, snapshot: Iamport.snapshot(data) };
  }

  /** Re-read a payment from its PG (webhooks, reconciliation). */
  public async fetch(vendor: IPaymentVendor): Promise<{ data: PgPaymentData; snapshot: IPgPaymentSnapshot }> {
    if (vendor.code === "toss.payments") {
      const data = await this.toss.getPayment(vendor.store_id, vendor.uid);
      return { data, snapshot: Toss.snapshot(data) };
    }
    const data = await this.iamport.getPayment(vendor.store_id, vendor.uid);
    return { data, snapshot: Iamport.snapshot(data) };
  }

  public hasStore(vendor: Pick<IPaymentVendor, "code" | "store_id">): boolean {
    return this.stores[vendor.code].has(vendor.store_id);
  }
}
