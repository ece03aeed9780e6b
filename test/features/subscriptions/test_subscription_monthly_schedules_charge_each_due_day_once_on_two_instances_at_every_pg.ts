import pino from "pino";

import api from "../../../src/api";
import type { IPaymentSchedule } from "../../../src/api/structures/IPaymentSchedule";
import { PaymentBackend } from "../../../src/PaymentBackend";
import { WebhookKit } from "../webhooks/internal/WebhookKit";
import { equal } from "../../internal/pgs";
import { TestContext } from "../../TestContext";
import { type IKey, ScheduleKit } from "./internal/ScheduleKit";

/**
 * A SaaS bills a plan monthly on the 31st, 10:00 Korea time, at each PG (Toss, Iamport,
 * PortOne V2), while two instances run the workers (one on PGlite, which is one process). The
 * clock the server and the fakes share is moved to each due day instead of waiting a month:
 * each cycle is charged once, as an ordinary payment under the schedule's source, on 31 Jan,
 * on 28 Feb (the month has no 31st), and back on 31 Mar; nothing is charged a minute early.
 * Each charge is announced once (`payment.paid`, then `subscription.charge_succeeded`); the
 * cancel (`subscription.cancelled`) stops it.
 */
export async function test_subscription_monthly_schedules_charge_each_due_day_once_on_two_instances_at_every_pg(ctx: TestContext): Promise<void> {
  const receiver = await WebhookKit.receiver(ctx);
  const second =
    ctx.databaseUrl !== null
      ? new PaymentBackend({ ...ctx.config, port: ctx.config.port + 21, workers: true }, { clock: ctx.clock, logStream: pino.destination({ dest: ctx.logFile, sync: true }) })
      : null;
  await second?.open();
  const plans: { key: IKey; schedule: IPaymentSchedule }[] = [];
  try {
    await ScheduleKit.withClock(ctx, async () => {
      for (const vendor of ScheduleKit.VENDORS) {
        const key = await ScheduleKit.key(ctx, vendor);
        const schedule = await ScheduleKit.create(ctx, key, {
          amount: 9_900,
          order_name: "Pro plan (monthly)",
          cycle: { type: "monthly", day: 31 },
          starts_at: "2027-01-31T10:00:00+09:00",
          webhook_url: receiver.url,
        });
        equal([schedule.status, schedule.next_cycle, schedule.next_cycle_at, schedule.time_zone], ["active", 0, "2027-01-31T01:00:00.000Z", "Asia/Seoul"], `${vendor}: due on the 31st, 10:00 KST`);
        plans.push({ key, schedule });
      }

      await ScheduleKit.moveTo(ctx, "2027-01-31T00:59:00Z");
      await WebhookKit.sleep(500); // five runs of each instance's worker
      for (const { schedule } of plans) equal((await ScheduleKit.charges(ctx, schedule.id)).length, 0, "nothing charged a minute early");

      const dueDays = [
        ["2027-01-31T01:00:00Z", "2027-02-28T01:00:00.000Z"],
        ["2027-02-28T01:00:00Z", "2027-03-31T01:00:00.000Z"],
        ["2027-03-31T01:00:00Z", "2027-04-30T01:00:00.000Z"],
      ] as const;
      for (const [n, [due, next]] of dueDays.entries()) {
        await ScheduleKit.moveTo(ctx, new Date(new Date(due).getTime() + 30_000));
        for (const { key, schedule } of plans) {
          const after = await ScheduleKit.until(ctx, key, schedule.id, `${key.vendor}: cycle ${n} charged`, (s) => s.next_cycle === n + 1);
          equal([after.status, after.charged, after.next_cycle_at, after.failed_tries], ["active", n + 1, next, 0], `${key.vendor}: cycle ${n} charged, the next due ${next}`);
        }
      }
      await WebhookKit.sleep(500); // both instances keep running: nothing more is charged
      for (const { key, schedule } of plans) {
        const charges = await ScheduleKit.charges(ctx, schedule.id);
        const id = schedule.id.replaceAll("-", "");
        equal(
          charges.map((c) => [c.source_id, c.status, Number(c.price)]),
          [0, 1, 2].map((n) => [`sch_${id}_${n}_0`, "paid", 9_900]),
          `${key.vendor}: one payment per cycle, under the schedule's source`,
        );
        const history = await api.functional.payments.histories.get(ctx.connection, {
          source: { schema: "payments-server", table: "schedule_charges", id: `sch_${id}_1_0` },
          password: key.password,
        });
        equal([history.status, history.vendor_code, history.price], ["paid", key.vendor, 9_900], `${key.vendor}: a charge reads like any payment, with the key's password`);
      }

      const events = await WebhookKit.until("every charge announced", () => {
        const ofPlans = receiver.accepted.filter((e) => e.type === "subscription.charge_succeeded");
        return ofPlans.length >= 9 && receiver.accepted.filter((e) => e.type === "payment.paid").length >= 9 ? ofPlans : null;
      });
      for (const { key, schedule } of plans) {
        const mine = (events as unknown as IPaymentSchedule.IWebhook[]).filter((e) => e.current.id === schedule.id);
        equal(mine.map((e) => [e.charge?.cycle, e.charge?.amount, e.current.charged]), [[0, 9_900, 1], [1, 9_900, 2], [2, 9_900, 3]], `${key.vendor}: each charge announced once, in order`);
      }
      for (const { key, schedule } of plans) {
        const cancelled = await api.functional.payments.schedules.cancel(ctx.connection, schedule.id, { password: key.password });
        equal([cancelled.status, cancelled.next_cycle_at], ["cancelled", null], `${key.vendor}: cancelled`);
      }
      await WebhookKit.until("the cancels announced", () => receiver.accepted.filter((e) => e.type === "subscription.cancelled").length === 3);
      const listed = await api.functional.payments.schedules.list(ctx.connection, { reservation: { id: plans[0]!.key.reservation.id, password: plans[0]!.key.password } });
      equal(listed.map((s) => [s.id, s.status]), [[plans[0]!.schedule.id, "cancelled"]], "listed for its billing key");
    });
  } finally {
    await second?.close();
    await receiver.close();
  }
}
