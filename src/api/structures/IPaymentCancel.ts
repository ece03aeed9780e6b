import { tags } from "typia";

import { IPaymentMoney } from "./IPaymentMoney";
import { IPaymentSource } from "./IPaymentSource";

/** One cancel (full or partial) of a payment, as the PG recorded it. */
export interface IPaymentCancel {
  id: string & tags.Format<"uuid">;
  /** Toss `transactionKey` / Iamport `cancellation_id`. */
  vendor_cancel_id: string;
  /** Amount refunded by this cancel, in the currency's minor unit. */
  price: IPaymentMoney;
  reason: string;
  cancelled_at: string & tags.Format<"date-time">;
  /** The same instant as `cancelled_at`, under the name `payment-backend`'s clients read. */
  created_at: string & tags.Format<"date-time">;
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
    price?: IPaymentMoney & tags.Minimum<1>;
    /** Shown to the buyer by the PG. */
    reason: string & tags.MinLength<1> & tags.MaxLength<200>;
    /** Where the refund goes, for a deposited virtual account. */
    refund_account?: IRefundAccount | null;
    /**
     * `payment-backend`'s form of `refund_account`, accepted so that its clients work
     * unchanged: `{bank, account, holder, mobile}` (`mobile` is not sent to the PG). Give
     * at most one of the two.
     *
     * @deprecated Use `refund_account`.
     */
    account?: ILegacyBankAccount | null;
  }

  /** `payment-backend`'s refund account. */
  export interface ILegacyBankAccount {
    bank: string & tags.MinLength<1> & tags.MaxLength<20>;
    /** Digits only (hyphens are removed). */
    account: string & tags.Pattern<"^[0-9-]{1,30}$">;
    holder: string & tags.MinLength<1> & tags.MaxLength<60>;
    mobile: string & tags.MaxLength<20>;
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
