import { tags } from "typia";

/** Which PG, which of our configured stores at that PG, and the PG's own id of the object. */
export interface IPaymentVendor<Code extends IPaymentVendor.Code = IPaymentVendor.Code> {
  code: Code;
  /** A store configured in payments-server (TOSS_STORES / IAMPORT_STORES / PORTONE_STORES). */
  store_id: string & tags.MinLength<1> & tags.MaxLength<64>;
  /**
   * Toss `paymentKey` / Iamport `imp_uid` / PortOne V2 `paymentId` (for reservations: see
   * IPaymentReservation.IStore).
   * Printable ASCII: every PG issues its ids so, and they travel in URLs and headers.
   */
  uid: string & tags.MinLength<1> & tags.MaxLength<200> & tags.Pattern<"^[\\x21-\\x7e]+$">;
}
export namespace IPaymentVendor {
  export type Code = "toss.payments" | "iamport" | "portone";
}
