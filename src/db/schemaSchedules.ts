import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/*
 * Billing schedules (subscriptions). Part of the schema (src/db/schema.ts re-exports it;
 * drizzle-kit reads it from there).
 */
const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const money = (name: string) => bigint(name, { mode: "number" });

/**
 * A schedule charging a billing key (reservation) by itself. `cycle` is the number of the
 * cycle to charge next, due at `cycle_at`; `attempt` counts its declined tries. `due_at` is
 * when the workers act next (the cycle's time, or its retry's), null when nothing is due (paused,
 * stopped, ended). Each try's payment is an ordinary history whose source is derived from the
 * schedule, cycle and attempt: at most one payment per try, whatever crashes.
 */
export const payment_schedules = pgTable(
  "payment_schedules",
  {
    id: uuid("id").primaryKey(),
    client_id: text("client_id").notNull(),
    reservation_id: uuid("reservation_id").notNull(),
    /** active | past_due | paused | cancelled | ended */
    status: text("status").notNull(),
    amount: money("amount").notNull(),
    currency: text("currency").notNull(),
    order_name: text("order_name").notNull(),
    /** The cycle as asked: `{type: "once"} | {type: "days", every} | {type: "monthly", day}`. */
    cycle_rule: jsonb("cycle_rule").notNull(),
    time_zone: text("time_zone").notNull(),
    /** The first cycle's time: every later one keeps its local time of day. */
    starts_at: at("starts_at").notNull(),
    ends_at: at("ends_at"),
    settlement: jsonb("settlement"),
    webhook_url: text("webhook_url"),
    cycle: integer("cycle").notNull(),
    cycle_at: at("cycle_at"),
    attempt: integer("attempt").notNull(),
    /** The try the retry ladder counts from (a resume starts it again). */
    ladder_start: integer("ladder_start").notNull(),
    due_at: at("due_at"),
    /** A worker's hold on the schedule while it charges (real time): another takes over after it. */
    claimed_until: at("claimed_until"),
    last_failure_code: text("last_failure_code"),
    last_failure_message: text("last_failure_message"),
    last_failure_recoverable: boolean("last_failure_recoverable"),
    last_failure_at: at("last_failure_at"),
    /** Why it stopped charging on its own (a final decline, the retries exhausted, the key deleted). */
    stopped_reason: text("stopped_reason"),
    charged_count: integer("charged_count").notNull(),
    created_at: at("created_at").notNull(),
    updated_at: at("updated_at").notNull(),
  },
  (t) => [
    index("payment_schedules_due").on(t.due_at).where(sql`due_at IS NOT NULL`),
    index("payment_schedules_reservation").on(t.reservation_id, t.created_at),
  ],
);
