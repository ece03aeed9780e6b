import { tags } from "typia";

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
