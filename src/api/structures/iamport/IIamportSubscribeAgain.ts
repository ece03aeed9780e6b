import { tags } from "typia";

/**
 * Body of `POST /subscribe/payments/again`: charge a stored billing key.
 *
 * A card refusal is NOT an API error: Iamport answers `code: 0` with a payment whose
 * `status` is `"failed"` and `fail_reason` set. Always check `status`.
 */
export interface IIamportSubscribeAgain {
  customer_uid: string;
  merchant_uid: string;
  amount: number & tags.Type<"uint64">;
  name: string;
  currency?: string;
  tax_free?: number & tags.Type<"uint64">;
  /** Instalment months, 0 = lump sum. */
  card_quota?: number & tags.Type<"uint32">;
  buyer_name?: string;
  buyer_email?: string;
  buyer_tel?: string;
  buyer_addr?: string;
  buyer_postcode?: string;
  custom_data?: string;
  /** Webhook URL of this payment, overriding the store's. */
  notice_url?: string;
}
