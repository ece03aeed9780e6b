import api from "../../../src/api";
import { equal, expectError } from "../../internal/pgs";
import { SettlementKit as K } from "../../internal/settlements";
import { TestContext } from "../../TestContext";
import { PayoutKit } from "./internal/PayoutKit";

/**
 * A payout scheduled at Toss for a later day (`payout_date`, Toss's SCHEDULED) is cancelled
 * before its day: Toss cancels it, the batch is `cancelled` and its money is the supplier's
 * again; a second cancel is refused. A payout date today, or one for a party paid by hand,
 * is refused with a typed error.
 */
export async function test_payouts_scheduled_at_toss_cancelled_while_toss_allows(ctx: TestContext): Promise<void> {
  const supplier = K.party("supplier");
  await PayoutKit.approvedSeller(ctx, supplier);
  await PayoutKit.owed(ctx, supplier, 12_000);
  await expectError(422, "SETTLEMENT_INVALID", () => api.functional.payments.settlements.payouts.payout(ctx.connection, { party_id: supplier, up_to: K.day(0), payout_date: K.day(0) }));
  const byHand = K.party("partner");
  await PayoutKit.owed(ctx, byHand, 1_000);
  await expectError(422, "SETTLEMENT_INVALID", () => api.functional.payments.settlements.payouts.payout(ctx.connection, { party_id: byHand, up_to: K.day(0), payout_date: K.day(3) }));

  const payout = await api.functional.payments.settlements.payouts.payout(ctx.connection, { party_id: supplier, up_to: K.day(0), payout_date: K.day(3) });
  equal([payout.execution?.status, payout.execution?.payout_date], ["requested", K.day(3)], "scheduled at Toss");
  const [atToss] = await PayoutKit.atToss(ctx, payout.id);
  equal([atToss?.scheduleType, atToss?.payoutDate], ["SCHEDULED", K.day(3)], "Toss holds its day");

  const cancelled = await api.functional.payments.settlements.payouts.cancel(ctx.connection, payout.id);
  equal([cancelled.status, cancelled.execution?.status], ["cancelled", "cancelled"], "cancelled at Toss and here");
  equal((await K.balance(ctx, supplier)).available, 12_000, "the money is the supplier's again");
  await expectError(409, "PAYOUT_ALREADY_REPORTED", () => api.functional.payments.settlements.payouts.cancel(ctx.connection, payout.id));
  equal((await PayoutKit.atToss(ctx, payout.id)).map((p) => p.status), ["CANCELED"], "one payout at Toss, cancelled");
}
