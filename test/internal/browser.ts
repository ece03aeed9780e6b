import fs from "node:fs";
import path from "node:path";
import { type Browser, chromium, type FrameLocator, type Page } from "playwright-core";

import { FakeIamport } from "../../src/fakes/iamport/FakeIamport";
import { DemoShop } from "../../src/sandbox/DemoShop";
import { TestContext } from "../TestContext";
import { TestSkip } from "./TestSkip";

/**
 * Real Chromium (Debian's `chromium` package, which `.ci/run` installs) driven by playwright-core,
 * against the sandbox's demo shop and the fakes' windows. Screenshots go to
 * `test-output/browser/` (not committed).
 */
export namespace BrowserKit {
  export const SCREENSHOTS = path.resolve("test-output", "browser");

  /** Run `task` with a browser page and a demo shop talking to the test program's server. */
  export const withShop = async (ctx: TestContext, task: (page: Page, shop: DemoShop) => Promise<void>): Promise<void> => {
    const executablePath = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p !== undefined && p !== "" && fs.existsSync(p));
    if (executablePath === undefined) throw new TestSkip("no Chromium here (apt-get install chromium, as .ci/run does, or set CHROMIUM_PATH)");
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const shop = new DemoShop({
      port: ctx.config.port + 40,
      connection: ctx.connection,
      webhookSecrets: [...(ctx.config.clients.find((c) => c.id === ctx.client.id)?.webhook_secrets ?? [])],
      toss: { host: ctx.toss.host, clientKey: ctx.toss.clientKey, storeId: ctx.toss.storeId },
      iamport: { host: ctx.iamport.host, impCode: FakeIamport.SANDBOX_IMP_CODE, storeId: ctx.iamport.storeId },
      portone: { host: ctx.portone.host, storeId: ctx.portone.storeId },
    });
    await shop.open();
    let browser: Browser | null = null;
    try {
      browser = await chromium.launch({
        executablePath,
        headless: true,
        // This machine has no outside network: Chromium's own background traffic only fails.
        args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      });
      const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await task(page, shop);
      if (errors.length !== 0) throw new Error(`errors in the page: ${errors.join("; ")}`);
    } finally {
      await browser?.close();
      await shop.close();
    }
  };

  /** Open the shop, choose a gateway and amount, press Pay: the fake PG's window (a layer). */
  export const pay = async (page: Page, shop: DemoShop, gateway: DemoShop.IOrder["gateway"], amount: number): Promise<FrameLocator> => {
    await page.goto(shop.host);
    await page.selectOption("#gateway", gateway);
    await page.fill("#amount", String(amount));
    await page.click("#pay");
    const window = page.frameLocator('iframe[title="payment window"]');
    await window.locator("#approve").waitFor();
    return window;
  };

  /** The order id of the order page the browser is on. */
  export const orderOf = (page: Page): string => {
    const match = /\/orders\/([A-Za-z0-9_-]+)$/.exec(new URL(page.url()).pathname);
    if (match === null) throw new Error(`not on an order page: ${page.url()}`);
    return match[1]!;
  };

  /** Wait for the order page to show `status`. */
  export const statusShown = async (page: Page, status: string): Promise<void> => {
    await page.locator("#order-status", { hasText: new RegExp(`^${status}$`) }).waitFor();
  };

  /** Wait for the order page to list a webhook of `type`. */
  export const webhookShown = async (page: Page, type: string): Promise<void> => {
    await page.locator(`#events tr[data-event-type="${type}"]`).waitFor();
  };

  /**
   * A picture for people reading the run, not a check: on a loaded machine Chromium can take
   * longer than the page's timeout to paint a full page (a CI run once failed on it), so a
   * screenshot that times out is noted and the scenario goes on to its assertions.
   */
  export const shot = async (page: Page, name: string): Promise<void> => {
    try {
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: "disabled", caret: "hide", timeout: 30_000 });
    } catch (exp) {
      if (!(exp instanceof Error && exp.name === "TimeoutError")) throw exp;
      process.stderr.write(`       screenshot ${name} skipped: ${exp.message.split("\n")[0]}\n`);
    }
  };
}
