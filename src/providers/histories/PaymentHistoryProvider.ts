import { Inject, Injectable } from "@nestjs/common";
import { and, eq, sql } from "drizzle-orm";
import crypto from "node:crypto";

import type { IPaymentCancel } from "../../api/structures/IPaymentCancel";
import type { IPaymentHistory } from "../../api/structures/IPaymentHistory";
import type { IPaymentSource } from "../../api/structures/IPaymentSource";
import type { DrizzleTx } from "../../db/Database";
import { password_failures, payment_histories, payment_history_cancels } from "../../db/schema";
import type { IPgPaymentSnapshot } from "../../pg/IPgPaymentSnapshot";
import type { PgPaymentData } from "../../pg/PaymentGateways";
import { PgError } from "../../pg/PgError";
import { PaymentError } from "../../utils/PaymentError";
import { PaymentContext } from "../PaymentContext";
import { fromPgError, isUniqueViolation } from "../PgErrorMapper";
import { WebhookOutbox } from "../webhooks/WebhookOutbox";
import { PasswordGuard } from "../security/PasswordGuard";

type Row = typeof payment_histories.$inferSelect;
interface CancelJson {
  id: string;
  vendor_cancel_id: string;
  price: number | string;
  reason: string;
  cancelled_at: string;
}

/** Payment histories: register (verified with the PG), and read one at a time with its password. */
@Injectable()
export class PaymentHistoryProvider {
  public constructor(@Inject(PaymentContext) private readonly ctx: PaymentContext) {}

  /**
   * Register a payment. The source and the PG payment are reserved first (a `pending` row:
   * the unique indexes refuse a second registration before any PG call), then the PG is
   * asked, then the row is settled. A PG that does not answer leaves the row pending for
   * the reconciler: the outcome is unknown, never assumed.
   */
  public async store(client: string, input: IPaymentHistory.IStore): Promise<IPaymentHistory> {
    if (!this.ctx.gateways.hasStore(input.vendor))
      throw new PaymentError(422, "UNKNOWN_STORE", `No store "${input.vendor.store_id}" is configured for ${input.vendor.code}.`);
    const now = new Date();
    const id = crypto.randomUUID();
    const currency = input.currency ?? "KRW";
    try {
      await this.ctx.db.insert(payment_histories).values({
        id,
        client_id: client,
        vendor_code: input.vendor.code,
        vendor_store_id: input.vendor.store_id,
        vendor_uid: input.vendor.uid,
        source_schema: input.source.schema,
        source_table: input.source.table,
        source_id: input.source.id,
        currency,
        price: input.price,
        status: "pending",
        data_enc: this.ctx.ciphers.payment.encryptJson(null),
        password_hash: this.ctx.hasher.hash(input.password),
        webhook_url: input.webhook_url ?? null,
        created_at: now,
        updated_at: now,
      });
    } catch (exp) {
      throw duplicate(exp) ?? exp;
    }

    let result: { data: PgPaymentData; snapshot: IPgPaymentSnapshot };
    try {
      result = await this.ctx.gateways.approve(input.vendor, { orderId: input.source.id, amount: input.price });
    } catch (exp) {
      if (exp instanceof PgError && exp.props.kind === "unavailable")
        throw new PaymentError(
          502,
          "PG_UNAVAILABLE",
          `${input.vendor.code} did not answer (${exp.props.pg_code}); the payment is kept pending and will be reconciled with the PG.`,
        );
      await this.discard(id);
      throw fromPgError(exp);
    }
    const refusal = verify(result.snapshot, input, currency);
    if (refusal !== null) {
      await this.discard(id);
      throw refusal;
    }
    return this.ctx.db.transaction((tx) => this.settle(tx, id, result.data, result.snapshot));
  }

  /** Read one history by id, with its password. */
  public async at(client: string, id: string, password: string): Promise<IPaymentHistory> {
    const target = PasswordGuard.target(client, "history", id);
    return this.readOne(target, password, and(eq(payment_histories.id, id), eq(payment_histories.client_id, client))!);
  }

  /** Read one history by its source, with its password. */
  public async get(client: string, source: IPaymentSource, password: string): Promise<IPaymentHistory> {
    const target = PasswordGuard.target(client, "history", `${source.schema}/${source.table}/${source.id}`);
    return this.readOne(
      target,
      password,
      and(
        eq(payment_histories.client_id, client),
        eq(payment_histories.source_schema, source.schema),
        eq(payment_histories.source_table, source.table),
        eq(payment_histories.source_id, source.id),
      )!,
    );
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
    const previous = before.status === "pending" ? null : await this.snapshotOf(tx, before);
    const refund = snapshot.cancels.reduce((sum, c) => sum + c.amount, 0);
    const [after] = await tx
      .update(payment_histories)
      .set({
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
    const current = await this.snapshotOf(tx, after!);
    if (previous !== null && WebhookOutbox.changed(previous, current))
      await WebhookOutbox.enqueue(this.ctx, tx, { client_id: before.client_id, previous, current });
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

  /** One query: the row, its cancels and the target's failure count. */
  private async readOne(target: string, password: string, where: ReturnType<typeof and> & {}): Promise<IPaymentHistory> {
    const rows = await this.ctx.db
      .select({
        row: payment_histories,
        failures: password_failures.failures,
        window_start: password_failures.window_start,
        cancels: sql<CancelJson[]>`coalesce((
          SELECT json_agg(json_build_object(
            'id', c.id, 'vendor_cancel_id', c.vendor_cancel_id, 'price', c.price,
            'reason', c.reason, 'cancelled_at', c.cancelled_at) ORDER BY c.cancelled_at, c.vendor_cancel_id)
          FROM payment_history_cancels c WHERE c.history_id = ${payment_histories.id}), '[]'::json)`,
      })
      .from(payment_histories)
      .leftJoin(password_failures, eq(password_failures.target, target))
      .where(and(where, sql`${payment_histories.status} <> 'pending'`))
      .limit(1);
    const found = rows[0];
    await PasswordGuard.check(this.ctx, {
      target,
      password,
      stored: found?.row.password_hash ?? null,
      failures: found ? { failures: found.failures, window_start: found.window_start } : null,
    });
    return this.json(found!.row, found!.cancels);
  }

  private json(row: Row, cancels: CancelJson[]): IPaymentHistory {
    return {
      id: row.id,
      vendor_code: row.vendor_code as "toss.payments",
      vendor: { code: row.vendor_code as "toss.payments", store_id: row.vendor_store_id, uid: row.vendor_uid },
      source: { schema: row.source_schema, table: row.source_table, id: row.source_id },
      data: this.ctx.ciphers.payment.decryptJson<never>(row.data_enc),
      currency: row.currency,
      price: row.price,
      refund: row.refund,
      status: row.status as IPaymentHistory.Status,
      webhook_url: row.webhook_url,
      created_at: row.created_at.toISOString(),
      paid_at: row.paid_at?.toISOString() ?? null,
      cancelled_at: row.cancelled_at?.toISOString() ?? null,
      cancels: cancels.map(
        (c): IPaymentCancel => ({
          id: c.id,
          vendor_cancel_id: c.vendor_cancel_id,
          price: Number(c.price),
          reason: c.reason,
          cancelled_at: new Date(c.cancelled_at).toISOString(),
        }),
      ),
    };
  }
}

/** The caller's amount and order are the truth: anything else at the PG is refused. */
const verify = (s: IPgPaymentSnapshot, input: IPaymentHistory.IStore, currency: string): PaymentError | null => {
  if (s.uid !== input.vendor.uid) return new PaymentError(422, "PG_PAYMENT_NOT_FOUND", "The PG answered for another payment.");
  if (s.order_id !== input.source.id)
    return new PaymentError(422, "ORDER_ID_MISMATCH", `The PG payment belongs to order "${s.order_id}", not to source.id "${input.source.id}".`);
  if (s.amount !== input.price)
    return new PaymentError(422, "AMOUNT_MISMATCH", `The PG payment is for ${s.amount} ${s.currency}, the order for ${input.price} ${currency}.`);
  if (s.currency !== currency)
    return new PaymentError(422, "CURRENCY_MISMATCH", `The PG payment is in ${s.currency}, the order in ${currency}.`);
  if (s.status !== "paid" && s.status !== "waiting_deposit")
    return new PaymentError(422, "PAYMENT_NOT_PAID", `The PG payment is ${s.status}; only a paid payment or an issued virtual account can be registered.`);
  return null;
};

const duplicate = (exp: unknown): PaymentError | null => {
  if (isUniqueViolation(exp, "payment_histories_source"))
    return new PaymentError(409, "DUPLICATE_SOURCE", "A payment is already recorded for this source.");
  if (isUniqueViolation(exp, "payment_histories_vendor"))
    return new PaymentError(409, "DUPLICATE_PG_PAYMENT", "This PG payment is already recorded.");
  return null;
};
