import { Inject, Injectable } from "@nestjs/common";

import type { IPaymentTransactionReconciliation } from "../../api/structures/IPaymentTransactionReconciliation";
import type { IPaymentVendor } from "../../api/structures/IPaymentVendor";
import { PgError } from "../../pg/PgError";
import { PaymentError } from "../../utils/PaymentError";
import { PaymentContext } from "../PaymentContext";
import { type IListedPayment, PgPaymentSweep } from "./PgPaymentSweep";
import { ReconciliationRuns } from "./ReconciliationRuns";

type Difference = IPaymentTransactionReconciliation.IDifference;
/** Our record and the PG's may be stamped a little apart: each side is read this much wider. */
const MARGIN_MS = 10 * 60_000;
/** Statuses in which the PG approved the payment (money moved, even if refunded since). */
const APPROVED = new Set(["paid", "partial_cancelled", "cancelled"]);

/**
 * Reconciliation of transactions: for a period, every store's listing at its PG against our
 * histories. A payment counts in the period by when it was made (the PG's listing time, our
 * record's creation); each side is read with a margin so that one stamped a moment apart on
 * each side is matched, not reported missing. Reports only: nothing is changed (the sweep
 * does that).
 */
@Injectable()
export class TransactionReconciliation {
  public constructor(
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    @Inject(PgPaymentSweep) private readonly sweeps: PgPaymentSweep,
  ) {}

  public async reconcile(input: IPaymentTransactionReconciliation.IRequest): Promise<IPaymentTransactionReconciliation> {
    const from = new Date(input.from);
    const to = new Date(input.to);
    if (!(from < to) || to.getTime() - from.getTime() > 31 * 86_400_000)
      throw new PaymentError(400, "INVALID_BODY", "Invalid body: `from` must be before `to`, and the period at most 31 days.");
    const stores: IPaymentTransactionReconciliation.IStore[] = [];
    if (input.vendor !== undefined) this.ctx.gateways.require(input.vendor, "listing");
    for (const store of this.ctx.gateways.stores().filter((s) => (input.vendor === undefined || s.code === input.vendor) && this.ctx.gateways.supports(s.code, "listing")))
      stores.push(await this.store(store, from, to));
    for (const code of this.ctx.gateways.codes())
      for (const kind of ["missing_here", "missing_at_pg", "amount", "status"] as const)
        this.ctx.metrics.transactionDifferences.set(
          { vendor: code, kind },
          stores.filter((s) => s.code === code).reduce((n, s) => n + s.differences.filter((d) => d.kind === kind).length, 0),
        );
    const result = { from: from.toISOString(), to: to.toISOString(), stores };
    await ReconciliationRuns.record(this.ctx, {
      kind: "transactions",
      client_id: null,
      from: result.from,
      to: result.to,
      checked: stores.reduce((n, s) => n + s.listed, 0),
      differences: stores.reduce((n, s) => n + s.differences.length, 0),
      result,
    });
    return result;
  }

  private async store(store: { code: IPaymentVendor.Code; store_id: string }, from: Date, to: Date): Promise<IPaymentTransactionReconciliation.IStore> {
    const result: IPaymentTransactionReconciliation.IStore = { code: store.code, store_id: store.store_id, listed: 0, held: 0, differences: [], failed: null };
    let listed: Map<string, IListedPayment>;
    try {
      listed = await this.sweeps.listed(store, new Date(from.getTime() - MARGIN_MS), new Date(to.getTime() + MARGIN_MS));
    } catch (exp) {
      if (!(exp instanceof PgError)) throw exp;
      result.failed = `${exp.props.pg_code}: ${exp.message}`.slice(0, 300);
      return result;
    }
    const rows = await this.ctx.database.query<{ vendor_uid: string; source_id: string; status: string; price: string | number; refund: string | number; created_at: Date | string }>(
      `SELECT vendor_uid, source_id, status, price, refund, created_at FROM payment_histories
        WHERE vendor_code = $1 AND vendor_store_id = $2 AND status <> 'pending' AND created_at >= $3 AND created_at < $4`,
      [store.code, store.store_id, new Date(from.getTime() - MARGIN_MS), new Date(to.getTime() + MARGIN_MS)],
    );
    const inPeriod = (at: Date | string) => {
      const t = new Date(at).getTime();
      return t >= from.getTime() && t < to.getTime();
    };
    const ours = new Map(rows.map((r) => [r.vendor_uid, r]));
    const differences: Difference[] = [];
    for (const r of rows) {
      if (!inPeriod(r.created_at)) continue;
      ++result.held;
      const here = { status: r.status, amount: Number(r.price), refunded: Number(r.refund) };
      const pg = listed.get(r.vendor_uid);
      if (pg === undefined) {
        differences.push({ kind: "missing_at_pg", uid: r.vendor_uid, order_id: r.source_id, here, pg: null });
        continue;
      }
      const theirs = { status: pg.status, amount: pg.amount, refunded: pg.cancelled };
      if (pg.amount !== null && pg.amount !== here.amount) differences.push({ kind: "amount", uid: r.vendor_uid, order_id: r.source_id, here, pg: theirs });
      else if (pg.status !== here.status || (pg.amount !== null && pg.cancelled !== here.refunded))
        differences.push({ kind: "status", uid: r.vendor_uid, order_id: r.source_id, here, pg: theirs });
    }
    for (const pg of listed.values()) {
      if (!inPeriod(pg.made_at)) continue;
      ++result.listed;
      if (ours.has(pg.uid) || !APPROVED.has(pg.status)) continue;
      differences.push({ kind: "missing_here", uid: pg.uid, order_id: pg.order_id, here: null, pg: { status: pg.status, amount: pg.amount, refunded: pg.cancelled } });
    }
    result.differences = differences.sort((a, b) => a.kind.localeCompare(b.kind) || a.uid.localeCompare(b.uid));
    return result;
  }
}
