import { Inject, Injectable } from "@nestjs/common";
import { and, eq, inArray, lte } from "drizzle-orm";

import type { IPaymentSettlement } from "../../api/structures/IPaymentSettlement";
import type { IPaymentVendor } from "../../api/structures/IPaymentVendor";
import { settlement_payout_executions, settlement_sellers } from "../../db/schema";
import type { IPgPayout } from "../../pg/PgPayouts";
import { PgError } from "../../pg/PgError";
import { PaymentError } from "../../utils/PaymentError";
import type { IdempotencyProvider } from "../idempotency/IdempotencyProvider";
import type { IInboxOutcome } from "../inbox/PgWebhookInboxProvider";
import { PaymentContext } from "../PaymentContext";
import { fromPgError } from "../PgErrorMapper";
import { payoutCall } from "./PayoutCalls";
import { SettlementMath } from "../settlements/SettlementMath";
import { SettlementPayouts } from "../settlements/SettlementPayouts";
import { PaymentSellerProvider, type SellerRow } from "./PaymentSellerProvider";

type Execution = typeof settlement_payout_executions.$inferSelect;
const CLOSING = { completed: "paid_out", failed: "failed", cancelled: "cancelled" } as const;
/** What the PG's payout says of our batch (a refused request is a failed payout). */
type Outcome = Pick<IPgPayout, "status" | "failure"> & { payout_id: string | null };

/**
 * Payout batches of parties registered as sellers, executed by their PG: the balance at the
 * PG checked before anything is written, the batch made, then requested at the PG under the
 * batch's id (the PG holds one payout per reference: a retry, a resumed call or a worker
 * never pays twice). The PG's payout status closes the batch once (`paid_out`, or its money
 * back to the party), from its webhook or from the workers' re-read.
 */
@Injectable()
export class PayoutExecutionProvider {
  private readonly payouts: SettlementPayouts;

  public constructor(@Inject(PaymentContext) private readonly ctx: PaymentContext) {
    this.payouts = new SettlementPayouts(ctx);
  }

  public async payout(client: string, seller: SellerRow, input: IPaymentSettlement.IPayoutCreate, scope: IdempotencyProvider.IScope): Promise<IPaymentSettlement.IPayout> {
    const id = scope.record_id;
    if (scope.resumed) {
      // A repeat of a call cut off after the batch was made: the batch answers, sent if it was not.
      const [made] = await this.ctx.db.select().from(settlement_payout_executions).where(eq(settlement_payout_executions.payout_id, id));
      if (made !== undefined) {
        if (made.pg_status === "sending") await this.send(made, seller, true);
        return this.read(client, id);
      }
    }
    if (seller.status !== "approved" && seller.status !== "partially_approved")
      throw new PaymentError(422, "SELLER_NOT_PAYABLE", `The seller of party "${input.party_id}" is ${seller.status} at ${seller.vendor_code}: it is paid once the PG approves it.`);
    const today = SettlementMath.koreanDay(new Date());
    if (input.payout_date !== undefined && input.payout_date <= today)
      throw new PaymentError(422, "SETTLEMENT_INVALID", `payout_date (${input.payout_date}) must be after today (${today}, Korean time); leave it out to pay at once.`);
    const preview = await this.ctx.db.transaction((tx) => this.payouts.payable(tx, client, input));
    if (seller.status === "partially_approved" && preview.amount > PaymentSellerProvider.PARTIAL_LIMIT)
      throw new PaymentError(422, "SELLER_LIMIT_EXCEEDED", `The seller is partially approved: one payout may pay ${PaymentSellerProvider.PARTIAL_LIMIT} at most, and this one would pay ${preview.amount}.`);
    const vendor = { code: seller.vendor_code as IPaymentVendor.Code, store_id: seller.vendor_store_id };
    const balance = await payoutCall(this.ctx, vendor, "balance", (p) => p.balance(vendor.store_id));
    const short = (amount: number) =>
      new PaymentError(422, "PG_BALANCE_INSUFFICIENT", `${vendor.code} can pay out ${balance.available} now and this payout needs ${amount}: nothing was sent.`, false, { available: balance.available, amount });
    if (preview.amount > balance.available) throw short(preview.amount);
    const execution = await this.ctx.db.transaction(async (tx) => {
      await this.payouts.lock(tx, client, input.party_id);
      const payable = await this.payouts.payable(tx, client, input);
      if (payable.amount > balance.available) throw short(payable.amount);
      await this.payouts.create(tx, client, id, input, payable);
      const [row] = await tx
        .insert(settlement_payout_executions)
        .values({
          payout_id: id,
          client_id: client,
          seller_id: seller.id,
          vendor_code: vendor.code,
          vendor_store_id: vendor.store_id,
          pg_status: "sending",
          payout_date: input.payout_date ?? null,
          amount: payable.amount,
          checked_at: this.ctx.clock.now(),
          created_at: new Date(),
        })
        .returning();
      await this.payouts.announce(tx, client, null, id);
      return row!;
    });
    await this.send(execution, seller, false);
    return this.read(client, id);
  }

  /** A payout the PG is to pay on a later day, cancelled while the PG allows it: its money returns to the party. */
  public async cancel(client: string, id: string): Promise<IPaymentSettlement.IPayout> {
    const current = await this.read(client, id);
    const [row] = await this.ctx.db.select().from(settlement_payout_executions).where(eq(settlement_payout_executions.payout_id, id));
    if (row === undefined) throw new PaymentError(409, "PAYOUT_NOT_CANCELLABLE", "The payout is paid by hand: report its outcome instead.");
    if (current.status !== "scheduled") throw new PaymentError(409, "PAYOUT_ALREADY_REPORTED", `The payout is already ${current.status}; nothing changed.`);
    if (row.pg_payout_id === null) throw new PaymentError(409, "PAYOUT_NOT_CANCELLABLE", "The PG has not confirmed the payout yet: ask again shortly.");
    const vendor = { code: row.vendor_code as IPaymentVendor.Code, store_id: row.vendor_store_id };
    let pg: IPgPayout;
    try {
      pg = await this.ctx.gateways.payouts(vendor, "cancel", (p) => p.cancel(vendor.store_id, row.pg_payout_id!));
    } catch (exp) {
      if (exp instanceof PgError && exp.props.kind === "rejected")
        throw new PaymentError(409, "PAYOUT_NOT_CANCELLABLE", `${vendor.code} no longer lets this payout be cancelled (${exp.props.pg_code}: ${exp.props.message}).`);
      throw fromPgError(exp);
    }
    await this.apply(row, { ...pg, payout_id: pg.payout_id });
    return this.read(client, id);
  }

  /** A PG's webhook naming a payout: re-read from the PG under our reference, applied once. */
  public async heard(vendor: IPaymentVendor.Code, event: { payout_id: string; ref: string }): Promise<IInboxOutcome> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(event.ref)) return { status: "ignored", outcome: "no payout of ours by this reference" };
    const [row] = await this.ctx.db
      .select()
      .from(settlement_payout_executions)
      .where(and(eq(settlement_payout_executions.payout_id, event.ref), eq(settlement_payout_executions.vendor_code, vendor)));
    if (row === undefined) return { status: "ignored", outcome: "no payout of ours by this reference" };
    const pg = await this.ctx.gateways.payouts({ code: vendor }, "get", (p) => p.get(row.vendor_store_id, row.pg_payout_id ?? event.payout_id));
    if (pg.ref !== row.payout_id) return { status: "rejected", outcome: "the payout's reference differs at the PG" };
    const result = await this.apply(row, pg);
    return result.changed ? { status: "applied", outcome: `payout now ${pg.status}` } : { status: "unchanged", outcome: `payout already ${pg.status}` };
  }

  /**
   * The workers' re-read of payouts the PG has not closed, asked last `recheck_seconds` ago
   * or more by the server's clock (claimed across instances, SKIP LOCKED): a lost webhook, a
   * request whose answer never came (looked up by its reference, sent if the PG has none).
   */
  public async recheck(limit = 20): Promise<number> {
    const now = this.ctx.clock.now();
    const due = this.ctx.db
      .select({ id: settlement_payout_executions.payout_id })
      .from(settlement_payout_executions)
      .where(
        and(
          inArray(settlement_payout_executions.pg_status, ["sending", "requested", "in_progress"]),
          lte(settlement_payout_executions.checked_at, new Date(now.getTime() - this.ctx.config.payout.recheck_seconds * 1000)),
        ),
      )
      .limit(limit)
      .for("update", { skipLocked: true });
    const rows = await this.ctx.db.update(settlement_payout_executions).set({ checked_at: now }).where(inArray(settlement_payout_executions.payout_id, due)).returning();
    for (const row of rows) {
      try {
        if (row.pg_payout_id === null) {
          const [seller] = await this.ctx.db.select().from(settlement_sellers).where(eq(settlement_sellers.id, row.seller_id));
          if (seller !== undefined) await this.send(row, seller, true);
          continue;
        }
        const pg = await this.ctx.gateways.payouts({ code: row.vendor_code as IPaymentVendor.Code }, "get", (p) => p.get(row.vendor_store_id, row.pg_payout_id!));
        await this.apply(row, pg);
      } catch (exp) {
        if (!(exp instanceof PgError) && !this.ctx.outage.noted(exp))
          this.ctx.logger.error({ worker: "payouts", payout_id: row.payout_id, err: exp instanceof Error ? exp.message : String(exp) }, "a payout's re-read failed");
      }
    }
    return rows.length;
  }

  /**
   * Ask the PG to pay a batch (first looking it up by its reference when a try may have
   * reached the PG). A refusal fails the batch (its money back to the party); an unknown
   * outcome leaves it `sending` for the workers.
   */
  private async send(row: Execution, seller: SellerRow, lookFirst: boolean): Promise<void> {
    const vendor = { code: row.vendor_code as IPaymentVendor.Code };
    let pg: IPgPayout | null = null;
    try {
      if (lookFirst) pg = await this.ctx.gateways.payouts(vendor, "find", (p) => p.findByRef(row.vendor_store_id, row.payout_id));
      pg ??= await this.ctx.gateways.payouts(vendor, "request", (p) =>
        p.request(row.vendor_store_id, { ref: row.payout_id, seller_id: seller.pg_seller_id!, amount: row.amount, payout_date: row.payout_date, description: "정산금" }),
      );
    } catch (exp) {
      if (!(exp instanceof PgError)) throw exp;
      // A duplicate reference means a try did reach the PG: the workers find it by its reference.
      if (exp.props.kind === "rejected" && !/DUPLICATE/.test(exp.props.pg_code))
        await this.apply(row, { payout_id: null, status: "failed", failure: { code: exp.props.pg_code, message: exp.props.message } });
      return;
    }
    await this.apply(row, pg);
  }

  /** Record the PG's status of a payout and close its batch when it is final (once). */
  private async apply(row: Execution, pg: Outcome): Promise<{ changed: boolean }> {
    return this.ctx.db.transaction(async (tx) => {
      const [locked] = await tx.select().from(settlement_payout_executions).where(eq(settlement_payout_executions.payout_id, row.payout_id)).for("update");
      if (locked === undefined) return { changed: false };
      const changed = locked.pg_status !== pg.status || (pg.payout_id !== null && locked.pg_payout_id !== pg.payout_id);
      await tx
        .update(settlement_payout_executions)
        .set({
          pg_payout_id: pg.payout_id ?? locked.pg_payout_id,
          pg_status: pg.status,
          failure_code: pg.failure?.code ?? null,
          failure_message: pg.failure?.message.slice(0, 500) ?? null,
          checked_at: this.ctx.clock.now(),
        })
        .where(eq(settlement_payout_executions.payout_id, row.payout_id));
      const closing = pg.status in CLOSING ? CLOSING[pg.status as keyof typeof CLOSING] : null;
      if (closing !== null) {
        const reason = pg.failure !== null ? `${pg.failure.code}: ${pg.failure.message}`.slice(0, 500) : null;
        await this.payouts.close(tx, locked.client_id, locked.payout_id, closing, reason);
      }
      return { changed };
    });
  }

  private async read(client: string, id: string): Promise<IPaymentSettlement.IPayout> {
    return this.ctx.db.transaction((tx) => this.payouts.payoutOf(tx, client, id));
  }

}

