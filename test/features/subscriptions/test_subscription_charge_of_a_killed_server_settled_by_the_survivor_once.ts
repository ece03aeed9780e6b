import type { ChildProcess } from "node:child_process";

import api from "../../../src/api";
import { dbOf, eventually } from "../../internal/lifecycle";
import { equal } from "../../internal/pgs";
import { startServerProcess } from "../../internal/server";
import { TestSkip } from "../../internal/TestSkip";
import { TestContext } from "../../TestContext";
import { ScheduleKit } from "./internal/ScheduleKit";

/**
 * A server process charging a schedule is killed (SIGKILL) between Toss's approval and its own
 * commit (the magic card whose approval answer Toss holds): the try's payment is left pending
 * and the schedule claimed by a dead worker. The surviving instance takes the schedule over when
 * the claim lapses, finds the try's payment by its source instead of charging again, settles it
 * from Toss and moves the schedule to its next cycle: one charge at Toss, one payment, one
 * `payment.paid` and one `subscription.charge_succeeded`. PostgreSQL only.
 */
export async function test_subscription_charge_of_a_killed_server_settled_by_the_survivor_once(ctx: TestContext): Promise<void> {
  if (ctx.databaseUrl === null) throw new TestSkip("a second server process needs PostgreSQL (PGlite is one process, one owner)");
  const key = await ScheduleKit.key(ctx, "toss.payments", "4000000000000408");
  let child: ChildProcess | null = null;
  await ScheduleKit.withClock(ctx, async () => {
    // This instance's workers see the schedule due only once the child is gone.
    await ScheduleKit.moveTo(ctx, new Date(Date.now() - 3_600_000));
    const schedule = await ScheduleKit.create(ctx, key, { amount: 8_800, order_name: "Pro plan", cycle: { type: "days", every: 30 }, starts_at: new Date().toISOString() });
    const order = `sch_${schedule.id.replaceAll("-", "")}_0_0`;
    try {
      child = await startServerProcess(ctx, ctx.config.port + 22, {
        WORKERS: "true",
        PG_TIMEOUT_MS: "20000",
        SUBSCRIPTION_POLL_INTERVAL_MS: "100",
        SUBSCRIPTION_CLAIM_SECONDS: "1",
        PG_SWEEP_INTERVAL_SECONDS: "0",
        DAILY_RECONCILIATION: "false",
      });
      await eventually("the child's charge sent and its payment pending", async () => (await dbOf(ctx, order))?.status === "pending");
      child.kill("SIGKILL");
    } finally {
      child?.kill("SIGKILL");
    }
    await ScheduleKit.moveTo(ctx, null);
    const charged = await ScheduleKit.until(ctx, key, schedule.id, "the survivor settled the try", (s) => s.charged === 1);
    equal([charged.status, charged.next_cycle, charged.failed_tries], ["active", 1, 0], "the schedule moved to its next cycle");
    const payments = await ScheduleKit.charges(ctx, schedule.id);
    equal(payments.map((p) => [p.source_id, p.status, Number(p.price)]), [[order, "paid", 8_800]], "one payment, under the try's source");
    const atToss = await fetch(`${ctx.toss.host}/v1/payments/orders/${order}`, { headers: { authorization: `Basic ${Buffer.from(`${ctx.toss.secretKey}:`).toString("base64")}` } });
    equal([atToss.status, ((await atToss.json()) as { status: string; totalAmount: number }).status], [200, "DONE"], "charged once at Toss");
    const history = (await dbOf(ctx, order))!;
    const events = await eventually("the events recorded", async () => {
      const rows = await ctx.query<{ type: string }>(
        "SELECT type FROM webhook_events WHERE history_id = $1 OR (reservation_id = $2 AND type LIKE 'subscription.%') ORDER BY created_at",
        [history.id, key.reservation.id],
      );
      return rows.length >= 2 ? rows.map((r) => r.type) : null;
    });
    equal(events, ["payment.paid", "subscription.charge_succeeded"], "announced once each");
    await api.functional.payments.schedules.cancel(ctx.connection, schedule.id, { password: key.password });
  });
}
