import { FakeTossMagic } from "../../../../src/fakes/toss/FakeTossMagic";
import { TestContext } from "../../../TestContext";
import { TossKit } from "./internal/TossKit";

/** Magic card numbers: declines, invalid and stopped cards, PG 500, on key-in, confirm and billing. */
export async function test_fake_toss_magic_cards(ctx: TestContext): Promise<void> {
  const adapter = TossKit.adapter(ctx);
  await TossKit.rejects(TossKit.keyIn(ctx, 1_000, FakeTossMagic.DECLINED_CARD), "rejected", "REJECT_CARD_COMPANY", "declined key-in");
  await TossKit.rejects(TossKit.keyIn(ctx, 1_000, FakeTossMagic.INVALID_CARD), "rejected", "INVALID_CARD_NUMBER", "invalid card");
  await TossKit.rejects(TossKit.keyIn(ctx, 1_000, FakeTossMagic.STOPPED_CARD), "rejected", "INVALID_STOPPED_CARD", "stopped card");
  const orderId = TossKit.orderId();
  const e = await TossKit.rejects(TossKit.keyIn(ctx, 1_000, FakeTossMagic.SERVER_ERROR_CARD, orderId), "unavailable", "FAILED_INTERNAL_SYSTEM_PROCESSING", "PG 500");
  TossKit.equals(e.props.status, 500, "500 status kept");
  await TossKit.rejects(adapter.getPaymentByOrderId(ctx.toss.storeId, orderId), "not_found", "NOT_FOUND_PAYMENT", "the 500 card left nothing");

  // declined at confirm: the payment ends ABORTED with the reason
  const window = await TossKit.internal(ctx, "/payments", { orderId: TossKit.orderId(), amount: 1_000, cardNumber: FakeTossMagic.DECLINED_CARD });
  await TossKit.rejects(adapter.confirm(ctx.toss.storeId, window), "rejected", "REJECT_CARD_COMPANY", "declined confirm");
  const aborted = await adapter.getPayment(ctx.toss.storeId, window.paymentKey);
  TossKit.equals([aborted.status, aborted.failure?.code], ["ABORTED", "REJECT_CARD_COMPANY"], "aborted payment");

  // billing keys of a declining card are issued, their charges declined
  const customerKey = `customer-${TossKit.orderId()}`;
  const auth = await TossKit.internal(ctx, "/billing/auth", { customerKey, cardNumber: FakeTossMagic.DECLINED_CARD });
  const billing = await adapter.issueBillingKey(ctx.toss.storeId, { authKey: auth.authKey, customerKey });
  await TossKit.rejects(adapter.chargeBilling(ctx.toss.storeId, billing.billingKey, { customerKey, amount: 1_000, orderId: TossKit.orderId(), orderName: "x" }), "rejected", "REJECT_CARD_COMPANY", "declined billing charge");
}
