import { bigint, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/*
 * The PG's edge: payments nobody registered, and the work one instance does at a time. Part of
 * the schema (src/db/schema.ts re-exports it; drizzle-kit reads it from there).
 */
const money = (name: string) => bigint(name, { mode: "number" });
const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * A payment a PG holds that nobody registered (no history, no prepared order) past the
 * orphan grace: found by the sweep of the PG's listing, announced to the client that owns
 * its store, and cancelled at the PG under that client's `cancel` policy.
 */
export const payment_orphans = pgTable(
  "payment_orphans",
  {
    id: uuid("id").primaryKey(),
    vendor_code: text("vendor_code").notNull(),
    vendor_store_id: text("vendor_store_id").notNull(),
    vendor_uid: text("vendor_uid").notNull(),
    order_id: text("order_id").notNull(),
    /** The client whose configuration names the store; null when none does. */
    client_id: text("client_id"),
    currency: text("currency").notNull(),
    amount: money("amount").notNull(),
    /** Refunded at the PG, by us or anyone. */
    cancelled: money("cancelled").notNull(),
    /** orphaned | cancelled (refunded in full at the PG) | claimed (a history holds it now) */
    status: text("status").notNull(),
    /** The PG's status when last read (IPgPaymentSnapshot.Status). */
    pg_status: text("pg_status").notNull(),
    /** When the PG says it was paid (its listing's time). */
    paid_at: at("paid_at").notNull(),
    found_at: at("found_at").notNull(),
    updated_at: at("updated_at").notNull(),
    /** Why a cancel was refused or failed, for the operator. */
    note: text("note"),
  },
  (t) => [
    uniqueIndex("payment_orphans_vendor").on(t.vendor_code, t.vendor_uid, t.vendor_store_id),
    index("payment_orphans_status").on(t.status, t.found_at),
  ],
);

/**
 * Work that one instance does at a time, on a schedule shared by all (the sweep of the PGs'
 * listings, the daily reconciliation): a run is claimed by moving `due_at` on.
 */
export const worker_runs = pgTable("worker_runs", {
  name: text("name").primaryKey(),
  due_at: at("due_at").notNull(),
  /** Held by the instance running it until then (a crashed run is taken again after it). */
  locked_until: at("locked_until"),
  last_started_at: at("last_started_at"),
  last_finished_at: at("last_finished_at"),
  last_outcome: text("last_outcome"),
});

