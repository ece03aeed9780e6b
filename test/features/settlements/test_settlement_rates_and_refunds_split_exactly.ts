import api from "../../../src/api";
import { assert, equal } from "../../internal/pgs";
import { SettlementKit as K } from "../../internal/settlements";
import { TestContext } from "../../TestContext";

/**
 * A 10,001 won order split by rates, where rounding matters (each rate share rounded down,
 * the platform keeps the fractions), then refunded three times in part and once in full:
 * after each refund every holder's share is exact, the reversals sum to the refund, and no
 * holder gives back more than it received.
 */
export async function test_settlement_rates_and_refunds_split_exactly(ctx: TestContext): Promise<void> {
  const supplier = K.party("supplier");
  const partner = K.party("partner");
  const other = K.party("other");
  const paid = await K.paidDaysAgo(ctx, 1, 10_001, {
    parties: [
      { id: supplier, role: "supplier", share: { type: "rate", basis_points: 8_000 } },
      { id: partner, role: "partner", share: { type: "rate", basis_points: 333 } },
      { id: other, role: "other", share: { type: "rate", basis_points: 1 }, delay: { days: 2, business_days: true } },
    ],
  });
  // floor(10,001 × 80 %) = 8,000; floor(10,001 × 3.33 %) = 333; floor(10,001 × 0.01 %) = 1.
  equal(paid.history.settlement?.parties.map((p) => p.amount), [8_000, 333, 1], "rate shares rounded down");
  equal(paid.history.settlement?.platform, 1_667, "the platform keeps the rest");
  equal(await K.held(ctx, paid.history.id), K.sorted({ platform: 1_667, [supplier]: 8_000, [partner]: 333, [other]: 1 }), "held after payment");

  const cancel = (price: number | undefined) =>
    api.functional.payments.histories.cancel(ctx.connection, { source: paid.source, password: paid.secret, reason: "refund", ...(price !== undefined ? { price } : {}) });

  // 3,333 over what each holds (1,667 / 8,000 / 333 / 1 of 10,001): floors 555, 2,666, 110, 0
  // leave 2 won, to the largest remainders: the partner (.98) and the platform (.55).
  await cancel(3_333);
  equal(await K.held(ctx, paid.history.id), K.sorted({ platform: 1_111, [supplier]: 5_334, [partner]: 222, [other]: 1 }), "held after 3,333");
  let before = await K.held(ctx, paid.history.id);
  for (const refund of [2_000, 1]) {
    await cancel(refund);
    const after = await K.held(ctx, paid.history.id);
    const given = Object.keys(before).map((k) => before[k]! - after[k]!);
    equal(given.reduce((a, b) => a + b, 0), refund, `reversals of ${refund} sum to it`);
    assert(Object.values(after).every((v) => v >= 0), `no holder gives back more than it received (${JSON.stringify(after)})`);
    before = after;
  }
  const last = await cancel(undefined);
  equal([last.status, last.refund], ["cancelled", 10_001], "refunded in full");
  equal(await K.held(ctx, paid.history.id), K.sorted({ platform: 0, [supplier]: 0, [partner]: 0, [other]: 0 }), "every holder gave back exactly its share");
  equal(await K.unbalanced(ctx), [], "every journal transaction sums to zero");
  equal(await K.position(ctx, supplier, K.day(30)), [0, 0, 0, 0, 0], "the supplier is owed nothing");
}
