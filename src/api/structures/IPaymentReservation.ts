import { tags } from "typia";

import { IPaymentMoney } from "./IPaymentMoney";
import { IPaymentSettlement } from "./IPaymentSettlement";
import { IIamportCustomer } from "./iamport/IIamportCustomer";
import { IPaymentSource } from "./IPaymentSource";
import { IPaymentVendor } from "./IPaymentVendor";
import { IPortOneBillingKey } from "./portone/IPortOneBillingKey";
import { ITossBilling } from "./toss/ITossBilling";

/**
 * A billing key kept for a caller's source record (e.g. a subscription): Toss `billingKey`,
 * Iamport `customer_uid`. `data` is the PG's own object; narrow it by `vendor_code`.
 */
export type IPaymentReservation =
  | IPaymentReservation.ITossReservation
  | IPaymentReservation.IIamportReservation
  | IPaymentReservation.IPortOneReservation;
export namespace IPaymentReservation {
  export interface ITossReservation extends IBase<"toss.payments", ITossBilling> {}
  export interface IIamportReservation extends IBase<"iamport", IIamportCustomer> {}
  export interface IPortOneReservation extends IBase<"portone", IPortOneBillingKey> {}

  export interface IBase<Code extends IPaymentVendor.Code, Data> {
    id: string & tags.Format<"uuid">;
    vendor_code: Code;
    /** `uid` is the billing key (Toss, PortOne V2) or customer_uid (Iamport). */
    vendor: IPaymentVendor<Code>;
    source: IPaymentSource;
    title: string;
    data: Data;
    created_at: string & tags.Format<"date-time">;
    /**
     * When the PG reported the billing key deleted (Toss `BILLING_DELETED`, PortOne
     * `BillingKey.Deleted`): it is never charged again (`422 RESERVATION_REVOKED`). Null while
     * it is usable.
     */
    revoked_at: (string & tags.Format<"date-time">) | null;
  }

  /**
   * What payments-server POSTs to the client's `events_url` when a reservation's billing key
   * is deleted at its PG: `reservation.revoked`, once (signed and encrypted like every
   * webhook; `WebhookReceiver.accept<IPaymentReservation.IWebhook>()`). `data` is left out.
   */
  export interface IWebhook {
    id: string & tags.Format<"uuid">;
    /** `reservation.revoked` */
    type: string;
    created_at: string & tags.Format<"date-time">;
    previous: ISummary | null;
    current: ISummary;
  }
  /** A reservation without its PG object. */
  export interface ISummary {
    id: string & tags.Format<"uuid">;
    vendor: IPaymentVendor;
    source: IPaymentSource;
    title: string;
    created_at: string & tags.Format<"date-time">;
    revoked_at: (string & tags.Format<"date-time">) | null;
    /** Why the PG deleted it, in its words, when it said. */
    revoked_reason: string | null;
  }

  /**
   * Register a billing key.
   *
   * - Toss: `vendor.uid` is the `authKey` the billing-auth window gave the browser, with the
   *   `customer_key` used there. payments-server issues the billing key from it at Toss
   *   (`POST /v1/billing/authorizations/issue`): Toss has no API to look a billing key up, so
   *   issuing it ourselves is how it is verified.
   * - Iamport: `vendor.uid` is the `customer_uid`; it is fetched from Iamport and must exist.
   * - PortOne V2: `vendor.uid` is the `billingKey` the billing-key window gave the browser;
   *   it is fetched from PortOne and must be `ISSUED`.
   */
  export type IStore = ITossStore | IOtherStore;
  export interface ITossStore extends IStoreBase {
    vendor: IPaymentVendor<"toss.payments">;
    /** Toss `customerKey` the authKey was issued for. */
    customer_key: string & tags.MinLength<2> & tags.MaxLength<300>;
  }
  /** Every other PG (Iamport, PortOne V2): the billing key named by `vendor.uid` alone. */
  export interface IOtherStore extends IStoreBase {
    vendor: IPaymentVendor<Exclude<IPaymentVendor.Code, "toss.payments">>;
  }
  interface IStoreBase {
    source: IPaymentSource;
    title: string & tags.MinLength<1> & tags.MaxLength<200>;
    password: string & tags.MinLength<8> & tags.MaxLength<256>;
  }

  /**
   * Pay with a stored billing key, for a new source record: gives a new payment history
   * (with its own password), verified like a registered payment.
   */
  export interface ICharge {
    /** The billing key to charge: by id or by its source, with its password. */
    reservation: IChargeReservationById | IChargeReservationBySource;
    /** The new payment's source record; `source.id` is the order id given to the PG. */
    source: IPaymentSource;
    /** Amount to charge, in the currency's minor unit (KRW: won). */
    price: IPaymentMoney & tags.Minimum<1>;
    /** Only KRW is supported for now. */
    currency?: "KRW";
    /** Order name shown by the PG (Toss and PortOne V2 `orderName`, Iamport `name`). */
    order_name: string & tags.MinLength<1> & tags.MaxLength<100>;
    /** Password of the new payment history. */
    password: string & tags.MinLength<8> & tags.MaxLength<256>;
    /** Where payments-server posts changes of the new payment. */
    webhook_url?: (string & tags.Format<"uri"> & tags.MaxLength<2048>) | null;
    /** The marketplace split of the new payment. */
    settlement?: IPaymentSettlement.IPlan | null;
  }
  export interface IChargeReservationById {
    id: string & tags.Format<"uuid">;
    password: string & tags.MinLength<1> & tags.MaxLength<256>;
  }
  export interface IChargeReservationBySource {
    source: IPaymentSource;
    password: string & tags.MinLength<1> & tags.MaxLength<256>;
  }

  export interface IAccess {
    password: string & tags.MinLength<1> & tags.MaxLength<256>;
  }
  /** Read one billing key by its source: `{source, password}`, or `payment-backend`'s flat form. */
  export type IGet = IGetBySource | IPaymentSource.IAccessor;
  export interface IGetBySource {
    source: IPaymentSource;
    password: string & tags.MinLength<1> & tags.MaxLength<256>;
  }
}
