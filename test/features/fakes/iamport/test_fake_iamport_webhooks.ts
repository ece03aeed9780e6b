import { IIamportPayment } from "../../../../src/api/structures/iamport/IIamportPayment";
import { TestContext } from "../../../TestContext";
import { IamportTestUtil as U } from "./IamportTestUtil";

/** Webhooks on the real triggers: paid, vbank issued, deposit, opted-in API cancel, console cancel; none on failure. */
export async function test_fake_iamport_webhooks(ctx: TestContext): Promise<void> {
  const adapter = U.adapter(ctx);
  const store: string = ctx.iamport.storeId;
  await U.withReceiver(ctx, async (receiver) => {
    // paid through the window
    const paid: IIamportPayment = await U.ok(ctx, "POST", "/internal/payments/window", { merchant_uid: U.uid("wh"), amount: 8_000 });
    const w1 = await receiver.wait((w) => w.imp_uid === paid.imp_uid);
    U.equal(w1, { imp_uid: paid.imp_uid, merchant_uid: paid.merchant_uid, status: "paid" }, "paid webhook body");

    // API cancel: none by default, one with enable_webhook
    await adapter.cancel(store, { imp_uid: paid.imp_uid, amount: 1_000 });
    U.equal(U.deliveriesOf(ctx, paid.imp_uid).length, 1, "no webhook for an API cancel by default");
    const partial = await adapter.cancel(store, { imp_uid: paid.imp_uid, amount: 2_000, enable_webhook: true });
    const cid: string | undefined = partial.cancel_history[1]?.cancellation_id;
    const w2 = await receiver.wait((w) => w.imp_uid === paid.imp_uid && w.cancellation_id === cid);
    U.equal(w2.status, "paid", "partial cancel webhook keeps status paid");

    // console cancel: always a webhook
    const consoled = await U.ok<IIamportPayment>(ctx, "POST", `/internal/payments/${paid.imp_uid}/cancel`, { reason: "콘솔 취소" });
    U.equal([consoled.status, consoled.cancel_amount], ["cancelled", 8_000], "console cancel of the rest");
    const last = consoled.cancel_history[2]!.cancellation_id;
    const w3 = await receiver.wait((w) => w.imp_uid === paid.imp_uid && w.cancellation_id === last);
    U.equal(w3.status, "cancelled", "console cancel webhook status");

    // resend
    const resent = await U.ok<{ url: string; body: { status: string } }>(ctx, "POST", `/internal/payments/${paid.imp_uid}/webhook`, {});
    U.equal([resent.url, resent.body.status], [receiver.url, "cancelled"], "resend answer");
    await receiver.wait((w) => w.imp_uid === paid.imp_uid && w.status === "cancelled" && receiver.received.filter((x) => x.imp_uid === paid.imp_uid).length === 4);

    // vbank: issued (ready) then deposited (paid)
    const vb: IIamportPayment = await U.ok(ctx, "POST", "/internal/payments/window", { merchant_uid: U.uid("wh"), amount: 3_000, pay_method: "vbank" });
    await receiver.wait((w) => w.imp_uid === vb.imp_uid && w.status === "ready");
    await U.ok(ctx, "POST", `/internal/vbanks/${vb.imp_uid}/deposit`, {});
    await receiver.wait((w) => w.imp_uid === vb.imp_uid && w.status === "paid");

    // failures: never a webhook
    const declined = await adapter.again(store, await (async () => {
      const customer_uid = U.uid("whc");
      await adapter.createCustomer(store, customer_uid, { ...U.CARD, card_number: "4000000000000002" });
      return { customer_uid, merchant_uid: U.uid("wh"), amount: 1_000, name: "x" };
    })());
    U.equal(declined.status, "failed", "declined");
    const vb2: IIamportPayment = await U.ok(ctx, "POST", "/internal/payments/window", { merchant_uid: U.uid("wh"), amount: 3_000, pay_method: "vbank" });
    await U.ok(ctx, "POST", `/internal/payments/${vb2.imp_uid}/fail`, { reason: "입금 포기" });
    U.equal(U.deliveriesOf(ctx, declined.imp_uid).length, 0, "no webhook for a declined charge");
    U.equal(U.deliveriesOf(ctx, vb2.imp_uid).map((w) => w.status), ["ready"], "no webhook for a failed payment");

    // notice_url of the payment wins over the configured URL
    const other = await U.receiver();
    try {
      const own = await adapter.onetime(store, { ...U.CARD, merchant_uid: U.uid("wh"), amount: 500, notice_url: other.url });
      await other.wait((w) => w.imp_uid === own.imp_uid && w.status === "paid");
      U.assert(!receiver.received.some((w) => w.imp_uid === own.imp_uid), "not sent to the default URL");
    } finally {
      await other.close();
    }
  });

  // no URL at all: nothing is sent, the API still answers
  const previous = ctx.iamport.fake.getWebhookUrl();
  ctx.iamport.fake.setWebhookUrl(null);
  try {
    const quiet: IIamportPayment = await U.ok(ctx, "POST", "/internal/payments/window", { merchant_uid: U.uid("wh"), amount: 100 });
    U.equal(quiet.status, "paid", "paid without any webhook URL");
    U.equal(U.deliveriesOf(ctx, quiet.imp_uid).length, 0, "nothing delivered without a URL");
  } finally {
    ctx.iamport.fake.setWebhookUrl(previous);
  }
}
