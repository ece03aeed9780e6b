import type { Page } from "playwright-core";

import { BrowserKit } from "../../internal/browser";
import { assert, equal } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * On a 390 px phone the demo shop, an order page (with its webhooks table, after a refused and
 * a done cancel) and both fake consoles fit the screen: nothing scrolls sideways (a wide table
 * scrolls inside its card). A refused cancel reads as a refusal, amounts read as won.
 */
export async function test_browser_pages_fit_a_phone_without_sideways_scroll(ctx: TestContext): Promise<void> {
  await BrowserKit.withShop(ctx, async (page, shop) => {
    const window = await BrowserKit.pay(page, shop, "toss-card", 1_234_000);
    await window.locator("#approve").click();
    await page.waitForURL(/\/orders\/demo_/);
    await BrowserKit.statusShown(page, "paid");
    await BrowserKit.webhookShown(page, "payment.paid");

    await page.fill("#cancel-amount", "9999999");
    await page.click("#cancel");
    await page.locator("#cancel-status.error").waitFor();
    assert(((await page.locator("#cancel-status").textContent()) ?? "").startsWith("Not cancelled"), "a refused cancel reads as a refusal");
    await page.fill("#cancel-amount", "34000");
    await page.click("#cancel");
    await page.locator("#cancel-status.ok", { hasText: "Refunded 34,000원 in all." }).waitFor();
    await page.locator("#order-refund", { hasText: "34,000원" }).waitFor();
    equal(await page.locator("text=fake console").count(), 0, "a card order shows no virtual-account hint");

    await page.setViewportSize({ width: 390, height: 844 });
    const order = page.url();
    for (const url of [shop.host, order, `${ctx.toss.host}/console`, `${ctx.iamport.host}/console`]) {
      await page.goto(url);
      const { scroll, viewport } = await widths(page);
      assert(scroll <= viewport, `${url} fits 390 px (its content is ${scroll} px wide)`);
      await BrowserKit.shot(page, `phone-${new URL(url).port}-${new URL(url).pathname.split("/")[1] || "home"}`);
    }
  });
}

const widths = (page: Page) => page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }));
