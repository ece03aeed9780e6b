import { Inject, Injectable } from "@nestjs/common";
import { and, eq, isNull } from "drizzle-orm";

import type { IPaymentReservation } from "../../api/structures/IPaymentReservation";
import type { IPaymentVendor } from "../../api/structures/IPaymentVendor";
import { payment_reservations } from "../../db/schema";
import type { IInboxOutcome } from "../inbox/PgWebhookInboxProvider";
import { PaymentContext } from "../PaymentContext";
import { ScheduleOutcomes } from "../subscriptions/ScheduleOutcomes";
import { WebhookOutbox } from "../webhooks/WebhookOutbox";

/**
 * A billing key the PG reports deleted (Toss `BILLING_DELETED`, PortOne `BillingKey.Deleted`):
 * its reservation becomes revoked, `reservation.revoked` is announced once to its client's
 * `events_url`, its schedules stop (`subscription.past_due`, with the reason), and charging it
 * answers `422 RESERVATION_REVOKED`. The PG is asked to confirm
 * where it can say (a signed but replayed event for a key still issued changes nothing).
 */
@Injectable()
export class ReservationRevocation {
  public constructor(@Inject(PaymentContext) private readonly ctx: PaymentContext) {}

  public async heard(code: IPaymentVendor.Code, event: { uid: string; deleted: boolean; reason: string | null; event_type: string | null }): Promise<IInboxOutcome> {
    if (!event.deleted) return { status: "ignored", outcome: `${event.event_type ?? "billing key event"}: nothing a reservation holds changes` };
    const rows = await this.ctx.db
      .select()
      .from(payment_reservations)
      .where(and(eq(payment_reservations.vendor_code, code), eq(payment_reservations.vendor_uid, event.uid)));
    // No PG call for a key we do not hold: a flood of forged ids must not load the PG.
    if (rows.length === 0) return { status: "ignored", outcome: "no reservation holds this billing key" };
    let revoked = 0;
    for (const row of rows) {
      if (row.revoked_at !== null) continue;
      const deleted = await this.ctx.gateways.billingKeyDeleted({ code, store_id: row.vendor_store_id, uid: row.vendor_uid });
      if (deleted === false) return { status: "rejected", outcome: "the PG still holds the billing key" };
      await this.ctx.db.transaction(async (tx) => {
        const [updated] = await tx
          .update(payment_reservations)
          .set({ revoked_at: new Date(), revoked_reason: event.reason })
          .where(and(eq(payment_reservations.id, row.id), isNull(payment_reservations.revoked_at)))
          .returning();
        if (updated === undefined) return;
        ++revoked;
        const client = this.ctx.config.clients.find((c) => c.id === row.client_id);
        await WebhookOutbox.enqueueReservation(this.ctx, tx, "reservation.revoked", {
          client_id: row.client_id,
          events_url: client?.events_url ?? null,
          previous: summary(row),
          current: summary(updated),
        });
        // Its schedules stop in the same transaction: none is charged after the key is gone.
        const stopped = await ScheduleOutcomes.stopAll(this.ctx, tx, row.id, ScheduleOutcomes.revokedReason(event.reason));
        this.ctx.logger.info({ event: "reservation.revoked", reservation_id: row.id, vendor: code, schedules_stopped: stopped }, "a billing key was deleted at its PG");
      });
    }
    return revoked === 0 ? { status: "unchanged", outcome: "already revoked" } : { status: "applied", outcome: `revoked ${revoked} reservation(s)` };
  }
}

const summary = (row: typeof payment_reservations.$inferSelect): IPaymentReservation.ISummary => ({
  id: row.id,
  vendor: { code: row.vendor_code as IPaymentVendor.Code, store_id: row.vendor_store_id, uid: row.vendor_uid },
  source: { schema: row.source_schema, table: row.source_table, id: row.source_id },
  title: row.title,
  created_at: row.created_at.toISOString(),
  revoked_at: row.revoked_at?.toISOString() ?? null,
  revoked_reason: row.revoked_reason,
});
