import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/*
 * Escrows. Part of the schema (src/db/schema.ts re-exports it; drizzle-kit reads it from there).
 */
const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * The escrow of a history paid as escrow at a PG with an escrow API: one per history, made in
 * the transaction that records the payment paid. The delivery (names, phones, addresses) is
 * stored encrypted (`delivery_enc`, the payment key) and erased with the payment's personal data.
 */
export const payment_escrows = pgTable(
  "payment_escrows",
  {
    history_id: uuid("history_id").primaryKey(),
    client_id: text("client_id").notNull(),
    /** awaiting_delivery | delivery_registered | confirmed | rejected */
    status: text("status").notNull(),
    delivery_enc: text("delivery_enc"),
    applied_at: at("applied_at"),
    confirmed_at: at("confirmed_at"),
    rejected_at: at("rejected_at"),
    rejection_reason: text("rejection_reason"),
    created_at: at("created_at").notNull(),
    updated_at: at("updated_at").notNull(),
  },
  (t) => [index("payment_escrows_open").on(t.client_id, t.created_at).where(sql`status IN ('awaiting_delivery', 'delivery_registered')`)],
);
