import api from "../../../src/api";
import { equal, expectError } from "../../internal/pgs";
import { SettlementKit as K } from "../../internal/settlements";
import { TestContext } from "../../TestContext";

/**
 * The supplier was paid out its 42,000 when the buyer gets 10,000 back: its share of the
 * refund (8,400) leaves it owing, nothing is payable, and the next payout nets it (a later
 * 42,000 pays 33,600). A failed bank transfer returns its amount to the balance.
 */
export async function test_settlement_refund_after_payout_netted_from_the_next(ctx: TestContext): Promise<void> {
  const supplier = K.party("supplier");
  const plan = { parties: [{ id: supplier, role: "supplier" as const, share: { type: "amount" as const, amount: 42_000 } }] };
  const first = await K.paidDaysAgo(ctx, 10, 50_000, plan);
  const payout = await api.functional.payments.settlements.payouts.payout(ctx.connection, { party_id: supplier, up_to: K.day(0) });
  await api.functional.payments.settlements.payouts.report(ctx.connection, payout.id, { status: "paid_out" });

  await api.functional.payments.histories.cancel(ctx.connection, { source: first.source, password: first.secret, price: 10_000, reason: "one item back" });
  // 10,000 of 50,000 held 42,000 / 8,000: the supplier gives back 8,400, the platform 1,600.
  equal(await K.held(ctx, first.history.id), K.sorted({ platform: 6_400, [supplier]: 33_600 }), "held after the refund");
  equal(await K.position(ctx, supplier), [0, 0, 8_400, 0, 42_000], "owing 8,400 after its payout");
  await expectError(422, "NOTHING_TO_PAY_OUT", () => api.functional.payments.settlements.payouts.payout(ctx.connection, { party_id: supplier, up_to: K.day(0) }));

  await K.paidDaysAgo(ctx, 5, 50_000, plan);
  const netted = await api.functional.payments.settlements.payouts.payout(ctx.connection, { party_id: supplier, up_to: K.day(0) });
  equal(netted.amount, 33_600, "42,000 minus the 8,400 owed");

  // The transfer fails: the 33,600 is available again, and paid by the next batch.
  const failed = await api.functional.payments.settlements.payouts.report(ctx.connection, netted.id, { status: "failed", reason: "account closed" });
  equal([failed.status, failed.reason], ["failed", "account closed"], "reported failed");
  equal(await K.position(ctx, supplier), [0, 33_600, 0, 0, 42_000], "back in the balance");
  await expectError(409, "PAYOUT_ALREADY_REPORTED", () => api.functional.payments.settlements.payouts.report(ctx.connection, netted.id, { status: "paid_out" }));
  const again = await api.functional.payments.settlements.payouts.payout(ctx.connection, { party_id: supplier, up_to: K.day(0) });
  equal(again.amount, 33_600, "paid by the next batch");
  await api.functional.payments.settlements.payouts.report(ctx.connection, again.id, { status: "paid_out" });
  equal(await K.position(ctx, supplier), [0, 0, 0, 0, 75_600], "42,000 + 33,600 paid out");
  equal(await K.unbalanced(ctx), [], "every journal transaction sums to zero");
}
