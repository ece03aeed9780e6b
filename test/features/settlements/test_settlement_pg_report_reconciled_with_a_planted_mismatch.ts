import api from "../../../src/api";
import { equal } from "../../internal/pgs";
import { metricsOf } from "../../internal/operator";
import { SettlementKit as K } from "../../internal/settlements";
import { TestContext } from "../../TestContext";

/**
 * A marketplace checks Toss's settlement report of three days (sales, a partial cancel as
 * its own negative line, the contract's 3.4 % fee) against its ledger. Everything agrees
 * but one line planted in the report: that payment, and only it, is reported, as data and
 * in the metric.
 */
export async function test_settlement_pg_report_reconciled_with_a_planted_mismatch(ctx: TestContext): Promise<void> {
  const supplier = K.party("supplier");
  const plan = { parties: [{ id: supplier, role: "supplier" as const, share: { type: "rate" as const, basis_points: 9_000 } }] };
  // Three sales on days of their own (the fake's clock), 25 to 27 days ago: no other
  // scenario sells then, and the fake still keeps them (it forgets after 30 days).
  const [first, second, third] = [K.day(-27), K.day(-26), K.day(-25)] as const;
  const noon = (day: string) => new Date(`${day}T12:00:00+09:00`);
  const sold = [];
  for (const [day, price] of [[first, 12_000], [second, 30_000], [third, 7_700]] as const) sold.push(await K.paidDaysAgo(ctx, noon(day), price, plan));
  try {
    ctx.toss.fake.setClock(() => noon(third));
    await api.functional.payments.histories.cancel(ctx.connection, { source: sold[1]!.source, password: sold[1]!.secret, price: 10_000, reason: "one item" });
  } finally {
    ctx.toss.fake.setClock(() => new Date());
  }
  const request = { vendor: { code: "toss.payments" as const, store_id: ctx.toss.storeId }, from: first, to: third, fee_basis_points: 340 };

  const clean = await api.functional.payments.settlements.reconcile(ctx.connection, request);
  equal([clean.checked, clean.mismatches], [3, []], "the report agrees with the ledger");

  // Toss's report says 29,000 were sold for the second payment.
  ctx.toss.fake.overrideSettlement(sold[1]!.history.vendor.uid, { amount: 29_000, fees: [{ type: "BASE", fee: 986 }], payOutAmount: 28_014 });
  const found = await api.functional.payments.settlements.reconcile(ctx.connection, request);
  equal(
    found.mismatches.map((m) => [m.kind, m.history_id, m.pg?.amount, m.ledger?.amount]),
    [["amount", sold[1]!.history.id, 19_000, 20_000]],
    "the planted line, and only it",
  );
  const metrics = await metricsOf(ctx);
  equal(/payments_settlement_mismatches\{vendor="toss.payments",kind="amount"\} 1/.test(metrics), true, "in the metric");

  // A contract at another fee: every sale and cancel line disagrees on its fee.
  const fees = await api.functional.payments.settlements.reconcile(ctx.connection, { ...request, fee_basis_points: 300 });
  equal(fees.mismatches.filter((m) => m.kind === "fee").length, 3, "fee mismatches against another contract");
  ctx.toss.fake.overrideSettlement(sold[1]!.history.vendor.uid, {});
}
