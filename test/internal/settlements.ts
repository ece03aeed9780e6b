import crypto from "node:crypto";

import api from "../../src/api";
import type { IPaymentHistory } from "../../src/api/structures/IPaymentHistory";
import type { IPaymentSettlement } from "../../src/api/structures/IPaymentSettlement";
import { TestContext } from "../TestContext";
import { orderId, password, tossCardPaid } from "./pgs";

/** Helpers of the settlement scenarios: days, parties, payments paid on a chosen day. */
export namespace SettlementKit {
  /** The Korean calendar day `offset` days from today (negative: past). */
  export const day = (offset: number, from: Date = new Date()): string =>
    new Date(from.getTime() + 9 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
  export const addDays = (day: string, n: number): string => new Date(new Date(`${day}T00:00:00Z`).getTime() + n * 86_400_000).toISOString().slice(0, 10);

  /**
   * A Friday 14 to 20 days ago (Korean calendar) and the holiday the test program configures
   * on the Monday after it (`SETTLEMENT_HOLIDAYS`), for the business-day scenario.
   */
  export const fridayAndHoliday = (now: Date = new Date()): { friday: string; holiday: string } => {
    let friday = day(-14, now);
    while (new Date(`${friday}T00:00:00Z`).getUTCDay() !== 5) friday = addDays(friday, -1);
    return { friday, holiday: addDays(friday, 3) };
  };

  /** Party ids of their own, so that scenarios never share a balance. */
  export const party = (name: string): string => `${name}-${crypto.randomUUID().slice(0, 8)}`;

  /**
   * A card payment made at Toss `daysAgo` days ago, or at a given instant (the fake's clock moved, so that Toss
   * says when it was approved), registered with a settlement plan (or none: the platform's alone).
   */
  export const paidDaysAgo = async (
    ctx: TestContext,
    daysAgo: number | Date,
    price: number,
    settlement: IPaymentSettlement.IPlan | null,
  ): Promise<{ history: IPaymentHistory; source: { schema: string; table: string; id: string }; secret: string }> => {
    const id = orderId();
    const at = daysAgo instanceof Date ? daysAgo : new Date(Date.now() - daysAgo * 86_400_000);
    ctx.toss.fake.setClock(() => at);
    let paymentKey: string;
    try {
      paymentKey = (await tossCardPaid(ctx, id, price)).paymentKey;
    } finally {
      ctx.toss.fake.setClock(() => new Date());
    }
    const source = { schema: "market", table: "orders", id };
    const secret = password();
    const history = await api.functional.payments.histories.create(ctx.connection, {
      vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: paymentKey },
      source,
      price,
      password: secret,
      ...(settlement !== null ? { settlement } : {}),
    });
    return { history, source, secret };
  };

  export const balance = (ctx: TestContext, party_id: string, as_of?: string) =>
    api.functional.payments.settlements.balance(ctx.connection, { party_id, ...(as_of !== undefined ? { as_of } : {}) });

  /** `[pending, available, negative_carried, scheduled, paid_out]` */
  export const position = async (ctx: TestContext, party_id: string, as_of?: string) => {
    const b = await balance(ctx, party_id, as_of);
    return [b.pending, b.available, b.negative_carried, b.scheduled, b.paid_out];
  };

  /** Journal transactions (of these histories) whose entries do not sum to zero. */
  export const unbalanced = async (ctx: TestContext) =>
    ctx.query<{ transaction_id: string; total: string }>(
      "SELECT transaction_id, sum(amount)::text AS total FROM ledger_entries GROUP BY transaction_id HAVING sum(amount) <> 0",
    );

  /** What each holder of a payment still holds (platform included), by account/party. */
  export const held = async (ctx: TestContext, historyId: string): Promise<Record<string, number>> => {
    const rows = await ctx.query<{ holder: string; held: string }>(
      `SELECT coalesce(party_id, account) AS holder, sum(amount)::text AS held FROM ledger_entries
        WHERE history_id = $1 AND account IN ('party', 'platform') GROUP BY 1`,
      [historyId],
    );
    return sorted(Object.fromEntries(rows.map((r) => [r.holder, Number(r.held)])));
  };

  /** The same record with its keys in order, for comparisons. */
  export const sorted = (record: Record<string, number>): Record<string, number> =>
    Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
