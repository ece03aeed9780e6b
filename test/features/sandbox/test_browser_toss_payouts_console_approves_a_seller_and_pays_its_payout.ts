import api from "../../../src/api";
import { BrowserKit } from "../../internal/browser";
import { equal } from "../../internal/pgs";
import { SettlementKit as K } from "../../internal/settlements";
import { TestContext } from "../../TestContext";
import { PayoutKit } from "../payouts/internal/PayoutKit";

/**
 * The fake Toss's payouts console, in Chromium: a seller registered through the SDK is approved
 * with its button (payments-server hears `seller.changed`), and its payout is completed with
 * another (the batch becomes `paid_out`). Account numbers are shown masked.
 */
export async function test_browser_toss_payouts_console_approves_a_seller_and_pays_its_payout(ctx: TestContext): Promise<void> {
  await BrowserKit.withShop(ctx, async (page) => {
    const supplier = K.party("supplier");
    const seller = await api.functional.payments.settlements.sellers.create(ctx.connection, {
      party_id: supplier,
      vendor: { code: "toss.payments", store_id: ctx.toss.storeId },
      business_type: "corporation",
      company: { name: "토스상점", representative_name: "김토스", business_registration_number: "1234567890", email: "a@example.com", phone: "0212345678" },
      account: { bank_code: "004", account_number: PayoutKit.GOOD_ACCOUNT, holder_name: "토스상점" },
    });
    equal([seller.status, seller.business_registration_number], ["approval_required", "123-**-*****"], "waiting for Toss's review, read masked");
    await page.goto(`${ctx.toss.host}/console/payouts`);
    const row = page.locator(`tr[data-id="${seller.pg_seller_id}"]`);
    equal(await row.locator("td").nth(3).textContent(), "004 **********1234", "the account masked");
    await row.locator('button[data-action="approve"]').click();
    await page.locator(`tr[data-id="${seller.pg_seller_id}"] .badge`, { hasText: "APPROVED" }).waitFor();
    await PayoutKit.sellerUntil(ctx, seller.id, "approved");

    await PayoutKit.owed(ctx, supplier, 7_000);
    const payout = await api.functional.payments.settlements.payouts.payout(ctx.connection, { party_id: supplier, up_to: K.day(0) });
    await page.reload();
    const [atToss] = await PayoutKit.atToss(ctx, payout.id);
    await page.locator(`tr[data-id="${atToss!.id}"] button[data-action="complete"]`).click();
    await page.locator(`tr[data-id="${atToss!.id}"] .badge`, { hasText: "COMPLETED" }).waitFor();
    await BrowserKit.shot(page, "toss-payouts-console");
    await PayoutKit.payoutUntil(ctx, supplier, payout.id, "paid_out");
  });
}
