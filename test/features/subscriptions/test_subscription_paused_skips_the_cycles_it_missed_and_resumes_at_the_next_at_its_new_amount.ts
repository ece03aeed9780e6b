import api from "../../../src/api";
import { WebhookKit } from "../webhooks/internal/WebhookKit";
import { eventually } from "../../internal/lifecycle";
import { equal, expectError } from "../../internal/pgs";
import { TestContext } from "../../TestContext";
import { ScheduleKit } from "./internal/ScheduleKit";

/**
 * A subscriber pauses a monthly plan (the 15th) after its first charge: the 15 June and
 * 15 July cycles pass uncharged. Resumed on 20 July, it skips them and is next due on 15
 * August, at the amount changed meanwhile (the clock moved over the sandbox's operator route;
 * without the operator's credential it does not move). A single charge (`once`) ends after it; a schedule
 * ending before its first cycle, an unknown time zone, a wrong password and a change of a
 * cancelled schedule are refused with their codes.
 */
export async function test_subscription_paused_skips_the_cycles_it_missed_and_resumes_at_the_next_at_its_new_amount(ctx: TestContext): Promise<void> {
  await ScheduleKit.withClock(ctx, async () => {
    const key = await ScheduleKit.key(ctx, "toss.payments");
    const access = { password: key.password };
    await expectError(401, "OPERATOR_UNAUTHORIZED", () => api.functional.operator.sandbox.clock.move({ host: ctx.connection.host }, { at: "2030-01-01T00:00:00Z" }));
    const schedule = await ScheduleKit.create(ctx, key, { amount: 5_000, order_name: "Basic plan", cycle: { type: "monthly", day: 15 }, starts_at: "2027-05-15T09:00:00+09:00" });
    await ScheduleKit.moveTo(ctx, "2027-05-15T00:00:30Z");
    await ScheduleKit.until(ctx, key, schedule.id, "May charged", (s) => s.charged === 1);

    const paused = await api.functional.payments.schedules.pause(ctx.connection, schedule.id, access);
    equal([paused.status, paused.next_cycle, paused.next_cycle_at], ["paused", 1, "2027-06-15T00:00:00.000Z"], "paused before June");
    equal((await api.functional.payments.schedules.pause(ctx.connection, schedule.id, access)).updated_at, paused.updated_at, "a second pause changes nothing");
    const priced = await api.functional.payments.schedules.amount(ctx.connection, schedule.id, { password: key.password, amount: 7_000 });
    equal([priced.amount, priced.status], [7_000, "paused"], "the next charges' amount changed");

    await ScheduleKit.moveTo(ctx, "2027-07-20T00:00:00Z");
    await WebhookKit.sleep(400);
    equal((await ScheduleKit.charges(ctx, schedule.id)).length, 1, "nothing charged while paused");
    const resumed = await api.functional.payments.schedules.resume(ctx.connection, schedule.id, access);
    equal([resumed.status, resumed.next_cycle, resumed.next_cycle_at], ["active", 3, "2027-08-15T00:00:00.000Z"], "June and July skipped: next due 15 August");
    await WebhookKit.sleep(400);
    equal((await ScheduleKit.charges(ctx, schedule.id)).length, 1, "the skipped cycles are never charged");

    await ScheduleKit.moveTo(ctx, "2027-08-15T00:00:30Z");
    const august = await ScheduleKit.until(ctx, key, schedule.id, "August charged", (s) => s.charged === 2);
    equal([august.next_cycle, august.next_cycle_at], [4, "2027-09-15T00:00:00.000Z"], "then September");
    const id = schedule.id.replaceAll("-", "");
    equal(
      (await ScheduleKit.charges(ctx, schedule.id)).map((c) => [c.source_id, Number(c.price)]),
      [[`sch_${id}_0_0`, 5_000], [`sch_${id}_3_0`, 7_000]],
      "May at the old amount, August (cycle 3) at the new one",
    );
    await api.functional.payments.schedules.cancel(ctx.connection, schedule.id, access);
    await expectError(409, "SCHEDULE_CLOSED", () => api.functional.payments.schedules.resume(ctx.connection, schedule.id, access));
    await expectError(409, "SCHEDULE_CLOSED", () => api.functional.payments.schedules.amount(ctx.connection, schedule.id, { password: key.password, amount: 1_000 }));

    // A single charge, now: charged once, then ended.
    const once = await ScheduleKit.create(ctx, key, { amount: 3_300, order_name: "Setup fee", cycle: { type: "once" } });
    const ended = await ScheduleKit.until(ctx, key, once.id, "the single charge made", (s) => s.status === "ended");
    equal([ended.charged, ended.next_cycle_at], [1, null], "charged once, nothing more due");

    await expectError(400, "INVALID_BODY", () => ScheduleKit.create(ctx, key, { amount: 1_000, order_name: "x", cycle: { type: "days", every: 7 }, time_zone: "Mars/Olympus" }));
    await expectError(400, "INVALID_BODY", () =>
      ScheduleKit.create(ctx, key, { amount: 1_000, order_name: "x", cycle: { type: "days", every: 7 }, starts_at: "2027-09-01T00:00:00Z", ends_at: "2027-08-01T00:00:00Z" }),
    );
    await expectError(400, "INVALID_BODY", () => ScheduleKit.create(ctx, key, { amount: 1_000, order_name: "x", cycle: { type: "days", every: 1 }, starts_at: "0001-01-01T00:00:00Z" }));
    const trail = await eventually("the schedule's reads and changes in the access trail", async () => {
      const rows = await ctx.query<{ action: string; route: string }>("SELECT action, route FROM access_trail WHERE record_kind = 'schedule' AND record_id = $1 ORDER BY seq", [schedule.id]);
      return rows.length >= 4 ? rows : null;
    });
    equal(
      [trail[0], trail.find((r) => r.route === "/payments/schedules/:id/pause"), trail.find((r) => r.route === "/payments/schedules/:id")].map((r) => r && [r.action, r.route]),
      [["change", "/payments/schedules"], ["change", "/payments/schedules/:id/pause"], ["read", "/payments/schedules/:id"]],
      "made, paused and read: recorded as the schedule's",
    );
    // A wrong password reads like no record at all.
    await expectError(404, "NOT_FOUND", () => api.functional.payments.schedules.get(ctx.connection, schedule.id, { password: "wrong" }));
    await expectError(404, "SCHEDULE_NOT_FOUND", () => api.functional.payments.schedules.get(ctx.connection, "00000000-0000-4000-8000-000000000000", access));
  });
}
