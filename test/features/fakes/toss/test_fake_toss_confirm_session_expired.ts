import { TestContext } from "../../../TestContext";
import { TossKit } from "./internal/TossKit";

/** A window payment not confirmed within 10 minutes expires (clock moved, then restored). */
export async function test_fake_toss_confirm_session_expired(ctx: TestContext): Promise<void> {
  const window = await TossKit.internal(ctx, "/payments", { orderId: TossKit.orderId(), amount: 1_000 });
  const fake = ctx.toss.fake;
  fake.setClock(() => new Date(Date.now() + 11 * 60_000));
  try {
    await TossKit.rejects(TossKit.adapter(ctx).confirm(ctx.toss.storeId, window), "not_found", "NOT_FOUND_PAYMENT_SESSION", "late confirm");
    const payment = await TossKit.adapter(ctx).getPayment(ctx.toss.storeId, window.paymentKey);
    TossKit.equals([payment.status, payment.failure?.code], ["EXPIRED", "EXPIRED_PAYMENT"], "expired window payment");
  } finally {
    fake.setClock(() => new Date());
  }
}
