import { tags } from "typia";

import { IPaymentMoney } from "./IPaymentMoney";
import { IPaymentSource } from "./IPaymentSource";
import { IPaymentVendor } from "./IPaymentVendor";

/**
 * A cash receipt (현금영수증) of a payment paid in cash (`virtual_account` or `transfer`),
 * issued through the payment's PG to the National Tax Service. The buyer's identifier is kept
 * encrypted and only ever answered masked.
 */
export interface IPaymentCashReceipt {
  id: string & tags.Format<"uuid">;
  history_id: string & tags.Format<"uuid">;
  vendor_code: IPaymentVendor.Code;
  /**
   * - `requested`: asked for before the payment was paid (a virtual account awaiting its
   *   deposit); the workers issue it when the deposit arrives
   * - `pending`: due, being issued by the workers (`cash_receipt.issued` or `.failed` follows)
   * - `issued`: for `amount`
   * - `cancelled`: in full (by the shop, or by the payment's full refund)
   * - `failed`: the PG refused, or did not answer through every retry (see `failure`); the
   *   shop may issue it again
   */
  status: "requested" | "pending" | "issued" | "cancelled" | "failed";
  /** `manual`: asked through the API; `policy`: made due by the client's `cash_receipt_policy`. */
  origin: "manual" | "policy";
  type: IPaymentCashReceipt.Type;
  identifier: {
    kind: IPaymentCashReceipt.IdentifierKind;
    /** Masked: only the last four characters are shown. */
    masked: string;
  };
  /** What the receipt covers now (its issued amount less what was cancelled). */
  amount: IPaymentMoney;
  /** Cancelled so far (a refund cancels the receipt in the same measure). */
  cancelled: IPaymentMoney;
  /** The National Tax Service's approval number, as the PG reports it. */
  issue_number: string | null;
  /** The PG's page of the receipt. */
  url: string | null;
  issued_at: (string & tags.Format<"date-time">) | null;
  cancelled_at: (string & tags.Format<"date-time">) | null;
  /** The PG's own code and message when it refused. */
  failure: { code: string; message: string } | null;
}
export namespace IPaymentCashReceipt {
  /**
   * - `income_deduction` (소득공제용): for a person, deducted from income tax
   * - `expense_proof` (지출증빙용): for a business, proof of its expense
   */
  export type Type = "income_deduction" | "expense_proof";
  /**
   * What identifies the buyer at the National Tax Service: a mobile phone number, a resident
   * registration number, a business registration number, or a cash-receipt card number.
   */
  export type IdentifierKind = "phone" | "resident" | "business" | "card";

  /**
   * Issue the receipt of a history paid in cash (one receipt per history). Asked for before
   * the payment is paid (a virtual account awaiting its deposit), it is kept `requested` and
   * issued by the workers when the deposit arrives.
   */
  export interface ICreate {
    source: IPaymentSource;
    password: string & tags.MinLength<1> & tags.MaxLength<256>;
    type: Type;
    identifier: {
      kind: IdentifierKind;
      /** Digits only (hyphens are removed): 10–11 for a phone, 13 resident, 10 business, 13–19 card. */
      value: string & tags.Pattern<"^[0-9-]{10,24}$">;
    };
    /** Default: what is left of the payment after its refunds. */
    amount?: IPaymentMoney & tags.Minimum<1>;
  }

  /** Cancel the receipt in full, or `amount` of it (a partial refund's share). */
  export interface ICancel {
    source: IPaymentSource;
    password: string & tags.MinLength<1> & tags.MaxLength<256>;
    amount?: IPaymentMoney & tags.Minimum<1>;
  }

  /**
   * A receipt's event, sent to its history's `webhook_url` in order with the payment's own
   * events (signed, encrypted and retried the same way; `WebhookReceiver.accept<IPaymentCashReceipt.IWebhook>()`):
   * `cash_receipt.issued`, `cash_receipt.cancelled` (in part or in full: see `current`),
   * `cash_receipt.failed`.
   */
  export interface IWebhook {
    id: string & tags.Format<"uuid">;
    type: "cash_receipt.issued" | "cash_receipt.cancelled" | "cash_receipt.failed";
    created_at: string & tags.Format<"date-time">;
    /** The caller's record of the payment. */
    source: IPaymentSource;
    previous: IPaymentCashReceipt | null;
    current: IPaymentCashReceipt;
  }

  /** Read a history's receipt. */
  export interface IGet {
    source: IPaymentSource;
    password: string & tags.MinLength<1> & tags.MaxLength<256>;
  }
}
