import type { IPaymentEscrow } from "../api/structures/IPaymentEscrow";

/**
 * A PG's escrow (에스크로) API, behind the gateway seam: the delivery of an escrow payment
 * registered and changed, and the buyer's purchase confirmation passed on. A gateway whose PG
 * has none has none (`PgGateway.escrow` null, no `escrow` capability).
 */
export interface PgEscrow {
  /** Whether the PG takes the purchase confirmation through its API; else the buyer confirms at the PG's own page and the shop records it here. */
  readonly confirmsThroughApi: boolean;
  registerDelivery(storeId: string, uid: string, delivery: IPaymentEscrow.IDelivery): Promise<IPgEscrowDelivery>;
  changeDelivery(storeId: string, uid: string, delivery: IPaymentEscrow.IDelivery): Promise<IPgEscrowDelivery>;
  /** Pass the purchase confirmation on (only where `confirmsThroughApi`). */
  confirm(storeId: string, uid: string): Promise<{ confirmed_at: string }>;
}

/** The delivery as the PG recorded it. */
export interface IPgEscrowDelivery {
  invoice_number: string;
  sent_at: string;
  applied_at: string;
}
