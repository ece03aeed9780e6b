import { equal } from "../../internal/pgs";
import { SettlementKit as K } from "../../internal/settlements";
import { TestContext } from "../../TestContext";

/**
 * A payment received on a Friday, the Monday after being a configured holiday: a share
 * delayed 2 business days is payable on Wednesday, one delayed 3 calendar days on Monday, a
 * D+0 business-day share on the Friday itself.
 */
export async function test_settlement_business_days_skip_weekends_and_holidays(ctx: TestContext): Promise<void> {
  const { friday, holiday } = K.fridayAndHoliday();
  equal(ctx.config.settlement.holidays.includes(holiday), true, "the Monday is a configured holiday");
  const [business, calendar, sameDay] = [K.party("business"), K.party("calendar"), K.party("same-day")];
  const paid = await K.paidDaysAgo(ctx, new Date(`${friday}T15:00:00+09:00`), 9_000, {
    parties: [
      { id: business, role: "other", share: { type: "amount", amount: 1_000 }, delay: { days: 2, business_days: true } },
      { id: calendar, role: "supplier", share: { type: "amount", amount: 1_000 } },
      { id: sameDay, role: "other", share: { type: "amount", amount: 1_000 }, delay: { days: 0, business_days: true } },
    ],
  });
  const days = await ctx.query<{ party_id: string; available_on: string }>(
    "SELECT party_id, available_on::text AS available_on FROM ledger_entries WHERE history_id = $1 AND account = 'party'",
    [paid.history.id],
  );
  const on = Object.fromEntries(days.map((d) => [d.party_id, d.available_on]));
  equal(
    [on[business], on[calendar], on[sameDay]],
    [K.addDays(friday, 5), K.addDays(friday, 3), friday],
    "Wednesday (weekend and holiday skipped), Monday (calendar D+3), Friday",
  );
  equal(await K.position(ctx, business, K.addDays(friday, 4)), [1_000, 0, 0, 0, 0], "pending on the Tuesday");
  equal(await K.position(ctx, business, K.addDays(friday, 5)), [0, 1_000, 0, 0, 0], "available on the Wednesday");
}
