import { Inject, Injectable } from "@nestjs/common";
import { and, eq } from "drizzle-orm";
import crypto from "node:crypto";
import { v7 as timeOrderedId } from "uuid";

import type { IPaymentCancel } from "../../api/structures/IPaymentCancel";
import type { IPaymentHistory } from "../../api/structures/IPaymentHistory";
import type { IPaymentSettlement } from "../../api/structures/IPaymentSettlement";
import type { IPaymentSource } from "../../api/structures/IPaymentSource";
import type { IPaymentVendor } from "../../api/structures/IPaymentVendor";
import type { DrizzleTx } from "../../db/Database";
import { payment_histories, payment_history_cancels } from "../../db/schema";
import type { IPgPaymentSnapshot } from "../../pg/IPgPaymentSnapshot";
import type { PgPaymentData } from "../../pg/PaymentGateways";
import { PaymentGateways } from "../../pg/PaymentGateways";
import { PgError } from "../../pg/PgError";
import { PaymentError } from "../../utils/PaymentError";
import { PaymentContext } from "../PaymentContext";
import { PaymentSettlementProvider } from "../settlements/PaymentSettlementProvider";
import { SettlementMath } from "../settlements/SettlementMath";
import { IdempotencyProvider } from "../idempotency/IdempotencyProvider";
import { fromPgError, isUniqueViolation } from "../PgErrorMapper";
import { WebhookOutbox } from "../webhooks/WebhookOutbox";
import { type IPreparedOrderRow, PaymentPreparedOrderProvider } from "../prepared/PaymentPreparedOrderProvider";
import { PasswordGuard } from "../security/PasswordGuard";
import { sourceAccess } from "../SourceAccess";

export type PaymentHistoryRow = typeof payment_histories.$inferSelect;
type Row = PaymentHistoryRow;
/** A history row as plain SQL returns it, with the target's failure count. */
type RawRead = Omit<Row, "price" | "refund"> & {
  price: number | string;
  refund: number | string;
  failures: number | null;
  window_start: Date | null;
};

/** What a registration must find at the PG: our order, our amount. */
interface IExpected {
  vendor: { code: IPaymentHistory["vendor_code"]; store_id: string; uid: string | null };
  source: IPaymentSource;
  price: number;
  currency: string;
}
type PgResult = { data: PgPaymentData; snapshot: IPgPaymentSnapshot };
/** What a registration records beside what it expects from the PG. */
interface IReservation {
  password: string;
  webhook_url: string | null;
  settlement: IPaymentSettlement.IPlanFrozen | null;
}
/** The columns of a pending row, in the order of the values `pendingRow` gives. */
const PENDING_INSERT = `INSERT INTO payment_histories (id, client_id, vendor_code, vendor_store_id, vendor_uid, source_schema, source_table, source_id,
           currency, price, refund, status, data_enc, password_hash, webhook_url, settlement_plan, created_at, updated_at)`;

/** When a caller is told to ask again about a payment whose PG has not answered yet. */
const PENDING_RETRY_AFTER_SECONDS = 5;

/** How old a waiting virtual account's state may be before a read re-reads it from the PG. */
const FRESH_MS = 2_000;

/** Prefix of `vendor_uid` while a charge's PG payment id is not known yet (unique per row). */
const UNKNOWN_UID = "pending:";
/** A cancel row as either driver returns it (BIGINT may be a string), date already ISO. */
interface CancelRecord {
  id: string;
  vendor_cancel_id: string;
  price: number | string;
  reason: string;
  cancelled_at: string;
}

/** Payment histories: register (verified with the PG), and read one at a time with its password. */
@Injectable()
export class PaymentHistoryProvider {
  /**
   * A pending row's data (no PG answer yet), encrypted once: every pending row holds the same
   * plaintext, so one ciphertext copied reveals nothing a fresh one would hide, and saves an
   * encryption per registration.
   */
  private readonly noData: string;

  public constructor(
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    @Inject(PaymentPreparedOrderProvider) private readonly prepared: PaymentPreparedOrderProvider,
    @Inject(PaymentSettlementProvider) private readonly settlements: PaymentSettlementProvider,
  ) {
    this.noData = ctx.ciphers.payment.encryptJson(null);
  }

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
    const first = await this.reserveUnlessPrepared(client, expected, { password: input.password, webhook_url: input.webhook_url ?? null, settlement: frozen }, scope.record_id);
    if ("pending" in first) return this.complete(first.pending, expected, approve, scope);
    const prepared = this.prepared.check(first.prepared, expected);
    const pending = await this.reserve(client, expected, {
      password: input.password,
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
    if (typed.status !== "pending") return this.ctx.db.transaction((tx) => this.snapshotOf(tx, typed));
    try {
      return await this.reconcile(typed);
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

  /** Reserve a `pending` row: the unique indexes refuse a taken source or PG payment. */
  private async reserve(client: string, expected: IExpected, props: IReservation, id: string): Promise<Row> {
    const { pending, values } = this.pendingRow(client, expected, props, id);
    try {
      // Plain SQL, prepared by name: the hot path of every registration (drizzle's query
      // building measured at 7 % of its CPU in bench/).
      await this.ctx.database.query(`${PENDING_INSERT} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, 'pending', $11, $12, $13, $14::jsonb, $15, $15)`, values, "payments_register_pending");
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
         h AS (
           ${PENDING_INSERT}
           SELECT $1::uuid, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text, $9::text, $10::bigint, 0, 'pending',
                  $11::text, $12::text, $13::text, $14::jsonb, $15::timestamptz, $15::timestamptz
            WHERE NOT EXISTS (SELECT 1 FROM p))
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
      password_hash: this.ctx.hasher.hash(props.password),
      webhook_url: props.webhook_url,
      settlement_plan: props.settlement,
      created_at: now,
      updated_at: now,
      refund: 0,
      paid_at: null,
      cancelled_at: null,
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
        await this.discard(id);
        const retry = Math.max(1, Math.ceil((this.ctx.gateways.breaker(expected.vendor.code).retry_at - Date.now()) / 1000));
        throw new PaymentError(
          502,
          "PG_UNAVAILABLE",
          `${expected.vendor.code} keeps failing, so the call was not sent: nothing happened at the PG. Retry after ${retry} s.`,
          false,
          null,
          retry,
        );
      }
      if (exp instanceof PgError && exp.props.kind === "unavailable")
        throw new PaymentError(
          502,
          "PG_UNAVAILABLE",
          `${expected.vendor.code} did not answer (${exp.props.pg_code}); the payment is kept pending and will be reconciled with the PG.`,
        );
      await this.discard(id);
      throw fromPgError(exp);
    }
    const refusal = verify(result.snapshot, expected);
    if (refusal !== null) {
      const undone = await this.undoTampered(expected, result, refusal);
      await this.discard(id);
      throw undone;
    }
    // The common case in one statement; a split to post, or a row someone else settled
    // meanwhile (the reconciler), takes the general path.
    if (pending.settlement_plan === null) {
      const settled = await this.settleFirst(pending, result.data, result.snapshot, scope);
      if (settled !== null) return settled;
    }
    return this.ctx.db.transaction(async (tx) => {
      const history = await this.settle(tx, id, result.data, result.snapshot);
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
    const current = this.json(after, cancels, data);
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
        WebhookOutbox.typeOf(current),
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

  /**
   * Re-read a history's payment from its PG and settle the record with it (webhooks,
   * reconciler, reads of an unpaid virtual account). A `pending` history is reconciled:
   * settled if the PG has our payment, removed if it has none (then 404 NOT_FOUND).
   */
  public async refresh(id: string): Promise<IPaymentHistory> {
    const [row] = await this.ctx.db.select().from(payment_histories).where(eq(payment_histories.id, id));
    if (row === undefined) throw new PaymentError(404, "NOT_FOUND", "No record matches this reference and password.");
    if (row.status === "pending") {
      const history = await this.reconcile(row);
      if (history === null) throw new PaymentError(404, "NOT_FOUND", "The pending payment was not found at its PG and has been removed.");
      return history;
    }
    let result: PgResult;
    try {
      result = await this.ctx.gateways.fetch(vendorOf(row));
    } catch (exp) {
      throw fromPgError(exp);
    }
    return this.ctx.db.transaction((tx) => this.settle(tx, id, result.data, result.snapshot));
  }

  /**
   * Decide a payment left `pending` (process died or PG timed out between the PG call and
   * the DB write): the PG's record decides. Returns the settled history, `null` when the
   * row was removed, and throws (row kept for a later try) when the PG cannot tell yet.
   */
  public async reconcile(row: Row): Promise<IPaymentHistory | null> {
    const known = !row.vendor_uid.startsWith(UNKNOWN_UID);
    const expected: IExpected = {
      vendor: { code: row.vendor_code as IExpected["vendor"]["code"], store_id: row.vendor_store_id, uid: known ? row.vendor_uid : null },
      source: { schema: row.source_schema, table: row.source_table, id: row.source_id },
      price: row.price,
      currency: row.currency,
    };
    // "Not there" right after the call may only mean the call is still in flight.
    const settledAge = Date.now() - row.created_at.getTime() > Math.max(this.ctx.config.reconcile_after_ms, 2 * this.ctx.config.pg_timeout_ms);
    let result: PgResult;
    try {
      result = await this.ctx.gateways.find(expected.vendor, expected.vendor.uid, row.source_id);
      if (result.snapshot.status === "ready" && known && this.ctx.gateways.get(expected.vendor.code).resumesAuthenticated)
        // authenticated, never approved: approve again with the same request (idempotent at the PG)
        result = await this.ctx.gateways.approve(vendorOf(row), { orderId: row.source_id, amount: row.price });
    } catch (exp) {
      if (exp instanceof PgError && (exp.props.kind === "not_found" || exp.props.kind === "rejected") && settledAge) {
        await this.discard(row.id);
        return null;
      }
      throw exp;
    }
    const refusal = verify(result.snapshot, expected);
    if (refusal !== null) {
      if (result.snapshot.status === "ready" && !settledAge) throw refusal;
      await this.undoTampered(expected, result, refusal);
      await this.discard(row.id);
      return null;
    }
    return this.ctx.db.transaction(async (tx) => {
      const history = await this.settle(tx, row.id, result.data, result.snapshot);
      await this.prepared.consume(tx, row.client_id, expected.source);
      return history;
    });
  }

  /**
   * A payment paid for another amount than the order's was tampered with in the browser:
   * where the PG lets that happen, refund it in full at once, and say so. (A PG that only
   * approves the amount we confirm never has one.)
   */
  private async undoTampered(expected: IExpected, result: PgResult, refusal: PaymentError): Promise<PaymentError> {
    const s = result.snapshot;
    if (
      refusal.code !== "AMOUNT_MISMATCH" ||
      this.ctx.gateways.get(expected.vendor.code).tamperedAmount !== "refund" ||
      s.order_id !== expected.source.id ||
      (s.status !== "paid" && s.status !== "partial_cancelled") ||
      s.balance <= 0
    )
      return refusal;
    try {
      await this.ctx.gateways.cancel(
        { code: expected.vendor.code, store_id: expected.vendor.store_id, uid: s.uid },
        {
          balance: s.balance,
          reason: `Amount mismatch: paid ${s.amount}, order ${expected.price}`,
          refund_account: null,
          idempotencyKey: `payments-server:tampered:${s.uid}`,
        },
      );
    } catch (exp) {
      return new PaymentError(
        422,
        "AMOUNT_MISMATCH",
        `${refusal.message} Cancelling it at the PG failed (${exp instanceof Error ? exp.message : String(exp)}): cancel it in the PG's console.`,
      );
    }
    return new PaymentError(422, "AMOUNT_MISMATCH", `${refusal.message} The payment was cancelled in full at the PG.`);
  }

  /** A history row by source, password checked (cancels). */
  public async unlock(client: string, source: IPaymentSource, password: string): Promise<Row> {
    return this.unlockRow(sourceTarget(client, source), password, (t) => this.reads.bySource(t, client, source));
  }

  /** A history row by id, password checked (its events and their replay). */
  public async unlockById(client: string, id: string, password: string): Promise<Row> {
    return this.unlockRow(PasswordGuard.target(client, "history", id), password, (t) => this.reads.byId(t, id, client));
  }

  /** Read one history by id, with its password. */
  public async at(client: string, id: string, password: string): Promise<IPaymentHistory | IPaymentHistory.IPending> {
    const target = PasswordGuard.target(client, "history", id);
    return this.fresh(await this.readOne(target, password, (t) => this.reads.byId(t, id, client)));
  }

  /** Read one history by its source, with its password. */
  public async get(client: string, input: IPaymentHistory.IGet): Promise<IPaymentHistory | IPaymentHistory.IPending> {
    const { source, password } = sourceAccess(input);
    const target = sourceTarget(client, source);
    return this.fresh(
      await this.readOne(target, password, (t) =>
        this.reads.bySource(t, client, source),
      ),
    );
  }

  /**
   * A virtual account waiting for its deposit is re-read from the PG on each read, so that a
   * caller sees the deposit even when the PG's webhook is late or lost. Best effort: if the
   * PG does not answer, the stored state is shown. At most once per FRESH_MS per payment
   * (every settle touches `updated_at`), so a front end polling for its deposit does not
   * turn each poll into a PG call.
   */
  private async fresh({ history, updated_at }: { history: IPaymentHistory | IPaymentHistory.IPending; updated_at: Date }): Promise<IPaymentHistory | IPaymentHistory.IPending> {
    if (history.status !== "waiting_deposit" || Date.now() - updated_at.getTime() < FRESH_MS) return history;
    try {
      return await this.refresh(history.id);
    } catch {
      return history;
    }
  }

  /**
   * Write the PG's current state into a history (and each new PG cancel, once), under a row
   * lock. When a registered history changes, its `{previous, current}` event is written to
   * the outbox in the same transaction: no change without its event, no event without its
   * change. Returns the history as it now is.
   */
  public async settle(tx: DrizzleTx, id: string, data: PgPaymentData, snapshot: IPgPaymentSnapshot): Promise<IPaymentHistory> {
    const [before] = await tx.select().from(payment_histories).where(eq(payment_histories.id, id)).for("update");
    if (before === undefined) throw new PaymentError(404, "NOT_FOUND", "No record matches this reference and password.");
    const refund = snapshot.cancels.reduce((sum, c) => sum + c.amount, 0);
    // A PG read can be overtaken (a webhook's re-read finishing after our cancel's answer):
    // money only moves forward, so an older picture of the payment never overwrites a newer one.
    if (
      before.status !== "pending" &&
      (refund < before.refund || (before.paid_at !== null && snapshot.paid_at === null) || (before.status === "cancelled" && snapshot.status !== "cancelled"))
    )
      return this.snapshotOf(tx, before);
    const previous = before.status === "pending" ? null : await this.snapshotOf(tx, before);
    const [after] = await tx
      .update(payment_histories)
      .set({
        vendor_uid: snapshot.uid,
        status: snapshot.status,
        data_enc: this.ctx.ciphers.payment.encryptJson(data),
        paid_at: snapshot.paid_at !== null ? new Date(snapshot.paid_at) : null,
        cancelled_at: snapshot.cancelled_at !== null ? new Date(snapshot.cancelled_at) : null,
        refund,
        updated_at: new Date(),
      })
      .where(eq(payment_histories.id, id))
      .returning();
    if (snapshot.cancels.length)
      await tx
        .insert(payment_history_cancels)
        .values(
          snapshot.cancels.map((c) => ({
            id: crypto.randomUUID(),
            history_id: id,
            vendor_cancel_id: c.id,
            price: c.amount,
            reason: c.reason,
            cancelled_at: new Date(c.cancelled_at),
            created_at: new Date(),
          })),
        )
        .onConflictDoNothing();
    // The marketplace split and its refunds, in the same transaction as the state they follow.
    await this.settlements.post(tx, before, after!);
    const current = await this.snapshotOf(tx, after!);
    // The first state a registration reaches is announced too (previous: null), so a payment
    // settled later by the reconciler reaches its caller like one answered at once.
    if (previous === null || WebhookOutbox.changed(previous, current)) {
      const event = await WebhookOutbox.enqueue(this.ctx, tx, { client_id: before.client_id, previous, current });
      // Ids and states only: never amounts' owners, cards or secrets.
      this.ctx.logger.info({ event: `payment.${current.status}`, history_id: id, event_id: event, previous: previous?.status ?? null }, "payment settled");
    }
    return current;
  }

  /** A history as the API shows it, read inside a transaction (no password: internal use). */
  public async snapshotOf(tx: DrizzleTx, row: Row): Promise<IPaymentHistory> {
    const cancels = await tx
      .select()
      .from(payment_history_cancels)
      .where(eq(payment_history_cancels.history_id, row.id))
      .orderBy(payment_history_cancels.cancelled_at, payment_history_cancels.vendor_cancel_id);
    return this.json(
      row,
      cancels.map((c) => ({ ...c, cancelled_at: c.cancelled_at.toISOString() })),
    );
  }

  private async discard(id: string): Promise<void> {
    await this.ctx.db
      .delete(payment_histories)
      .where(and(eq(payment_histories.id, id), eq(payment_histories.status, "pending")));
  }

  /**
   * The read path: one indexed query gives the target's failure count and the row, if any
   * (always one result row, so a missing record costs exactly what a wrong password does:
   * the two must not be told apart by their timing); cancels
   * are read only for a payment that has any. Plain SQL through `Database.query`, prepared
   * by name on PostgreSQL: measured in bench/, building the drizzle query per request (and,
   * on PGlite, drizzle's per-query parser options) cost more than the rest of a read.
   */
  private readonly reads = {
    byId: (target: string, id: string, client: string) =>
      this.ctx.database.query<RawRead>(
        `SELECT h.*, f.failures, f.window_start FROM (SELECT $1::text AS target) t
           LEFT JOIN password_failures f ON f.target = t.target
           LEFT JOIN payment_histories h ON h.id = $2 AND h.client_id = $3`,
        [target, id, client],
        "payment_history_by_id",
      ),
    bySource: (target: string, client: string, source: IPaymentSource) =>
      this.ctx.database.query<RawRead>(
        `SELECT h.*, f.failures, f.window_start FROM (SELECT $1::text AS target) t
           LEFT JOIN password_failures f ON f.target = t.target
           LEFT JOIN payment_histories h
             ON h.client_id = $2 AND h.source_schema = $3 AND h.source_table = $4 AND h.source_id = $5`,
        [target, client, source.schema, source.table, source.id],
        "payment_history_by_source",
      ),
    cancels: (historyId: string) =>
      this.ctx.database.query<CancelRecord & { cancelled_at: Date }>(
        `SELECT id, vendor_cancel_id, price, reason, cancelled_at FROM payment_history_cancels
          WHERE history_id = $1 ORDER BY cancelled_at, vendor_cancel_id`,
        [historyId],
        "payment_history_cancels_of",
      ),
  };

  private async readOne(
    target: string,
    password: string,
    query: (target: string) => Promise<RawRead[]>,
  ): Promise<{ history: IPaymentHistory | IPaymentHistory.IPending; updated_at: Date }> {
    const row = await this.unlockRow(target, password, query);
    if (row.status === "pending") return { history: pendingJson(row), updated_at: row.updated_at };
    const cancels = row.refund > 0 || row.cancelled_at !== null ? await this.reads.cancels(row.id) : [];
    const history = this.json(
      row,
      cancels.map((c) => ({ ...c, cancelled_at: c.cancelled_at.toISOString() })),
    );
    return { history, updated_at: row.updated_at };
  }

  /** The row `query` finds, once its password is checked (404 / 429 otherwise). */
  private async unlockRow(target: string, password: string, query: (target: string) => Promise<RawRead[]>): Promise<Row> {
    const found = (await query(target))[0]!;
    await PasswordGuard.check(this.ctx, {
      target,
      password,
      stored: found.id !== null ? found.password_hash : null,
      failures: { failures: found.failures, window_start: found.window_start },
    });
    // BIGINT: a string from `pg`, a number from PGlite.
    return { ...found!, price: Number(found!.price), refund: Number(found!.refund) };
  }

  /** `data` when the caller holds it already (it was just encrypted into `row`). */
  private json(row: Row, cancels: CancelRecord[], data: PgPaymentData | null = this.ctx.ciphers.payment.decryptJson<PgPaymentData | null>(row.data_enc)): IPaymentHistory {
    return {
      id: row.id,
      vendor_code: row.vendor_code as IPaymentVendor.Code,
      vendor: { code: row.vendor_code as IPaymentVendor.Code, store_id: row.vendor_store_id, uid: row.vendor_uid },
      source: { schema: row.source_schema, table: row.source_table, id: row.source_id },
      data: data as never,
      currency: row.currency,
      price: row.price,
      refund: row.refund,
      status: row.status as IPaymentHistory["status"],
      webhook_url: row.webhook_url,
      created_at: row.created_at.toISOString(),
      paid_at: row.paid_at?.toISOString() ?? null,
      cancelled_at: row.cancelled_at?.toISOString() ?? null,
      virtual_account: this.ctx.gateways.snapshot(row.vendor_code as IPaymentHistory["vendor_code"], data)?.virtual_account ?? null,
      settlement: SettlementMath.canonical(row.settlement_plan),
      cancels: cancels.map(
        (c): IPaymentCancel => ({
          id: c.id,
          vendor_cancel_id: c.vendor_cancel_id,
          price: Number(c.price),
          reason: c.reason,
          cancelled_at: new Date(c.cancelled_at).toISOString(),
          created_at: new Date(c.cancelled_at).toISOString(),
        }),
      ),
    } as IPaymentHistory;
  }
}

/** The caller's amount and order are the truth: anything else at the PG is refused. */
const verify = (s: IPgPaymentSnapshot, e: IExpected): PaymentError | null => {
  if (e.vendor.uid !== null && s.uid !== e.vendor.uid) return new PaymentError(422, "PG_PAYMENT_NOT_FOUND", "The PG answered for another payment.");
  if (s.order_id !== e.source.id)
    return new PaymentError(422, "ORDER_ID_MISMATCH", `The PG payment belongs to order "${s.order_id}", not to source.id "${e.source.id}".`);
  if (s.amount !== e.price)
    return new PaymentError(422, "AMOUNT_MISMATCH", `The PG payment is for ${s.amount} ${s.currency}, the order for ${e.price} ${e.currency}.`);
  if (s.currency !== e.currency)
    return new PaymentError(422, "CURRENCY_MISMATCH", `The PG payment is in ${s.currency}, the order in ${e.currency}.`);
  if (s.status === "failed")
    return new PaymentError(422, "PG_REJECTED", "The PG declined the payment.");
  if (s.status !== "paid" && s.status !== "waiting_deposit")
    return new PaymentError(422, "PAYMENT_NOT_PAID", `The PG payment is ${s.status}; only a paid payment or an issued virtual account can be registered.`);
  return null;
};

/** A registration still waiting for its PG's answer, as a read shows it. */
const pendingJson = (row: Row): IPaymentHistory.IPending => ({
  id: row.id,
  vendor_code: row.vendor_code as IPaymentHistory["vendor_code"],
  vendor: {
    code: row.vendor_code as IPaymentHistory["vendor_code"],
    store_id: row.vendor_store_id,
    // A charge's PG id is not known until the PG answers.
    uid: row.vendor_uid.startsWith(UNKNOWN_UID) ? null : row.vendor_uid,
  },
  source: { schema: row.source_schema, table: row.source_table, id: row.source_id },
  data: null,
  currency: row.currency,
  price: row.price,
  refund: 0,
  status: "pending",
  webhook_url: row.webhook_url,
  created_at: row.created_at.toISOString(),
  paid_at: null,
  cancelled_at: null,
  cancels: [],
  virtual_account: null,
  settlement: SettlementMath.canonical(row.settlement_plan),
});

/** The password-attempt target of a read by source (distinct from a read by id). */
const sourceTarget = (client: string, source: IPaymentSource): string =>
  PasswordGuard.target(client, "history", `${source.schema}/${source.table}/${source.id}`);

const vendorOf = (row: Row) => ({ code: row.vendor_code as IExpected["vendor"]["code"], store_id: row.vendor_store_id, uid: row.vendor_uid });

const duplicate = (exp: unknown): PaymentError | null => {
  if (isUniqueViolation(exp, "payment_histories_source"))
    return new PaymentError(409, "DUPLICATE_SOURCE", "A payment is already recorded for this source.");
  if (isUniqueViolation(exp, "payment_histories_vendor"))
    return new PaymentError(409, "DUPLICATE_PG_PAYMENT", "This PG payment is already recorded.");
  return null;
};
