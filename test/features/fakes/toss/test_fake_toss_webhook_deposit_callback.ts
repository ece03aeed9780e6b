import { ITossWebhook } from "../../../../src/api/structures/toss/ITossWebhook";
import { TestContext } from "../../../TestContext";
import { TossKit } from "./internal/TossKit";

/** DEPOSIT_CALLBACK on issue, deposit and refund of a virtual account, with the payment's secret. */
export async function test_fake_toss_webhook_deposit_callback(ctx: TestContext): Promise<void> {
  await TossKit.withWebhooks(ctx, async ({ receiver, secretKey, adapter }) => {
    const issued = await adapter.createVirtualAccount(ctx.toss.storeId, { amount: 20_000, orderId: TossKit.orderId(), orderName: "x", customerName: "홍길동", bank: "88" });
    await TossKit.internal(ctx, `/virtual-accounts/${issued.paymentKey}/deposit`, {}, secretKey);
    await adapter.cancel(ctx.toss.storeId, issued.paymentKey, { cancelReason: "환불", refundReceiveAccount: { bank: "88", accountNumber: "110123456789", holderName: "홍길동" } });
    const callbacks = (all: ITossWebhook[]) =>
      all.filter((w): w is ITossWebhook.IDepositCallback => !("eventType" in w) && w.orderId === issued.orderId);
    await receiver.waitFor((all) => callbacks(all).length >= 3, "3 DEPOSIT_CALLBACKs");
    const list = callbacks(receiver.received);
    TossKit.equals(list.map((c) => c.status).sort(), ["CANCELED", "DONE", "WAITING_FOR_DEPOSIT"], "callback statuses");
    for (const c of list) {
      TossKit.equals(c.secret, issued.secret, "callback secret equals the payment's");
      TossKit.equals(Object.keys(c).sort(), ["createdAt", "orderId", "secret", "status", "transactionKey"], "callback fields");
    }
    const final = await adapter.getPayment(ctx.toss.storeId, issued.paymentKey);
    TossKit.equals(list.find((c) => c.status === "CANCELED")!.transactionKey, final.lastTransactionKey, "callback transactionKey is the cancel's");
    await receiver.waitFor(
      (all) => all.some((w) => "eventType" in w && w.eventType === "PAYMENT_STATUS_CHANGED" && w.data.paymentKey === issued.paymentKey && w.data.status === "DONE"),
      "PAYMENT_STATUS_CHANGED DONE as well",
    );
  });
}
