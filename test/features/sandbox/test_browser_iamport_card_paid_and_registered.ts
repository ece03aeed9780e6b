import api from "../../../src/api";
import { TestContext } from "../../TestContext";
import { BrowserKit } from "../../internal/browser";
import { equal, iamportOf } from "../../internal/pgs";

/**
 * A buyer pays by card in the fake Iamport window opened by `IMP.request_pay`; its callback hands
 * `imp_uid` to the shop, which registers the payment; the shop's page shows it paid and the
 * webhook payments-server sent. A second buyer pays without a callback (Iamport's mobile flow):
 * the browser lands on `m_redirect_url` with `imp_uid`, and the shop registers it from there.
 */
export async function test_browser_iamport_card_paid_and_registered(ctx: TestContext): Promise<void> {
  await BrowserKit.withShop(ctx, async (page, shop) => {
    const window = await BrowserKit.pay(page, shop, "iamport-card", 18_000);
    await BrowserKit.shot(page, "iamport-window");
    await window.locator("#approve").click();
    await page.waitForURL(/\/orders\/demo_/);
    const id = BrowserKit.orderOf(page);
    await BrowserKit.statusShown(page, "paid");
    await BrowserKit.webhookShown(page, "payment.paid");
    await BrowserKit.shot(page, "demo-shop-iamport-paid");

    const order = shop.order(id)!;
    const history = await api.functional.payments.histories.at(ctx.connection, order.history!.id, { password: order.password });
    equal([history.status, history.price, history.vendor_code], ["paid", 18_000, "iamport"], "recorded");
    const atIamport = await iamportOf(ctx).getPayment(ctx.iamport.storeId, history.vendor.uid!);
    equal([atIamport.status, atIamport.amount, atIamport.merchant_uid], ["paid", 18_000, id], "Iamport's record");

    // The mobile flow: no callback, so the window sends the browser to m_redirect_url.
    await page.goto(shop.host);
    await page.evaluate(async () => {
      const order = (await (await fetch("/orders", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ gateway: "iamport-card", amount: 7_000, name: "Socks" }) })).json()) as { orderId: string };
      const imp = (window as unknown as { IMP: { init(code: string): void; request_pay(params: unknown): void } }).IMP;
      imp.init("imp_sandbox_payments_server");
      imp.request_pay({ pay_method: "card", merchant_uid: order.orderId, amount: 7_000, name: "Socks", m_redirect_url: `${location.origin}/iamport/complete` });
    });
    await page.frameLocator('iframe[title="payment window"]').locator("#approve").click();
    await page.waitForURL(/\/orders\/demo_/);
    await BrowserKit.statusShown(page, "paid");
    const mobile = shop.order(BrowserKit.orderOf(page))!;
    equal([mobile.amount, mobile.history?.status], [7_000, "paid"], "registered from m_redirect_url");

    await page.goto(`${ctx.iamport.host}/console`);
    await page.locator(`tr[data-merchant-uid="${id}"] .badge`, { hasText: "paid" }).waitFor();
    await BrowserKit.shot(page, "iamport-console");
  });
}
