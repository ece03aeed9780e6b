import { sql } from "drizzle-orm";
import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/*
 * Cash receipts. Part of the schema (src/db/schema.ts re-exports it; drizzle-kit reads it from there).
 */
const money = (name: string) => bigint(name, { mode: "number" });
const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * The cash receipt (현금영수증) of a history paid in cash: one per history. The buyer's
 * identifier is stored encrypted (`identifier_enc`, the payment key) and masked beside it.
 */
export const payment_cash_receipts = pgTable(
  "payment_cash_receipts",
  {
    id: uuid("id").primaryKey(),
    history_id: uuid("history_id").notNull(),
    client_id: text("client_id").notNull(),
    vendor_code: text("vendor_code").notNull(),
    /** The PG's id of the receipt now in force (a re-issue for the rest changes it). */
    pg_receipt_id: text("pg_receipt_id"),
    /**
     * requested (asked for before the payment is paid) | pending (due: the workers issue it) |
     * issued | cancelled | failed
     */
    status: text("status").notNull(),
    /** manual (the shop asked through the API) | policy (its client's policy made it due) */
    origin: text("origin").notNull().default("manual"),
    /** What refunds have made due to cancel (the workers cancel up to it). */
    wanted_cancelled: money("wanted_cancelled").notNull().default(0),
    /** Tries of the work due whose PG did not answer. */
    attempts: integer("attempts").notNull().default(0),
    /** When the workers next act on it; null when nothing is due. */
    next_attempt_at: at("next_attempt_at"),
    type: text("type").notNull(),
    identifier_kind: text("identifier_kind").notNull(),
    identifier_enc: text("identifier_enc").notNull(),
    identifier_masked: text("identifier_masked").notNull(),
    amount: money("amount").notNull(),
    cancelled: money("cancelled").notNull(),
    issue_number: text("issue_number"),
    url: text("url"),
    issued_at: at("issued_at"),
    cancelled_at: at("cancelled_at"),
    failure_code: text("failure_code"),
    failure_message: text("failure_message"),
    created_at: at("created_at").notNull(),
    updated_at: at("updated_at").notNull(),
  },
  (t) => [uniqueIndex("payment_cash_receipts_history").on(t.history_id),
    index("payment_cash_receipts_client").on(t.client_id),
    index("payment_cash_receipts_due").on(t.next_attempt_at).where(sql`${t.next_attempt_at} IS NOT NULL`),
  ],
);
