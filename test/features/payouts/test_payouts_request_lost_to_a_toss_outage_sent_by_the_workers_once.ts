import api from "../../../src/api";
import { SandboxClock } from "../../internal/clock";
import { equal } from "../../internal/pgs";
import { SettlementKit as K } from "../../internal/settlements";
import { TestContext } from "../../TestContext";
import { PayoutKit } from "./internal/PayoutKit";

/**
 * Toss is down when a payout batch is made (503 before anything is done there): the batch is
 * kept `sending`, nothing paid. Once `recheck_seconds` passed by the server's clock, the
 * workers look the payout up at Toss by the batch's id, find none, and send it: one payout at
 * Toss, paid out once.
 */
export async function test_payouts_request_lost_to_a_toss_outage_sent_by_the_workers_once(ctx: TestContext): Promise<void> {
  const supplier = K.party("supplier");
  await PayoutKit.approvedSeller(ctx, supplier);
  await PayoutKit.owed(ctx, supplier, 21_000);
  const down = ctx.toss.fake.inject({ path: "/v2/payouts", method: "POST", mode: "error", status: 503, when: "before", times: 1 });
  let id: string;
  try {
    const made = await api.functional.payments.settlements.payouts.payout(ctx.connection, { party_id: supplier, up_to: K.day(0) });
    equal([made.status, made.execution?.status], ["scheduled", "sending"], "kept, not sent");
    id = made.id;
  } finally {
    down();
  }
  equal(await PayoutKit.atToss(ctx, id), [], "nothing at Toss yet");
  await SandboxClock.withClock(ctx, async () => {
    await SandboxClock.moveTo(ctx, new Date(Date.now() + (ctx.config.payout.recheck_seconds + 5) * 1000));
    // Sent by the workers; then paid by Toss (the fake's clock is past its settling time).
    await PayoutKit.payoutUntil(ctx, supplier, id, "paid_out");
  });
  equal((await PayoutKit.atToss(ctx, id)).map((p) => [p.amount.value, p.status]), [[21_000, "COMPLETED"]], "one payout at Toss");
}
