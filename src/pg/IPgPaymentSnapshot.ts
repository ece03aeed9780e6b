import type { IPaymentHistory } from "../api/structures/IPaymentHistory";

/**
 * A PG payment object reduced to what payments-server checks and stores. Each adapter
 * derives it from its own PG's object (`TossAdapter.snapshot`, `IamportAdapter.snapshot`),
 * so that providers never read PG-specific fields.
 *
 * Money is an integer number of the currency's minor unit (KRW: whole won).
 */
export interface IPgPaymentSnapshot {
  /** Toss `paymentKey`, Iamport `imp_uid`. */
  uid: string;
  /** Toss `orderId`, Iamport `merchant_uid`: always our `source.id`. */
  order_id: string;
  /** Total amount approved (or to be deposited, for a virtual account). */
  amount: number;
  currency: string;
  status: IPgPaymentSnapshot.Status;
  /** ISO-8601; set once the money is actually received (for virtual accounts: at deposit). */
  paid_at: string | null;
  /** ISO-8601 of the first cancel, or null. */
  cancelled_at: string | null;
  /** amount - sum(cancels). */
  balance: number;
  cancels: IPgPaymentSnapshot.ICancel[];
  virtual_account: IPgPaymentSnapshot.IVirtualAccount | null;
  /** How the buyer paid; null while not chosen. */
  method: IPaymentHistory.Method | null;
  /** An easy-pay payment's service and what it covered, else null. */
  easy_pay: IPaymentHistory.IEasyPay | null;
  /** Paid as escrow (에스크로): the money is the seller's once the buyer confirms the purchase. */
  escrow: boolean;
  /** Why the PG failed the payment, in its own words (status `failed`), else null. */
  failure: IPgPaymentSnapshot.IFailure | null;
  /** Chargebacks the card company raised against it, oldest first (PortOne V2 reports them). */
  disputes: IPgPaymentSnapshot.IDispute[];
}
export namespace IPgPaymentSnapshot {
  export type Status =
    | "ready" // authenticated by the buyer, not approved yet (Toss READY/IN_PROGRESS, Iamport ready without vbank)
    | "waiting_deposit" // virtual account issued, money not deposited yet
    | "paid"
    | "partial_cancelled"
    | "cancelled"
    | "failed"
    | "expired"; // virtual account expired / payment window abandoned
  export interface ICancel {
    /** Toss `transactionKey`, Iamport `cancellation_id` (or pg_tid when absent). */
    id: string;
    amount: number;
    reason: string;
    cancelled_at: string;
  }
  /** A dispute (chargeback): `open` until the PG reports it resolved. */
  export interface IDispute {
    /** The PG's id of it, when it gives one. */
    id: string | null;
    status: "open" | "resolved";
    reason: string;
    created_at: string;
    resolved_at: string | null;
  }
  /** The PG's own code and message of a failed payment. */
  export interface IFailure {
    code: string;
    message: string;
  }
  export interface IVirtualAccount {
    bank: string;
    account_number: string;
    holder: string;
    /** ISO-8601 */
    due_date: string | null;
  }
}
