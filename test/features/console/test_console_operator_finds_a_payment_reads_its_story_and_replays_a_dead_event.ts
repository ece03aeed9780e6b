import fs from "node:fs";
import type { Page } from "playwright-core";

import api from "../../../src/api";
import { BrowserKit } from "../../internal/browser";
import { assert, equal, orderId, password, tossCardPaid } from "../../internal/pgs";
import { TestContext } from "../../TestContext";
import { WebhookKit } from "../webhooks/internal/WebhookKit";

/**
 * An operator, in Chromium: signs in to `/console` with the operator token; finds a payment by
 * its order id; its timeline shows the PG call that approved it, it recorded and paid, its
 * event, and the delivery that failed twice before it succeeded; the operator refunds part of
 * it without its password (the PG's cancel joins the timeline, the client hears of it). Another payment's event died (its receiver was down):
 * the webhooks page lists it, the operator replays it and it is delivered. A viewer signs in,
 * sees the same page, and cannot replay (disabled, and 403 if asked anyway). In Korean, and on
 * a phone-sized screen, no page scrolls sideways. A screenshot of each page is written.
 */
export async function test_console_operator_finds_a_payment_reads_its_story_and_replays_a_dead_event(ctx: TestContext): Promise<void> {
  const flaky = await WebhookKit.receiver(ctx);
  const down = await WebhookKit.receiver(ctx);
  try {
    let calls = 0;
    flaky.answer = () => (++calls <= 2 ? 500 : 200);
    down.answer = () => 503;
    const order = orderId();
    const paid = await register(ctx, order, 12_300, flaky.url);
    await WebhookKit.until("delivered on the third attempt", () => flaky.accepted.find((e) => e.current.id === paid.id));
    const dead = await register(ctx, orderId(), 4_500, down.url);
    const alsoDead = await register(ctx, orderId(), 5_500, down.url);
    const [deadEvent] = await WebhookKit.until("both events dead", async () => {
      const rows = await ctx.query<{ id: string; history_id: string }>("SELECT id, history_id FROM webhook_events WHERE history_id IN ($1, $2) AND status = 'dead' ORDER BY history_id = $1 DESC", [dead.id, alsoDead.id]);
      return rows.length === 2 ? rows : null;
    });

    await BrowserKit.withShop(ctx, async (page) => {
      const base = `${ctx.connection.host}/console`;
      await page.goto(base);
      await signIn(page, null, ctx.config.operator_token);
      await page.locator("#q").fill(order);
      await page.locator("#search button[type=submit]").click();
      await page.locator(`tr[data-id="${paid.id}"] a`).click();
      const timeline = page.locator("#timeline");
      await timeline.locator("li", { hasText: "payment.paid attempt 3" }).waitFor();
      const entries = await timeline.locator("li").evaluateAll((lis) => lis.map((li) => `${li.getAttribute("data-kind")}:${li.className}:${li.querySelector("strong")?.textContent ?? ""}`));
      for (const expected of ["pg_call:ok:PG approve", "state:neutral:recorded", "state:ok:paid", "event:ok:payment.paid", "delivery:failed:payment.paid attempt 1", "delivery:failed:payment.paid attempt 2", "delivery:ok:payment.paid attempt 3"])
        assert(entries.includes(expected), `the timeline shows ${expected}: ${entries.join(" | ")}`);
      await BrowserKit.shot(page, "console-payment-timeline");

      // A partial refund, by the operator, without the payment's password.
      await page.locator("#cancel-amount").fill("1300");
      await page.locator("#cancel-reason").fill("customer called: one item out of stock");
      await page.locator("#cancel button[type=submit]").click();
      await timeline.locator('li[data-kind="cancel"]').waitFor();
      await WebhookKit.until("the refund announced", () => flaky.accepted.find((e) => e.current.id === paid.id && e.current.status === "partial_cancelled"));
      // The PG's cancel call joins the timeline once its record is written (in batches, after the request).
      await page.reload();
      await timeline.locator("li", { hasText: "PG cancel" }).waitFor();
      equal((await ctx.query<{ refund: string }>("SELECT refund::text FROM payment_histories WHERE id = $1", [paid.id]))[0]!.refund, "1300", "refunded 1,300 at the PG");
      await WebhookKit.until("the view in the access trail", async () => (await ctx.query<{ n: number }>("SELECT count(*)::int AS n FROM access_trail WHERE actor_kind = 'operator' AND record_id = $1", [paid.id]))[0]!.n >= 1 || null);

      await page.goto(`${base}#/health`);
      await page.locator("#chart-rps canvas").waitFor();
      equal(await page.locator(".chart canvas").count(), 6, "six charts drawn by the charting library");
      await BrowserKit.shot(page, "console-health");

      await page.goto(`${base}#/webhooks`);
      const row = page.locator(`tr[data-event-id="${deadEvent!.id}"]`);
      await row.waitFor();
      await BrowserKit.shot(page, "console-webhooks");
      down.answer = () => 200;
      await row.locator('button[data-action="replay"]').click();
      await WebhookKit.until("the replayed event delivered", () => down.accepted.find((e) => e.current.id === dead.id));
      // Then every dead event left at that endpoint, at once.
      const endpoint = page.locator("tr", { has: page.locator("td", { hasText: down.url }) }).locator('button[data-action="replay-dead"]');
      await endpoint.click();
      await WebhookKit.until("the endpoint's other dead event delivered", () => down.accepted.find((e) => e.current.id === alsoDead.id));
      const acted = fs.readFileSync(ctx.logFile, "utf8").split("\n").filter((l) => l.includes('"console"') && l.includes('"operator":"operator"')).map((l) => (JSON.parse(l) as { console: { action: string } }).console.action);
      assert(acted.includes("sign_in") && acted.includes("replay") && acted.includes("replay_dead") && acted.includes("cancel"), `each action logged with who did it: ${acted.join(", ")}`);

      const viewer = await (await page.context().browser()!.newContext({ viewport: { width: 390, height: 800 } })).newPage();
      await viewer.goto(base);
      await signIn(viewer, "viewer", "test-viewer-token-123");
      await viewer.locator("#lang").selectOption("ko");
      await viewer.locator("nav a", { hasText: "결제" }).waitFor();
      for (const [hash, name] of [["#/payments", "console-phone-payments"], [`#/payments/${paid.id}`, "console-phone-payment"], ["#/webhooks", "console-phone-webhooks"], ["#/inbox", "console-phone-inbox"], ["#/settlements", "console-phone-settlements"], ["#/health", "console-phone-health"]] as const) {
        await viewer.goto(`${base}${hash}`);
        await viewer.locator("main h1").waitFor();
        await viewer.waitForLoadState("networkidle");
        const [scroll, width] = await viewer.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
        assert(scroll <= width, `${hash} fits a phone (${scroll} > ${width})`);
        await BrowserKit.shot(viewer, name);
      }
      await viewer.goto(`${base}#/payments/${paid.id}`);
      const replay = viewer.locator('#timeline button[data-action="replay"]').first();
      await replay.waitFor();
      equal(await replay.isDisabled(), true, "a viewer's replay button is disabled");
      const refused = await viewer.evaluate((id) => fetch(`/console/api/webhooks/${id}/replay`, { method: "POST" }).then((r) => r.status), deadEvent!.id);
      equal(refused, 403, "a viewer cannot replay");
      const cancelRefused = await viewer.evaluate((id) => fetch(`/console/api/payments/${id}/cancel`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ reason: "no" }) }).then((r) => r.status), paid.id);
      equal(cancelRefused, 403, "nor refund");
      equal(await viewer.locator("#cancel").count(), 0, "no refund form for a viewer");
    });
  } finally {
    await flaky.close();
    await down.close();
  }
}

const register = async (ctx: TestContext, id: string, amount: number, webhook_url: string) => {
  const { paymentKey } = await tossCardPaid(ctx, id, amount);
  return api.functional.payments.histories.create(ctx.connection, {
    vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: paymentKey },
    source: { schema: "shop", table: "orders", id },
    price: amount,
    password: password(),
    webhook_url,
  });
};

const signIn = async (page: Page, name: string | null, token: string): Promise<void> => {
  if (name !== null) await page.locator("#name").fill(name);
  await page.locator("#token").fill(token);
  await page.locator("#sign-in button[type=submit]").click();
  await page.locator("#who").filter({ hasText: name ?? "operator" }).waitFor();
};
