import { tags } from "typia";

/**
 * A billing key holder (`/subscribe/customers/{customer_uid}`): a card registered for
 * later server-side charges. The card number is masked; Iamport never returns it.
 */
export interface IIamportCustomer {
  /** The merchant's own id of this billing key. */
  customer_uid: string;
  pg_provider: string;
  pg_id: string | null;
  card_name: string | null;
  card_code: string | null;
  /** Masked, e.g. `4092-02**-****-1234`. */
  card_number: string | null;
  /** `0` credit, `1` check card. */
  card_type: number | null;
  customer_name: string | null;
  customer_tel: string | null;
  customer_email: string | null;
  customer_addr: string | null;
  customer_postcode: string | null;
  /** Unix seconds. */
  inserted: number & tags.Type<"uint64">;
  updated: number & tags.Type<"uint64">;
}
export namespace IIamportCustomer {
  /** Card data to issue a billing key. */
  export interface ICard {
    /** `XXXX-XXXX-XXXX-XXXX` (dashes optional). */
    card_number: string;
    /** `YYYY-MM`. */
    expiry: string;
    /** `YYMMDD` of the holder, or a 10-digit business number. */
    birth: string;
    /** First two digits of the card password. */
    pwd_2digit?: string;
    cvc?: string;
    /** PG to issue the key with, when the store has several. */
    pg?: string;
  }
  /** Body of `POST /subscribe/customers/{customer_uid}`. */
  export interface ICreate extends ICard {
    customer_name?: string;
    customer_tel?: string;
    customer_email?: string;
    customer_addr?: string;
    customer_postcode?: string;
  }
}
