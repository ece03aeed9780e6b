import { index, pgTable, text, timestamp } from "drizzle-orm/pg-core";

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
