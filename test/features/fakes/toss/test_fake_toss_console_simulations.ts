import { TestContext } from "../../../TestContext";
import { TossKit } from "./internal/TossKit";

/** Dashboard cancel, abort and resend: the merchant learns of them only by webhook. */
export async function test_fake_toss_console_simulations(ctx: TestContext): Promise<void> {
  await TossKit.withWebhooks(ctx, async ({ receiver, secretKey, adapter }) => {
    const paid = await adapter.keyIn(ctx.toss.storeId, { amount: 4_000, orderId: TossKit.orderId(), orderName: "x", cardNumber: "4330123412341234", ...TossKit.card });
    const cancelled = await TossKit.internal(ctx, `/payments/${paid.paymentKey}/cancel`, { cancelReason: "대시보드 취소" }, secretKey);
    TossKit.equals([cancelled.status, cancelled.cancels[0].cancelReason], ["CANCELED", "대시보드 취소"], "console cancel");
    await receiver.waitFor((all) => all.some((w) => "eventType" in w && w.eventType === "PAYMENT_STATUS_CHANGED" && w.data.paymentKey === paid.paymentKey && w.data.status === "CANCELED"), "CANCELED webhook");

    const before = receiver.received.length;
    const resent = await TossKit.internal(ctx, "/webhooks/resend", { paymentKey: paid.paymentKey }, secretKey);
    TossKit.equals(resent, { queued: true }, "resend answer");
    await receiver.waitFor((all) => all.length > before, "resent webhook");

    const window = await TossKit.internal(ctx, "/payments", { orderId: TossKit.orderId(), amount: 1_000 }, secretKey);
    const aborted = await TossKit.internal(ctx, `/payments/${window.paymentKey}/abort`, { code: "PAY_PROCESS_CANCELED", message: "사용자에 의해 결제가 취소되었습니다." }, secretKey);
    TossKit.equals([aborted.status, aborted.failure.code], ["ABORTED", "PAY_PROCESS_CANCELED"], "aborted");
    await receiver.waitFor((all) => all.some((w) => "eventType" in w && w.eventType === "PAYMENT_STATUS_CHANGED" && w.data.paymentKey === window.paymentKey && w.data.status === "ABORTED"), "ABORTED webhook");
    await TossKit.rejects(adapter.confirm(ctx.toss.storeId, window), "rejected", "ALREADY_PROCESSED_PAYMENT", "confirm an aborted payment");

    const deliveries = await TossKit.raw(ctx, "GET", "/internal/webhooks", undefined, {}, secretKey);
    TossKit.assert(deliveries.status === 200 && Array.isArray(deliveries.body) && deliveries.body.length >= 3, "delivery log readable");
  });
}
