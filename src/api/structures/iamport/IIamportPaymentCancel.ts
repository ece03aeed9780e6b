import { tags } from "typia";

/**
 * Body of `POST /payments/cancel`: full or partial cancel of a payment.
 *
 * Identify the payment by `imp_uid` (preferred) or `merchant_uid`. Without `amount` the
 * whole remaining balance is cancelled. `checksum`, when given, must equal the refundable
 * balance before this cancel, otherwise Iamport refuses (protects against double refunds).
 * A paid virtual account can only be refunded to a bank account: `refund_*` are required.
 */
export interface IIamportPaymentCancel {
  imp_uid?: string;
  merchant_uid?: string;
  /** Amount to cancel; omitted or 0 = everything that is left. */
  amount?: number & tags.Type<"uint64">;
  /** Tax-free part of `amount`. */
  tax_free?: number & tags.Type<"uint64">;
  /** Refundable balance the caller believes is left, before this cancel. */
  checksum?: number & tags.Type<"uint64">;
  reason?: string;
  /** Refund account of a virtual account payment. */
  refund_holder?: string;
  refund_bank?: string;
  refund_account?: string;
  refund_tel?: string;
  /**
   * Ask Iamport to send the cancel webhook too (by default an API cancel sends none,
   * the caller already knows the outcome).
   */
  enable_webhook?: boolean;
}
