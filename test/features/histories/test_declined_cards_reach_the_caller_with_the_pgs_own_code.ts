import api from "../../../src/api";
import type { IPaymentHistory } from "../../../src/api/structures/IPaymentHistory";
import { FakeIamport } from "../../../src/fakes/iamport/FakeIamport";
import { FakeTossMagic } from "../../../src/fakes/toss/FakeTossMagic";
import { equal, expectErrorBody, iamportOf, orderId, password, portoneBillingKey, portoneCardPaid, rowsOfSource, tossInternal } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * A shop registers payments its buyers made with each PG's declining magic cards. Each answer
 * is 422 PG_REJECTED, and its body's `pg` carries the PG's own code and message, so that a
 * stolen card is told from a declined one without parsing prose: Toss's three codes, Iamport's
 * `fail_reason` code, PortOne's `pgCode`, and a declined billing-key charge. Nothing is recorded.
 */
export async function test_declined_cards_reach_the_caller_with_the_pgs_own_code(ctx: TestContext): Promise<void> {
  const register = (vendor: IPaymentHistory.IStore["vendor"], id: string, price: number) =>
    api.functional.payments.histories.create(ctx.connection, { vendor, source: { schema: "shop", table: "orders", id }, price, password: password() });

  // Toss: declined at the confirm, each with its own code.
  for (const [card, code] of [
    [FakeTossMagic.DECLINED_CARD, "REJECT_CARD_COMPANY"],
    [FakeTossMagic.INVALID_CARD, "INVALID_CARD_NUMBER"],
    [FakeTossMagic.STOPPED_CARD, "INVALID_STOPPED_CARD"],
  ] as const) {
    const id = orderId();
    const { paymentKey } = await tossInternal<{ paymentKey: string }>(ctx, "payments", { orderId: id, amount: 7_000, cardNumber: card });
    const body = await expectErrorBody(422, "PG_REJECTED", () => register({ code: "toss.payments", store_id: ctx.toss.storeId, uid: paymentKey }, id, 7_000));
    equal(body.pg?.code, code, `Toss's own code for card ${card}`);
    equal(typeof body.pg?.message === "string" && body.pg.message.length > 0, true, "with Toss's own message");
    equal(await rowsOfSource(ctx, "payment_histories", id), 0, "nothing recorded");
  }

  // Iamport: the payment is `failed`, its fail_reason "[3011] …" names the code.
  {
    const id = orderId();
    const payment = await iamportOf(ctx).onetime(ctx.iamport.storeId, {
      card_number: FakeIamport.CARDS.DECLINED,
      expiry: "2028-12",
      birth: "880311",
      merchant_uid: id,
      amount: 8_000,
      name: "Lamp",
    });
    const body = await expectErrorBody(422, "PG_REJECTED", () => register({ code: "iamport", store_id: ctx.iamport.storeId, uid: payment.imp_uid }, id, 8_000));
    equal([body.pg?.code, body.pg?.message], ["3011", "카드잔액 또는 한도가 부족합니다."], "Iamport's fail_reason, split");
    equal(await rowsOfSource(ctx, "payment_histories", id), 0, "nothing recorded");
  }

  // PortOne V2: the payment FAILED with its PG's code.
  {
    const id = orderId();
    await portoneCardPaid(ctx, id, 9_000, "4000000000000002");
    const body = await expectErrorBody(422, "PG_REJECTED", () => register({ code: "portone", store_id: ctx.portone.storeId, uid: id }, id, 9_000));
    equal(body.pg?.code, "LIMIT_EXCEEDED", "PortOne's pgCode");
    equal(await rowsOfSource(ctx, "payment_histories", id), 0, "nothing recorded");
  }

  // A declined billing-key charge (PortOne answers PG_PROVIDER with the card company's code).
  {
    const key = await portoneBillingKey(ctx, "4000000000000002");
    const secret = password();
    const reservation = await api.functional.payments.reservations.create(ctx.connection, {
      vendor: { code: "portone", store_id: ctx.portone.storeId, uid: key.billingKey },
      source: { schema: "saas", table: "subscriptions", id: orderId() },
      title: "Plan",
      password: secret,
    });
    const invoice = orderId();
    const body = await expectErrorBody(422, "PG_REJECTED", () =>
      api.functional.payments.reservations.charge(ctx.connection, {
        reservation: { id: reservation.id, password: secret },
        source: { schema: "saas", table: "invoices", id: invoice },
        price: 9_900,
        order_name: "Plan, one month",
        password: password(),
      }),
    );
    equal(body.pg?.code, "LIMIT_EXCEEDED", "the charge's refusal names the card company's code PortOne relayed");
    equal(await rowsOfSource(ctx, "payment_histories", invoice), 0, "nothing recorded");
  }
}
