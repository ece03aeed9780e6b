import { tags } from "typia";

/**
 * Body of `POST /v1/payments/key-in`: pay by card number without the payment window
 * (contracted merchants only). Approved immediately.
 */
export interface ITossKeyInPayment {
  amount: number & tags.Type<"uint64">;
  orderId: string & tags.MinLength<6> & tags.MaxLength<64>;
  orderName: string & tags.MaxLength<100>;
  cardNumber: string & tags.Pattern<"^[0-9]{13,20}$">;
  /** Two digits, e.g. `"29"`. */
  cardExpirationYear: string & tags.Pattern<"^[0-9]{2}$">;
  /** Two digits, e.g. `"07"`. */
  cardExpirationMonth: string & tags.Pattern<"^[0-9]{2}$">;
  /** First two digits of the card password. */
  cardPassword?: string & tags.Pattern<"^[0-9]{2}$">;
  /** Birth date `YYMMDD` (personal) or business number (corporate). */
  customerIdentityNumber: string & tags.Pattern<"^([0-9]{6}|[0-9]{10})$">;
  /** 0 or 2..12 months. */
  cardInstallmentPlan?: number & tags.Type<"uint32"> & tags.Maximum<12>;
  useFreeInstallmentPlan?: boolean;
  taxFreeAmount?: number & tags.Type<"uint64">;
  customerEmail?: string & tags.Format<"email">;
  customerName?: string;
}
