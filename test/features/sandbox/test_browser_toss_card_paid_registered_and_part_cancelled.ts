import api from "../../../src/api";
import { TestContext } from "../../TestContext";
import { BrowserKit } from "../../internal/browser";
import { eventually } from "../../internal/lifecycle";
import { equal, tossOf } from "../../internal/pgs";

/**
 * A buyer pays 25,000 won by card in the fake Toss window opened by the demo shop's page the way
 * Toss's v2 SDK opens it; Toss sends the browser to the shop's successUrl, the shop registers
 * the payment, cancels 5,000 of it, and both webhooks reach the shop.
 */
export async function test_browser_toss_card_paid_registered_and_part_cancelled(ctx: TestContext): Promise<void> {
  await BrowserKit.withShop(ctx, async (page, shop) => {
    const window = await BrowserKit.pay(page, shop, "toss-card", 25_000);
    equal((await window.locator(".amount").textContent())?.trim(), "25,000원", "the window shows the amount");
    await BrowserKit.shot(page, "toss-window");
    await window.locator("#approve").click();

    await page.waitForURL(/\/orders\/demo_/);
    const id = BrowserKit.orderOf(page);
    await BrowserKit.statusShown(page, "paid");
    await BrowserKit.webhookShown(page, "payment.paid");
    await BrowserKit.shot(page, "demo-shop-order-paid");

    await page.fill("#cancel-amount", "5000");
    await page.click("#cancel");
    await BrowserKit.statusShown(page, "partial_cancelled");
    await BrowserKit.webhookShown(page, "payment.partial_cancelled");
    await BrowserKit.shot(page, "demo-shop-order-part-cancelled");

    // What the shop shows is payments-server's record, and Toss's.
    const order = shop.order(id)!;
    const history = await api.functional.payments.histories.at(ctx.connection, order.history!.id, { password: order.password });
    equal([history.status, history.price, history.refund, history.vendor_code], ["partial_cancelled", 25_000, 5_000, "toss.payments"], "recorded");
    equal(order.events.map((e) => e.type), ["payment.paid", "payment.partial_cancelled"], "each state announced once");
    const atToss = await tossOf(ctx).getPayment(ctx.toss.storeId, history.vendor.uid!);
    equal([atToss.status, atToss.balanceAmount, atToss.orderId], ["PARTIAL_CANCELED", 20_000, id], "Toss's record");

    // The fake's console lists its own payment.
    await page.goto(`${ctx.toss.host}/console`);
    const row = page.locator(`tr[data-order-id="${id}"]`);
    equal((await row.locator(".badge").textContent())?.trim(), "PARTIAL_CANCELED", "console status");
    await BrowserKit.shot(page, "toss-console");

    // Resending Toss's webhook from the console reaches payments-server again, which announces nothing twice.
    // The server stores a webhook, answers 200, then processes it: wait for the resent one to be
    // processed (found unchanged) before looking for a new event.
    const unchanged = async () =>
      (await ctx.query<{ n: number }>("SELECT count(*)::int AS n FROM payment_webhooks WHERE vendor_uid = $1 AND status = 'unchanged'", [history.vendor.uid]))[0]!.n;
    const before = await unchanged();
    await row.locator('button[data-action="resend"]').click();
    await eventually("the resent webhook processed", async () => (await unchanged()) > before);
    const events = await api.functional.payments.histories.webhooks.index(ctx.connection, history.id, { password: order.password });
    equal(events.map((e) => e.type), ["payment.paid", "payment.partial_cancelled"], "still each state once");
  });
}
