import { TestContext } from "../../TestContext";
import { BrowserKit } from "../../internal/browser";
import { equal } from "../../internal/pgs";

/**
 * A buyer takes a virtual account in the fake Toss window; the shop registers it waiting for the
 * deposit and shows the account. The deposit is made from the fake Toss console: Toss's webhook
 * reaches payments-server, which announces the payment to the shop, and its page shows it paid.
 */
export async function test_browser_toss_virtual_account_deposited_from_the_fake_console(ctx: TestContext): Promise<void> {
  await BrowserKit.withShop(ctx, async (page, shop) => {
    const window = await BrowserKit.pay(page, shop, "toss-virtual-account", 33_000);
    await window.locator("#bank").selectOption("88");
    await window.locator("#approve").click();
    await page.waitForURL(/\/orders\/demo_/);
    const id = BrowserKit.orderOf(page);
    await BrowserKit.statusShown(page, "waiting_deposit");
    await BrowserKit.webhookShown(page, "payment.waiting_deposit");
    await page.locator("#virtual-account", { hasText: "Deposit 33,000원 to 신한" }).waitFor();
    await BrowserKit.shot(page, "demo-shop-virtual-account-waiting");

    const console = await page.context().newPage();
    await console.goto(`${ctx.toss.host}/console`);
    await console.locator(`tr[data-order-id="${id}"] button[data-action="deposit"]`).click();
    await console.locator(`tr[data-order-id="${id}"] .badge`, { hasText: "DONE" }).waitFor();
    await BrowserKit.shot(console, "toss-console-deposited");

    await BrowserKit.statusShown(page, "paid");
    await BrowserKit.webhookShown(page, "payment.paid");
    await BrowserKit.shot(page, "demo-shop-virtual-account-paid");
    equal(shop.order(id)!.events.map((e) => e.type), ["payment.waiting_deposit", "payment.paid"], "each state announced once, in order");
  });
}
