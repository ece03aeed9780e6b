import { FakeTossMagic } from "../../../../src/fakes/toss/FakeTossMagic";
import { TestContext } from "../../../TestContext";
import { TossKit } from "./internal/TossKit";

/** The timeout card is approved but its answer is held: the client times out, then reconciles by orderId. */
export async function test_fake_toss_timeout_card(ctx: TestContext): Promise<void> {
  const orderId = TossKit.orderId();
  const slow = TossKit.adapter(ctx, 300);
  await TossKit.rejects(
    slow.keyIn(ctx.toss.storeId, { amount: 1_000, orderId, orderName: "x", cardNumber: FakeTossMagic.TIMEOUT_CARD, ...TossKit.card }),
    "unavailable",
    "TIMEOUT",
    "timeout card",
  );
  const found = await TossKit.adapter(ctx).getPaymentByOrderId(ctx.toss.storeId, orderId);
  TossKit.equals(found.status, "DONE", "money moved despite the timeout");
}
