import { TestContext } from "../../TestContext";
import { BrowserKit } from "../../internal/browser";
import { assert, equal, rowsOfSource } from "../../internal/pgs";

/**
 * In the fake Toss window the buyer's card is declined (a code chosen in the window), then, on
 * another order, the buyer closes the window: each time the browser lands on the shop's failUrl
 * with Toss's `code`, `message` and `orderId`, and payments-server records nothing.
 */
export async function test_browser_toss_card_declined_or_closed_records_nothing(ctx: TestContext): Promise<void> {
  await BrowserKit.withShop(ctx, async (page, shop) => {
    const declined = await BrowserKit.pay(page, shop, "toss-card", 12_000);
    await declined.locator("#code").selectOption("EXCEED_MAX_DAILY_PAYMENT_COUNT");
    await declined.locator("#decline").click();
    await page.waitForURL(/\/toss\/fail\?/);
    const first = new URL(page.url()).searchParams;
    equal(first.get("code"), "EXCEED_MAX_DAILY_PAYMENT_COUNT", "the fail URL");
    assert((first.get("message") ?? "").length > 0, "with Toss's message");
    equal((await page.locator("#fail-code").textContent())?.trim(), "EXCEED_MAX_DAILY_PAYMENT_COUNT", "the fail page");
    await BrowserKit.shot(page, "demo-shop-toss-declined");

    const closed = await BrowserKit.pay(page, shop, "toss-card", 12_000);
    await closed.locator("#close").click();
    await page.waitForURL(/\/toss\/fail\?/);
    const second = new URL(page.url()).searchParams;
    equal(second.get("code"), "PAY_PROCESS_CANCELED", "closing the window");

    for (const orderId of [first.get("orderId")!, second.get("orderId")!]) {
      assert(shop.order(orderId) !== undefined, "the shop's order");
      equal(await rowsOfSource(ctx, "payment_histories", orderId), 0, "nothing recorded");
      equal(shop.order(orderId)!.events.length, 0, "nothing announced");
    }
  });
}
