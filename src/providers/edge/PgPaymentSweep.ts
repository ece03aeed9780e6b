import { Inject, Injectable } from "@nestjs/common";
import { and, eq, inArray } from "drizzle-orm";

import type { IPaymentOrphan } from "../../api/structures/IPaymentOrphan";
import type { IPaymentVendor } from "../../api/structures/IPaymentVendor";
import { payment_histories } from "../../db/schema";
import type { IPgListedEntry } from "../../pg/PgGateway";
import { PgError } from "../../pg/PgError";
import { PgWebhookInboxProvider } from "../inbox/PgWebhookInboxProvider";
import { PaymentContext } from "../PaymentContext";
import { PreparedOrderCompletion } from "../prepared/PreparedOrderCompletion";
import { PaymentOrphanProvider } from "./PaymentOrphanProvider";

type Store = { code: IPaymentVendor.Code; store_id: string };

/** A payment as a listing tells it, its entries added up. */
export interface IListedPayment extends IPgListedEntry {
  /** When it was made (its first entry). */
  made_at: string;
}

/**
 * The sweep of every store's payment listing at its PG, because webhooks get lost: what it
 * finds goes the way a webhook's payment goes. A history the PG shows in another state is
 * re-read and settled (announced once, like a webhook's change); a prepared order the PG
 * reports paid is completed after its caller's grace; a paid payment nothing holds past the
 * orphan grace is an orphan. Entries a history already matches cost no PG call.
 */
@Injectable()
export class PgPaymentSweep {
  public constructor(
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    @Inject(PgWebhookInboxProvider) private readonly inbox: PgWebhookInboxProvider,
    @Inject(PreparedOrderCompletion) private readonly completion: PreparedOrderCompletion,
    @Inject(PaymentOrphanProvider) private readonly orphans: PaymentOrphanProvider,
  ) {}

  /** Sweep every store (of `vendor`, if named) over the last `windowSeconds`, then refund the orphans due. */
  public async sweep(windowSeconds: number = this.ctx.config.edge.sweep_window_seconds, vendor?: IPaymentVendor.Code): Promise<IPaymentOrphan.ISweepResult> {
    const until = new Date();
    const from = new Date(until.getTime() - windowSeconds * 1000);
    const result: IPaymentOrphan.ISweepResult = { listed: 0, updated: 0, completed: 0, orphaned: 0, cancelled: 0, failed_stores: [] };
    // A PG that lists nothing is left to its webhooks.
    for (const store of this.ctx.gateways.stores().filter((s) => (vendor === undefined || s.code === vendor) && this.ctx.gateways.supports(s.code, "listing"))) {
      try {
        const payments = await this.listed(store, from, until, result);
        await this.handle(store, payments, until, result);
        this.ctx.metrics.sweeps.inc({ vendor: store.code, outcome: "ok" });
      } catch (exp) {
        this.ctx.metrics.sweeps.inc({ vendor: store.code, outcome: "failed" });
        // The database, not the PG: the whole sweep stops (its caller tells an outage once).
        if (!(exp instanceof PgError)) throw exp;
        result.failed_stores.push(`${store.code}/${store.store_id}`);
        this.ctx.logger.warn({ worker: "sweep", vendor: store.code, store_id: store.store_id, err: exp }, "a PG's listing could not be read; swept again next time");
      }
    }
    await this.orphans.claimRegistered();
    result.cancelled = await this.orphans.cancelDue();
    return result;
  }

  /** Every page of a store's listing, its entries added up per payment. */
  public async listed(store: Store, from: Date, until: Date, counts?: { listed: number }): Promise<Map<string, IListedPayment>> {
    const payments = new Map<string, IListedPayment>();
    let cursor: string | null = null;
    // Bounded: a PG that keeps answering a cursor must not keep the sweep forever.
    for (let page = 0; page < 1_000; ++page) {
      const listing = await this.ctx.gateways.list(store, { from, until }, cursor);
      for (const e of listing.entries) {
        if (counts !== undefined) ++counts.listed;
        const known = payments.get(e.uid);
        if (known === undefined) {
          payments.set(e.uid, { ...e, made_at: e.at });
          continue;
        }
        const later = e.at >= known.at;
        payments.set(e.uid, {
          ...known,
          amount: known.amount ?? e.amount,
          cancelled: known.cancelled + e.cancelled,
          status: later ? e.status : known.status,
          at: later ? e.at : known.at,
          made_at: e.at < known.made_at ? e.at : known.made_at,
        });
      }
      cursor = listing.cursor;
      if (cursor === null || listing.entries.length === 0) break;
    }
    return payments;
  }

  private async handle(store: Store, payments: Map<string, IListedPayment>, now: Date, result: IPaymentOrphan.ISweepResult): Promise<void> {
    const uids = [...payments.keys()];
    for (let i = 0; i < uids.length; i += 500) {
      const batch = uids.slice(i, i + 500);
      const rows = await this.ctx.db
        .select()
        .from(payment_histories)
        .where(and(eq(payment_histories.vendor_code, store.code), eq(payment_histories.vendor_store_id, store.store_id), inArray(payment_histories.vendor_uid, batch)));
      const held = new Map(rows.map((r) => [r.vendor_uid, r]));
      for (const uid of batch) {
        const listed = payments.get(uid)!;
        const row = held.get(uid);
        if (row !== undefined) {
          if (row.status === "pending" || agrees(row, listed)) continue;
          const outcome = await this.inbox.apply(row, () => null);
          if (outcome.status === "applied") ++result.updated;
          continue;
        }
        if (listed.status !== "paid" && listed.status !== "partial_cancelled") continue; // nothing received, nothing owed
        const age = (now.getTime() - Date.parse(listed.made_at)) / 1000;
        if (await this.completion.expects(store.code, listed.order_id)) {
          if (age < this.ctx.config.prepared_completion_grace_seconds) continue;
          const completed = await this.completion.complete(store.code, uid, listed.order_id);
          if (completed !== null && "history" in completed) ++result.completed;
          continue;
        }
        if (age < this.ctx.config.edge.orphan_grace_seconds || listed.amount === null) continue;
        if (await this.orphans.found(store, { ...listed, amount: listed.amount })) ++result.orphaned;
      }
    }
  }
}

/** Whether a history already says what the listing says (then nothing is asked of the PG). */
const agrees = (row: typeof payment_histories.$inferSelect, listed: IListedPayment): boolean =>
  row.status === listed.status && (listed.amount === null || (Number(row.refund) === listed.cancelled && Number(row.price) === listed.amount));
