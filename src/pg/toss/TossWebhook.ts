import crypto from "node:crypto";

import type { ITossPayment } from "../../api/structures/toss/ITossPayment";

/**
 * What a Toss webhook body names, and nothing more: the server never trusts its contents,
 * it re-reads the payment from Toss. `PAYMENT_STATUS_CHANGED` names a `paymentKey`;
 * `DEPOSIT_CALLBACK` has no event type nor payment key, only `orderId` and the payment's
 * `secret`, which must equal the secret of the payment at Toss. `BILLING_DELETED` names a
 * billing key deleted at Toss.
 */
export namespace TossWebhook {
  export type Parsed =
    | { kind: "status_changed"; paymentKey: string; orderId: string | null }
    | { kind: "deposit"; orderId: string; secret: string; status: string }
    | { kind: "billing_deleted"; billingKey: string; reason: string | null }
    | { kind: "cancel_changed"; transactionKey: string; cancelStatus: string; canceledAt: string | null }
    | { kind: "payout"; id: string; ref: string }
    | { kind: "seller"; id: string }
    | { kind: "unknown"; event_type: string | null };

  export const parse = (body: unknown): Parsed => {
    if (typeof body !== "object" || body === null) return { kind: "unknown", event_type: null };
    const b = body as Record<string, unknown>;
    if (b.eventType === "PAYMENT_STATUS_CHANGED") {
      const data = b.data as Record<string, unknown> | undefined;
      if (typeof data?.paymentKey === "string" && data.paymentKey.length > 0 && data.paymentKey.length <= 200)
        return { kind: "status_changed", paymentKey: data.paymentKey, orderId: typeof data.orderId === "string" ? data.orderId : null };
      return { kind: "unknown", event_type: "PAYMENT_STATUS_CHANGED" };
    }
    if (b.eventType === "CANCEL_STATUS_CHANGED") {
      const data = b.data as Record<string, unknown> | undefined;
      if (typeof data?.transactionKey === "string" && data.transactionKey.length > 0 && data.transactionKey.length <= 200)
        return {
          kind: "cancel_changed",
          transactionKey: data.transactionKey,
          cancelStatus: String(data.cancelStatus ?? "").slice(0, 40),
          canceledAt: typeof data.canceledAt === "string" ? data.canceledAt.slice(0, 40) : null,
        };
      return { kind: "unknown", event_type: "CANCEL_STATUS_CHANGED" };
    }
    if (b.eventType === "BILLING_DELETED") {
      const data = b.data as Record<string, unknown> | undefined;
      if (typeof data?.billingKey === "string" && data.billingKey.length > 0 && data.billingKey.length <= 200)
        return { kind: "billing_deleted", billingKey: data.billingKey, reason: typeof data.reason === "string" ? data.reason.slice(0, 200) : null };
      return { kind: "unknown", event_type: "BILLING_DELETED" };
    }
    // Payouts v2: `{eventType, entityType, entityBody}`, the entity named by its id.
    if (b.eventType === "payout.changed" || b.eventType === "seller.changed") {
      const entity = b.entityBody as Record<string, unknown> | undefined;
      const id = entity?.id;
      if (typeof id !== "string" || id.length === 0 || id.length > 200) return { kind: "unknown", event_type: b.eventType };
      if (b.eventType === "seller.changed") return { kind: "seller", id };
      return typeof entity?.refPayoutId === "string" && entity.refPayoutId.length <= 200 ? { kind: "payout", id, ref: entity.refPayoutId } : { kind: "unknown", event_type: b.eventType };
    }
    // DEPOSIT_CALLBACK carries no eventType: recognised by its secret and order id.
    if (b.eventType === undefined && typeof b.secret === "string" && typeof b.orderId === "string")
      return { kind: "deposit", orderId: b.orderId, secret: b.secret, status: String(b.status ?? "") };
    return { kind: "unknown", event_type: typeof b.eventType === "string" ? b.eventType.slice(0, 100) : null };
  };

  /** Event type as stored with the raw webhook. */
  export const typeOf = (p: Parsed): string | null =>
    p.kind === "status_changed" ? "PAYMENT_STATUS_CHANGED" : p.kind === "deposit" ? "DEPOSIT_CALLBACK" : p.kind === "billing_deleted" ? "BILLING_DELETED" : p.kind === "cancel_changed" ? "CANCEL_STATUS_CHANGED" : p.kind === "payout" ? "payout.changed" : p.kind === "seller" ? "seller.changed" : p.event_type;

  /** Constant-time comparison of the callback's secret with the payment's at Toss. */
  export const secretMatches = (payment: ITossPayment, secret: string): boolean => {
    if (typeof payment.secret !== "string") return false;
    const a = crypto.createHash("sha256").update(payment.secret).digest();
    const b = crypto.createHash("sha256").update(secret).digest();
    return crypto.timingSafeEqual(a, b);
  };
}
