import { tags } from "typia";

/** Body of `POST /v1/payments/{paymentKey}/cancel`. */
export interface ITossPaymentCancel {
  cancelReason: string & tags.MinLength<1> & tags.MaxLength<200>;
  /** Partial cancel amount; absent cancels the whole remaining balance. */
  cancelAmount?: number & tags.Type<"uint64"> & tags.Minimum<1>;
  /**
   * Where to refund a DEPOSITED virtual-account payment (required then; cards are
   * refunded to the card).
   */
  refundReceiveAccount?: ITossPaymentCancel.IRefundReceiveAccount;
  taxFreeAmount?: number & tags.Type<"uint64">;
}
export namespace ITossPaymentCancel {
  export interface IRefundReceiveAccount {
    /** Bank code, e.g. `"88"` (신한). */
    bank: string;
    accountNumber: string & tags.Pattern<"^[0-9]{1,20}$">;
    holderName: string & tags.MinLength<1> & tags.MaxLength<60>;
  }
}
