import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import type { IPaymentSettlement } from "../api/structures/IPaymentSettlement";
import { payment_orphans } from "./schemaEdge";
import { settlement_sellers } from "./schemaPayouts";

// The PG's edge (orphans, the workers' shared schedule) is a file of its own.
export * from "./schemaEdge";
export * from "./schemaAudit";
export * from "./schemaReceipts";
export * from "./schemaEscrows";
export * from "./schemaSchedules";
export * from "./schemaPayouts";
export * from "./schemaConsole";

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
    /** The marketplace split, frozen when the payment was registered (null: the platform's alone). */
    settlement_plan: jsonb("settlement_plan").$type<IPaymentSettlement.IPlanFrozen>(),
    /**
     * Who registered it: `caller` (its service, through the API), or `pg_event` (the server,
     * for a prepared order the PG reported paid before the caller registered it).
     */
    origin: text("origin").notNull().default("caller"),
    /** When its personal data was erased (past its retention): amounts, ids, states stay. */
    erased_at: at("erased_at"),
    /** When its caller asked for its erasure (its personal data then kept apart until `erase_after`). */
    erasure_requested_at: at("erasure_requested_at"),
    /** Erased by the workers from then on, whatever its last change (a request, a dispute's longer period). */
    erase_after: at("erase_after"),
    /** The personal data a law still requires, kept apart (encrypted) after an erasure request: no route reads it. */
    kept_enc: text("kept_enc"),
  },
  (t) => [
    // Our order id first: a PG's deposit callback names the order, not the caller's record, and
    // must find it in one index descent (every other use gives the whole key).
    uniqueIndex("payment_histories_source").on(t.source_id, t.source_table, t.source_schema, t.client_id),
    // The PG's id before the store: an inbound webhook names the payment, not the store, and
    // must find it in one index lookup (with the store second, every one walked a whole PG's rows).
    uniqueIndex("payment_histories_vendor").on(t.vendor_code, t.vendor_uid, t.vendor_store_id),
    // What the reconciler leases, alone: a settled row never enters it, so settling a
    // registration adds no entry here and the index stays small at any table size.
    index("payment_histories_unsettled").on(t.status, t.updated_at).where(sql`status IN ('pending', 'waiting_deposit')`),
    // What the workers erase: records not yet erased, oldest first, and those with a date set.
    index("payment_histories_erasable").on(t.created_at).where(sql`erased_at IS NULL`),
    // The operator console's searches: a bounded range of days, newest first.
    index("payment_histories_created").on(t.created_at, t.id),
    index("payment_histories_erase_after").on(t.erase_after).where(sql`erased_at IS NULL AND erase_after IS NOT NULL`),
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
  (t) => [
    uniqueIndex("payment_history_cancels_vendor").on(t.history_id, t.vendor_cancel_id),
    // A PG event naming only a cancel (Toss's CANCEL_STATUS_CHANGED) finds its payment here.
    index("payment_history_cancels_vendor_id").on(t.vendor_cancel_id),
  ],
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
    /** Set when the PG reports the billing key deleted: it is never charged again. */
    revoked_at: at("revoked_at"),
    revoked_reason: text("revoked_reason"),
    /** When its personal data (the PG's billing-key object) was erased at its caller's request. */
    erased_at: at("erased_at"),
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
export const password_failures = pgTable(
  "password_failures",
  {
    target: text("target").primaryKey(),
    failures: integer("failures").notNull(),
    window_start: at("window_start").notNull().default(sql`now()`),
  },
  // Retention: rows whose window has passed are purged.
  (t) => [index("password_failures_window").on(t.window_start)],
);

/* ----------------------------------------------------------------------------------------
 * Lifecycle: prepared orders, idempotency keys
 * ------------------------------------------------------------------------------------- */

/** An order declared before the browser pays: its registration must match it exactly. */
export const payment_prepared_orders = pgTable(
  "payment_prepared_orders",
  {
    id: uuid("id").primaryKey(),
    client_id: text("client_id").notNull(),
    vendor_code: text("vendor_code").notNull(),
    vendor_store_id: text("vendor_store_id").notNull(),
    source_schema: text("source_schema").notNull(),
    source_table: text("source_table").notNull(),
    source_id: text("source_id").notNull(),
    currency: text("currency").notNull(),
    price: money("price").notNull(),
    order_name: text("order_name").notNull(),
    /** Buyer's name, e-mail, phone: personal data, so encrypted (payment family key). */
    customer_enc: text("customer_enc"),
    webhook_url: text("webhook_url"),
    password_hash: text("password_hash").notNull(),
    created_at: at("created_at").notNull(),
    expires_at: at("expires_at").notNull(),
    /** Set when a registration used it. */
    consumed_at: at("consumed_at"),
    /** The split its registration takes when it names none, frozen at prepare. */
    settlement_plan: jsonb("settlement_plan").$type<IPaymentSettlement.IPlanFrozen>(),
  },
  (t) => [
    uniqueIndex("payment_prepared_orders_source").on(t.client_id, t.source_schema, t.source_table, t.source_id),
    // A PG's event names our order id only: the open prepared orders it may complete.
    index("payment_prepared_orders_order").on(t.source_id).where(sql`consumed_at IS NULL`),
    index("payment_prepared_orders_expires").on(t.expires_at),
  ],
);

/**
 * Idempotency keys of money-moving calls: the first answer is kept (encrypted: it holds
 * payment data) and returned to every repeat with the same key and body.
 */
export const idempotency_keys = pgTable(
  "idempotency_keys",
  {
    client_id: text("client_id").notNull(),
    key: text("key").notNull(),
    /** `METHOD path` of the first call: a key is bound to one route. */
    route: text("route").notNull(),
    /** SHA-256 of the decrypted request body. */
    request_hash: text("request_hash").notNull(),
    /**
     * `running` while a call is in flight, `done` once its answer is kept, `pending` when the
     * PG did not answer and `record_id` is the pending record a repeat answers from.
     */
    status: text("status").notNull(),
    response_status: integer("response_status"),
    response_enc: text("response_enc"),
    /** The record the call creates (its id is chosen with the key): what a repeat finds. */
    record_id: uuid("record_id"),
    /** The lease (`Database.lease`) of the process running the call. */
    owner: text("owner"),
    created_at: at("created_at").notNull(),
    expires_at: at("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.client_id, t.key] }), index("idempotency_keys_expires").on(t.expires_at)],
);

/* ----------------------------------------------------------------------------------------
 * Webhooks: PG webhooks in, events out
 * ------------------------------------------------------------------------------------- */

/** Every inbound PG webhook, stored raw before anything else is done with it. */
export const payment_webhooks = pgTable(
  "payment_webhooks",
  {
    id: uuid("id").primaryKey(),
    vendor_code: text("vendor_code").notNull(),
    /** The PG payment the event names (paymentKey / imp_uid), when it names one. */
    vendor_uid: text("vendor_uid"),
    event_type: text("event_type"),
    headers_enc: text("headers_enc").notNull(),
    body_enc: text("body_enc").notNull(),
    received_at: at("received_at").notNull(),
    /** received | applied | unchanged | deferred (payment not registered yet) | ignored | rejected | failed */
    status: text("status").notNull(),
    outcome: text("outcome"),
    processed_at: at("processed_at"),
  },
  (t) => [
    index("payment_webhooks_uid").on(t.vendor_code, t.vendor_uid, t.status),
    index("payment_webhooks_status").on(t.status, t.received_at),
    // Retention: the oldest rows are purged first.
    index("payment_webhooks_received").on(t.received_at),
  ],
);

/**
 * Transactional outbox: one row per change of a history, written in the same transaction as
 * the change. `id` is the Standard Webhooks `webhook-id`; `seq` orders events of a history.
 */
export const webhook_events = pgTable(
  "webhook_events",
  {
    id: uuid("id").primaryKey(),
    seq: bigserial("seq", { mode: "number" }).notNull(),
    /** The history the event is of (payment events) … */
    history_id: uuid("history_id").references(() => payment_histories.id),
    /** … or the payout (settlement events) … */
    payout_id: uuid("payout_id").references(() => settlement_payouts.id),
    /** … or the orphan (events of no record of the client) … */
    orphan_id: uuid("orphan_id").references(() => payment_orphans.id),
    /** … or the reservation (its billing key revoked at the PG): exactly one of the four. */
    reservation_id: uuid("reservation_id").references(() => payment_reservations.id),
    seller_id: uuid("seller_id").references(() => settlement_sellers.id),
    client_id: text("client_id").notNull(),
    /** e.g. payment.paid, payment.cancelled, payment.partial_cancelled, payment.expired, payout.paid_out */
    type: text("type").notNull(),
    /**
     * `{previous, current}` as IPaymentHistory snapshots, encrypted (payment family key);
     * null for a skipped event, which is never sent (nor replayed) and keeps its record only.
     */
    payload_enc: text("payload_enc"),
    webhook_url: text("webhook_url"),
    /** pending | delivered | dead | gone | skipped (no webhook_url) */
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    next_attempt_at: at("next_attempt_at").notNull(),
    created_at: at("created_at").notNull(),
    delivered_at: at("delivered_at"),
  },
  (t) => [
    index("webhook_events_history").on(t.history_id, t.seq),
    // The delivery claim reads only pending rows: partial indexes keep it proportional to
    // the pending backlog, not to every event ever sent.
    index("webhook_events_pending_due").on(t.next_attempt_at, t.seq).where(sql`status = 'pending'`),
    index("webhook_events_pending_history").on(t.history_id, t.seq).where(sql`status = 'pending'`),
    index("webhook_events_pending_payout").on(t.payout_id, t.seq).where(sql`status = 'pending'`),
    index("webhook_events_pending_orphan").on(t.orphan_id, t.seq).where(sql`status = 'pending'`),
    index("webhook_events_pending_reservation").on(t.reservation_id, t.seq).where(sql`status = 'pending'`),
    index("webhook_events_pending_seller").on(t.seller_id, t.seq).where(sql`status = 'pending'`),
    // The console's dead events, per endpoint.
    index("webhook_events_dead").on(t.client_id, t.webhook_url, t.seq).where(sql`status = 'dead'`),
    check("webhook_events_one_stream", sql`num_nonnulls(history_id, payout_id, orphan_id, reservation_id, seller_id) = 1`),
    check("webhook_events_payload", sql`payload_enc IS NOT NULL OR status = 'skipped'`),
    // Retention: finished events, oldest first.
    index("webhook_events_finished").on(t.created_at).where(sql`status <> 'pending'`),
  ],
);

/** Every delivery attempt of an outbox event. */
export const webhook_deliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey(),
    event_id: uuid("event_id")
      .notNull()
      .references(() => webhook_events.id),
    attempt: integer("attempt").notNull(),
    attempted_at: at("attempted_at").notNull(),
    /** Receiver's HTTP status; null when there was no answer. */
    status_code: integer("status_code"),
    duration_ms: integer("duration_ms").notNull(),
    error: text("error"),
  },
  (t) => [
    index("webhook_deliveries_event").on(t.event_id, t.attempt),
    // The console's failure rates per endpoint over the last day.
    index("webhook_deliveries_attempted").on(t.attempted_at),
  ],
);

/* ----------------------------------------------------------------------------------------
 * Settlements: a double-entry ledger of what each marketplace party is owed
 * ------------------------------------------------------------------------------------- */

/**
 * One journal transaction: a payment's split, a refund's reversal, a payout, its outcome.
 * Its entries sum to zero, which the database itself checks at commit (a deferred trigger).
 */
export const ledger_transactions = pgTable(
  "ledger_transactions",
  {
    id: uuid("id").primaryKey(),
    client_id: text("client_id").notNull(),
    /** payment | refund | payout | payout_paid | payout_failed */
    kind: text("kind").notNull(),
    history_id: uuid("history_id").references(() => payment_histories.id),
    payout_id: uuid("payout_id"),
    created_at: at("created_at").notNull(),
  },
  (t) => [index("ledger_transactions_history").on(t.history_id)],
);

/**
 * An immutable ledger line (a trigger refuses UPDATE and DELETE: corrections are new
 * entries). `amount` is signed so that a transaction sums to zero: positive on a party's or
 * the platform's account is owed to it; `pg_clearing` carries the other side of payments.
 */
export const ledger_entries = pgTable(
  "ledger_entries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    transaction_id: uuid("transaction_id")
      .notNull()
      .references(() => ledger_transactions.id),
    client_id: text("client_id").notNull(),
    /** pg_clearing | party | platform | payouts_in_transit | paid_out */
    account: text("account").notNull(),
    /** The caller's party id (account `party` only). */
    party_id: text("party_id"),
    /** supplier | partner | other (account `party` only). */
    role: text("role"),
    /** payment | refund | escrow_release (a held share moved to its payable day) | payout | payout_paid | payout_failed (its transaction's kind) */
    kind: text("kind").notNull(),
    history_id: uuid("history_id"),
    amount: money("amount").notNull(),
    /** The (Korean) calendar day from which the amount may be paid out. */
    available_on: date("available_on", { mode: "string" }).notNull(),
    created_at: at("created_at").notNull(),
  },
  (t) => [
    index("ledger_entries_transaction").on(t.transaction_id),
    index("ledger_entries_party").on(t.client_id, t.account, t.party_id, t.available_on),
    index("ledger_entries_created").on(t.client_id, t.created_at),
    index("ledger_entries_history").on(t.history_id, t.account, t.party_id),
  ],
);

/** A payout batch: a party's available balance up to a day, `scheduled → paid_out | failed`. */
export const settlement_payouts = pgTable(
  "settlement_payouts",
  {
    id: uuid("id").primaryKey(),
    client_id: text("client_id").notNull(),
    party_id: text("party_id").notNull(),
    up_to: date("up_to", { mode: "string" }).notNull(),
    amount: money("amount").notNull(),
    /** scheduled | paid_out | failed */
    status: text("status").notNull(),
    reason: text("reason"),
    /** Where its status changes are announced (null: nowhere). */
    webhook_url: text("webhook_url"),
    created_at: at("created_at").notNull(),
    reported_at: at("reported_at"),
  },
  (t) => [index("settlement_payouts_party").on(t.client_id, t.party_id, t.created_at)],
);

/**
 * Which ledger entries a payout pays. An entry belongs to one live payout at most (the
 * partial unique index): two batches racing for one party cannot pay it twice. A failed
 * payout releases its entries, which become payable again.
 */
export const settlement_payout_items = pgTable(
  "settlement_payout_items",
  {
    entry_id: bigint("entry_id", { mode: "number" })
      .notNull()
      .references(() => ledger_entries.id),
    payout_id: uuid("payout_id")
      .notNull()
      .references(() => settlement_payouts.id),
    released: boolean("released").notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.entry_id, t.payout_id] }),
    uniqueIndex("settlement_payout_items_live").on(t.entry_id).where(sql`released = false`),
    index("settlement_payout_items_payout").on(t.payout_id),
  ],
);
