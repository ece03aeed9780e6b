import { sql } from "drizzle-orm";
import { v7 as timeOrderedId } from "uuid";

import type { IPaymentCashReceipt } from "../../api/structures/IPaymentCashReceipt";
import type { IPaymentSchedule } from "../../api/structures/IPaymentSchedule";
import type { IPaymentEscrow } from "../../api/structures/IPaymentEscrow";
import type { IPaymentHistory } from "../../api/structures/IPaymentHistory";
import type { IPaymentOrphan } from "../../api/structures/IPaymentOrphan";
import type { IPaymentReservation } from "../../api/structures/IPaymentReservation";
import type { IPaymentSource } from "../../api/structures/IPaymentSource";
import type { IPaymentSettlement } from "../../api/structures/IPaymentSettlement";
import type { IPaymentSeller } from "../../api/structures/IPaymentSeller";
import type { DrizzleTx } from "../../db/Database";
import { webhook_events } from "../../db/schema";
import type { PaymentContext } from "../PaymentContext";

/**
 * The transactional outbox. `enqueue` is called inside the transaction that changes a
 * history, so that a change and its event are committed together or not at all; the
 * delivery workers send what is committed.
 */
export namespace WebhookOutbox {
  export interface IPayload {
    /** `null` for the first state a history reaches. */
    previous: IPaymentHistory | null;
    current: IPaymentHistory;
  }

  /**
   * The event type of a change, named after the state reached; a change of disputes alone is
   * `payment.disputed` (one more open) or `payment.dispute_resolved`.
   */
  export const typeOf = (previous: IPaymentHistory | null, current: IPaymentHistory): string => {
    if (previous !== null && previous.status === current.status) {
      const count = (h: IPaymentHistory, status: "open" | "resolved") => (h.disputes ?? []).filter((d) => d.status === status).length;
      if (count(current, "open") > count(previous, "open")) return "payment.disputed";
      if (count(current, "resolved") > count(previous, "resolved")) return "payment.dispute_resolved";
    }
    return `payment.${current.status}`;
  };

  /** True when the two snapshots differ in anything a caller acts on. */
  export const changed = (previous: IPaymentHistory, current: IPaymentHistory): boolean =>
    previous.status !== current.status ||
    previous.paid_at !== current.paid_at ||
    previous.cancelled_at !== current.cancelled_at ||
    previous.refund !== current.refund ||
    previous.cancels.length !== current.cancels.length ||
    JSON.stringify(previous.disputes ?? []) !== JSON.stringify(current.disputes ?? []);

  /** A payout's status change, for the marketplace (ordered per payout). */
  export interface IPayoutPayload {
    previous: IPaymentSettlement.IPayout | null;
    current: IPaymentSettlement.IPayout;
  }
  export const enqueuePayout = (ctx: PaymentContext, tx: DrizzleTx, props: { client_id: string } & IPayoutPayload): Promise<string> =>
    insert(ctx, tx, { payout_id: props.current.id }, props.client_id, `payout.${props.current.status}`, { previous: props.previous, current: props.current }, props.current.webhook_url);

  /** An orphan's change, for the client that owns its store (ordered per orphan). */
  export interface IOrphanPayload {
    previous: IPaymentOrphan | null;
    current: IPaymentOrphan;
  }
  export const enqueueOrphan = (ctx: PaymentContext, tx: DrizzleTx, type: string, props: { client_id: string; events_url: string | null } & IOrphanPayload): Promise<string> =>
    insert(ctx, tx, { orphan_id: props.current.id }, props.client_id, type, { previous: props.previous, current: props.current }, props.events_url);

  /** A reservation's change (its billing key revoked at the PG), for its client. */
  export interface IReservationPayload {
    previous: IPaymentReservation.ISummary | null;
    current: IPaymentReservation.ISummary;
  }
  export const enqueueReservation = (ctx: PaymentContext, tx: DrizzleTx, type: string, props: { client_id: string; events_url: string | null } & IReservationPayload): Promise<string> =>
    insert(ctx, tx, { reservation_id: props.current.id }, props.client_id, type, { previous: props.previous, current: props.current }, props.events_url);

  /** A seller's status changed at its PG, for the marketplace (ordered per seller). */
  export interface ISellerPayload {
    previous: IPaymentSeller;
    current: IPaymentSeller;
  }
  export const enqueueSeller = (ctx: PaymentContext, tx: DrizzleTx, props: { client_id: string } & ISellerPayload): Promise<string> =>
    insert(ctx, tx, { seller_id: props.current.id }, props.client_id, "seller.status_changed", { previous: props.previous, current: props.current }, props.current.webhook_url);

  /** A schedule's change, in its billing key's stream (ordered with the key's own events), to the schedule's URL. */
  export interface ISchedulePayload {
    previous: IPaymentSchedule | null;
    current: IPaymentSchedule;
    charge: IPaymentSchedule.ICharge | null;
  }
  export const enqueueSchedule = (
    ctx: PaymentContext,
    tx: DrizzleTx,
    type: IPaymentSchedule.IWebhook["type"],
    props: { client_id: string; reservation_id: string; webhook_url: string | null } & ISchedulePayload,
  ): Promise<string> =>
    insert(ctx, tx, { reservation_id: props.reservation_id }, props.client_id, type, { previous: props.previous, current: props.current, charge: props.charge }, props.webhook_url);

  /**
   * A change of a record that belongs to a history (its cash receipt, its escrow), in the
   * history's stream (ordered with the payment's own events); it names its source itself.
   */
  export interface IRelatedPayload {
    source: IPaymentSource;
    previous: IPaymentCashReceipt | IPaymentEscrow | null;
    current: IPaymentCashReceipt | IPaymentEscrow;
  }
  export const enqueueRelated = (
    ctx: PaymentContext,
    tx: DrizzleTx,
    type: IPaymentCashReceipt.IWebhook["type"] | IPaymentEscrow.IWebhook["type"],
    props: { client_id: string; history_id: string; webhook_url: string | null } & IRelatedPayload,
  ): Promise<string> =>
    insert(ctx, tx, { history_id: props.history_id }, props.client_id, type, { source: props.source, previous: props.previous, current: props.current }, props.webhook_url);

  export const enqueue = (
    ctx: PaymentContext,
    tx: DrizzleTx,
    props: { client_id: string; previous: IPaymentHistory | null; current: IPaymentHistory },
  ): Promise<string> =>
    insert(ctx, tx, { history_id: props.current.id }, props.client_id, typeOf(props.previous, props.current), { previous: props.previous, current: props.current }, props.current.webhook_url);

  /** What sends an event again from its first attempt (same `webhook-id`): a client's replay, an operator's. */
  export const RESEND = { status: "pending", attempts: 0, next_attempt_at: sql`now()`, delivered_at: null } as const;

  /** One event of a stream (a history's or a payout's), pending unless it has nowhere to go. */
  const insert = async (
    ctx: PaymentContext,
    tx: DrizzleTx,
    stream: { history_id: string } | { payout_id: string } | { orphan_id: string } | { reservation_id: string } | { seller_id: string },
    client_id: string,
    type: string,
    payload: IPayload | IPayoutPayload | IOrphanPayload | IReservationPayload | IRelatedPayload | ISchedulePayload | ISellerPayload,
    webhook_url: string | null,
  ): Promise<string> => {
    // Time-ordered like the histories' ids: appended to the primary key, not scattered over it.
    const id = timeOrderedId();
    const now = new Date();
    await tx.insert(webhook_events).values({
      id,
      ...stream,
      client_id,
      type,
      // A skipped event is never sent: its record is kept, not a payload nobody reads.
      payload_enc: webhook_url !== null ? ctx.ciphers.payment.encryptJson(payload) : null,
      webhook_url,
      status: webhook_url !== null ? "pending" : "skipped",
      next_attempt_at: now,
      created_at: now,
    });
    return id;
  };
}
