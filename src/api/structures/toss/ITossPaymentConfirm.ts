import { tags } from "typia";

/**
 * Body of `POST /v1/payments/confirm`: approve a payment the buyer authenticated in the
 * payment window (whose success URL brought `paymentKey`, `orderId` and `amount`).
 */
export interface ITossPaymentConfirm {
  paymentKey: string & tags.MaxLength<200>;
  orderId: string & tags.MinLength<6> & tags.MaxLength<64>;
  amount: number & tags.Type<"uint64">;
}
export namespace ITossPaymentConfirm {
  /** Body of the older approval form `POST /v1/payments/{paymentKey}`. */
  export interface ILegacy {
    orderId: string & tags.MinLength<6> & tags.MaxLength<64>;
    amount: number & tags.Type<"uint64">;
  }
}
