import api from "../../../src/api";
import { SandboxClock } from "../../internal/clock";
import { equal } from "../../internal/pgs";
import { SettlementKit as K } from "../../internal/settlements";
import { TestContext } from "../../TestContext";
import { PayoutKit } from "./internal/PayoutKit";

/**
 * A `payout.changed` that says a payout failed, signed with another key, is refused (401,
 * logged `rejected`) and changes nothing. Toss then pays it and its genuine webhook is lost:
 * the workers re-read the payout at Toss once `recheck_seconds` passed by the server's clock,
 * and the batch is `paid_out`, once.
 */
export async function test_payouts_forged_toss_webhook_changes_nothing_and_a_lost_one_is_recovered_by_the_reread(ctx: TestContext): Promise<void> {
  const supplier = K.party("supplier");
  await PayoutKit.approvedSeller(ctx, supplier);
  await PayoutKit.owed(ctx, supplier, 30_000);
  const payout = await api.functional.payments.settlements.payouts.payout(ctx.connection, { party_id: supplier, up_to: K.day(0) });
  const [atToss] = await PayoutKit.atToss(ctx, payout.id);

  const raw = JSON.stringify({
    eventType: "payout.changed",
    createdAt: "2026-12-04T10:00:00+09:00",
    version: "2022-11-16",
    eventId: crypto.randomUUID(),
    entityType: "payout",
    entityBody: { ...atToss, status: "FAILED", error: { code: "INVALID_ACCOUNT", message: "forged" } },
  });
  const forged = await fetch(`${ctx.connection.host}/payments/webhooks/toss`, {
    method: "POST",
    headers: { "content-type": "application/json", "tosspayments-webhook-transmission-time": "2026-12-04T10:00:01+09:00", "tosspayments-webhook-signature": `v1:${Buffer.alloc(32, 7).toString("base64")}` },
    body: raw,
  });
  equal(forged.status, 401, "a forged signature is refused");
  const logged = await ctx.query<{ status: string }>("SELECT status FROM payment_webhooks WHERE event_type = 'payout.changed' ORDER BY received_at DESC LIMIT 1");
  equal(logged[0]?.status, "rejected", "kept as rejected");
  const [row] = await ctx.query<{ status: string }>("SELECT status FROM settlement_payouts WHERE id = $1", [payout.id]);
  equal(row?.status, "scheduled", "nothing changed");

  await PayoutKit.settle(ctx, atToss!.id, "complete", false);
  await SandboxClock.withClock(ctx, async () => {
    await SandboxClock.moveTo(ctx, new Date(Date.now() + (ctx.config.payout.recheck_seconds + 5) * 1000));
    await PayoutKit.payoutUntil(ctx, supplier, payout.id, "paid_out");
  });
  const events = await ctx.query<{ type: string }>("SELECT type FROM webhook_events WHERE payout_id = $1 ORDER BY seq", [payout.id]);
  equal(events.map((e) => e.type), ["payout.scheduled", "payout.paid_out"], "each state once");
}
