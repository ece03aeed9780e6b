import { bigserial, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/*
 * The access trail: who read or changed which record. Part of the schema (src/db/schema.ts
 * re-exports it; drizzle-kit reads it from there).
 */

/**
 * One request that read or changed a payment, billing key, settlement or operator record.
 * Append-only and chained: `hash` is SHA-256 over `prev_hash` and the entry, so a changed,
 * removed or reordered row breaks the chain (`npm run audit:verify`). Nothing secret: ids,
 * route, address and status only.
 */
export const access_trail = pgTable(
  "access_trail",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull(),
    /** client | operator */
    actor_kind: text("actor_kind").notNull(),
    /** The client id, or `operator`. */
    actor_id: text("actor_id").notNull(),
    /** read | change */
    action: text("action").notNull(),
    method: text("method").notNull(),
    /** The route's template, e.g. `/payments/histories/:id`. */
    route: text("route").notNull(),
    /** payment | billing_key | settlement | operator */
    record_kind: text("record_kind").notNull(),
    /** The record's id where the request named or answered one. */
    record_id: text("record_id"),
    address: text("address"),
    status: integer("status").notNull(),
    prev_hash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [index("access_trail_at").on(t.at)],
);
