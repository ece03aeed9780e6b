import { Inject, Injectable } from "@nestjs/common";
import { and, asc, count, eq, gte, sql } from "drizzle-orm";
import crypto from "node:crypto";
import { Csv } from "../../utils/Csv";

import type { IPaymentSettlement } from "../../api/structures/IPaymentSettlement";
import type { DrizzleTx } from "../../db/Database";
import { ledger_entries, payment_histories } from "../../db/schema";
import { PaymentError } from "../../utils/PaymentError";
import { IdempotencyProvider } from "../idempotency/IdempotencyProvider";
import { PaymentContext } from "../PaymentContext";
import { fromPgError } from "../PgErrorMapper";
import { SettlementLedger } from "./SettlementLedger";
import { SettlementMath } from "./SettlementMath";
import { SettlementPayouts } from "./SettlementPayouts";
import { ReconciliationRuns } from "../edge/ReconciliationRuns";
import { PaymentSellerProvider } from "../payouts/PaymentSellerProvider";
import { PayoutExecutionProvider } from "../payouts/PayoutExecutionProvider";

type History = typeof payment_histories.$inferSelect;
type Account = IPaymentSettlement.IEntry["account"];
type Kind = IPaymentSettlement.IEntry["kind"];

/**
 * Marketplace settlements on a double-entry ledger. A payment's split is posted in the
 * transaction that records it paid, a refund's reversal in the one that records the refund;
 * a payout collects a party's available entries. Every journal transaction sums to zero
 * (checked by the database at commit) and entries are never changed (refused by a trigger).
 */
@Injectable()
export class PaymentSettlementProvider {
  private readonly ledger: SettlementLedger;

  private readonly payouts: SettlementPayouts;

  public constructor(
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    @Inject(PaymentSellerProvider) private readonly sellers: PaymentSellerProvider,
    @Inject(PayoutExecutionProvider) private readonly executions: PayoutExecutionProvider,
  ) {
    this.ledger = new SettlementLedger(ctx);
    this.payouts = new SettlementPayouts(ctx);
  }

  /** A plan resolved against the price with the client's delays, or null without a plan. */
  public freeze(client: string, plan: IPaymentSettlement.IPlan | null | undefined, price: number): IPaymentSettlement.IPlanFrozen | null {
    if (plan === null || plan === undefined) return null;
    const own = this.ctx.config.clients.find((c) => c.id === client)?.settlement_delays ?? {};
    return SettlementMath.freeze(plan, price, { ...this.ctx.config.settlement.delays, ...own });
  }

  /**
   * Called by `settle` inside its transaction, with the row before and after the change:
   * posts the split when the money is first received (held, for an escrow payment), and the
   * reversal of every refund.
   */
  public post(tx: DrizzleTx, before: History, after: History, escrow = false): Promise<void> {
    return this.ledger.post(tx, before, after, escrow);
  }

  /** An escrow payment's purchase confirmed: its held shares become payable from `confirmedAt`. */
  public releaseEscrow(tx: DrizzleTx, history: History, confirmedAt: Date): Promise<void> {
    return this.ledger.releaseEscrow(tx, history, confirmedAt);
  }

  /* ----------------------------------------------------------------
    PAYOUTS
  ---------------------------------------------------------------- */
  /**
   * A party's available balance up to a day as a payout batch: executed by the PG when the
   * party is registered as its seller, else `scheduled` until the marketplace reports it.
   */
  public async payout(client: string, input: IPaymentSettlement.IPayoutCreate, scope: IdempotencyProvider.IScope = IdempotencyProvider.unkeyed()): Promise<IPaymentSettlement.IPayout> {
    SettlementPayouts.assertDay(input.up_to);
    const seller = await this.sellers.ofParty(client, input.party_id);
    if (seller !== null) return this.executions.payout(client, seller, input, scope);
    if (input.payout_date !== undefined)
      throw new PaymentError(422, "SETTLEMENT_INVALID", `payout_date is for a party registered as a seller; party "${input.party_id}" is paid by you.`);
    return this.ctx.db.transaction(async (tx) => {
      await this.payouts.lock(tx, client, input.party_id);
      const payable = await this.payouts.payable(tx, client, input);
      const id = crypto.randomUUID();
      await this.payouts.create(tx, client, id, input, payable);
      const current = await this.payouts.announce(tx, client, null, id);
      // The key's answer commits with the payout: a repeat never finds "nothing to pay out".
      await scope.keep(tx, current);
      return current;
    });
  }

  /** The bank transfer's outcome: paid out, or failed (its entries become payable again). */
  public async report(client: string, id: string, input: IPaymentSettlement.IPayoutReport): Promise<IPaymentSettlement.IPayout> {
    return this.ctx.db.transaction(async (tx) => {
      const current = await this.payouts.payoutOf(tx, client, id);
      if (current.executor === "pg")
        throw new PaymentError(409, "PAYOUT_EXECUTED_BY_PG", `The payout is executed by ${current.execution!.vendor.code}: its outcome comes from the PG; nothing changed.`);
      const closed = current.status === "scheduled" ? await this.payouts.close(tx, client, id, input.status, input.reason ?? null) : null;
      const now = closed ?? (await this.payouts.payoutOf(tx, client, id));
      if (now.status !== input.status) throw new PaymentError(409, "PAYOUT_ALREADY_REPORTED", `The payout was already reported ${now.status}; nothing changed.`);
      return now;
    });
  }

  /** A payout the PG is to pay on a later day, cancelled while the PG allows it. */
  public cancelPayout(client: string, id: string): Promise<IPaymentSettlement.IPayout> {
    return this.executions.cancel(client, id);
  }

  /* ----------------------------------------------------------------
    REPORTS
  ---------------------------------------------------------------- */
  /**
   * A party's position as it stood at the end of `as_of`: a payout batch counts from the day
   * it was made, and as paid out (or failed, its entries payable again) from the day that was
   * reported; the entries a batch made later pays were still pending or available then. So
   * `pending + available + scheduled + paid_out − negative_carried` is the party's net on any day.
   */
  public async balance(client: string, input: IPaymentSettlement.IBalanceRequest): Promise<IPaymentSettlement.IBalance> {
    const asOf = input.as_of ?? SettlementMath.koreanDay(new Date());
    const { end } = SettlementMath.koreanDays(asOf, asOf);
    const [row] = await this.ctx.database.query<Record<"pending" | "available" | "scheduled" | "paid_out", string | number | null>>(
      `WITH batches AS (
         SELECT p.id, p.amount,
                CASE WHEN p.status = 'paid_out' AND p.reported_at < $4 THEN 'paid_out'
                     WHEN p.status IN ('failed', 'cancelled') AND p.reported_at < $4 THEN 'failed'
                     ELSE 'scheduled' END AS state
           FROM settlement_payouts p WHERE p.client_id = $1 AND p.party_id = $2 AND p.created_at < $4),
       held AS (SELECT i.entry_id FROM settlement_payout_items i JOIN batches b ON b.id = i.payout_id WHERE b.state <> 'failed'),
       shares AS (
         SELECT e.amount, e.available_on FROM ledger_entries e
          WHERE e.client_id = $1 AND e.account = 'party' AND e.party_id = $2 AND e.kind IN ('payment', 'refund', 'escrow_release')
            AND NOT EXISTS (SELECT 1 FROM held h WHERE h.entry_id = e.id))
       SELECT
         (SELECT coalesce(sum(amount), 0) FROM shares WHERE available_on > $3::date) AS pending,
         (SELECT coalesce(sum(amount), 0) FROM shares WHERE available_on <= $3::date) AS available,
         (SELECT coalesce(sum(amount), 0) FROM batches WHERE state = 'scheduled') AS scheduled,
         (SELECT coalesce(sum(amount), 0) FROM batches WHERE state = 'paid_out') AS paid_out`,
      [client, input.party_id, asOf, end],
    );
    const available = Number(row?.available ?? 0);
    return {
      party_id: input.party_id,
      as_of: asOf,
      pending: Number(row?.pending ?? 0),
      available: Math.max(0, available),
      negative_carried: Math.max(0, -available),
      scheduled: Number(row?.scheduled ?? 0),
      paid_out: Number(row?.paid_out ?? 0),
    };
  }

  public async entries(client: string, input: IPaymentSettlement.IEntriesRequest): Promise<IPaymentSettlement.IEntriesPage> {
    const page = input.page ?? 1;
    const limit = input.limit ?? 100;
    const where = this.period(client, input);
    const [total] = await this.ctx.db.select({ n: count() }).from(ledger_entries).where(where);
    const rows = await this.ctx.db
      .select()
      .from(ledger_entries)
      .where(where)
      .orderBy(asc(ledger_entries.id))
      .limit(limit)
      .offset((page - 1) * limit);
    return { data: rows.map((r) => this.entryOf(r)), page, limit, total: Number(total?.n ?? 0) };
  }

  /** Every entry of the period as RFC 4180 CSV (ids and amounts only: no buyer or card data). */
  public async csv(client: string, input: IPaymentSettlement.ICsvRequest): Promise<IPaymentSettlement.ICsv> {
    const rows = await this.ctx.db.select().from(ledger_entries).where(this.period(client, input)).orderBy(asc(ledger_entries.id));
    const header = ["id", "transaction_id", "kind", "account", "party_id", "role", "history_id", "amount", "available_on", "created_at"];
    const lines = rows.map((r) => {
      const e = this.entryOf(r);
      return [e.id, e.transaction_id, e.kind, e.account, e.party_id, e.role, e.history_id, e.amount, e.available_on, e.created_at];
    });
    return { csv: Csv.of(header, lines) };
  }

  public async revenue(client: string, input: IPaymentSettlement.IRevenueRequest): Promise<IPaymentSettlement.IRevenue> {
    const [row] = await this.ctx.db
      .select({
        earned: sql<string>`coalesce(sum(${ledger_entries.amount}) FILTER (WHERE ${ledger_entries.amount} > 0), 0)`,
        refunded: sql<string>`coalesce(-sum(${ledger_entries.amount}) FILTER (WHERE ${ledger_entries.amount} < 0), 0)`,
      })
      .from(ledger_entries)
      .where(and(this.period(client, input), eq(ledger_entries.account, "platform")));
    const earned = Number(row?.earned ?? 0);
    const refunded = Number(row?.refunded ?? 0);
    return { from: input.from, to: input.to, earned, refunded, net: earned - refunded };
  }

  /**
   * The PG's settlement report of the days sold `from`–`to` against our position as of the
   * period's end: each payment sold in the period, net of the cancels made (at the PG's time)
   * before that end, with or without a split alike. A refund made after the period belongs to
   * a later report, and a payment recorded just after midnight still to the day the PG sold it.
   */
  public async reconcile(client: string, input: IPaymentSettlement.IReconcileRequest): Promise<IPaymentSettlement.IReconciliation> {
    if (!this.ctx.gateways.hasStore(input.vendor))
      throw new PaymentError(422, "UNKNOWN_STORE", `No store "${input.vendor.store_id}" is configured for ${input.vendor.code}.`);
    if (input.from > input.to) throw new PaymentError(422, "SETTLEMENT_INVALID", `from (${input.from}) is after to (${input.to}).`);
    this.ctx.gateways.require(input.vendor.code, "settlement_report");
    const lines = await this.ctx.gateways.settlementReport(input.vendor, input.from, input.to).catch((exp) => {
      throw fromPgError(exp);
    });
    if (lines === null) throw new PaymentError(422, "SETTLEMENT_INVALID", `${input.vendor.code} offers no settlement report through its API.`);
    const pg = new Map<string, { order_id: string; amount: number; fee: number; expected_fee: number; sold: boolean }>();
    for (const l of lines) {
      const p = pg.get(l.uid) ?? { order_id: l.order_id, amount: 0, fee: 0, expected_fee: 0, sold: false };
      p.amount += l.amount;
      p.fee += l.fee;
      p.expected_fee += Math.sign(l.amount) * Math.floor((Math.abs(l.amount) * input.fee_basis_points) / 10_000);
      p.sold ||= l.amount > 0;
      pg.set(l.uid, p);
    }
    const { start, end } = SettlementMath.koreanDays(input.from, input.to);
    // Ours: this store's payments the report names, and those received in the period.
    const ours = await this.ctx.database.query<{ id: string; client_id: string; vendor_uid: string; source_id: string; net: string }>(
      `SELECT h.id, h.client_id, h.vendor_uid, h.source_id,
              (h.price - coalesce((SELECT sum(c.price) FROM payment_history_cancels c WHERE c.history_id = h.id AND c.cancelled_at < $5), 0))::text AS net
         FROM payment_histories h
        WHERE h.vendor_code = $1 AND h.vendor_store_id = $2 AND h.paid_at IS NOT NULL
          AND (h.vendor_uid = ANY($3::text[]) OR (h.paid_at >= $4 AND h.paid_at < $5))`,
      [input.vendor.code, input.vendor.store_id, [...pg.keys()], start, end],
    );
    const mismatches: IPaymentSettlement.IMismatch[] = [];
    const known = new Map(ours.map((h) => [h.vendor_uid, h]));
    let checked = 0;
    for (const [uid, p] of pg) {
      if (!p.sold) continue; // a cancel of a payment sold before the period
      const h = known.get(uid);
      // Another client's payment at a shared store is not this client's to report.
      if (h !== undefined && h.client_id !== client) continue;
      ++checked;
      const pgSide = { amount: p.amount, fee: p.fee };
      if (h === undefined) {
        mismatches.push({ kind: "missing_in_ledger", uid, order_id: p.order_id, history_id: null, pg: pgSide, ledger: null });
        continue;
      }
      const ledger = { amount: Number(h.net), expected_fee: p.expected_fee };
      if (ledger.amount !== p.amount) mismatches.push({ kind: "amount", uid, order_id: h.source_id, history_id: h.id, pg: pgSide, ledger });
      if (p.fee !== p.expected_fee) mismatches.push({ kind: "fee", uid, order_id: h.source_id, history_id: h.id, pg: pgSide, ledger });
    }
    for (const h of ours)
      if (h.client_id === client && !pg.has(h.vendor_uid)) {
        ++checked;
        mismatches.push({ kind: "missing_at_pg", uid: h.vendor_uid, order_id: h.source_id, history_id: h.id, pg: null, ledger: { amount: Number(h.net), expected_fee: 0 } });
      }
    for (const kind of ["missing_in_ledger", "missing_at_pg", "amount", "fee"] as const)
      this.ctx.metrics.settlementMismatches.set({ vendor: input.vendor.code, kind }, mismatches.filter((m) => m.kind === kind).length);
    const result = { vendor: input.vendor.code, store_id: input.vendor.store_id, from: input.from, to: input.to, checked, mismatches };
    await ReconciliationRuns.record(this.ctx, { kind: "settlement", client_id: client, from: input.from, to: input.to, checked, differences: mismatches.length, result });
    return result;
  }

  /** Entries recorded on the Korean days from–to (both included). */
  private period(client: string, input: { party_id?: string; from: string; to: string }) {
    const { start, end } = SettlementMath.koreanDays(input.from, input.to);
    return and(
      eq(ledger_entries.client_id, client),
      gte(ledger_entries.created_at, start),
      sql`${ledger_entries.created_at} < ${end}`,
      ...(input.party_id !== undefined ? [eq(ledger_entries.account, "party"), eq(ledger_entries.party_id, input.party_id)] : []),
    );
  }

  private entryOf(r: typeof ledger_entries.$inferSelect): IPaymentSettlement.IEntry {
    return {
      id: r.id,
      transaction_id: r.transaction_id,
      kind: r.kind as Kind,
      account: r.account as Account,
      party_id: r.party_id,
      role: r.role as IPaymentSettlement.IEntry["role"],
      history_id: r.history_id,
      amount: r.amount,
      available_on: r.available_on,
      created_at: r.created_at.toISOString(),
    };
  }
}
