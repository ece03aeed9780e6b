import api from "../../../src/api";
import type { IPaymentSeller } from "../../../src/api/structures/IPaymentSeller";
import type { IPaymentSettlement } from "../../../src/api/structures/IPaymentSettlement";
import { equal, expectError } from "../../internal/pgs";
import { SettlementKit as K } from "../../internal/settlements";
import { TestContext } from "../../TestContext";
import { WebhookKit } from "../webhooks/internal/WebhookKit";
import { PayoutKit } from "./internal/PayoutKit";

/**
 * A marketplace registers its supplier as a Toss seller (read back masked) and Toss approves
 * it (`seller.status_changed`, once). Payments split five days ago are owed; the payout batch
 * is executed at the fake Toss under the batch's id. The first fails at Toss (the account
 * cannot receive): its verified `payout.changed` makes it `failed` and the money returns to
 * the supplier; the seller's account is changed and the next batch pays both shares, made
 * `paid_out` by Toss. Each state announced once, in order; the ledger balanced; the manual
 * report refused for a batch Toss executes.
 */
export async function test_payouts_seller_paid_by_toss_a_failed_payout_returned_and_paid_with_the_next(ctx: TestContext): Promise<void> {
  const receiver = await WebhookKit.receiver(ctx);
  try {
    const supplier = K.party("supplier");
    const seller = await PayoutKit.approvedSeller(ctx, supplier, { account: PayoutKit.FAILING_ACCOUNT, webhook_url: receiver.url });
    equal([seller.name, seller.account.account_number, seller.account.holder_name, seller.payout_limit], ["김*매", "*******5678", "김*매", null], "read masked");

    await PayoutKit.owed(ctx, supplier, 18_000);
    const first = await api.functional.payments.settlements.payouts.payout(ctx.connection, { party_id: supplier, up_to: K.day(0), webhook_url: receiver.url });
    equal([first.executor, first.execution?.status, first.amount], ["pg", "requested", 18_000], "executed at Toss");
    const [made] = await PayoutKit.atToss(ctx, first.id);
    equal([made?.destination, made?.amount.value, made?.scheduleType], [seller.pg_seller_id, 18_000, "EXPRESS"], "Toss holds it under the batch's id");
    await expectError(409, "PAYOUT_EXECUTED_BY_PG", () => api.functional.payments.settlements.payouts.report(ctx.connection, first.id, { status: "paid_out" }));

    await PayoutKit.settle(ctx, made!.id, "fail");
    await PayoutKit.payoutUntil(ctx, supplier, first.id, "failed");
    equal((await K.balance(ctx, supplier)).available, 18_000, "the failed payout's money is the supplier's again");

    await api.functional.payments.settlements.sellers.update(ctx.connection, seller.id, { account: { bank_code: "088", account_number: PayoutKit.GOOD_ACCOUNT, holder_name: "김판매" } });
    await PayoutKit.owed(ctx, supplier, 9_000);
    const second = await api.functional.payments.settlements.payouts.payout(ctx.connection, { party_id: supplier, up_to: K.day(0), webhook_url: receiver.url });
    equal(second.amount, 27_000, "the next batch includes the returned money");
    const [paid] = await PayoutKit.atToss(ctx, second.id);
    await PayoutKit.settle(ctx, paid!.id, "complete");
    await PayoutKit.payoutUntil(ctx, supplier, second.id, "paid_out");
    equal(await K.position(ctx, supplier), [0, 0, 0, 0, 27_000], "paid out, nothing left");
    equal(await PayoutKit.balanced(ctx), true, "the ledger is balanced");

    const payouts = () => (receiver.accepted as unknown as IPaymentSettlement.IPayoutWebhook[]).filter((e) => e.type.startsWith("payout.") && e.current.party_id === supplier);
    await WebhookKit.until("four payout events", () => payouts().length >= 4);
    const sellers = () => (receiver.accepted as unknown as IPaymentSeller.IWebhook[]).filter((e) => e.type === "seller.status_changed" && e.current.id === seller.id);
    await WebhookKit.until("the seller's approval", () => sellers().length >= 1);
    await WebhookKit.sleep(500);
    equal(
      payouts().map((e) => [e.current.id === first.id ? "first" : "second", e.type, e.current.status]),
      [
        ["first", "payout.scheduled", "scheduled"],
        ["first", "payout.failed", "failed"],
        ["second", "payout.scheduled", "scheduled"],
        ["second", "payout.paid_out", "paid_out"],
      ],
      "each payout state once, in order",
    );
    equal(sellers().map((e) => [e.previous.status, e.current.status]), [["approval_required", "approved"]], "the approval announced once");
    equal(receiver.rejected, [], "every event verified");
  } finally {
    await receiver.close();
  }
}
