import { TestContext } from "../../../TestContext";
import { TossKit } from "./internal/TossKit";

/**
 * A confirm held before processing (`hang`, `when: "before"`) whose caller gives up: never
 * processed, it is abandoned, and its Idempotency-Key answers the caller's next try (which
 * approves the payment once) instead of leaving every later try with the key hanging.
 */
export async function test_fake_toss_abandoned_held_request_frees_its_key(ctx: TestContext): Promise<void> {
  const orderId = TossKit.orderId();
  const { paymentKey } = await TossKit.internal<{ paymentKey: string }>(ctx, "/payments", { orderId, amount: 4_000, cardNumber: "4330123412341234" });
  const key = `held-${orderId}`;
  const body = { paymentKey, orderId, amount: 4_000 };
  const stop = ctx.toss.fake.inject({ path: "/v1/payments/confirm", mode: "hang", when: "before", ms: 400, times: 1 });
  try {
    const gaveUp = await fetch(`${ctx.toss.host}/v1/payments/confirm`, {
      method: "POST",
      headers: { Authorization: TossKit.authorization(ctx.toss.secretKey), "Content-Type": "application/json", "Idempotency-Key": key },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(100),
    }).then(
      () => "answered",
      () => "gave up",
    );
    TossKit.equals(gaveUp, "gave up", "the caller gave up while the request was held");
  } finally {
    stop();
  }
  // Past the hold, the request has been processed; the next try with the key, bounded, must answer.
  await new Promise((resolve) => setTimeout(resolve, 600));
  const next = await Promise.race([
    TossKit.raw(ctx, "POST", "/v1/payments/confirm", body, { "Idempotency-Key": key }),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), 3_000)),
  ]);
  TossKit.assert(next !== null, "a later try with the key answers");
  TossKit.equals([next.status, next.body.status, next.body.paymentKey], [200, "DONE", paymentKey], "the next try runs: approved once");
  const payment = await TossKit.adapter(ctx).getPayment(ctx.toss.storeId, paymentKey);
  TossKit.equals(payment.status, "DONE", "approved");
}
