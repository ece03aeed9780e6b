import api from "../../../src/api";
import type { IIamportPayment } from "../../../src/api/structures/iamport/IIamportPayment";
import type { IPaymentHistory } from "../../../src/api/structures/IPaymentHistory";
import type { IPortOnePayment } from "../../../src/api/structures/portone/IPortOnePayment";
import type { ITossPayment } from "../../../src/api/structures/toss/ITossPayment";
import { iamportInternal } from "../../internal/lifecycle";
import { equal, orderId, password, portoneCardPaid, portoneInternal, tossInternal, tossOf } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * A shop takes easy-pay payments (간편결제) at each PG: Toss's 토스페이 with part paid from its
 * balance and part discounted, a KakaoPay card at Iamport (KG이니시스's direct call) and PortOne
 * V2's KAKAOPAY. Each is recorded for the order's whole amount, and its history says
 * `method: "easy_pay"` with the service and, where the PG tells them, its balance and discount;
 * a card and a virtual account say theirs in the same words, whichever PG.
 */
export async function test_easy_pay_read_the_same_way_at_every_pg(ctx: TestContext): Promise<void> {
  const register = (vendor: IPaymentHistory.IStore["vendor"], id: string, price: number) =>
    api.functional.payments.histories.create(ctx.connection, { vendor, source: { schema: "shop", table: "orders", id }, price, password: password() }) as Promise<IPaymentHistory>;

  // Toss: 30,000 won, 3,000 from the 토스페이 balance and 1,000 discounted; its card pays 26,000.
  const tossId = orderId();
  const window = await tossInternal<{ paymentKey: string }>(ctx, "payments", {
    orderId: tossId,
    orderName: "Headphones",
    amount: 30_000,
    easyPay: { provider: "TOSSPAY", amount: 3_000, discountAmount: 1_000 },
  });
  const toss = await register({ code: "toss.payments", store_id: ctx.toss.storeId, uid: window.paymentKey }, tossId, 30_000);
  equal([toss.status, toss.price, toss.method, toss.easy_pay], ["paid", 30_000, "easy_pay", { provider: "토스페이", amount: 3_000, discount: 1_000 }], "Toss easy pay");
  const atToss: ITossPayment = await tossOf(ctx).getPayment(ctx.toss.storeId, window.paymentKey);
  equal([atToss.method, atToss.card?.amount], ["간편결제", 26_000], "Toss's own record: the card paid the rest");

  // Iamport: KakaoPay called directly, a card registered in it paying.
  const iamportId = orderId();
  const paid = await iamportInternal<IIamportPayment>(ctx, "payments/window", { merchant_uid: iamportId, amount: 12_000, pay_method: "kakaopay", name: "Mug" });
  const iamport = await register({ code: "iamport", store_id: ctx.iamport.storeId, uid: paid.imp_uid }, iamportId, 12_000);
  equal([iamport.status, iamport.method, iamport.easy_pay], ["paid", "easy_pay", { provider: "kakaopay", amount: null, discount: null }], "Iamport easy pay");

  // PortOne V2: KAKAOPAY; its discount is the payment's amount.discount (none here).
  const portoneId = orderId();
  await portoneInternal<IPortOnePayment>(ctx, `payments/${portoneId}/window`, { orderName: "Lamp", totalAmount: 45_000, payMethod: "EASY_PAY", easyPay: { easyPayProvider: "KAKAOPAY" } });
  const portone = await register({ code: "portone", store_id: ctx.portone.storeId, uid: portoneId }, portoneId, 45_000);
  equal([portone.status, portone.method, portone.easy_pay], ["paid", "easy_pay", { provider: "KAKAOPAY", amount: null, discount: 0 }], "PortOne easy pay");
  if (portone.vendor_code !== "portone") throw new Error("narrowing");
  equal(portone.data.method?.type, "PaymentMethodEasyPay", "PortOne's own method");

  // The same words for a card and a virtual account, whichever PG.
  const cardId = orderId();
  await portoneCardPaid(ctx, cardId, 5_000);
  const card = await register({ code: "portone", store_id: ctx.portone.storeId, uid: cardId }, cardId, 5_000);
  equal([card.method, card.easy_pay], ["card", null], "a PortOne card");
  const vaId = orderId();
  const va = await tossInternal<{ paymentKey: string }>(ctx, "payments", { orderId: vaId, orderName: "Desk", amount: 80_000, method: "가상계좌" });
  const account = await register({ code: "toss.payments", store_id: ctx.toss.storeId, uid: va.paymentKey }, vaId, 80_000);
  equal([account.status, account.method, account.easy_pay], ["waiting_deposit", "virtual_account", null], "a Toss virtual account");
}
