import { tags } from "typia";

import { IPaymentSource } from "./IPaymentSource";

/**
 * The escrow (에스크로) of a payment made as escrow at its PG: the money is held until the buyer
 * confirms the purchase. In the marketplace ledger, each share of such a payment becomes
 * payable only from the confirmation (plus the party's delay); a rejected purchase is refunded
 * and its shares reversed like any refund.
 */
export interface IPaymentEscrow {
  history_id: string & tags.Format<"uuid">;
  /**
   * - `awaiting_delivery`: paid, no delivery registered yet
   * - `delivery_registered`: the delivery is registered at the PG
   * - `confirmed`: the buyer confirmed the purchase (the shares become payable)
   * - `rejected`: the buyer refused it (the payment is refunded)
   */
  status: "awaiting_delivery" | "delivery_registered" | "confirmed" | "rejected";
  /** The delivery as last registered (the people's names and phones masked), or null. */
  delivery: IPaymentEscrow.IDeliveryRead | null;
  /** When the PG recorded the delivery. */
  applied_at: (string & tags.Format<"date-time">) | null;
  confirmed_at: (string & tags.Format<"date-time">) | null;
  rejected_at: (string & tags.Format<"date-time">) | null;
  rejection_reason: string | null;
}
export namespace IPaymentEscrow {
  /**
   * The delivery company, by PortOne V2's names (`PaymentLogisticsCompany`): CJ (CJ대한통운),
   * HANJIN, LOTTE, LOGEN, POST (우체국), … `ETC` for another.
   */
  export type Company =
    | "LOTTE" | "LOGEN" | "DONGWON" | "POST" | "CJ" | "HANJIN" | "DAESIN" | "ILYANG" | "KYUNGDONG" | "CHUNIL" | "POST_REGISTERED" | "GS" | "WOORI"
    | "HAPDONG" | "FEDEX" | "UPS" | "GSM_NTON" | "SUNGWON" | "LX_PANTOS" | "ACI" | "CJ_INTL" | "USPS" | "EMS" | "DHL" | "KGL" | "GOODSTOLUCK"
    | "KUNYOUNG" | "SLX" | "SF" | "ETC";

  export interface IPerson {
    name: string & tags.MinLength<1> & tags.MaxLength<64>;
    phone: string & tags.Pattern<"^[0-9-]{8,20}$">;
    zipcode?: string & tags.Pattern<"^[0-9]{5,6}$">;
    address?: string & tags.MaxLength<256>;
  }

  export interface IProduct {
    id: string & tags.MinLength<1> & tags.MaxLength<64>;
    name: string & tags.MinLength<1> & tags.MaxLength<256>;
    amount: number & tags.Type<"uint64">;
    quantity: number & tags.Type<"uint32"> & tags.Minimum<1>;
  }

  /** A delivery to register or change. */
  export interface IDelivery {
    company: Company;
    invoice_number: string & tags.Pattern<"^[0-9A-Za-z-]{1,40}$">;
    sent_at: string & tags.Format<"date-time">;
    sender: IPerson;
    receiver: IPerson;
    products?: IProduct[] & tags.MaxItems<100>;
  }

  /** A delivery as read: the people masked. */
  export interface IDeliveryRead {
    company: Company;
    invoice_number: string;
    sent_at: string & tags.Format<"date-time">;
    sender: { name: string; phone: string };
    receiver: { name: string; phone: string };
  }

  export interface IRegister {
    source: IPaymentSource;
    password: string & tags.MinLength<1> & tags.MaxLength<256>;
    delivery: IDelivery;
  }

  /** The buyer's answer: confirmed, or rejected with a reason (the payment is then refunded in full). */
  export interface IDecide {
    source: IPaymentSource;
    password: string & tags.MinLength<1> & tags.MaxLength<256>;
    decision: "confirm" | "reject";
    /** Required to reject. */
    reason?: string & tags.MinLength<1> & tags.MaxLength<200>;
  }

  export interface IGet {
    source: IPaymentSource;
    password: string & tags.MinLength<1> & tags.MaxLength<256>;
  }

  /**
   * An escrow's event, in its payment's stream: `escrow.delivery_registered`,
   * `escrow.delivery_changed`, `escrow.confirmed`, `escrow.rejected`.
   */
  export interface IWebhook {
    id: string & tags.Format<"uuid">;
    type: "escrow.delivery_registered" | "escrow.delivery_changed" | "escrow.confirmed" | "escrow.rejected";
    created_at: string & tags.Format<"date-time">;
    source: IPaymentSource;
    previous: IPaymentEscrow | null;
    current: IPaymentEscrow;
  }
}
