import { tags } from "typia";

import { IPaymentMoney } from "./IPaymentMoney";
import { IPaymentVendor } from "./IPaymentVendor";

/**
 * Marketplace settlements: how a payment is split between the marketplace's parties
 * (suppliers, partners, others) and the platform, and when each share may be paid out.
 * Every split, refund and payout is a balanced transaction of a double-entry ledger.
 */
export namespace IPaymentSettlement {
  /**
   * The split of one payment, given at `prepare`, registration or billing `charge`. The
   * platform keeps what the parties' shares leave. A rate is rounded down to the won
   * (`floor(price × basis_points / 10000)`); the platform keeps the fractions.
   */
  export interface IPlan {
    parties: IParty[] & tags.MinItems<1> & tags.MaxItems<20>;
  }
  export interface IParty {
    /** Your own id of the party (a seller, an affiliate); unique within a plan. */
    id: string & tags.MinLength<1> & tags.MaxLength<64> & tags.Pattern<"^[\\x21-\\x7e]+$">;
    /** `supplier` (D+3 by default), `partner` (D+7), `other` (D+0). */
    role: "supplier" | "partner" | "other";
    share: IAmountShare | IRateShare;
    /** When its share becomes payable after the payment; the role's default when absent. */
    delay?: IDelay;
  }
  export interface IAmountShare {
    type: "amount";
    amount: IPaymentMoney;
  }
  export interface IRateShare {
    type: "rate";
    /** 1 = 0.01 % of the price; at most 10000 (100 %). */
    basis_points: number & tags.Type<"uint32"> & tags.Maximum<10000>;
  }
  export interface IDelay {
    /** 0 to 90 days after the day the money was received (Korean calendar days). */
    days: number & tags.Type<"uint32"> & tags.Maximum<90>;
    /** Count business days only (weekends and the configured holidays skipped). */
    business_days?: boolean;
  }

  /** The split as frozen at payment time: amounts resolved, delays fixed. */
  export interface IPlanFrozen {
    parties: IShare[];
    /** What the platform keeps. */
    platform: IPaymentMoney;
  }
  export interface IShare {
    id: string;
    role: "supplier" | "partner" | "other";
    amount: IPaymentMoney;
    delay: { days: number; business_days: boolean };
  }

  /** A party's position as of a day (pending + available + scheduled + paid_out − negative_carried = its net). */
  export interface IBalance {
    party_id: string;
    /** The (Korean) day the balance is taken at. */
    as_of: string & tags.Format<"date">;
    /** Shares not payable yet on that day. */
    pending: number & tags.Type<"int64">;
    /** Payable and not in any payout. */
    available: IPaymentMoney;
    /** Refunds of shares already paid out, netted from the next payout. */
    negative_carried: IPaymentMoney;
    /** In payouts not yet reported. */
    scheduled: IPaymentMoney;
    paid_out: IPaymentMoney;
  }
  export interface IBalanceRequest {
    party_id: string & tags.MinLength<1> & tags.MaxLength<64>;
    /** Default: today (Korean calendar). */
    as_of?: string & tags.Format<"date">;
  }

  /** One ledger line, from the party's (or platform's) side: positive is owed to it. */
  export interface IEntry {
    id: number & tags.Type<"uint64">;
    transaction_id: string & tags.Format<"uuid">;
    kind: "payment" | "refund" | "escrow_release" | "payout" | "payout_paid" | "payout_failed";
    account: "pg_clearing" | "party" | "platform" | "payouts_in_transit" | "paid_out";
    party_id: string | null;
    role: "supplier" | "partner" | "other" | null;
    /** The payment it comes from (payment and refund entries). */
    history_id: (string & tags.Format<"uuid">) | null;
    amount: number & tags.Type<"int64">;
    available_on: string & tags.Format<"date">;
    created_at: string & tags.Format<"date-time">;
  }
  export interface IEntriesRequest {
    /** One party's entries; all accounts' when absent. */
    party_id?: string & tags.MinLength<1> & tags.MaxLength<64>;
    /** Korean calendar days, both included. */
    from: string & tags.Format<"date">;
    to: string & tags.Format<"date">;
    /** 1-based. */
    page?: number & tags.Type<"uint32"> & tags.Minimum<1>;
    limit?: number & tags.Type<"uint32"> & tags.Minimum<1> & tags.Maximum<1000>;
  }
  export interface IEntriesPage {
    data: IEntry[];
    page: number;
    limit: number;
    total: number;
  }
  export interface ICsvRequest {
    party_id?: string & tags.MinLength<1> & tags.MaxLength<64>;
    from: string & tags.Format<"date">;
    to: string & tags.Format<"date">;
  }
  export interface ICsv {
    /** RFC 4180, header line first. */
    csv: string;
  }

  /** The platform's own revenue over a period (Korean calendar days, both included). */
  export interface IRevenueRequest {
    from: string & tags.Format<"date">;
    to: string & tags.Format<"date">;
  }
  export interface IRevenue {
    from: string;
    to: string;
    /** Kept from payments. */
    earned: IPaymentMoney;
    /** Given back by refunds. */
    refunded: IPaymentMoney;
    net: number & tags.Type<"int64">;
  }

  /** Compare a PG's settlement report of the days sold `from`–`to` with the ledger. */
  export interface IReconcileRequest {
    vendor: { code: IPaymentVendor.Code; store_id: string & tags.MinLength<1> & tags.MaxLength<64> };
    from: string & tags.Format<"date">;
    to: string & tags.Format<"date">;
    /** The fee the contract with the PG sets, in basis points of each line (rounded down). */
    fee_basis_points: number & tags.Type<"uint32"> & tags.Maximum<10000>;
  }
  export interface IReconciliation {
    vendor: IPaymentVendor.Code;
    store_id: string;
    from: string;
    to: string;
    /** Payments compared. */
    checked: number;
    mismatches: IMismatch[];
  }
  /**
   * A payment the PG and the ledger disagree on: sold at the PG and unknown here
   * (`missing_in_ledger`), paid here and absent from the PG's report (`missing_at_pg`), a
   * different net amount (`amount`), or another fee than the contract's (`fee`).
   */
  export interface IMismatch {
    kind: "missing_in_ledger" | "missing_at_pg" | "amount" | "fee";
    /** The PG's payment id. */
    uid: string;
    order_id: string | null;
    history_id: (string & tags.Format<"uuid">) | null;
    pg: { amount: number; fee: number } | null;
    ledger: { amount: number; expected_fee: number } | null;
  }

  /** A payout batch. */
  export interface IPayout {
    id: string & tags.Format<"uuid">;
    party_id: string;
    up_to: string & tags.Format<"date">;
    amount: IPaymentMoney;
    /**
     * `scheduled` until paid: `paid_out`, or `failed` (its amount returns to the party), or
     * `cancelled` (a payout the PG was to pay on a later day, cancelled before it: the same).
     */
    status: "scheduled" | "paid_out" | "failed" | "cancelled";
    reason: string | null;
    /**
     * Who pays it: `manual` (you transfer it and report the outcome), or `pg` (the party is a
     * seller at a PG that pays it; its outcome arrives from the PG).
     */
    executor: "manual" | "pg";
    /** The PG's execution of it (`executor: pg`), else null. */
    execution: IPayoutExecution | null;
    /** The ledger entries it pays. */
    entries: number;
    /** Where its status changes are announced. */
    webhook_url: string | null;
    created_at: string & tags.Format<"date-time">;
    reported_at: (string & tags.Format<"date-time">) | null;
  }
  /** How a PG pays a payout of a party registered as its seller. */
  export interface IPayoutExecution {
    seller_id: string & tags.Format<"uuid">;
    vendor: { code: IPaymentVendor.Code; store_id: string };
    /** The payout's id at the PG (null until the PG has it). */
    pg_payout_id: string | null;
    /** `sending` until the PG answers, then the PG's: `requested`, `in_progress`, `completed`, `failed`, `cancelled`. */
    status: "sending" | "requested" | "in_progress" | "completed" | "failed" | "cancelled";
    /** The Korean day the PG pays it; null: at once. */
    payout_date: (string & tags.Format<"date">) | null;
    failure: { code: string; message: string } | null;
  }

  /** Collect a party's available balance up to a day into a payout. */
  export interface IPayoutCreate {
    party_id: string & tags.MinLength<1> & tags.MaxLength<64>;
    /** Entries available on or before this Korean calendar day. */
    up_to: string & tags.Format<"date">;
    /**
     * For a party registered as a seller: the Korean day the PG pays it (today or later);
     * absent, at once. Refused for a party paid by hand.
     */
    payout_date?: string & tags.Format<"date">;
    /**
     * Where payments-server posts the batch's status changes (`payout.scheduled`,
     * `payout.paid_out`, `payout.failed`, `payout.cancelled`), signed and encrypted like payment events.
     */
    webhook_url?: (string & tags.Format<"uri"> & tags.MaxLength<2048>) | null;
  }
  /**
   * What payments-server POSTs to a payout's `webhook_url` when its status changes: the same
   * wire format and signature as `IPaymentWebhook` (accept it with
   * `WebhookReceiver.accept<IPaymentSettlement.IPayoutWebhook>()`). Events of one payout
   * arrive in order; `previous` is null on the first (`payout.scheduled`).
   */
  export interface IPayoutWebhook {
    id: string & tags.Format<"uuid">;
    /** `payout.scheduled`, `payout.paid_out`, `payout.failed` or `payout.cancelled`. */
    type: string;
    created_at: string & tags.Format<"date-time">;
    previous: IPayout | null;
    current: IPayout;
  }

  /** Your bank transfer's outcome. */
  export interface IPayoutReport {
    status: "paid_out" | "failed";
    reason?: string & tags.MaxLength<500>;
  }
}
