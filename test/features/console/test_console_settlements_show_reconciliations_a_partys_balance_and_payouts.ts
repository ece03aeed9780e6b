import api from "../../../src/api";
import { BrowserKit } from "../../internal/browser";
import { equal } from "../../internal/pgs";
import { SettlementKit as K } from "../../internal/settlements";
import { TestContext } from "../../TestContext";

/**
 * An operator opens the console's settlements page for a client and party: the latest
 * reconciliation with Toss (each run is kept, with its differences), the party's balance
 * today, the platform's revenue, and the party's payout batch with who pays it.
 */
export async function test_console_settlements_show_reconciliations_a_partys_balance_and_payouts(ctx: TestContext): Promise<void> {
  const supplier = K.party("supplier");
  await K.paidDaysAgo(ctx, 5, 10_000, { parties: [{ id: supplier, role: "supplier", share: { type: "amount", amount: 8_000 } }] });
  await K.paidDaysAgo(ctx, 0, 5_000, { parties: [{ id: supplier, role: "supplier", share: { type: "amount", amount: 4_000 } }] });
  const payout = await api.functional.payments.settlements.payouts.payout(ctx.connection, { party_id: supplier, up_to: K.day(0) });
  const run = await api.functional.payments.settlements.reconcile(ctx.connection, { vendor: { code: "toss.payments", store_id: ctx.toss.storeId }, from: K.day(-1), to: K.day(0), fee_basis_points: 340 });

  await BrowserKit.withShop(ctx, async (page) => {
    await page.goto(`${ctx.connection.host}/console`);
    await page.locator("#token").fill(ctx.config.operator_token);
    await page.locator("#sign-in button[type=submit]").click();
    await page.locator("#who").waitFor();
    await page.goto(`${ctx.connection.host}/console#/settlements?client=${ctx.client.id}&party=${supplier}`);
    await page.locator(`tr[data-payout="${payout.id}"]`).waitFor();
    equal(await page.locator(`tr[data-payout="${payout.id}"] td`).nth(3).textContent(), "8,000", "the payout's amount");
    const balance = await page.locator("#balance .stat b").allTextContents();
    equal(balance, ["4,000", "0", "0", "8,000", "0"], "pending, available, carried, scheduled, paid out");
    const newest = page.locator("tr[data-run]").first();
    equal(await newest.locator("td").nth(3).textContent(), String(run.checked), "the latest run, as it ran");
    await BrowserKit.shot(page, "console-settlements");
  });
}
