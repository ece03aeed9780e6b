import api from "../../../src/api";
import { BrowserKit } from "../../internal/browser";
import { equal, portoneOf } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * A buyer pays in the fake PortOne V2 window opened by `PortOne.requestPayment` (the store and
 * channel key come from the prepared order): by card, then by easy pay (KAKAOPAY); another pays
 * with 토스페이 in Toss's window (`card: {flowMode: "DIRECT", easyPay: "TOSSPAY"}`). The shop
 * registers each, and its order page says how it was paid. A window closed in PortOne resolves
 * the page's promise with the failure, and nothing is recorded.
 */
export async function test_browser_portone_and_easy_pay_windows_paid_and_registered(ctx: TestContext): Promise<void> {
  await BrowserKit.withShop(ctx, async (page, shop) => {
    const paidWith = async (gateway: Parameters<typeof BrowserKit.pay>[2], amount: number, method: string) => {
      const window = await BrowserKit.pay(page, shop, gateway, amount);
      await BrowserKit.shot(page, `${gateway}-window`);
      await window.locator("#approve").click();
      await page.waitForURL(/\/orders\/demo_/);
      await BrowserKit.statusShown(page, "paid");
      await page.locator("#order-method", { hasText: method }).waitFor();
      await BrowserKit.webhookShown(page, "payment.paid");
      const order = shop.order(BrowserKit.orderOf(page))!;
      return api.functional.payments.histories.at(ctx.connection, order.history!.id, { password: order.password });
    };

    const card = await paidWith("portone-card", 21_000, "card");
    equal([card.vendor_code, card.price, card.method], ["portone", 21_000, "card"], "a PortOne card payment");
    const atPortOne = await portoneOf(ctx).getPayment(ctx.portone.storeId, card.vendor.uid!);
    equal([atPortOne.status, atPortOne.amount.total], ["PAID", 21_000], "PortOne's record");

    const kakao = await paidWith("portone-easy-pay", 9_900, "easy pay (KAKAOPAY)");
    equal([kakao.method, kakao.easy_pay?.provider], ["easy_pay", "KAKAOPAY"], "a PortOne easy-pay payment");
    await BrowserKit.shot(page, "demo-shop-portone-easy-pay-paid");

    const toss = await paidWith("toss-easy-pay", 15_000, "easy pay (토스페이)");
    equal([toss.vendor_code, toss.method, toss.easy_pay], ["toss.payments", "easy_pay", { provider: "토스페이", amount: 0, discount: 0 }], "a Toss easy-pay payment");

    // Closed: the promise resolves with PortOne's failure, and the shop records nothing.
    const closing = await BrowserKit.pay(page, shop, "portone-card", 4_000);
    await closing.locator("#close").click();
    await page.locator("#status", { hasText: "payment failed: FAILURE_TYPE_PG" }).waitFor();
    const [{ count }] = (await ctx.query<{ count: string | number }>("SELECT count(*) AS count FROM payment_histories WHERE source_schema = 'demo_shop' AND price = 4000 AND status <> 'pending'"))!;
    equal(Number(count), 0, "nothing recorded for the closed window");
  });
}
