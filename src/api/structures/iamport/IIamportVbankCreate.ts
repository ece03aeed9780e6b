import { tags } from "typia";

/**
 * Body of `POST /vbanks`: issue a virtual account from the server. The answer is a
 * payment with `status: "ready"` and the `vbank_*` fields set; it becomes `"paid"` at
 * deposit (announced by webhook).
 */
export interface IIamportVbankCreate {
  merchant_uid: string;
  amount: number & tags.Type<"uint64">;
  /** Bank code (e.g. `004` KB, `088` Shinhan). */
  vbank_code: string;
  /** Deposit deadline, unix seconds. */
  vbank_due: number & tags.Type<"uint64">;
  /** Name shown as the account holder. */
  vbank_holder: string;
  name?: string;
  buyer_name?: string;
  buyer_email?: string;
  buyer_tel?: string;
  buyer_addr?: string;
  buyer_postcode?: string;
  custom_data?: string;
  notice_url?: string;
  /** PG to use when the store has several. */
  pg?: string;
}
export namespace IIamportVbankCreate {
  /** Body of `PUT /vbanks/{imp_uid}`: change the amount or deadline of an unpaid account. */
  export interface IUpdate {
    amount?: number & tags.Type<"uint64">;
    vbank_due?: number & tags.Type<"uint64">;
  }
}
