import api from "../../../src/api";
import { assert, equal } from "../../internal/pgs";
import { SettlementKit as K } from "../../internal/settlements";
import { TestContext } from "../../TestContext";

/**
 * A marketplace sells a 50,000 won order: the supplier gets 42,000 (D+3), the partner 3,000
 * (D+7), the platform the rest at once. Each balance moves from pending to available on its
 * day; the supplier is paid out, the bank transfer reported; the ledger balances throughout.
 */
export async function test_settlement_split_paid_out_by_availability_date(ctx: TestContext): Promise<void> {
  const supplier = K.party("supplier");
  const partner = K.party("partner");
  const paid = await K.paidDaysAgo(ctx, 10, 50_000, {
    parties: [
      { id: supplier, role: "supplier", share: { type: "amount", amount: 42_000 } },
      { id: partner, role: "partner", share: { type: "amount", amount: 3_000 } },
    ],
  });
  equal(paid.history.settlement, {
    parties: [
      { id: supplier, role: "supplier", amount: 42_000, delay: { days: 3, business_days: false } },
      { id: partner, role: "partner", amount: 3_000, delay: { days: 7, business_days: false } },
    ],
    platform: 5_000,
  }, "the split frozen with the payment");
  const P = K.day(-10);

  // Supplier: D+3. Partner: D+7.
  equal(await K.position(ctx, supplier, K.addDays(P, 2)), [42_000, 0, 0, 0, 0], "supplier on D+2");
  equal(await K.position(ctx, supplier, K.addDays(P, 3)), [0, 42_000, 0, 0, 0], "supplier on D+3");
  equal(await K.position(ctx, partner, K.addDays(P, 6)), [3_000, 0, 0, 0, 0], "partner on D+6");
  equal(await K.position(ctx, partner, K.addDays(P, 7)), [0, 3_000, 0, 0, 0], "partner on D+7");
  const revenue = await api.functional.payments.settlements.revenue(ctx.connection, { from: K.day(0), to: K.day(0) });
  assert(revenue.earned >= 5_000, "the platform's 5,000 is revenue today");

  // The journal: PG clearing against the three holders, summing to zero.
  const entries = await api.functional.payments.settlements.entries.entries(ctx.connection, { from: K.day(0), to: K.day(0), limit: 1000 });
  const mine = entries.data.filter((e) => e.history_id === paid.history.id);
  equal(mine.map((e) => [e.account, e.party_id, e.amount]).sort(), [
    ["party", partner, 3_000],
    ["party", supplier, 42_000],
    ["pg_clearing", null, -50_000],
    ["platform", null, 5_000],
  ].sort(), "the payment's entries");
  equal(await K.unbalanced(ctx), [], "every journal transaction sums to zero");

  // The supplier is paid out; the transfer is reported.
  const payout = await api.functional.payments.settlements.payouts.payout(ctx.connection, { party_id: supplier, up_to: K.day(0) });
  equal([payout.status, payout.amount, payout.entries], ["scheduled", 42_000, 1], "payout scheduled");
  equal(await K.position(ctx, supplier), [0, 0, 0, 42_000, 0], "scheduled");
  const done = await api.functional.payments.settlements.payouts.report(ctx.connection, payout.id, { status: "paid_out" });
  equal(done.status, "paid_out", "reported");
  equal(await K.position(ctx, supplier), [0, 0, 0, 0, 42_000], "paid out");
  equal(await K.unbalanced(ctx), [], "still balanced");

  // CSV of the day holds the entries, no buyer or card data.
  const { csv } = await api.functional.payments.settlements.entries.csv(ctx.connection, { party_id: supplier, from: K.day(0), to: K.day(0) });
  const lines = csv.trim().split("\r\n");
  equal(lines[0], "id,transaction_id,kind,account,party_id,role,history_id,amount,available_on,created_at", "CSV header");
  equal(lines.length, 1 + 2, "the share and its payout");
  assert(!csv.includes("4330"), "no card number");
}
