import api from "../../../src/api";
import { equal } from "../../internal/pgs";
import { SettlementKit as K } from "../../internal/settlements";
import { TestContext } from "../../TestContext";

/**
 * Past days read as they stood, not as things are now. Toss's report of a day (days of their
 * own, 23 and 22 days back) is compared with each payment sold that day net of the cancels
 * made by its end: a payment refunded 2,000 the next day, with and without a split, and one
 * approved a second before midnight, agree. A supplier's balance on the day its share was sold
 * shows it pending, not also in the payout batch made since; on every day
 * `pending + available + scheduled + paid_out − negative_carried` is the supplier's net.
 * (The ledger keeps no date of the event behind an entry but its payable day: a refund made
 * after a past day still counts in that day's net.)
 */
export async function test_settlement_past_days_read_as_they_stood(ctx: TestContext): Promise<void> {
  const supplier = K.party("supplier");
  const plan = { parties: [{ id: supplier, role: "supplier" as const, share: { type: "amount" as const, amount: 3_000 } }] };
  const [sold, next] = [K.day(-23), K.day(-22)] as const;
  const at = (day: string, time: string) => new Date(`${day}T${time}+09:00`);

  // Sold on `sold`: one with a split, one without, one at 23:59:59.
  const split = await K.paidDaysAgo(ctx, at(sold, "12:00:00"), 9_000, plan);
  const plain = await K.paidDaysAgo(ctx, at(sold, "12:30:00"), 9_000, null);
  await K.paidDaysAgo(ctx, at(sold, "23:59:59"), 4_000, null);
  // Refunded 2,000 each on the next day.
  ctx.toss.fake.setClock(() => at(next, "10:00:00"));
  try {
    for (const p of [split, plain]) await api.functional.payments.histories.cancel(ctx.connection, { source: p.source, password: p.secret, price: 2_000, reason: "one item" });
  } finally {
    ctx.toss.fake.setClock(() => new Date());
  }
  const report = await api.functional.payments.settlements.reconcile(ctx.connection, { vendor: { code: "toss.payments", store_id: ctx.toss.storeId }, from: sold, to: sold, fee_basis_points: 340 });
  equal([report.checked, report.mismatches], [3, []], "the sold day agrees: the next day's refunds belong to the next day's report");
  const both = await api.functional.payments.settlements.reconcile(ctx.connection, { vendor: { code: "toss.payments", store_id: ctx.toss.storeId }, from: sold, to: next, fee_basis_points: 340 });
  equal(both.mismatches, [], "both days agree, the refunds netted");

  // Another supplier's share: pending on the day it was sold, paid out since.
  const seller = K.party("supplier");
  await K.paidDaysAgo(ctx, at(sold, "13:00:00"), 9_000, { parties: [{ id: seller, role: "supplier", share: { type: "amount", amount: 3_000 } }] });
  const before = await K.balance(ctx, seller, sold);
  const batch = await api.functional.payments.settlements.payouts.payout(ctx.connection, { party_id: seller, up_to: K.day(0) });
  equal(batch.amount, 3_000, "the batch pays the share");
  const identity = (b: Awaited<ReturnType<typeof K.balance>>) => b.pending + b.available + b.scheduled + b.paid_out - b.negative_carried;
  const onSoldDay = await K.balance(ctx, seller, sold);
  equal(onSoldDay, before, "the sold day reads the same after a batch made later");
  equal([onSoldDay.pending, onSoldDay.scheduled, identity(onSoldDay)], [3_000, 0, 3_000], "pending, not also scheduled: 3,000 in all");
  const today = await K.balance(ctx, seller);
  equal([today.pending, today.available, today.scheduled, identity(today)], [0, 0, batch.amount, batch.amount], "today: in the batch");
  await api.functional.payments.settlements.payouts.report(ctx.connection, batch.id, { status: "paid_out" });
  equal(await K.balance(ctx, seller, sold), before, "the sold day still reads as it stood");
  const paid = await K.balance(ctx, seller);
  equal([paid.scheduled, paid.paid_out, identity(paid)], [0, batch.amount, batch.amount], "today: paid out");
}
