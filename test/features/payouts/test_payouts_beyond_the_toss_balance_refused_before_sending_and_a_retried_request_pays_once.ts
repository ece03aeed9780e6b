import api from "../../../src/api";
import { newKey, withKey } from "../../internal/lifecycle";
import { equal, expectErrorBody } from "../../internal/pgs";
import { SandboxClock } from "../../internal/clock";
import { SettlementKit as K } from "../../internal/settlements";
import { TestContext } from "../../TestContext";
import { PayoutKit } from "./internal/PayoutKit";

/**
 * A payout larger than what the marketplace can pay out at Toss (`GET /v2/balances`) is
 * refused with a typed error before anything is sent or written. Then Toss takes a payout
 * request but its answer is lost: the caller gets the batch `sending`, a retry with the same
 * Idempotency-Key gets the same batch, and the workers find the payout at Toss by the batch's
 * id instead of sending it again. One payout at Toss, one batch, paid out once.
 */
export async function test_payouts_beyond_the_toss_balance_refused_before_sending_and_a_retried_request_pays_once(ctx: TestContext): Promise<void> {
  const supplier = K.party("supplier");
  await PayoutKit.approvedSeller(ctx, supplier);
  await PayoutKit.owed(ctx, supplier, 50_000);

  await PayoutKit.setBalance(ctx, 49_999);
  try {
    const refused = await expectErrorBody(422, "PG_BALANCE_INSUFFICIENT", () => api.functional.payments.settlements.payouts.payout(ctx.connection, { party_id: supplier, up_to: K.day(0) }));
    const body = refused as unknown as { available: number; amount: number };
    equal([body.available, body.amount], [49_999, 50_000], "what Toss can pay and what was asked");
  } finally {
    await PayoutKit.setBalance(ctx, 1_000_000_000);
  }
  const written = await ctx.query<{ n: number }>("SELECT count(*)::int AS n FROM settlement_payouts WHERE party_id = $1", [supplier]);
  equal(written[0]!.n, 0, "nothing written");

  const key = newKey();
  const lost = ctx.toss.fake.inject({ path: "/v2/payouts", method: "POST", mode: "drop", when: "after", times: 1 });
  let id: string;
  try {
    const first = await api.functional.payments.settlements.payouts.payout(withKey(ctx, key), { party_id: supplier, up_to: K.day(0) });
    equal([first.status, first.execution?.status, first.execution?.pg_payout_id], ["scheduled", "sending", null], "sent, its answer lost");
    id = first.id;
  } finally {
    lost();
  }
  const again = await api.functional.payments.settlements.payouts.payout(withKey(ctx, key), { party_id: supplier, up_to: K.day(0) });
  equal(again.id, id, "the retry gets the same batch");

  // Toss pays it; its webhook is lost too: only the workers' re-read can learn of it.
  const [held] = await PayoutKit.atToss(ctx, id);
  await PayoutKit.settle(ctx, held!.id, "complete", false);
  await SandboxClock.withClock(ctx, async () => {
    // The workers re-read what Toss has not closed once `recheck_seconds` passed by the server's clock.
    await SandboxClock.moveTo(ctx, new Date(Date.now() + (ctx.config.payout.recheck_seconds + 5) * 1000));
    await PayoutKit.payoutUntil(ctx, supplier, id, "paid_out");
  });
  const atToss = await PayoutKit.atToss(ctx, id);
  equal(atToss.map((p) => [p.amount.value, p.status]), [[50_000, "COMPLETED"]], "one payout at Toss");
  equal(await K.position(ctx, supplier), [0, 0, 0, 0, 50_000], "paid out once");
}
