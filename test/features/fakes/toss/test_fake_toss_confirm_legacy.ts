import { TestContext } from "../../../TestContext";
import { TossKit } from "./internal/TossKit";

/** The older approval form POST /v1/payments/{paymentKey} {orderId, amount}. */
export async function test_fake_toss_confirm_legacy(ctx: TestContext): Promise<void> {
  const window = await TossKit.internal(ctx, "/payments", { orderId: TossKit.orderId(), amount: 5_000 });
  const wrong = await TossKit.raw(ctx, "POST", `/v1/payments/${window.paymentKey}`, { orderId: window.orderId, amount: 5_001 });
  TossKit.errorBody(wrong, 400, "INVALID_REQUEST", "legacy approval with a wrong amount");
  const ok = await TossKit.raw(ctx, "POST", `/v1/payments/${window.paymentKey}`, { orderId: window.orderId, amount: 5_000 });
  TossKit.equals([ok.status, ok.body.status, ok.body.paymentKey], [200, "DONE", window.paymentKey], "legacy approval");
  const again = await TossKit.raw(ctx, "POST", `/v1/payments/${window.paymentKey}`, { orderId: window.orderId, amount: 5_000 });
  TossKit.errorBody(again, 400, "ALREADY_PROCESSED_PAYMENT", "legacy approval twice");
}
