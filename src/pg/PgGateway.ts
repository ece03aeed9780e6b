import type { IPaymentHistory } from "../api/structures/IPaymentHistory";
import type { IPaymentReservation } from "../api/structures/IPaymentReservation";
import type { IPaymentVendor } from "../api/structures/IPaymentVendor";
import type { IPgPaymentSnapshot } from "./IPgPaymentSnapshot";
import type { IPgPersonalData } from "./PgPersonalData";
import type { PgEscrow } from "./PgEscrow";
import type { PgCashReceipts } from "./PgCashReceipts";
import type { PgPayouts } from "./PgPayouts";

/** A PG's own payment object, as its API returns it (the API's union of them). */
export type PgPaymentData = IPaymentHistory["data"];

/** A PG's payment and what the core reads of it. */
export interface IPgResult {
  data: PgPaymentData;
  snapshot: IPgPaymentSnapshot;
}

/**
 * The one seam between the payment core and a PG: every gateway implements it in its own
 * folder under `src/pg` (its client of the real API, its mappings), and the core never
 * branches on a vendor. Every call names the store (the merchant account at that PG) and the
 * PG's own id of the object.
 */
export interface PgGateway {
  readonly code: IPaymentVendor.Code;

  /**
   * What this PG offers beyond payments and cancels. A call needing what it lacks is refused
   * by the registry before any PG call or record, as `422 UNSUPPORTED_BY_PG`; its method is
   * then never called.
   */
  readonly capabilities: ReadonlySet<PgCapability>;

  hasStore(storeId: string): boolean;

  /** Every store configured for this PG (our `store_id`s). */
  storeIds(): string[];

  /**
   * An order is prepared: a PG that can hold the amount its window will accept is told so
   * here (PortOne V2's pre-registration); the others keep the order with us only.
   */
  prepare(storeId: string, order: { orderId: string; amount: number; currency: string }): Promise<void>;

  /**
   * The payment the buyer made, approved for our order and amount where the PG needs our
   * approval, else read; its order and amount are verified by the core either way.
   */
  approve(storeId: string, uid: string, order: { orderId: string; amount: number }): Promise<IPgResult>;

  /** Re-read a payment (webhooks, reconciliation, reads of a waiting virtual account). */
  fetch(storeId: string, uid: string): Promise<IPgResult>;

  /** A payment of one of our orders when its PG id may be unknown: by `uid`, else by order id. */
  find(storeId: string, uid: string | null, orderId: string): Promise<IPgResult>;

  /**
   * Cancel all (`amount` undefined) or part of a payment. `balance` is the refundable balance
   * we know (a PG that takes a checksum gets it); `idempotencyKey` names the whole request.
   */
  cancel(
    storeId: string,
    uid: string,
    input: {
      amount?: number;
      balance: number;
      reason: string;
      refund_account: { bank: string; number: string; holder: string } | null;
      idempotencyKey: string;
    },
  ): Promise<IPgResult>;

  /**
   * Register a billing key from what the PG's billing window gave the browser: the caller's
   * request for this PG (`vendor.uid`, and whatever else its member of the API's union
   * carries). Returns the billing key's id at the PG and the PG's object.
   */
  issueBilling(storeId: string, request: PgBillingRequest): Promise<{ uid: string; data: unknown }>;

  /**
   * The payment a cancel belongs to, for an event that names only the cancel: its id and order
   * id at the PG, or null when the PG does not show it (or its events always name payments).
   */
  paymentOfCancel(storeId: string, cancelId: string, at: string | null): Promise<{ uid: string; order_id: string } | null>;

  /**
   * Whether the PG holds the billing key as deleted: true or false as the PG says, or null
   * where it offers no way to read one (Toss); a webhook naming the key, itself a secret
   * credential, is then the proof.
   */
  billingKeyDeleted(storeId: string, uid: string): Promise<boolean | null>;

  /** Pay with a billing key (its id and the object `issueBilling` returned). A decline may be a `failed` payment. */
  charge(
    storeId: string,
    billing: { uid: string; data: unknown },
    order: { orderId: string; amount: number; orderName: string; idempotencyKey: string },
  ): Promise<IPgResult>;

  /**
   * Whether a declined billing charge (the PG's code and message, as its refusal gave them) can
   * pass with time (insufficient funds, a limit reached): a schedule retries those on its
   * ladder and stops at once on any other (a stopped or stolen card, a deleted key).
   */
  declineRecoverable(decline: { code: string; message: string }): boolean;

  /**
   * The PG's settlement report of the days sold `from`–`to` (a line per sale and per cancel),
   * or null when this PG offers none through its API.
   */
  settlementReport(storeId: string, from: string, to: string): Promise<IPgSettlementLine[] | null>;

  /**
   * One page of the payments the PG holds for a store, made or changed `from`–`until` (its
   * listing API: webhooks get lost, the sweep and the transaction reconciliation read this).
   * `cursor` is the previous page's, null for the first; the answer's is null after the last.
   */
  list(storeId: string, range: { from: Date; until: Date }, cursor: string | null): Promise<IPgListing>;

  /** What the front end needs to open this PG's payment window for a store. */
  window(storeId: string): IPgWindowKeys;

  /**
   * The rule on a payment paid for another amount than the order's: `refund` when the PG
   * lets a browser pay any amount (the core cancels it in full), `never_approved` when the PG
   * only approves the amount we confirm.
   */
  readonly tamperedAmount: "refund" | "never_approved";

  /** Its cash receipts (with the `cash_receipt` capability), else null. */
  readonly cashReceipts: PgCashReceipts | null;

  /** Its escrow API (with the `escrow` capability), else null. */
  readonly escrow: PgEscrow | null;

  /** Its seller payouts (with the `payouts` capability), else null. */
  readonly payouts: PgPayouts | null;

  /** Where its objects hold personal data, erased past their retention or on request. */
  readonly personalData: IPgPersonalData;

  /** What the core reads of a PG's payment object. */
  snapshot(data: PgPaymentData): IPgPaymentSnapshot;

  /** Its incoming webhooks (`POST /payments/webhooks/<path>`). */
  readonly webhook: PgWebhookHandler;
}

/**
 * A PG's incoming webhooks. Nothing in a body is trusted: it only names a payment, which the
 * core re-reads from the PG. A webhook that names a payment only by order id must carry a
 * proof the PG gave that payment alone (Toss's virtual-account `secret`).
 */
export interface PgWebhookHandler {
  /** The last segment of the route the PG is pointed at. */
  readonly path: string;
  /** A stored raw body back to what the route parsed (JSON, or a form for some PGs). */
  decode(raw: string): unknown;
  /**
   * Null when the request is genuinely the PG's, else why not, checked on the raw body and
   * headers before anything is stored or applied (a signature, where the PG signs). A PG
   * that does not sign answers null: its webhooks are proven by re-reading the payment.
   */
  authenticate(raw: string, headers: Record<string, unknown>, body: unknown): string | null;
  /** What the body names. */
  parse(body: unknown): IPgWebhookEvent;
}

export type IPgWebhookEvent =
  /**
   * A payment named by its PG id, and by our order id where the body says it (unproven: it
   * only points at a prepared order, whose payment is then read from the PG).
   */
  | { kind: "payment"; uid: string; order_id: string | null; event_type: string | null }
  /** A cancel named by the PG's id alone (Toss's `CANCEL_STATUS_CHANGED`): its payment is looked up at the PG. */
  | { kind: "cancel"; cancel_id: string; at: string | null; event_type: string | null }
  /**
   * A payment named by our order id, with a proof only the PG could give: `proven` tells
   * whether a payment object carries it (compared in constant time).
   */
  | { kind: "order"; order_id: string; proven: (data: PgPaymentData) => boolean; event_type: string | null }
  /**
   * A billing key named by its PG id: `deleted` when the event says the PG deleted it (the
   * PG is asked to confirm where it can be; `reason` in its words).
   */
  | { kind: "billing_key"; uid: string; deleted: boolean; reason: string | null; event_type: string | null }
  /** A payout the PG executes changed (its id at the PG, and our reference): re-read from the PG. */
  | { kind: "payout"; payout_id: string; ref: string; event_type: string | null }
  /** A seller registered for payouts changed (its id at the PG): re-read from the PG. */
  | { kind: "seller"; seller_id: string; event_type: string | null }
  /** Nothing this server acts on (kept in the log, ignored). */
  | { kind: "unknown"; event_type: string | null; reason: string };

/** One line of a PG's settlement report: a sale (positive) or a cancel (negative). */
export interface IPgSettlementLine {
  /** The PG's payment id. */
  uid: string;
  order_id: string;
  amount: number;
  /** Every fee the PG keeps of this line (signed like `amount`). */
  fee: number;
  /** `YYYY-MM-DD` */
  sold_on: string;
  paid_out_on: string | null;
}

/**
 * - `billing`: billing keys stored and charged
 * - `settlement_report`: a settlement report read through the API
 * - `listing`: its payments listed by period (the sweep, the reconciliation of transactions)
 * - `cash_receipt`: cash receipts issued and cancelled through its API (`cashReceipts`)
 * - `escrow`: an escrow payment's delivery registered through its API (`escrow`)
 * - `payouts`: a marketplace's sellers paid by the PG (`payouts`)
 * - `resume_approval`: a payment found authenticated but not approved while reconciling is
 *   approved again with the same request (the PG keeps the approval idempotent); without it,
 *   such a payment is left to expire at the PG
 */
export type PgCapability = "billing" | "settlement_report" | "listing" | "resume_approval" | "cash_receipt" | "escrow" | "payouts";

/** A billing-key registration as the caller sent it for this PG, without its record's password. */
export type PgBillingRequest = IPaymentReservation.IStore extends infer S ? (S extends unknown ? Omit<S, "password" | "source" | "title"> : never) : never;

/**
 * What a browser SDK opens this PG's window with (`null` where the PG needs none or the store
 * has none configured): a public key for the browser, and the merchant's id at the PG.
 */
export interface IPgWindowKeys {
  public_key: string | null;
  merchant_id: string | null;
}

/** A page of a PG's listing. */
export interface IPgListing {
  entries: IPgListedEntry[];
  cursor: string | null;
}

/**
 * What a listing tells of a payment. A PG that lists transactions (an approval, each cancel)
 * gives several entries per payment: they add up (`amount` of the approval, `cancelled` of
 * each cancel), and the latest entry's status is the payment's.
 */
export interface IPgListedEntry {
  uid: string;
  order_id: string;
  status: import("./IPgPaymentSnapshot").IPgPaymentSnapshot.Status;
  /** The payment's total, when this entry tells it (else null). */
  amount: number | null;
  /** Refunded by this entry (a listing of whole payments: all of it). */
  cancelled: number;
  currency: string;
  /** ISO-8601: when the payment was made or, for a cancel entry, cancelled. */
  at: string;
  /** The PG's id of this entry's transaction, where it lists transactions (Toss `transactionKey`). */
  transaction_id?: string;
}
