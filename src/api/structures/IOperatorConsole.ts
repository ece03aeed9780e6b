import { tags } from "typia";

import type { IPaymentSettlement } from "./IPaymentSettlement";

/** What the operator console (`/console`) reads and does: plain JSON behind its sign-in. */
export namespace IOperatorConsole {
  export interface ISignIn {
    /** A named operator (CONSOLE_OPERATORS); absent: the operator token. */
    name?: string & tags.MinLength<1> & tags.MaxLength<64>;
    token: string & tags.MinLength<1> & tags.MaxLength<512>;
  }
  export interface ISession {
    operator: string;
    role: "viewer" | "operator";
    expires_at: string & tags.Format<"date-time">;
  }

  /**
   * A search of payments over a bounded range of days (at most 93, the last 7 by default); an
   * exact id (`q`) without `from` or `to` is found whatever its age.
   */
  export interface IPaymentSearch {
    /** Our id, the PG's id or the order id (the source's id), exactly. */
    q?: string & tags.MinLength<1> & tags.MaxLength<200>;
    client?: string & tags.MaxLength<64>;
    status?: string & tags.MaxLength<32>;
    vendor?: "toss.payments" | "iamport" | "portone";
    min_amount?: number & tags.Type<"uint64">;
    max_amount?: number & tags.Type<"uint64">;
    from?: string & tags.Format<"date-time">;
    to?: string & tags.Format<"date-time">;
    /** The last row's `cursor` of the previous page. */
    cursor?: string & tags.MaxLength<100>;
    limit?: number & tags.Type<"uint32"> & tags.Minimum<1> & tags.Maximum<100>;
  }
  export interface IPaymentRow {
    id: string;
    client_id: string;
    vendor: { code: string; store_id: string; uid: string };
    source: { schema: string; table: string; id: string };
    price: number;
    refund: number;
    currency: string;
    status: string;
    created_at: string;
    paid_at: string | null;
  }
  export interface IPaymentPage {
    data: IPaymentRow[];
    /** Pass as `cursor` for the next page; null after the last. */
    cursor: string | null;
    from: string;
    to: string;
  }

  /** A payment's whole story, oldest first. Nothing personal: no buyer, card or account. */
  export interface IPaymentStory {
    payment: IPaymentRow;
    timeline: ITimelineEntry[];
  }
  export interface ITimelineEntry {
    at: string;
    kind: "state" | "cancel" | "ledger" | "event" | "delivery" | "pg_webhook" | "pg_call";
    title: string;
    detail: string;
    /** `ok`, `failed` or `neutral`: how the console colours it. */
    tone: "ok" | "failed" | "neutral";
    /** A webhook event's id (replay). */
    event_id?: string;
  }

  /** An operator's refund of a payment: in full, or `amount`. */
  export interface ICancel {
    amount?: number & tags.Type<"uint64"> & tags.Minimum<1>;
    /** Shown to the buyer by the PG, and logged with who cancelled. */
    reason: string & tags.MinLength<1> & tags.MaxLength<200>;
  }

  export interface IWebhooks {
    pending: number;
    /** Seconds the oldest pending event has waited. */
    lag_seconds: number;
    dead: number;
    endpoints: IEndpoint[];
    dead_events: IDeadEvent[];
  }
  /** One client endpoint's deliveries over the last 24 hours. */
  export interface IEndpoint {
    client_id: string;
    webhook_url: string;
    attempts: number;
    failures: number;
    dead: number;
  }
  export interface IDeadEvent {
    id: string;
    client_id: string;
    type: string;
    webhook_url: string;
    attempts: number;
    history_id: string | null;
    created_at: string;
  }
  export interface IReplayEndpoint {
    client_id: string & tags.MaxLength<64>;
    webhook_url: string & tags.MaxLength<2048>;
  }
  export interface IReplayed {
    replayed: number;
  }

  export interface IInboxRequest {
    status?: "received" | "processing" | "applied" | "unchanged" | "deferred" | "ignored" | "rejected" | "failed";
    limit?: number & tags.Type<"uint32"> & tags.Minimum<1> & tags.Maximum<200>;
  }
  export interface IInboxRow {
    id: string;
    vendor: string;
    event_type: string | null;
    vendor_uid: string | null;
    status: string;
    outcome: string | null;
    received_at: string;
  }
  export interface IInbox {
    /** Counts by outcome over the last 24 hours. */
    counts: Record<string, number>;
    data: IInboxRow[];
  }

  export interface IHealthRequest {
    /** How many hours back the payments per hour go (24 by default, a week at most). */
    hours?: number & tags.Type<"uint32"> & tags.Minimum<1> & tags.Maximum<168>;
  }
  /** The console's charts. */
  export interface IHealth {
    /** Paid payments per hour and PG: how many, their amount, and what of it was refunded. */
    hours: { hour: string; vendor: string; payments: number; amount: number; refunded: number }[];
    /** This instance, per minute of the last day: requests per second, and each PG's calls, error rate and latency. */
    minutes: IHealthMinute[];
  }
  export interface IHealthMinute {
    at: string;
    registrations_per_second: number;
    reads_per_second: number;
    /** By PG: calls, the share that failed, and the latency bucket of the median and the 99th percentile (seconds). */
    pg: Record<string, { calls: number; error_rate: number; p50: number | null; p99: number | null }>;
  }

  export interface ISettlementsRequest {
    /** A client: its recent payouts and its revenue over the last 30 days. */
    client?: string & tags.MinLength<1> & tags.MaxLength<64>;
    /** With `client`: this party's balance today. */
    party?: string & tags.MinLength<1> & tags.MaxLength<64>;
  }
  export interface ISettlements {
    /** The latest reconciliations with the PGs, newest first. */
    runs: IReconciliationRun[];
    /** The latest payout batches (of the client, when one is given), newest first. */
    payouts: { id: string; client_id: string; party_id: string; amount: number; status: string; executor: "manual" | "pg"; pg_status: string | null; created_at: string; reported_at: string | null }[];
    balance: IPaymentSettlement.IBalance | null;
    revenue: IPaymentSettlement.IRevenue | null;
  }
  export interface IReconciliationRun {
    id: string;
    kind: "transactions" | "settlement";
    client_id: string | null;
    from: string;
    to: string;
    checked: number;
    differences: number;
    ran_at: string;
    /** What the run found (ids and amounts only). */
    result: unknown;
  }
}
