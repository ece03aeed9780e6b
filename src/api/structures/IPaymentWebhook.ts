import { tags } from "typia";

import { IPaymentHistory } from "./IPaymentHistory";
import { IPaymentSource } from "./IPaymentSource";

/**
 * What payments-server POSTs to a history's `webhook_url` when the history changes.
 *
 * On the wire the body is this object as JSON, encrypted with the calling service's
 * transport key (AES-256-CBC, PKCS#7, base64, `text/plain`), and signed by the Standard
 * Webhooks scheme (`webhook-id`, `webhook-timestamp`, `webhook-signature` headers, one
 * signature per configured secret). Accept it with `WebhookReceiver.accept()`.
 *
 * Every state a history reaches is announced once, from its first (`previous: null`) on.
 * Delivery is at least once: deduplicate by `id` (= `webhook-id`). Events of one history
 * arrive in order.
 */
export interface IPaymentWebhook {
  /** Event id, equal to the `webhook-id` header; the same on every retry and replay. */
  id: string & tags.Format<"uuid">;
  /** `payment.<status reached>`, e.g. `payment.paid`, `payment.cancelled`. */
  type: string;
  /** When the change was recorded. */
  created_at: string & tags.Format<"date-time">;
  /** The caller's record the payment belongs to (also in `previous` and `current`). */
  source: IPaymentSource;
  /**
   * The history before the change; `null` on its first event, when the payment is first
   * recorded (`payment.paid` of a card registration or billing charge,
   * `payment.waiting_deposit` of a virtual account, or the outcome the reconciler settled).
   */
  previous: IPaymentHistory | null;
  /** The history after the change. */
  current: IPaymentHistory;
}
export namespace IPaymentWebhook {
  /** An outgoing event of a history, with every delivery attempt. */
  export interface IEvent {
    id: string & tags.Format<"uuid">;
    type: string;
    /**
     * - `pending`: to be sent (or being retried)
     * - `delivered`: the receiver answered 2xx
     * - `dead`: every retry failed
     * - `gone`: the receiver answered 410 Gone for this URL
     * - `skipped`: the history has no `webhook_url`
     */
    status: "pending" | "delivered" | "dead" | "gone" | "skipped";
    webhook_url: string | null;
    /** Attempts made since creation or the last replay. */
    attempts: number & tags.Type<"uint32">;
    next_attempt_at: (string & tags.Format<"date-time">) | null;
    created_at: string & tags.Format<"date-time">;
    delivered_at: (string & tags.Format<"date-time">) | null;
    /** Every attempt, oldest first (replays included). */
    deliveries: IDelivery[];
  }

  /** One delivery attempt. */
  export interface IDelivery {
    attempt: number & tags.Type<"uint32">;
    attempted_at: string & tags.Format<"date-time">;
    /** The receiver's HTTP status; `null` when it did not answer. */
    status_code: (number & tags.Type<"uint32">) | null;
    duration_ms: number & tags.Type<"uint32">;
    /** Why it failed (connection refused, timeout, refused URL...), or `null`. */
    error: string | null;
  }

  /** Replay one event (`event_id`) or every sent event of the history. */
  export interface IReplay {
    password: string & tags.MinLength<1> & tags.MaxLength<256>;
    event_id?: string & tags.Format<"uuid">;
  }
}
