import { sql } from "drizzle-orm";
import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/*
 * Money columns are BIGINT read as JS numbers: integer minor units, exact up to 2^53.
 * Columns ending in `_enc` hold AES-256-GCM ciphertext (see AtRestCipher); nothing in
 * them is ever queried, so they are plain TEXT.
 */
const money = (name: string) => bigint(name, { mode: "number" });
const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** A payment recorded for a caller's source record, verified with its PG. */
export const payment_histories = pgTable(
  "payment_histories",
  {
    id: uuid("id").primaryKey(),
    /** The calling service that recorded it: other services cannot see it. */
    client_id: text("client_id").notNull(),
    vendor_code: text("vendor_code").notNull(),
    vendor_store_id: text("vendor_store_id").notNull(),
    vendor_uid: text("vendor_uid").notNull(),
    source_schema: text("source_schema").notNull(),
    source_table: text("source_table").notNull(),
    source_id: text("source_id").notNull(),
    currency: text("currency").notNull(),
    price: money("price").notNull(),
    refund: money("refund").notNull().default(0),
    /** Normalized PG status (IPgPaymentSnapshot.Status), plus `pending` while a PG call is in flight. */
    status: text("status").notNull(),
    data_enc: text("data_enc").notNull(),
    password_hash: text("password_hash").notNull(),
    webhook_url: text("webhook_url"),
    created_at: at("created_at").notNull(),
    updated_at: at("updated_at").notNull(),
    paid_at: at("paid_at"),
    cancelled_at: at("cancelled_at"),
  },
  (t) => [
    uniqueIndex("payment_histories_source").on(t.client_id, t.source_schema, t.source_table, t.source_id),
    uniqueIndex("payment_histories_vendor").on(t.vendor_code, t.vendor_store_id, t.vendor_uid),
    index("payment_histories_status").on(t.status, t.updated_at),
  ],
);

/** One cancel (full or partial) of a history, mirrored from the PG's own cancel list. */
export const payment_history_cancels = pgTable(
  "payment_history_cancels",
  {
    id: uuid("id").primaryKey(),
    history_id: uuid("history_id")
      .notNull()
      .references(() => payment_histories.id),
    /** Toss transactionKey / Iamport cancellation_id: each PG cancel is recorded once. */
    vendor_cancel_id: text("vendor_cancel_id").notNull(),
    price: money("price").notNull(),
    reason: text("reason").notNull(),
    cancelled_at: at("cancelled_at").notNull(),
    created_at: at("created_at").notNull(),
  },
  (t) => [uniqueIndex("payment_history_cancels_vendor").on(t.history_id, t.vendor_cancel_id)],
);

/** A billing key (Toss) or customer_uid (Iamport) kept for a caller's source record. */
export const payment_reservations = pgTable(
  "payment_reservations",
  {
    id: uuid("id").primaryKey(),
    client_id: text("client_id").notNull(),
    vendor_code: text("vendor_code").notNull(),
    vendor_store_id: text("vendor_store_id").notNull(),
    /** Toss billingKey / Iamport customer_uid. */
    vendor_uid: text("vendor_uid").notNull(),
    source_schema: text("source_schema").notNull(),
    source_table: text("source_table").notNull(),
    source_id: text("source_id").notNull(),
    title: text("title").notNull(),
    data_enc: text("data_enc").notNull(),
    password_hash: text("password_hash").notNull(),
    created_at: at("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("payment_reservations_source").on(t.client_id, t.source_schema, t.source_table, t.source_id),
    uniqueIndex("payment_reservations_vendor").on(t.vendor_code, t.vendor_store_id, t.vendor_uid),
  ],
);

/**
 * Failed password attempts per target (a record id or a source), whether or not the target
 * exists, so that the limit itself reveals nothing.
 */
export const password_failures = pgTable("password_failures", {
  target: text("target").primaryKey(),
  failures: integer("failures").notNull(),
  window_start: at("window_start").notNull().default(sql`now()`),
});
