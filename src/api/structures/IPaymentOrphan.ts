import { tags } from "typia";

import { IPaymentVendor } from "./IPaymentVendor";

/**
 * A payment a PG holds that nobody registered: no history and no prepared order names it
 * past the orphan grace (`ORPHAN_GRACE_SECONDS`, 30 minutes by default). A buyer paid in the
 * PG's window and the shop never heard (a closed tab, a lost redirect, a crashed shop), or
 * something else than payments-server approved it. Found by the sweep of each PG's listing,
 * announced to the client whose configuration names its store (`payment.orphaned`), and
 * under that client's `orphan_policy: "cancel"` refunded in full at the PG
 * (`payment.orphan_cancelled`). A payment a history holds is never an orphan, and never
 * cancelled as one.
 */
export interface IPaymentOrphan {
  id: string & tags.Format<"uuid">;
  vendor: IPaymentVendor;
  /** The order id the PG holds for it (Toss `orderId`, Iamport `merchant_uid`, PortOne `paymentId`). */
  order_id: string;
  /** The client that owns its store, or null when no client's `stores` names it. */
  client_id: string | null;
  currency: string;
  amount: number & tags.Type<"int64">;
  /** Refunded at the PG so far (by this server's orphan cancel or by anyone else). */
  cancelled: number & tags.Type<"int64">;
  /**
   * - `orphaned`: paid, nobody registered it
   * - `cancelled`: refunded in full at the PG
   * - `claimed`: a history holds it now (its caller registered it late)
   */
  status: "orphaned" | "cancelled" | "claimed";
  /** The PG's status when last read (`paid`, `partial_cancelled`, `cancelled`...). */
  pg_status: string;
  /** When the PG says it was made. */
  paid_at: string & tags.Format<"date-time">;
  /** When this server found it an orphan. */
  found_at: string & tags.Format<"date-time">;
  updated_at: string & tags.Format<"date-time">;
  /** Why its cancel was refused or failed, when it was. */
  note: string | null;
}
export namespace IPaymentOrphan {
  /**
   * What payments-server POSTs to the owning client's `events_url` (signed and encrypted like
   * every webhook; accept it with `WebhookReceiver.accept<IPaymentOrphan.IWebhook>()`):
   * `payment.orphaned` once when found, then `payment.orphan_cancelled` once when refunded.
   */
  export interface IWebhook {
    id: string & tags.Format<"uuid">;
    /** `payment.orphaned` or `payment.orphan_cancelled`. */
    type: string;
    created_at: string & tags.Format<"date-time">;
    previous: IPaymentOrphan | null;
    current: IPaymentOrphan;
  }

  /** `GET /operator/orphans` */
  export interface IRequest {
    status?: "orphaned" | "cancelled" | "claimed";
    /** At most this many, newest first (default 100). */
    limit?: number & tags.Type<"uint32"> & tags.Minimum<1> & tags.Maximum<1000>;
  }

  /** `POST /operator/sweeps`: sweep every store's listing now, over the last `window_seconds`. */
  export interface ISweep {
    /** How far back to read (default: the configured sweep window). */
    window_seconds?: number & tags.Type<"uint32"> & tags.Minimum<1> & tags.Maximum<2678400>;
    /** Only this PG's stores (default: every store of every PG). */
    vendor?: IPaymentVendor.Code;
  }

  /** What one sweep did. */
  export interface ISweepResult {
    /** Listing entries read, over every store. */
    listed: number & tags.Type<"uint32">;
    /** Payments whose history differed from the PG and was brought up to date (a lost webhook). */
    updated: number & tags.Type<"uint32">;
    /** Prepared orders the PG reports paid that the server registered itself. */
    completed: number & tags.Type<"uint32">;
    /** Orphans found by this sweep. */
    orphaned: number & tags.Type<"uint32">;
    /** Orphans refunded at their PG by this sweep (clients with `orphan_policy: "cancel"`). */
    cancelled: number & tags.Type<"uint32">;
    /** Stores whose PG did not answer (swept again next time). */
    failed_stores: string[];
  }
}
