import api from "../../../src/api";
import type { IPaymentSchedule } from "../../../src/api/structures/IPaymentSchedule";
import type { IPaymentVendor } from "../../../src/api/structures/IPaymentVendor";
import { WebhookKit } from "../webhooks/internal/WebhookKit";
import { assert, equal } from "../../internal/pgs";
import { TestContext } from "../../TestContext";
import { ScheduleKit } from "./internal/ScheduleKit";

/** Each PG's magic cards: declined for a limit or a balance (recovers), and stopped for good. */
const CARDS: Record<IPaymentVendor.Code, { limit: string; stopped: string; code: string }> = {
  "toss.payments": { limit: "4000000000000051", stopped: "4000000000000036", code: "REJECT_CARD_PAYMENT" },
  iamport: { limit: "4000000000000002", stopped: "4000000000000036", code: "3011" },
  portone: { limit: "4000000000000002", stopped: "4000000000000036", code: "LIMIT_EXCEEDED" },
} as Record<IPaymentVendor.Code, { limit: string; stopped: string; code: string }>;

/**
 * A subscriber's card is over its limit on the 1st, at each PG: the charge is declined
 * (`subscription.charge_failed` with the PG's code and the next try, `subscription.past_due`)
 * and tried again 1, 3 and 5 days after the due day, each try a payment of its own source;
 * after the last, `subscription.exhausted`, and the schedule stays `past_due` with no try due
 * until the SaaS resumes it with the card the subscriber registered anew: charged at once,
 * `active` again. A stopped card is a final code: one try, stopped at once, nothing retried.
 */
export async function test_subscription_declined_card_retried_on_the_ladder_until_exhausted_a_final_code_stops_at_once(ctx: TestContext): Promise<void> {
  const receiver = await WebhookKit.receiver(ctx);
  try {
    await ScheduleKit.withClock(ctx, async () => {
      const plans = [];
      for (const vendor of ScheduleKit.VENDORS) {
        const key = await ScheduleKit.key(ctx, vendor, CARDS[vendor].limit);
        const stoppedKey = await ScheduleKit.key(ctx, vendor, CARDS[vendor].stopped);
        const input = { amount: 12_000, order_name: "Team plan", cycle: { type: "monthly", day: 1 } as const, starts_at: "2027-09-01T10:00:00+09:00", webhook_url: receiver.url };
        plans.push({ vendor, key, schedule: await ScheduleKit.create(ctx, key, input), stoppedKey, stopped: await ScheduleKit.create(ctx, stoppedKey, input) });
      }
      const tries = [
        ["2027-09-01T01:00:10Z", "2027-09-02T01:00:00.000Z"],
        ["2027-09-02T01:00:10Z", "2027-09-04T01:00:00.000Z"],
        ["2027-09-04T01:00:10Z", "2027-09-06T01:00:00.000Z"],
        ["2027-09-06T01:00:10Z", null],
      ] as const;
      for (const [n, [at, next]] of tries.entries()) {
        await ScheduleKit.moveTo(ctx, at);
        for (const { vendor, key, schedule } of plans) {
          const s = await ScheduleKit.until(ctx, key, schedule.id, `${vendor}: try ${n + 1} declined`, (x) => x.failed_tries === n + 1);
          equal([s.status, s.next_cycle, s.next_try_at, s.charged], ["past_due", 0, next, 0], `${vendor}: try ${n + 1} declined, the next ${next ?? "none"}`);
          equal([s.last_failure?.code, s.last_failure?.recoverable], [CARDS[vendor].code, true], `${vendor}: the PG's code, a decline that can recover`);
          if (next === null) assert(s.stopped_reason?.startsWith("retries exhausted") === true, `${vendor}: exhausted (${s.stopped_reason})`);
        }
      }
      for (const { vendor, stoppedKey, stopped } of plans) {
        const s = await ScheduleKit.read(ctx, stoppedKey, stopped.id);
        equal([s.status, s.failed_tries, s.next_try_at, s.last_failure?.recoverable], ["past_due", 1, null, false], `${vendor}: a stopped card is tried once`);
        assert(s.stopped_reason?.startsWith("declined for good by the PG") === true, `${vendor}: stopped at once (${s.stopped_reason})`);
        equal((await ScheduleKit.charges(ctx, stopped.id)).length, 0, `${vendor}: a decline records no payment`);
      }

      const of = (id: string) => (receiver.accepted as unknown as IPaymentSchedule.IWebhook[]).filter((e) => e.current?.id === id).map((e) => e.type);
      for (const { vendor, schedule, stopped } of plans) {
        await WebhookKit.until(`${vendor}: the ladder announced`, () => of(schedule.id).length === 6 && of(stopped.id).length === 2);
        equal(
          of(schedule.id),
          ["subscription.charge_failed", "subscription.past_due", "subscription.charge_failed", "subscription.charge_failed", "subscription.charge_failed", "subscription.exhausted"],
          `${vendor}: each decline announced, past_due once, exhausted after the last`,
        );
        equal(of(stopped.id), ["subscription.charge_failed", "subscription.past_due"], `${vendor}: a final code: failed and past_due, never exhausted`);
        const failed = (receiver.accepted as unknown as IPaymentSchedule.IWebhook[]).find((e) => e.current?.id === schedule.id && e.type === "subscription.charge_failed")!;
        equal([failed.charge?.failure?.code, failed.charge?.cycle, failed.current.next_try_at], [CARDS[vendor].code, 0, "2027-09-02T01:00:00.000Z"], `${vendor}: the first decline says its code and the next try`);
      }

      const metrics = await (await fetch(`${ctx.host}/metrics`, { headers: { authorization: `Bearer ${ctx.config.operator_token}` } })).text();
      const value = (series: string) => Number(metrics.split("\n").find((l) => l.startsWith(`${series} `))?.split(" ")[1] ?? 0);
      assert(value('payments_subscription_charge_failures_total{code="REJECT_CARD_PAYMENT"}') >= 4, "declines counted by the PG's code");
      assert(value("payments_subscription_retries_scheduled_total") >= 9 && value("payments_subscription_exhausted_total") >= 3, "retries and exhaustions counted");

      // A week on, nothing more is tried; the subscriber registers another card and the SaaS resumes.
      await ScheduleKit.moveTo(ctx, "2027-09-08T03:00:00Z");
      await WebhookKit.sleep(400);
      for (const { vendor, key, schedule } of plans) {
        equal((await ScheduleKit.read(ctx, key, schedule.id)).failed_tries, 4, `${vendor}: nothing tried after exhaustion`);
        const fresh = await ScheduleKit.key(ctx, vendor);
        const resumed = await api.functional.payments.schedules.resume(ctx.connection, schedule.id, { password: key.password, reservation: { id: fresh.reservation.id, password: fresh.password } });
        equal([resumed.status, resumed.reservation_id, resumed.stopped_reason], ["past_due", fresh.reservation.id, null], `${vendor}: resumed on the new key, due now`);
        const paid = await ScheduleKit.until(ctx, fresh, schedule.id, `${vendor}: the owed cycle charged`, (s) => s.charged === 1);
        equal([paid.status, paid.next_cycle, paid.next_cycle_at, paid.last_failure], ["active", 1, "2027-10-01T01:00:00.000Z", null], `${vendor}: active again, next due 1 October`);
        const charges = await ScheduleKit.charges(ctx, schedule.id);
        equal(charges.map((c) => [c.source_id.split("_").slice(2).join("_"), c.status]), [["0_4", "paid"]], `${vendor}: one payment, the fifth try of cycle 0`);
        await api.functional.payments.schedules.cancel(ctx.connection, schedule.id, { password: fresh.password });
      }
    });
  } finally {
    await receiver.close();
  }
}
