import crypto from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";

import type { IPaymentSettlement } from "../../api/structures/IPaymentSettlement";
import type { DrizzleTx } from "../../db/Database";
import { ledger_entries, ledger_transactions, type payment_histories } from "../../db/schema";
import type { PaymentContext } from "../PaymentContext";
import { SettlementMath } from "./SettlementMath";

type History = typeof payment_histories.$inferSelect;
type EntryInsert = typeof ledger_entries.$inferInsert;
type Kind = IPaymentSettlement.IEntry["kind"];

/**
 * The journal of the settlement ledger: a payment's split posted when its money is received,
 * each refund's reversal, an escrow payment's release. Every journal transaction sums to zero
 * (checked by the database at commit) and entries are never changed (refused by a trigger).
 */
export class SettlementLedger {
  /**
   * The day an escrow payment's shares are payable on until its purchase is confirmed: never.
   * A refund meanwhile gives back from it; the confirmation moves what is left to its real day.
   */
  public static readonly ESCROW_HELD = "9999-12-31";
  private readonly holidays: ReadonlySet<string>;

  public constructor(ctx: PaymentContext) {
    this.holidays = new Set(ctx.config.settlement.holidays);
  }

  /**
   * Called by `settle` inside its transaction, with the row before and after the change:
   * posts the split when the money is first received, and the reversal of every refund.
   */
  public async post(tx: DrizzleTx, before: History, after: History, escrow: boolean): Promise<void> {
    const plan = after.settlement_plan ?? null;
    if (plan === null || after.paid_at === null) return;
    const wasPaid = before.status !== "pending" && before.paid_at !== null;
    if (!wasPaid) await this.postPayment(tx, after, plan, escrow);
    const refunded = after.refund - (before.status === "pending" ? 0 : before.refund);
    if (refunded > 0) await this.postRefund(tx, after, refunded);
  }

  private async postPayment(tx: DrizzleTx, history: History, plan: IPaymentSettlement.IPlanFrozen, escrow: boolean): Promise<void> {
    const paidDay = SettlementMath.koreanDay(history.paid_at!);
    // An escrow payment's shares wait for the purchase confirmation (releaseEscrow).
    const on = (day: string) => (escrow ? SettlementLedger.ESCROW_HELD : day);
    const lines: Omit<EntryInsert, "transaction_id" | "client_id" | "kind" | "history_id" | "created_at">[] = [
      { account: "pg_clearing", amount: -history.price, available_on: paidDay },
      { account: "platform", amount: plan.platform, available_on: on(paidDay) },
      ...plan.parties.map((p) => ({
        account: "party",
        party_id: p.id,
        role: p.role,
        amount: p.amount,
        available_on: on(SettlementMath.availableOn(paidDay, p.delay, this.holidays)),
      })),
    ];
    await this.journal(tx, history.client_id, "payment", { history_id: history.id }, lines);
  }

  private async postRefund(tx: DrizzleTx, history: History, refund: number): Promise<void> {
    // What each holder still holds of this payment, and when its share became payable.
    const rows = await tx
      .select({
        account: ledger_entries.account,
        party_id: ledger_entries.party_id,
        role: ledger_entries.role,
        held: sql<string>`sum(${ledger_entries.amount})`,
        available_on: sql<string>`min(${ledger_entries.available_on}::text)`,
      })
      .from(ledger_entries)
      .where(and(eq(ledger_entries.history_id, history.id), inArray(ledger_entries.account, ["platform", "party"]), inArray(ledger_entries.kind, ["payment", "refund", "escrow_release"])))
      .groupBy(ledger_entries.account, ledger_entries.party_id, ledger_entries.role);
    // The platform first, then the parties in the plan's order: the tie-break of the rounding.
    const order = [null, ...(history.settlement_plan?.parties ?? []).map((p) => p.id)];
    const holders = order.map((id) => rows.find((r) => (id === null ? r.account === "platform" : r.party_id === id))).filter((r) => r !== undefined);
    const parts = SettlementMath.splitRefund(holders.map((h) => Number(h.held)), refund);
    const today = SettlementMath.koreanDay(new Date());
    await this.journal(tx, history.client_id, "refund", { history_id: history.id }, [
      { account: "pg_clearing", amount: refund, available_on: today },
      ...holders.map((h, i) => ({
        account: h.account,
        party_id: h.party_id,
        role: h.role,
        amount: -parts[i]!,
        // A share not yet payable gives back from what is pending; one already payable (or
        // paid out) from the balance now: a paid-out share leaves a negative balance.
        available_on: SettlementMath.later(h.available_on, today),
      })),
    ]);
  }

  /** One balanced journal transaction (the database refuses it at commit otherwise). */
  public async journal(
    tx: DrizzleTx,
    client: string,
    kind: Kind,
    refs: { history_id?: string; payout_id?: string },
    lines: Omit<EntryInsert, "transaction_id" | "client_id" | "kind" | "history_id" | "created_at">[],
  ): Promise<string> {
    const id = crypto.randomUUID();
    const now = new Date();
    await tx.insert(ledger_transactions).values({ id, client_id: client, kind, history_id: refs.history_id ?? null, payout_id: refs.payout_id ?? null, created_at: now });
    const values = lines
      .filter((l) => l.amount !== 0)
      .map((l) => ({ ...l, transaction_id: id, client_id: client, kind, history_id: refs.history_id ?? null, created_at: now }));
    if (values.length) await tx.insert(ledger_entries).values(values);
    return id;
  }

  /**
   * The purchase of an escrow payment confirmed: what each holder still holds of it on the
   * held day moves to the day it is payable, counted from the confirmation with the holder's
   * delay (one balanced transaction: each holder's -held and +held).
   */
  public async releaseEscrow(tx: DrizzleTx, history: History, confirmedAt: Date): Promise<void> {
    const plan = history.settlement_plan ?? null;
    if (plan === null) return;
    const rows = await tx
      .select({ account: ledger_entries.account, party_id: ledger_entries.party_id, role: ledger_entries.role, held: sql<string>`sum(${ledger_entries.amount})` })
      .from(ledger_entries)
      .where(and(eq(ledger_entries.history_id, history.id), inArray(ledger_entries.account, ["platform", "party"]), eq(ledger_entries.available_on, SettlementLedger.ESCROW_HELD)))
      .groupBy(ledger_entries.account, ledger_entries.party_id, ledger_entries.role);
    const day = SettlementMath.koreanDay(confirmedAt);
    const lines = rows.flatMap((r) => {
      const held = Number(r.held);
      const delay = plan.parties.find((p) => p.id === r.party_id)?.delay;
      const payable = r.account === "party" && delay !== undefined ? SettlementMath.availableOn(day, delay, this.holidays) : day;
      const line = { account: r.account, party_id: r.party_id, role: r.role };
      return [
        { ...line, amount: -held, available_on: SettlementLedger.ESCROW_HELD },
        { ...line, amount: held, available_on: payable },
      ];
    });
    if (lines.length !== 0) await this.journal(tx, history.client_id, "escrow_release", { history_id: history.id }, lines);
  }
}
