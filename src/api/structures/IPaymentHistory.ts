import { tags } from "typia";

import { IPaymentMoney } from "./IPaymentMoney";
import { IPaymentSettlement } from "./IPaymentSettlement";
import { IIamportPayment } from "./iamport/IIamportPayment";
import { IPaymentCancel } from "./IPaymentCancel";
import { IPaymentSource } from "./IPaymentSource";
import { IPaymentVendor } from "./IPaymentVendor";
import { IPortOnePayment } from "./portone/IPortOnePayment";
import { ITossPayment } from "./toss/ITossPayment";

/**
 * A payment recorded by payments-server after verifying it with its PG.
 *
 * `data` is the PG's own payment object; narrow it by `vendor_code`:
 * `if (history.vendor_code === "toss.payments") history.data.paymentKey`.
 */
export type IPaymentHistory = IPaymentHistory.ITossHistory | IPaymentHistory.IIamportHistory | IPaymentHistory.IPortOneHistory;
export namespace IPaymentHistory {
  /** A dispute (chargeback) of a payment. */
  export interface IDispute {
    /** The PG's id of it, when it gives one. */
    id: string | null;
    /** `open` until the PG reports it resolved. */
    status: "open" | "resolved";
    /** Why, in the PG's words. */
    reason: string;
    created_at: string & tags.Format<"date-time">;
    resolved_at: (string & tags.Format<"date-time">) | null;
  }

  export interface ITossHistory extends IBase<"toss.payments", ITossPayment> {}
  export interface IIamportHistory extends IBase<"iamport", IIamportPayment> {}
  export interface IPortOneHistory extends IBase<"portone", IPortOnePayment> {}

  export interface IBase<Code extends IPaymentVendor.Code, Data> {
    id: string & tags.Format<"uuid">;
    vendor_code: Code;
    vendor: IPaymentVendor<Code>;
    source: IPaymentSource;
    /** The PG's own payment object, as last read from the PG. */
    data: Data;
    /** ISO 4217; KRW for now. */
    currency: string;
    /** Amount of the payment in the currency's minor unit (KRW: won). */
    price: IPaymentMoney;
    /** Total refunded so far (sum of `cancels`). */
    refund: IPaymentMoney;
    status: Exclude<Status, "pending">;
    webhook_url: string | null;
    created_at: string & tags.Format<"date-time">;
    /**
     * Its personal data (buyer name, e-mail, phone, account and card numbers in `data`, its
     * cash receipt's identifier): `null` while whole; else erased (past its retention) or
     * kept apart (its caller asked for its erasure, a law still requires it). Amounts, ids,
     * states and the settlement ledger always stay.
     */
    personal_data: IPersonalData | null;
    /** When the money was received; `null` for a virtual account not yet deposited. */
    paid_at: (string & tags.Format<"date-time">) | null;
    /** When it was first cancelled (partially or fully); `null` if never. */
    cancelled_at: (string & tags.Format<"date-time">) | null;
    cancels: IPaymentCancel[];
    /**
     * The virtual account the buyer deposits to (virtual-account payments only), as the PG
     * last reported it; `null` for other methods.
     */
    virtual_account: IVirtualAccount | null;
    /**
     * How the buyer paid, the same words for every PG (each PG's own is in `data`); `null`
     * while the buyer has not chosen (a pending registration, a window left open). Cash
     * receipts go with `virtual_account` and `transfer`.
     */
    method: Method | null;
    /**
     * An easy-pay (간편결제) payment's service and what it covered, as its PG reports them;
     * `null` for other methods.
     */
    easy_pay: IEasyPay | null;
    /**
     * Chargebacks raised against the payment, as its PG reports them (PortOne V2), oldest
     * first: a new one is announced as `payment.disputed`, its resolution as
     * `payment.dispute_resolved`. A dispute the merchant loses ends in the PG's refund, which
     * reaches `refund` and `cancels` (and the marketplace ledger) like any other.
     */
    disputes: IDispute[];
    /** The marketplace split frozen at payment time; `null` when the payment is the platform's alone. */
    settlement: IPaymentSettlement.IPlanFrozen | null;
  }

  /**
   * A registration whose outcome at the PG is not known yet: the PG did not answer in time,
   * or the server stopped between the PG's answer and the record (the registration was
   * answered 502 PG_UNAVAILABLE). The reconciler asks the PG and settles it; its first
   * state is then announced by webhook (`previous: null`). Reads show it as it is, so a
   * caller polling with the right password sees `status: "pending"`, never a 404.
   */
  export interface IPending extends Omit<IBase<IPaymentVendor.Code, null>, "vendor" | "status" | "paid_at" | "cancelled_at" | "virtual_account" | "method" | "easy_pay"> {
    /** `uid` is `null` while a billing charge's PG payment id is not known yet. */
    vendor: { code: IPaymentVendor.Code; store_id: string; uid: string | null };
    status: "pending";
    paid_at: null;
    cancelled_at: null;
    virtual_account: null;
    method: null;
    easy_pay: null;
  }

  /**
   * - `card`: a card (keyed in or through the card company's window)
   * - `virtual_account`: a deposit into a virtual account (무통장입금)
   * - `transfer`: a real-time account transfer (계좌이체)
   * - `easy_pay`: an easy-pay service (토스페이, 카카오페이, 네이버페이, …), see `easy_pay`
   * - `mobile`: a mobile-phone bill (휴대폰 소액결제)
   * - `gift_certificate`: a gift certificate (문화상품권, …)
   * - `other`: anything else the PG names
   */
  export type Method = "card" | "virtual_account" | "transfer" | "easy_pay" | "mobile" | "gift_certificate" | "other";

  /** An easy-pay service's part of a payment. */
  export interface IEasyPay {
    /** The service, in its PG's words (Toss `토스페이`, PortOne V2 `TOSSPAY`, Iamport `kakaopay`). */
    provider: string;
    /**
     * Paid from the service's own balance or linked account (Toss `easyPay.amount`); `null`
     * where the PG does not say.
     */
    amount: number | null;
    /** Discounted at once by the service's points or coupons; `null` where the PG does not say. */
    discount: number | null;
  }

  /** A virtual account issued for a payment. */
  export interface IVirtualAccount {
    /** Bank code (Toss), bank name (Iamport) or bank enum (PortOne V2, e.g. `SHINHAN`), as the PG gives it. */
    bank: string;
    account_number: string;
    holder: string;
    /** Deposit deadline. */
    due_date: (string & tags.Format<"date-time">) | null;
  }

  /** What became of a payment's personal data. */
  export interface IPersonalData {
    /**
     * - `kept_apart`: its caller asked for its erasure; `data` reads without it, and the
     *   workers erase what is kept apart at `erase_after`
     * - `erased`: gone, past its retention (or at the end of `kept_apart`)
     */
    status: "kept_apart" | "erased";
    requested_at: (string & tags.Format<"date-time">) | null;
    erase_after: (string & tags.Format<"date-time">) | null;
    erased_at: (string & tags.Format<"date-time">) | null;
  }

  export type Status =
    | "pending"
    | "ready"
    | "waiting_deposit"
    | "paid"
    | "partial_cancelled"
    | "cancelled"
    | "failed"
    | "expired";

  /** Register a payment the caller's user made at the PG. */
  export interface IStore {
    vendor: IPaymentVendor;
    source: IPaymentSource;
    /** The amount the caller expects: the truth. Anything else at the PG is refused. */
    price: IPaymentMoney & tags.Minimum<1>;
    /** Only KRW is supported for now. */
    currency?: "KRW";
    /**
     * The record's password, generated by the caller (use a random secret, ≥ 16 chars):
     * needed to read or cancel it later.
     */
    password: string & tags.MinLength<8> & tags.MaxLength<256>;
    /** Where payments-server posts `{previous, current}` when this payment changes. */
    webhook_url?: (string & tags.Format<"uri"> & tags.MaxLength<2048>) | null;
    /** The marketplace split (the prepared order's when absent). */
    settlement?: IPaymentSettlement.IPlan | null;
  }

  /** Read one record by id. */
  export interface IAccess {
    password: string & tags.MinLength<1> & tags.MaxLength<256>;
  }

  /** Read one record by its source: `{source, password}`, or the flat form below. */
  export type IGet = IGetBySource | IPaymentSource.IAccessor;
  export interface IGetBySource {
    source: IPaymentSource;
    password: string & tags.MinLength<1> & tags.MaxLength<256>;
  }
}
