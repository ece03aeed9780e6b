import { tags } from "typia";

import { IPaymentSource } from "./IPaymentSource";

/** One cancel (full or partial) of a payment, as the PG recorded it. */
export interface IPaymentCancel {
  id: string & tags.Format<"uuid">;
  /** Toss `transactionKey` / Iamport `cancellation_id`. */
  vendor_cancel_id: string;
  /** Amount refunded by this cancel, in the currency's minor unit. */
  price: number & tags.Type<"uint64">;
  reason: string;
  cancelled_at: string & tags.Format<"date-time">;
}
export namespace IPaymentCancel {
  /**
   * Cancel a recorded payment, fully (no `price`) or partially (`price`).
   *
   * Checked against the remaining balance before the PG is asked. A virtual account that
   * was deposited is refunded by bank transfer, so it needs `refund_account`; one not yet
   * deposited cannot be cancelled here (it expires, or the buyer never pays).
   */
  export interface ICreate {
    /** The payment's source record. */
    source: IPaymentSource;
    /** The payment's password. */
    password: string & tags.MinLength<1> & tags.MaxLength<256>;
    /** Amount to refund; omit to refund the whole remaining balance. */
    price?: number & tags.Type<"uint64"> & tags.Minimum<1>;
    /** Shown to the buyer by the PG. */
    reason: string & tags.MinLength<1> & tags.MaxLength<200>;
    /** Where the refund goes, for a deposited virtual account. */
    refund_account?: IRefundAccount | null;
  }

  /** A bank account receiving a refund. */
  export interface IRefundAccount {
    /** Bank code (Toss, e.g. "88") or the bank code Iamport expects. */
    bank: string & tags.MinLength<1> & tags.MaxLength<20>;
    /** Digits only. */
    number: string & tags.Pattern<"^[0-9]{1,20}$">;
    /** Account holder's name. */
    holder: string & tags.MinLength<1> & tags.MaxLength<60>;
  }
}
