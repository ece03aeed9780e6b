import { Inject, Injectable } from "@nestjs/common";
import { sql } from "drizzle-orm";
import { v7 as timeOrderedId } from "uuid";

import type { IPaymentOrphan } from "../../api/structures/IPaymentOrphan";
import type { IPaymentVendor } from "../../api/structures/IPaymentVendor";
import type { DrizzleTx } from "../../db/Database";
import type { IPgListedEntry } from "../../pg/PgGateway";
import { PgError } from "../../pg/PgError";
import { PaymentContext } from "../PaymentContext";
import { WebhookOutbox } from "../webhooks/WebhookOutbox";

/** The reason an orphan's refund carries at its PG. */
const CANCEL_REASON = "Refunded: the merchant never registered this payment (orphaned payment)";

interface IOrphanRow {
  id: string;
  vendor_code: IPaymentVendor.Code;
  vendor_store_id: string;
  vendor_uid: string;
  order_id: string;
  client_id: string | null;
  currency: string;
  amount: string | number;
  cancelled: string | number;
  status: IPaymentOrphan["status"];
  pg_status: string;
  paid_at: Date | string;
  found_at: Date | string;
  updated_at: Date | string;
  note: string | null;
}

/**
 * Orphans: paid payments a PG holds that nobody registered past the grace. Each is stored
 * once (a unique index over the PG payment: two instances sweeping find it once), announced
 * once to the client whose configuration names its store, and under that client's `cancel`
 * policy refunded in full at the PG once.
 *
 * Nothing a history holds is ever cancelled as an orphan. The cancel runs under a transaction
 * lock on the PG payment, which every registration's reserving statement also takes (shared):
 * a registration reserved before the lock is seen by the cancel, which then stands down; one
 * arriving during the cancel waits for it and then reads the refunded payment from the PG.
 */
@Injectable()
export class PaymentOrphanProvider {
  public constructor(@Inject(PaymentContext) private readonly ctx: PaymentContext) {}

  /**
   * The text whose `hashtextextended(…, 0)` locks a PG payment; the registration's reserving
   * statement spells the same `'pg-payment:' || vendor_code || '/' || vendor_uid`.
   */
  public static lockKey(code: string, uid: string): string {
    return `pg-payment:${code}/${uid}`;
  }

  /**
   * A paid payment no history and no prepared order holds, past the grace: stored and
   * announced, unless a history holds it by now (checked in the same statement) or it is
   * known already. True when it is new.
   */
  public async found(vendor: { code: IPaymentVendor.Code; store_id: string }, payment: IPgListedEntry & { amount: number }): Promise<boolean> {
    const owner = this.owner(vendor);
    return this.ctx.db.transaction(async (tx) => {
      const now = new Date();
      const rows = await rowsOf<IOrphanRow>(
        tx,
        sql`INSERT INTO payment_orphans (id, vendor_code, vendor_store_id, vendor_uid, order_id, client_id, currency, amount, cancelled, status, pg_status, paid_at, found_at, updated_at)
            SELECT ${timeOrderedId()}::uuid, ${vendor.code}, ${vendor.store_id}, ${payment.uid}, ${payment.order_id}, ${owner?.id ?? null}, ${payment.currency},
                   ${payment.amount}, ${payment.cancelled}, 'orphaned', ${payment.status}, ${payment.at}::timestamptz, ${now}, ${now}
             WHERE NOT EXISTS (SELECT 1 FROM payment_histories h WHERE h.vendor_code = ${vendor.code} AND h.vendor_uid = ${payment.uid} AND h.vendor_store_id = ${vendor.store_id})
            ON CONFLICT (vendor_code, vendor_uid, vendor_store_id) DO NOTHING
            RETURNING *`,
      );
      const row = rows[0];
      if (row === undefined) return false;
      const current = json(row);
      if (owner !== undefined) await WebhookOutbox.enqueueOrphan(this.ctx, tx, "payment.orphaned", { client_id: owner.id, events_url: owner.events_url ?? null, previous: null, current });
      this.ctx.logger.warn(
        { event: "payment.orphaned", orphan_id: row.id, vendor: vendor.code, store_id: vendor.store_id, amount: current.amount, client_id: row.client_id },
        owner === undefined ? "a paid payment nobody registered, at a store no client names" : "a paid payment nobody registered",
      );
      this.ctx.metrics.orphans.inc({ vendor: vendor.code, outcome: "found" });
      return true;
    });
  }

  /** Orphans a history holds by now (their callers registered them late) are `claimed`. */
  public async claimRegistered(): Promise<number> {
    return this.ctx.database.execute(
      `UPDATE payment_orphans o SET status = 'claimed', updated_at = now()
        WHERE o.status = 'orphaned' AND EXISTS (SELECT 1 FROM payment_histories h
          WHERE h.vendor_code = o.vendor_code AND h.vendor_uid = o.vendor_uid AND h.vendor_store_id = o.vendor_store_id)`,
    );
  }

  /** Refund the orphans of every client whose policy is `cancel`; the number refunded. */
  public async cancelDue(): Promise<number> {
    const clients = this.ctx.config.clients.filter((c) => c.orphan_policy === "cancel").map((c) => c.id);
    if (clients.length === 0) return 0;
    const due = await this.ctx.database.query<{ id: string }>(
      "SELECT id FROM payment_orphans WHERE status = 'orphaned' AND client_id = ANY($1::text[]) ORDER BY found_at LIMIT 100",
      [clients],
    );
    let cancelled = 0;
    for (const { id } of due) if (await this.cancel(id)) ++cancelled;
    return cancelled;
  }

  /**
   * Refund one orphan in full at its PG, under the payment's lock (see the class). A PG that
   * refuses because it is refunded already (a crash after an earlier refund, a console
   * refund) is read, and what it holds is recorded. A PG that does not answer leaves the
   * orphan for the next sweep. True when this call recorded it cancelled.
   */
  private async cancel(id: string): Promise<boolean> {
    return this.ctx.db.transaction(async (tx) => {
      const [row] = await rowsOf<IOrphanRow>(tx, sql`SELECT * FROM payment_orphans WHERE id = ${id}::uuid AND status = 'orphaned'`);
      if (row === undefined) return false;
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${PaymentOrphanProvider.lockKey(row.vendor_code, row.vendor_uid)}, 0))`);
      const [locked] = await rowsOf<IOrphanRow>(tx, sql`SELECT * FROM payment_orphans WHERE id = ${id}::uuid AND status = 'orphaned' FOR UPDATE`);
      if (locked === undefined) return false;
      const held = await rowsOf(tx, sql`SELECT 1 FROM payment_histories WHERE vendor_code = ${row.vendor_code} AND vendor_uid = ${row.vendor_uid} AND vendor_store_id = ${row.vendor_store_id}`);
      if (held.length !== 0) {
        await tx.execute(sql`UPDATE payment_orphans SET status = 'claimed', updated_at = now() WHERE id = ${id}::uuid`);
        return false;
      }
      const vendor: IPaymentVendor = { code: row.vendor_code, store_id: row.vendor_store_id, uid: row.vendor_uid };
      const previous = json(locked);
      let result: { snapshot: { status: string; amount: number; balance: number } };
      try {
        result = await this.ctx.gateways.cancel(vendor, { balance: Number(row.amount) - Number(row.cancelled), reason: CANCEL_REASON, refund_account: null, idempotencyKey: `payments-server:orphan:${id}` });
      } catch (exp) {
        if (!(exp instanceof PgError) || exp.props.kind !== "rejected") throw exp;
        result = await this.ctx.gateways.fetch(vendor);
        if (result.snapshot.balance !== 0) {
          await tx.execute(sql`UPDATE payment_orphans SET note = ${`refund refused: ${exp.props.pg_code} ${exp.message}`.slice(0, 500)}, updated_at = now() WHERE id = ${id}::uuid`);
          this.ctx.metrics.orphans.inc({ vendor: vendor.code, outcome: "cancel_refused" });
          return false;
        }
      }
      const [updated] = await rowsOf<IOrphanRow>(
        tx,
        sql`UPDATE payment_orphans SET status = 'cancelled', cancelled = ${result.snapshot.amount - result.snapshot.balance}, pg_status = ${result.snapshot.status}, note = NULL, updated_at = now()
             WHERE id = ${id}::uuid RETURNING *`,
      );
      const owner = this.ctx.config.clients.find((c) => c.id === row.client_id);
      if (owner !== undefined)
        await WebhookOutbox.enqueueOrphan(this.ctx, tx, "payment.orphan_cancelled", { client_id: owner.id, events_url: owner.events_url ?? null, previous, current: json(updated!) });
      this.ctx.logger.warn({ event: "payment.orphan_cancelled", orphan_id: id, vendor: vendor.code, amount: Number(row.amount) }, "an orphaned payment was refunded at its PG");
      this.ctx.metrics.orphans.inc({ vendor: vendor.code, outcome: "cancelled" });
      return true;
    });
  }

  /** Orphans, newest first (the operator's route). */
  public async list(input: IPaymentOrphan.IRequest): Promise<IPaymentOrphan[]> {
    const rows = await this.ctx.database.query<IOrphanRow>(
      "SELECT * FROM payment_orphans WHERE ($1::text IS NULL OR status = $1) ORDER BY found_at DESC, id DESC LIMIT $2",
      [input.status ?? null, input.limit ?? 100],
    );
    return rows.map(json);
  }

  /** The client whose configuration names this store. */
  private owner(vendor: { code: IPaymentVendor.Code; store_id: string }) {
    return this.ctx.config.clients.find((c) => (c.stores ?? []).some((s) => s.code === vendor.code && s.store_id === vendor.store_id));
  }
}

const rowsOf = async <T = Record<string, unknown>>(tx: DrizzleTx, query: ReturnType<typeof sql>): Promise<T[]> => {
  const result = (await tx.execute(query)) as unknown as { rows: T[] } | T[];
  return Array.isArray(result) ? result : result.rows;
};

const iso = (at: Date | string): string => new Date(at).toISOString();

const json = (row: IOrphanRow): IPaymentOrphan => ({
  id: row.id,
  vendor: { code: row.vendor_code, store_id: row.vendor_store_id, uid: row.vendor_uid },
  order_id: row.order_id,
  client_id: row.client_id,
  currency: row.currency,
  amount: Number(row.amount),
  cancelled: Number(row.cancelled),
  status: row.status,
  pg_status: row.pg_status,
  paid_at: iso(row.paid_at),
  found_at: iso(row.found_at),
  updated_at: iso(row.updated_at),
  note: row.note,
});
