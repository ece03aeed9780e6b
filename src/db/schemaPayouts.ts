import { sql } from "drizzle-orm";
import { bigint, date, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/*
 * Seller payouts through a PG. Part of the schema (src/db/schema.ts re-exports it; drizzle-kit
 * reads it from there).
 */
const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * A ledger party registered as a seller at a PG that pays sellers: one per client and party.
 * Its business and bank account details are encrypted (`details_enc`, the payment key) and
 * only ever shown masked.
 */
export const settlement_sellers = pgTable(
  "settlement_sellers",
  {
    id: uuid("id").primaryKey(),
    client_id: text("client_id").notNull(),
    party_id: text("party_id").notNull(),
    vendor_code: text("vendor_code").notNull(),
    vendor_store_id: text("vendor_store_id").notNull(),
    /** The seller's id at the PG (null while the registration is on its way). */
    pg_seller_id: text("pg_seller_id"),
    business_type: text("business_type").notNull(),
    /** approval_required | partially_approved | kyc_required | approved */
    status: text("status").notNull(),
    details_enc: text("details_enc").notNull(),
    webhook_url: text("webhook_url"),
    created_at: at("created_at").notNull(),
    updated_at: at("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("settlement_sellers_party").on(t.client_id, t.party_id),
    uniqueIndex("settlement_sellers_pg").on(t.vendor_code, t.pg_seller_id),
  ],
);

/**
 * A payout batch executed by a PG (one per batch): `sending` until the PG has it, then the
 * PG's own status, re-read by the workers until it is final.
 */
export const settlement_payout_executions = pgTable(
  "settlement_payout_executions",
  {
    payout_id: uuid("payout_id").primaryKey(),
    client_id: text("client_id").notNull(),
    seller_id: uuid("seller_id").notNull(),
    vendor_code: text("vendor_code").notNull(),
    vendor_store_id: text("vendor_store_id").notNull(),
    pg_payout_id: text("pg_payout_id"),
    /** sending | requested | in_progress | completed | failed | cancelled */
    pg_status: text("pg_status").notNull(),
    /** The Korean day the PG pays it; null: at once. */
    payout_date: date("payout_date", { mode: "string" }),
    amount: bigint("amount", { mode: "number" }).notNull(),
    failure_code: text("failure_code"),
    failure_message: text("failure_message"),
    /** When the PG was last asked (the workers re-read the oldest first). */
    checked_at: at("checked_at").notNull(),
    created_at: at("created_at").notNull(),
  },
  (t) => [index("settlement_payout_executions_open").on(t.checked_at).where(sql`pg_status IN ('sending', 'requested', 'in_progress')`)],
);
