import { ITossWebhook } from "../../../../src/api/structures/toss/ITossWebhook";
import { TestContext } from "../../../TestContext";
import { TossKit } from "./internal/TossKit";

/** PAYMENT_STATUS_CHANGED carries the whole Payment on approval, partial and full cancel. */
export async function test_fake_toss_webhook_payment_status_changed(ctx: TestContext): Promise<void> {
  await TossKit.withWebhooks(ctx, async ({ receiver, secretKey, adapter }) => {
    const storeId = ctx.toss.storeId;
    const paid = await adapter.keyIn(storeId, { amount: 8_000, orderId: TossKit.orderId(), orderName: "x", cardNumber: "4330123412341234", ...TossKit.card });
    await adapter.cancel(storeId, paid.paymentKey, { cancelReason: "part", cancelAmount: 3_000 });
    await adapter.cancel(storeId, paid.paymentKey, { cancelReason: "rest" });
    const mine = (all: ITossWebhook[]) =>
      all.filter((w): w is ITossWebhook.IPaymentStatusChanged => "eventType" in w && w.eventType === "PAYMENT_STATUS_CHANGED" && w.data.paymentKey === paid.paymentKey);
    await receiver.waitFor((all) => mine(all).length >= 3, "DONE, PARTIAL_CANCELED, CANCELED");
    const statuses = mine(receiver.received).map((w) => w.data.status).sort();
    TossKit.equals(statuses, ["CANCELED", "DONE", "PARTIAL_CANCELED"], "statuses notified");
    const last = mine(receiver.received).find((w) => w.data.status === "CANCELED")!;
    TossKit.equals([last.eventType, last.data.balanceAmount, last.data.cancels?.length, last.data.orderId], ["PAYMENT_STATUS_CHANGED", 0, 2, paid.orderId], "CANCELED webhook body");
    TossKit.assert(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/.test(last.createdAt), `createdAt like Toss's (no offset, microseconds): ${last.createdAt}`);
    // IN_PROGRESS (authenticated, not approved) is not notified
    const window = await TossKit.internal(ctx, "/payments", { orderId: TossKit.orderId(), amount: 1_000 }, secretKey);
    await TossKit.internal(ctx, `/webhooks/resend`, { paymentKey: paid.paymentKey }, secretKey); // a marker after it
    await receiver.waitFor((all) => mine(all).length >= 4, "resent CANCELED");
    TossKit.assert(!receiver.received.some((w) => "eventType" in w && w.eventType === "PAYMENT_STATUS_CHANGED" && w.data.paymentKey === window.paymentKey), "no webhook for IN_PROGRESS");
  });
}
