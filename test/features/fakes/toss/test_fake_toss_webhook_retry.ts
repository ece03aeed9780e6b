import { TestContext } from "../../../TestContext";
import { TossKit } from "./internal/TossKit";

/** Only a 200 delivers; failures are retried on the (compressed) schedule, 7 retries at most. */
export async function test_fake_toss_webhook_retry(ctx: TestContext): Promise<void> {
  const fake = ctx.toss.fake;
  const original = fake.getWebhookRetryDelays();
  fake.setWebhookRetryDelays([10, 10, 10, 10, 10, 10, 10]);
  try {
    // 500, then 201 (not 200: still a failure), then 200
    const answers = [500, 201, 200];
    await TossKit.withWebhooks(
      ctx,
      async ({ receiver, adapter }) => {
        const paid = await adapter.keyIn(ctx.toss.storeId, { amount: 1_000, orderId: TossKit.orderId(), orderName: "x", cardNumber: "4330123412341234", ...TossKit.card });
        await receiver.waitFor((all) => all.length >= 3, "3 attempts");
        const delivery = await until(() => fake.deliveries().find((d) => d.url === receiver.url && d.delivered));
        TossKit.equals(delivery.attempts.map((a) => a.status), [500, 201, 200], "attempt statuses");
        TossKit.assert(receiver.received.every((w) => "eventType" in w && w.eventType === "PAYMENT_STATUS_CHANGED" && w.data.paymentKey === paid.paymentKey), "same body retried");
      },
      (i) => answers[i] ?? 200,
    );

    // never 200: 1 attempt + 7 retries, then given up
    await TossKit.withWebhooks(
      ctx,
      async ({ receiver, adapter }) => {
        await adapter.keyIn(ctx.toss.storeId, { amount: 1_000, orderId: TossKit.orderId(), orderName: "x", cardNumber: "4330123412341234", ...TossKit.card });
        const delivery = await until(() => fake.deliveries().find((d) => d.url === receiver.url && d.gave_up));
        TossKit.equals([delivery.attempts.length, delivery.delivered, receiver.received.length], [8, false, 8], "gave up after 7 retries");
      },
      () => 503,
    );
  } finally {
    fake.setWebhookRetryDelays(original);
  }
}

const until = async <T>(find: () => T | undefined, timeoutMs = 10_000): Promise<T> => {
  const limit = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > limit) throw new Error("webhook delivery state never reached");
    await new Promise((r) => setTimeout(r, 20));
  }
};
