import { tags } from "typia";

/** A cash receipt (현금영수증) issued for a payment (`/receipts/{imp_uid}`). */
export interface IIamportReceipt {
  imp_uid: string;
  /** The PG's id of the receipt. */
  receipt_tid: string;
  apply_num: string;
  /** `person` (income deduction) or `company` (proof of expense). */
  type: IIamportReceipt.Type;
  amount: number & tags.Type<"uint64">;
  vat: number & tags.Type<"uint64">;
  receipt_url: string;
  /** Unix seconds. */
  applied_at: number & tags.Type<"uint64">;
  /** Unix seconds, 0 while valid. */
  cancelled_at: number & tags.Type<"uint64">;
}
export namespace IIamportReceipt {
  export type Type = "person" | "company";
  /** Body of `POST /receipts/{imp_uid}`. */
  export interface ICreate {
    /** Phone, card or business number identifying the receiver. */
    identifier: string;
    /** person: resident number; business: business number; phone; taxcard: cash-receipt card. */
    identifier_type?: "person" | "business" | "phone" | "taxcard";
    type?: Type;
    buyer_name?: string;
    buyer_email?: string;
    buyer_tel?: string;
    tax_free?: number & tags.Type<"uint64">;
  }
}
