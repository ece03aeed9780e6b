import api from "../../../src/api";
import type { IPaymentSettlement } from "../../../src/api/structures/IPaymentSettlement";
import { equal } from "../../internal/pgs";
import { SettlementKit as K } from "../../internal/settlements";
import { TestContext } from "../../TestContext";
import { WebhookKit } from "../webhooks/internal/WebhookKit";

/**
 * A marketplace names a webhook URL for its payouts: it hears each batch scheduled, failed
 * and paid out, once each and in order, signed and encrypted like payment events (verified
 * with the SDK's `WebhookReceiver`).
 */
export async function test_settlement_payout_status_changes_reach_the_marketplace(ctx: TestContext): Promise<void> {
  const receiver = await WebhookKit.receiver(ctx);
  try {
    const supplier = K.party("supplier");
    await K.paidDaysAgo(ctx, 5, 20_000, { parties: [{ id: supplier, role: "supplier", share: { type: "amount", amount: 18_000 } }] });
    const first = await api.functional.payments.settlements.payouts.payout(ctx.connection, { party_id: supplier, up_to: K.day(0), webhook_url: receiver.url });
    await api.functional.payments.settlements.payouts.report(ctx.connection, first.id, { status: "failed", reason: "wrong account" });
    const second = await api.functional.payments.settlements.payouts.payout(ctx.connection, { party_id: supplier, up_to: K.day(0), webhook_url: receiver.url });
    await api.functional.payments.settlements.payouts.report(ctx.connection, second.id, { status: "paid_out" });

    const events = () => (receiver.accepted as unknown as IPaymentSettlement.IPayoutWebhook[]).filter((e) => e.current.party_id === supplier);
    await WebhookKit.until("four payout events", () => events().length >= 4);
    await WebhookKit.sleep(300);
    const of = (id: string) => events().filter((e) => e.current.id === id).map((e) => [e.type, e.previous?.status ?? null, e.current.status, e.current.amount]);
    equal(of(first.id), [["payout.scheduled", null, "scheduled", 18_000], ["payout.failed", "scheduled", "failed", 18_000]], "the failed batch, in order");
    equal(of(second.id), [["payout.scheduled", null, "scheduled", 18_000], ["payout.paid_out", "scheduled", "paid_out", 18_000]], "the paid batch, in order");
    equal(receiver.rejected, [], "every event verified");
  } finally {
    await receiver.close();
  }
}
