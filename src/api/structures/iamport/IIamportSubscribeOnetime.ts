import { tags } from "typia";

import { IIamportCustomer } from "./IIamportCustomer";

/**
 * Body of `POST /subscribe/payments/onetime`: charge a card number directly (non-auth
 * payment). With `customer_uid`, the card is also stored as that billing key.
 *
 * As for `again`, a declined card answers `code: 0` with `status: "failed"`.
 */
export interface IIamportSubscribeOnetime extends IIamportCustomer.ICard {
  merchant_uid: string;
  amount: number & tags.Type<"uint64">;
  name?: string;
  currency?: string;
  tax_free?: number & tags.Type<"uint64">;
  card_quota?: number & tags.Type<"uint32">;
  /** Also store the card under this billing key. */
  customer_uid?: string;
  buyer_name?: string;
  buyer_email?: string;
  buyer_tel?: string;
  buyer_addr?: string;
  buyer_postcode?: string;
  custom_data?: string;
  notice_url?: string;
}
