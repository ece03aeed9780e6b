import { and, count, eq, inArray, lte, sql } from "drizzle-orm";

import type { IPaymentSettlement } from "../../api/structures/IPaymentSettlement";
import type { DrizzleTx } from "../../db/Database";
import { ledger_entries, settlement_payout_executions, settlement_payout_items, settlement_payouts } from "../../db/schema";
import { PaymentError } from "../../utils/PaymentError";
import type { PaymentContext } from "../PaymentContext";
import { WebhookOutbox } from "../webhooks/WebhookOutbox";
import { SettlementLedger } from "./SettlementLedger";
import { SettlementMath } from "./SettlementMath";

/**
 * Payout batches on the ledger: made from a party's available entries, then closed once,
 * `paid_out` or returned to the party (`failed`, `cancelled`), whoever reports it (the
 * marketplace by hand, or the PG that executes it). Each change is announced in its transaction.
 */
export class SettlementPayouts {
  private readonly ledger: SettlementLedger;

  public constructor(private readonly ctx: PaymentContext) {
    this.ledger = new SettlementLedger(ctx);
  }

  /** One payout at a time per party, across instances, for the rest of `tx`. */
  public async lock(tx: DrizzleTx, client: string, party: string): Promise<void> {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`payout:${client}:${party}`}, 0))`);
  }

  /** What a batch for the party up to a day would pay now, and its entries. */
  public async payable(tx: DrizzleTx, client: string, input: { party_id: string; up_to: string }): Promise<{ amount: number; entries: { id: number; amount: number }[] }> {
    const entries = await tx
      .select({ id: ledger_entries.id, amount: ledger_entries.amount })
      .from(ledger_entries)
      .where(
        and(
          eq(ledger_entries.client_id, client),
          eq(ledger_entries.account, "party"),
          eq(ledger_entries.party_id, input.party_id),
          inArray(ledger_entries.kind, ["payment", "refund", "escrow_release"]),
          lte(ledger_entries.available_on, input.up_to),
          sql`NOT EXISTS (SELECT 1 FROM ${settlement_payout_items} i WHERE i.entry_id = ${ledger_entries.id} AND NOT i.released)`,
        ),
      );
    const amount = entries.reduce((sum, e) => sum + e.amount, 0);
    if (amount <= 0)
      throw new PaymentError(
        422,
        "NOTHING_TO_PAY_OUT",
        amount < 0
          ? `Party "${input.party_id}" owes ${-amount} from refunds of shares already paid out: it is netted from its next payout.`
          : `Party "${input.party_id}" has nothing available up to ${input.up_to}.`,
      );
    return { amount, entries };
  }

  /** Check `up_to` is not in the future (Korean time). */
  public static assertDay(up_to: string): void {
    const today = SettlementMath.koreanDay(new Date());
    if (up_to > today) throw new PaymentError(422, "SETTLEMENT_INVALID", `up_to (${up_to}) is after today (${today}, Korean time): nothing is payable from the future.`);
  }

  /** The batch of `payable` (under the party's lock), announced `payout.scheduled`. */
  public async create(
    tx: DrizzleTx,
    client: string,
    id: string,
    input: IPaymentSettlement.IPayoutCreate,
    payable: { amount: number; entries: { id: number }[] },
  ): Promise<void> {
    await tx.insert(settlement_payouts).values({
      id,
      client_id: client,
      party_id: input.party_id,
      up_to: input.up_to,
      amount: payable.amount,
      status: "scheduled",
      webhook_url: input.webhook_url ?? null,
      created_at: new Date(),
    });
    await tx.insert(settlement_payout_items).values(payable.entries.map((e) => ({ entry_id: e.id, payout_id: id })));
    await this.ledger.journal(tx, client, "payout", { payout_id: id }, [
      { account: "party", party_id: input.party_id, amount: -payable.amount, available_on: input.up_to },
      { account: "payouts_in_transit", amount: payable.amount, available_on: input.up_to },
    ]);
  }

  /** Announce a batch's change (`previous` null: just made). */
  public async announce(tx: DrizzleTx, client: string, previous: IPaymentSettlement.IPayout | null, id: string): Promise<IPaymentSettlement.IPayout> {
    const current = await this.payoutOf(tx, client, id);
    await WebhookOutbox.enqueuePayout(this.ctx, tx, { client_id: client, previous, current });
    return current;
  }

  /**
   * Close a scheduled batch: `paid_out`, or its amount back to the party (`failed`,
   * `cancelled`: its entries payable again). A batch already closed is left as it is; the
   * change is announced once. Null when there was nothing to close.
   */
  public async close(tx: DrizzleTx, client: string, id: string, status: "paid_out" | "failed" | "cancelled", reason: string | null): Promise<IPaymentSettlement.IPayout | null> {
    const [payout] = await tx
      .select()
      .from(settlement_payouts)
      .where(and(eq(settlement_payouts.id, id), eq(settlement_payouts.client_id, client)))
      .for("update");
    if (payout === undefined || payout.status !== "scheduled") return null;
    const previous = await this.payoutOf(tx, client, id);
    const today = SettlementMath.koreanDay(new Date());
    await tx.update(settlement_payouts).set({ status, reason, reported_at: new Date() }).where(eq(settlement_payouts.id, id));
    if (status === "paid_out")
      await this.ledger.journal(tx, client, "payout_paid", { payout_id: id }, [
        { account: "payouts_in_transit", amount: -payout.amount, available_on: today },
        { account: "paid_out", amount: payout.amount, available_on: today },
      ]);
    else {
      await tx.update(settlement_payout_items).set({ released: true }).where(eq(settlement_payout_items.payout_id, id));
      await this.ledger.journal(tx, client, "payout_failed", { payout_id: id }, [
        { account: "payouts_in_transit", amount: -payout.amount, available_on: today },
        { account: "party", party_id: payout.party_id, amount: payout.amount, available_on: today },
      ]);
    }
    return this.announce(tx, client, previous, id);
  }

  public async payoutOf(tx: DrizzleTx, client: string, id: string): Promise<IPaymentSettlement.IPayout> {
    const [p] = await tx.select().from(settlement_payouts).where(and(eq(settlement_payouts.id, id), eq(settlement_payouts.client_id, client)));
    if (p === undefined) throw new PaymentError(404, "PAYOUT_NOT_FOUND", "No payout with this id.");
    const [items] = await tx.select({ n: count() }).from(settlement_payout_items).where(eq(settlement_payout_items.payout_id, id));
    const [x] = await tx.select().from(settlement_payout_executions).where(eq(settlement_payout_executions.payout_id, id));
    return {
      id: p.id,
      party_id: p.party_id,
      up_to: p.up_to,
      amount: p.amount,
      status: p.status as IPaymentSettlement.IPayout["status"],
      reason: p.reason,
      executor: x === undefined ? "manual" : "pg",
      execution:
        x === undefined
          ? null
          : {
              seller_id: x.seller_id,
              vendor: { code: x.vendor_code as IPaymentSettlement.IPayoutExecution["vendor"]["code"], store_id: x.vendor_store_id },
              pg_payout_id: x.pg_payout_id,
              status: x.pg_status as IPaymentSettlement.IPayoutExecution["status"],
              payout_date: x.payout_date,
              failure: x.failure_code !== null ? { code: x.failure_code, message: x.failure_message ?? "" } : null,
            },
      entries: Number(items?.n ?? 0),
      webhook_url: p.webhook_url,
      created_at: p.created_at.toISOString(),
      reported_at: p.reported_at?.toISOString() ?? null,
    };
  }
}
