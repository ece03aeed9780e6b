import { Inject, Injectable } from "@nestjs/common";
import { and, eq, ne } from "drizzle-orm";
import crypto from "node:crypto";
import { v7 as timeOrderedId } from "uuid";

import type { IPaymentHistory } from "../../api/structures/IPaymentHistory";
import { payment_histories } from "../../db/schema";
import type { IPgPaymentSnapshot } from "../../pg/IPgPaymentSnapshot";
import type { PgPaymentData } from "../../pg/PaymentGateways";
import { PaymentGateways } from "../../pg/PaymentGateways";
import { PgError } from "../../pg/PgError";
import { PaymentError } from "../../utils/PaymentError";
import { IdempotencyProvider } from "../idempotency/IdempotencyProvider";
import { PaymentContext } from "../PaymentContext";
import { CashReceiptPolicy } from "../receipts/CashReceiptPolicy";
import { fromPgError } from "../PgErrorMapper";
import { type IPreparedOrderRow, PaymentPreparedOrderProvider } from "../prepared/PaymentPreparedOrderProvider";
import { PaymentSettlementProvider } from "../settlements/PaymentSettlementProvider";
import { WebhookOutbox } from "../webhooks/WebhookOutbox";
import { type CancelRecord, duplicate, ofSource, type IExpected, type IReservation, pendingJson, type PgResult, type Row, UNKNOWN_UID, verify } from "./HistoryRecords";
import { PaymentHistoryProvider } from "./PaymentHistoryProvider";

/** The columns of a pending row, in the order of the values `pendingRow` gives. */
const PENDING_INSERT = `INSERT INTO payment_histories (id, client_id, vendor_code, vendor_store_id, vendor_uid, source_schema, source_table, source_id,
           currency, price, refund, status, data_enc, password_hash, webhook_url, settlement_plan, created_at, updated_at, origin)`;

/**
 * The PG payment's lock, taken shared by the statement that reserves it ($3 vendor code, $5
 * its id) and held to its commit: an orphan's refund holds it exclusively while it checks that
 * no history holds the payment and refunds it (PaymentOrphanProvider.lockKey spells the key).
 */
const PAYMENT_LOCK = "pg_advisory_xact_lock_shared(hashtextextended('pg-payment:' || $3::text || '/' || $5::text, 0))";

/** When a caller is told to ask again about a payment whose PG has not answered yet. */
const PENDING_RETRY_AFTER_SECONDS = 5;

/**
 * Registrations (`POST /payments/histories`, billing charges): reserve a `pending` row, ask
 * the PG, verify its answer, settle; and the repeat of one that got no answer, which finds
 * its record by the id its idempotency key chose.
 */
@Injectable()
export class PaymentRegistrationProvider {
  /**
   * A pending row's data (no PG answer yet), encrypted once: every pending row holds the same
   * plaintext, so one ciphertext copied reveals nothing a fresh one would hide, and saves an
   * encryption per registration.
   */
  private readonly noData: string;

  public constructor(
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    @Inject(PaymentHistoryProvider) private readonly histories: PaymentHistoryProvider,
    @Inject(PaymentPreparedOrderProvider) private readonly prepared: PaymentPreparedOrderProvider,
    @Inject(PaymentSettlementProvider) private readonly settlements: PaymentSettlementProvider,
  ) {
    this.noData = ctx.ciphers.payment.encryptJson(null);
    this.receipts = new CashReceiptPolicy(ctx);
  }
  private readonly receipts: CashReceiptPolicy;

  /**
   * Register a payment. The source and the PG payment are reserved first (a `pending` row:
   * the unique indexes refuse a second registration before any PG call), then the PG is
   * asked, then the row is settled. A PG that does not answer leaves the row pending for
   * the reconciler: the outcome is unknown, never assumed.
   */
  public async store(client: string, input: IPaymentHistory.IStore, scope: IdempotencyProvider.IScope = IdempotencyProvider.unkeyed()): Promise<IPaymentHistory> {
    if (scope.resumed) {
      const found = await this.resume(client, scope.record_id);
      if (found !== null) return found;
    }
    if (!this.ctx.gateways.hasStore(input.vendor))
      throw new PaymentError(422, "UNKNOWN_STORE", `No store "${input.vendor.store_id}" is configured for ${input.vendor.code}.`);
    const currency = input.currency ?? "KRW";
    const expected: IExpected = { vendor: input.vendor, source: input.source, price: input.price, currency };
    const frozen = input.settlement != null ? this.settlements.freeze(client, input.settlement, input.price) : null;
    const approve = () => this.ctx.gateways.approve(input.vendor, { orderId: input.source.id, amount: input.price });
    // A prepared order is the truth for its source. The common case, none, is known by the
    // statement that reserves the row (it reserves nothing when there is one); a prepared
    // order is then checked before anything is reserved.
    const password_hash = this.ctx.hasher.hash(input.password);
    let first: Awaited<ReturnType<PaymentRegistrationProvider["reserveUnlessPrepared"]>>;
    try {
      first = await this.reserveUnlessPrepared(client, expected, { password_hash, webhook_url: input.webhook_url ?? null, settlement: frozen }, scope.record_id);
    } catch (exp) {
      // The server may have registered this very payment from the PG's event first.
      const completed = exp instanceof PaymentError && exp.code === "DUPLICATE_SOURCE" ? await this.completedEarlier(client, input) : null;
      if (completed !== null) return completed;
      throw exp;
    }
    if ("pending" in first) return this.complete(first.pending, expected, approve, scope);
    const prepared = this.prepared.check(first.prepared, expected);
    const pending = await this.reserve(client, expected, {
      password_hash,
      // The prepared order's webhook_url and plan (frozen at prepare) serve when the registration names none.
      webhook_url: input.webhook_url !== undefined ? input.webhook_url : prepared.webhook_url,
      settlement: frozen ?? prepared.settlement_plan,
    }, scope.record_id);
    return this.complete(pending, expected, approve, scope);
  }

  /**
   * The one way a payment gets recorded (registration, billing charge): reserve a `pending`
   * row (unique indexes refuse a taken source or PG payment before any PG call), ask the PG,
   * verify its answer against what we expect, settle. A PG that does not answer leaves the
   * row pending for the reconciler; any refusal removes it, so nothing half-written stays.
   */
  public async register(
    client: string,
    expected: IExpected,
    props: IReservation,
    call: (id: string) => Promise<PgResult>,
    scope: IdempotencyProvider.IScope = IdempotencyProvider.unkeyed(),
  ): Promise<IPaymentHistory> {
    if (scope.resumed) {
      const found = await this.resume(client, scope.record_id);
      if (found !== null) return found;
    }
    return this.complete(await this.reserve(client, expected, props, scope.record_id), expected, call, scope);
  }

  /**
   * A repeat of a call that left no answer (its process died, the PG or the database did not
   * answer) finds the record the call made, by the id chosen with its key: settled, it is the
   * answer; pending, the PG is asked once more now, and if it still cannot tell, the answer
   * is `202 PAYMENT_PENDING` with the pending record. Null when the call made no record (or
   * the PG has no such payment): the call then runs again.
   */
  private async resume(client: string, id: string): Promise<IPaymentHistory | null> {
    const [row] = await this.ctx.db
      .select()
      .from(payment_histories)
      .where(and(eq(payment_histories.id, id), eq(payment_histories.client_id, client)));
    if (row === undefined) return null;
    const typed = { ...row, price: Number(row.price), refund: Number(row.refund) };
    if (typed.status !== "pending") return this.ctx.db.transaction((tx) => this.histories.snapshotOf(tx, typed));
    try {
      return await this.histories.reconcile(typed);
    } catch {
      throw new PaymentError(
        202,
        "PAYMENT_PENDING",
        "The PG has not yet told the outcome of this payment: it is recorded as pending and settled from the PG's record as soon as the PG answers. " +
          "Send the same request with the same Idempotency-Key again after Retry-After seconds, or read the record by its source.",
        false,
        { history: pendingJson(typed) },
        PENDING_RETRY_AFTER_SECONDS,
      );
    }
  }

  /**
   * The payment the server registered itself from the PG's event (a prepared order paid before
   * its caller registered it), when this registration names that very payment and amount: the
   * caller's registration claims it (the record takes its password, as a registration of its
   * own would have given it) and gets that record, with no second PG call. Once only: a
   * claimed record is the caller's like any other. Null otherwise.
   */
  private async completedEarlier(client: string, input: IPaymentHistory.IStore): Promise<IPaymentHistory | null> {
    return this.ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .update(payment_histories)
        .set({ origin: "caller", password_hash: this.ctx.hasher.hash(input.password) })
        .where(
          and(
            ofSource(client, input.source),
            eq(payment_histories.origin, "pg_event"),
            ne(payment_histories.status, "pending"),
            eq(payment_histories.vendor_code, input.vendor.code),
            eq(payment_histories.vendor_store_id, input.vendor.store_id),
            eq(payment_histories.vendor_uid, input.vendor.uid),
            eq(payment_histories.price, input.price),
          ),
        )
        .returning();
      return row === undefined ? null : this.histories.snapshotOf(tx, { ...row, price: Number(row.price), refund: Number(row.refund) });
    });
  }

  /** Reserve a `pending` row: the unique indexes refuse a taken source or PG payment. */
  private async reserve(client: string, expected: IExpected, props: IReservation, id: string): Promise<Row> {
    const { pending, values } = this.pendingRow(client, expected, props, id);
    try {
      // Plain SQL, prepared by name: the hot path of every registration (drizzle's query
      // building measured at 7 % of its CPU in bench/).
      await this.ctx.database.query(
        `${PENDING_INSERT}
         SELECT $1::uuid, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text, $9::text, $10::bigint, 0, 'pending',
                $11::text, $12::text, $13::text, $14::jsonb, $15::timestamptz, $15::timestamptz, $16::text
           FROM (SELECT ${PAYMENT_LOCK}) AS payment_lock`,
        values,
        "payments_register_pending",
      );
    } catch (exp) {
      throw duplicate(exp) ?? exp;
    }
    return pending;
  }

  /**
   * Reserve a `pending` row only when its source has no live prepared order, in one
   * statement; otherwise nothing is reserved and the prepared order is returned.
   */
  private async reserveUnlessPrepared(client: string, expected: IExpected, props: IReservation, id: string): Promise<{ pending: Row } | { prepared: IPreparedOrderRow }> {
    const { pending, values } = this.pendingRow(client, expected, props, id);
    try {
      const [prepared] = await this.ctx.database.query<IPreparedOrderRow>(
        `WITH p AS (
           SELECT vendor_code, vendor_store_id, price, currency, webhook_url, settlement_plan FROM payment_prepared_orders
            WHERE client_id = $2 AND source_schema = $6 AND source_table = $7 AND source_id = $8 AND expires_at > $15 AND consumed_at IS NULL),
         l AS (SELECT ${PAYMENT_LOCK}),
         h AS (
           ${PENDING_INSERT}
           SELECT $1::uuid, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text, $9::text, $10::bigint, 0, 'pending',
                  $11::text, $12::text, $13::text, $14::jsonb, $15::timestamptz, $15::timestamptz, $16::text
             FROM l WHERE NOT EXISTS (SELECT 1 FROM p))
         SELECT * FROM p`,
        values,
        "payments_register_pending_unless_prepared",
      );
      return prepared === undefined ? { pending } : { prepared };
    } catch (exp) {
      throw duplicate(exp) ?? exp;
    }
  }

  /**
   * `id` is time-ordered (UUIDv7, chosen with the call's idempotency key): each registration's
   * rows land at the right edge of the primary key and of the events' history index instead
   * of on a random page of each (measured in bench/: a third less WAL per registration).
   */
  private pendingRow(client: string, expected: IExpected, props: IReservation, id: string): { pending: Row; values: unknown[] } {
    const now = new Date();
    const pending: Row = {
      id,
      client_id: client,
      vendor_code: expected.vendor.code,
      vendor_store_id: expected.vendor.store_id,
      vendor_uid: expected.vendor.uid ?? UNKNOWN_UID + id,
      source_schema: expected.source.schema,
      source_table: expected.source.table,
      source_id: expected.source.id,
      currency: expected.currency,
      price: expected.price,
      status: "pending",
      data_enc: this.noData,
      password_hash: props.password_hash,
      origin: props.origin ?? "caller",
      webhook_url: props.webhook_url,
      settlement_plan: props.settlement,
      created_at: now,
      updated_at: now,
      refund: 0,
      paid_at: null,
      cancelled_at: null,
      erased_at: null,
      erasure_requested_at: null,
      erase_after: null,
      kept_enc: null,
    };
    const values = [
      pending.id,
      pending.client_id,
      pending.vendor_code,
      pending.vendor_store_id,
      pending.vendor_uid,
      pending.source_schema,
      pending.source_table,
      pending.source_id,
      pending.currency,
      pending.price,
      pending.data_enc,
      pending.password_hash,
      pending.webhook_url,
      pending.settlement_plan === null ? null : JSON.stringify(pending.settlement_plan),
      now,
      pending.origin,
    ];
    return { pending, values };
  }

  /** Ask the PG about a reserved row, verify its answer, settle the row (or remove it). */
  private async complete(pending: Row, expected: IExpected, call: (id: string) => Promise<PgResult>, scope: IdempotencyProvider.IScope): Promise<IPaymentHistory> {
    const { id, client_id: client } = pending;
    let result: PgResult;
    try {
      result = await call(id);
    } catch (exp) {
      if (exp instanceof PgError && exp.props.pg_code === PaymentGateways.CIRCUIT_OPEN) {
        // Never sent: nothing happened at the PG, so nothing is kept pending.
        await this.histories.discard(id);
        const retry = Math.max(1, Math.ceil((this.ctx.gateways.breaker(expected.vendor.code).retry_at - Date.now()) / 1000));
        throw new PaymentError(
          502,
          "PG_UNAVAILABLE",
          `${expected.vendor.code} keeps failing, so the call was not sent: nothing happened at the PG. Retry after ${retry} s.`,
          false,
          { pg: { code: exp.props.pg_code, message: exp.props.message } },
          retry,
        );
      }
      if (exp instanceof PgError && exp.props.kind === "unavailable")
        throw new PaymentError(
          502,
          "PG_UNAVAILABLE",
          `${expected.vendor.code} did not answer (${exp.props.pg_code}); the payment is kept pending and will be reconciled with the PG.`,
          false,
          { pg: { code: exp.props.pg_code, message: exp.props.message } },
        );
      await this.histories.discard(id);
      throw fromPgError(exp);
    }
    const refusal = verify(result.snapshot, expected);
    if (refusal !== null) {
      const undone = await this.histories.undoTampered(expected, result, refusal);
      await this.histories.discard(id);
      throw undone;
    }
    // The common case in one statement; a split to post, or a row someone else settled
    // meanwhile (the reconciler), takes the general path.
    if (pending.settlement_plan === null && !result.snapshot.escrow && !this.receipts.wanted(client, result.snapshot.amount, result.snapshot.method)) {
      const settled = await this.settleFirst(pending, result.data, result.snapshot, scope);
      if (settled !== null) return settled;
    }
    return this.ctx.db.transaction(async (tx) => {
      const history = await this.histories.settle(tx, id, result.data, result.snapshot);
      await this.prepared.consume(tx, client, expected.source);
      await scope.keep(tx, history);
      return history;
    });
  }

  /**
   * The first state of a registration with no split, in one statement: the pending row
   * settled, its cancels, its first event (`previous: null`) and its prepared order consumed,
   * all or nothing. What it writes is what `settle` writes; null when the row is no longer
   * pending (then nothing was written).
   */
  private async settleFirst(pending: Row, data: PgPaymentData, snapshot: IPgPaymentSnapshot, scope: IdempotencyProvider.IScope): Promise<IPaymentHistory | null> {
    const now = new Date();
    const after: Row = {
      ...pending,
      vendor_uid: snapshot.uid,
      status: snapshot.status,
      data_enc: this.ctx.ciphers.payment.encryptJson(data),
      paid_at: snapshot.paid_at !== null ? new Date(snapshot.paid_at) : null,
      cancelled_at: snapshot.cancelled_at !== null ? new Date(snapshot.cancelled_at) : null,
      refund: snapshot.cancels.reduce((sum, c) => sum + c.amount, 0),
      updated_at: now,
    };
    const cancels: CancelRecord[] = snapshot.cancels
      .map((c) => ({ id: crypto.randomUUID(), vendor_cancel_id: c.id, price: c.amount, reason: c.reason, cancelled_at: new Date(c.cancelled_at).toISOString() }))
      .sort((a, b) => (a.cancelled_at === b.cancelled_at ? (a.vendor_cancel_id < b.vendor_cancel_id ? -1 : 1) : a.cancelled_at < b.cancelled_at ? -1 : 1));
    const current = this.histories.json(after, cancels, data);
    const event = timeOrderedId();
    const payload: WebhookOutbox.IPayload = { previous: null, current };
    const rows = await this.ctx.database.query<{ id: string }>(
      `WITH h AS (
         UPDATE payment_histories SET vendor_uid = $2, status = $3, data_enc = $4, paid_at = $5, cancelled_at = $6, refund = $7, updated_at = $8
          WHERE id = $1 AND status = 'pending' RETURNING id),
       c AS (
         INSERT INTO payment_history_cancels (id, history_id, vendor_cancel_id, price, reason, cancelled_at, created_at)
         SELECT x.id, h.id, x.vendor_cancel_id, x.price, x.reason, x.cancelled_at, $8 FROM h,
                jsonb_to_recordset($9::jsonb) AS x(id uuid, vendor_cancel_id text, price bigint, reason text, cancelled_at timestamptz)
         ON CONFLICT DO NOTHING),
       e AS (
         INSERT INTO webhook_events (id, history_id, client_id, type, payload_enc, webhook_url, status, next_attempt_at, created_at)
         SELECT $10, h.id, $11, $12, $13, $14, $15, $8, $8 FROM h),
       p AS (
         UPDATE payment_prepared_orders SET consumed_at = $8
          WHERE client_id = $11 AND source_schema = $16 AND source_table = $17 AND source_id = $18
            AND expires_at > $8 AND consumed_at IS NULL AND EXISTS (SELECT 1 FROM h)),
       k AS (
         UPDATE idempotency_keys SET status = 'done', owner = NULL, response_status = NULL, response_enc = $19
          WHERE $20::text IS NOT NULL AND client_id = $11 AND key = $20 AND EXISTS (SELECT 1 FROM h))
       SELECT id FROM h`,
      [
        pending.id,
        after.vendor_uid,
        after.status,
        after.data_enc,
        after.paid_at,
        after.cancelled_at,
        after.refund,
        now,
        JSON.stringify(cancels),
        event,
        pending.client_id,
        WebhookOutbox.typeOf(null, current),
        current.webhook_url !== null ? this.ctx.ciphers.payment.encryptJson(payload) : null,
        current.webhook_url,
        current.webhook_url !== null ? "pending" : "skipped",
        pending.source_schema,
        pending.source_table,
        pending.source_id,
        scope.answer(current),
        scope.key?.key ?? null,
      ],
      "payments_settle_first",
    );
    if (rows.length === 0) return null;
    this.ctx.logger.info({ event: `payment.${current.status}`, history_id: pending.id, event_id: event, previous: null }, "payment settled");
    return current;
  }
}
