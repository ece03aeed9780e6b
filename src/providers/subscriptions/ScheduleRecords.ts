import type { IPaymentSchedule } from "../../api/structures/IPaymentSchedule";
import type { IPaymentSource } from "../../api/structures/IPaymentSource";
import type { DrizzleTx } from "../../db/Database";
import { payment_schedules } from "../../db/schema";
import type { PaymentContext } from "../PaymentContext";
import { WebhookOutbox } from "../webhooks/WebhookOutbox";

export type ScheduleRow = typeof payment_schedules.$inferSelect;

/** A schedule's row as its routes and events show it, and what each charge is named by. */
export namespace ScheduleRecords {
  /** The source every charge of a schedule is recorded under (the schema and table are ours). */
  export const SOURCE_SCHEMA = "payments-server";
  export const SOURCE_TABLE = "schedule_charges";

  /**
   * The source, and so the PG order id, of a try of a cycle: the same on every instance and
   * after any crash, so that a try is one payment at most (the histories' unique source).
   */
  export const sourceOf = (row: Pick<ScheduleRow, "id" | "cycle" | "attempt">): IPaymentSource => ({
    schema: SOURCE_SCHEMA,
    table: SOURCE_TABLE,
    id: `sch_${row.id.replaceAll("-", "")}_${row.cycle}_${row.attempt}`,
  });

  export const json = (row: ScheduleRow): IPaymentSchedule => ({
    id: row.id,
    reservation_id: row.reservation_id,
    status: row.status as IPaymentSchedule["status"],
    amount: row.amount,
    currency: row.currency as "KRW",
    order_name: row.order_name,
    cycle: row.cycle_rule as IPaymentSchedule.Cycle,
    time_zone: row.time_zone,
    starts_at: row.starts_at.toISOString(),
    ends_at: row.ends_at?.toISOString() ?? null,
    webhook_url: row.webhook_url,
    next_cycle: row.cycle,
    next_cycle_at: row.cycle_at?.toISOString() ?? null,
    next_try_at: row.status === "past_due" && row.due_at !== null ? row.due_at.toISOString() : null,
    failed_tries: row.attempt,
    last_failure:
      row.last_failure_code !== null
        ? {
            code: row.last_failure_code,
            message: row.last_failure_message ?? "",
            recoverable: row.last_failure_recoverable ?? false,
            at: (row.last_failure_at ?? row.updated_at).toISOString(),
          }
        : null,
    stopped_reason: row.stopped_reason,
    charged: row.charged_count,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  });

  /** Announce a schedule's change in its billing key's stream, to the schedule's URL. */
  export const announce = (
    ctx: PaymentContext,
    tx: DrizzleTx,
    type: IPaymentSchedule.IWebhook["type"],
    before: ScheduleRow | null,
    after: ScheduleRow,
    charge: IPaymentSchedule.ICharge | null = null,
  ): Promise<string> =>
    WebhookOutbox.enqueueSchedule(ctx, tx, type, {
      client_id: after.client_id,
      reservation_id: after.reservation_id,
      webhook_url: after.webhook_url,
      previous: before === null ? null : json(before),
      current: json(after),
      charge,
    });
}
