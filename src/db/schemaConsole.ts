import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/*
 * The operator console's sign-ins. Part of the schema (src/db/schema.ts re-exports it).
 */
const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * A signed-in operator: the session's token is only ever stored as its SHA-256. Expired rows
 * are deleted at each sign-in.
 */
export const console_sessions = pgTable(
  "console_sessions",
  {
    token_hash: text("token_hash").primaryKey(),
    operator: text("operator").notNull(),
    /** viewer | operator */
    role: text("role").notNull(),
    created_at: at("created_at").notNull(),
    expires_at: at("expires_at").notNull(),
  },
  (t) => [index("console_sessions_expires").on(t.expires_at)],
);

/**
 * Each reconciliation with a PG, as it ran (the daily one of the workers, an operator's, a
 * marketplace's settlement check): its period and its differences (ids and amounts only), for
 * the console. Purged with the inbound webhooks.
 */
export const reconciliation_runs = pgTable(
  "reconciliation_runs",
  {
    id: text("id").primaryKey(),
    /** transactions | settlement */
    kind: text("kind").notNull(),
    /** The client of a settlement check; null for the transactions of every store. */
    client_id: text("client_id"),
    period_from: text("period_from").notNull(),
    period_to: text("period_to").notNull(),
    checked: integer("checked").notNull(),
    differences: integer("differences").notNull(),
    result: jsonb("result").notNull(),
    ran_at: at("ran_at").notNull(),
  },
  (t) => [index("reconciliation_runs_ran").on(t.ran_at)],
);

/**
 * Calls to the PGs that name a payment (`ref`: its PG id, or our order id), for the console's
 * timelines. Purged with the inbound webhooks.
 */
export const pg_calls = pgTable(
  "pg_calls",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    vendor_code: text("vendor_code").notNull(),
    ref: text("ref").notNull(),
    operation: text("operation").notNull(),
    outcome: text("outcome").notNull(),
    duration_ms: integer("duration_ms").notNull(),
    at: at("at").notNull(),
  },
  (t) => [index("pg_calls_ref").on(t.vendor_code, t.ref, t.at), index("pg_calls_at").on(t.at)],
);
