import { TestContext } from "../../../TestContext";
import { TossKit } from "./internal/TossKit";

/** Injected faults: 5xx before processing, lost answers after processing, hangs and dropped connections. */
export async function test_fake_toss_failure_injection(ctx: TestContext): Promise<void> {
  const fake = ctx.toss.fake;
  const adapter = TossKit.adapter(ctx);
  try {
    // 1. 503 once on confirm, nothing done; the retry succeeds
    const window = await TossKit.internal(ctx, "/payments", { orderId: TossKit.orderId(), amount: 1_000 });
    fake.inject({ path: "/v1/payments/confirm", mode: "error", status: 503, code: "FAILED_INTERNAL_SYSTEM_PROCESSING", times: 1 });
    await TossKit.rejects(adapter.confirm(ctx.toss.storeId, window), "unavailable", "FAILED_INTERNAL_SYSTEM_PROCESSING", "injected 503");
    TossKit.equals((await adapter.getPayment(ctx.toss.storeId, window.paymentKey)).status, "IN_PROGRESS", "nothing done by the 503");
    TossKit.equals((await adapter.confirm(ctx.toss.storeId, window)).status, "DONE", "retry after the 503");

    // 2. processed, answer lost (500 after): the same idempotency key returns the real answer
    const orderId = TossKit.orderId();
    fake.inject({ path: "/v1/payments/key-in", mode: "error", when: "after", times: 1 });
    await TossKit.rejects(TossKit.keyIn(ctx, 1_000, "4330123412341234", orderId, `idem-${orderId}`), "unavailable", "FAILED_INTERNAL_SYSTEM_PROCESSING", "500 after processing");
    const replay = await TossKit.keyIn(ctx, 1_000, "4330123412341234", orderId, `idem-${orderId}`);
    const stored = await adapter.getPaymentByOrderId(ctx.toss.storeId, orderId);
    TossKit.equals([replay.status, replay.paymentKey], ["DONE", stored.paymentKey], "idempotent retry returns the payment made");

    // 3. hang: the client times out
    const remove = fake.inject({ path: "/v1/payments/orders/", mode: "hang", ms: 2_000 });
    await TossKit.rejects(TossKit.adapter(ctx, 200).getPaymentByOrderId(ctx.toss.storeId, orderId), "unavailable", "TIMEOUT", "hang");
    remove();

    // 4. dropped connection
    fake.inject({ path: "/v1/payments/", method: "GET", mode: "drop", times: 1 });
    await TossKit.rejects(adapter.getPayment(ctx.toss.storeId, stored.paymentKey), "unavailable", "NETWORK", "dropped connection");
    TossKit.equals((await adapter.getPayment(ctx.toss.storeId, stored.paymentKey)).paymentKey, stored.paymentKey, "works again after the drop");
  } finally {
    fake.clearFailures();
  }
}
