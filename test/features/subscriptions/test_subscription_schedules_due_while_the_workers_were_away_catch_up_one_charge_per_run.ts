import pino from "pino";

import api from "../../../src/api";
import type { IPaymentSchedule } from "../../../src/api/structures/IPaymentSchedule";
import { PaymentBackend } from "../../../src/PaymentBackend";
import { Clock } from "../../../src/utils/Clock";
import { WebhookKit } from "../webhooks/internal/WebhookKit";
import { assert, equal } from "../../internal/pgs";
import { TestSkip } from "../../internal/TestSkip";
import { TestContext } from "../../TestContext";
import { ScheduleKit } from "./internal/ScheduleKit";

/**
 * Three daily schedules fall due while no worker looked at them: a worker instance comes
 * back a day and a half later (its own clock moved; the test server's real-time worker sees
 * nothing due). Its metrics say what is due and how late the oldest is; its first run charges
 * two (`charges_per_run`), each schedule at most once, and the later runs charge the rest one
 * cycle per schedule per run, never in a burst: two cycles each, each once, then nothing
 * is due. PostgreSQL only (a second instance on the same database).
 */
export async function test_subscription_schedules_due_while_the_workers_were_away_catch_up_one_charge_per_run(ctx: TestContext): Promise<void> {
  if (ctx.databaseUrl === null) throw new TestSkip("a second instance on one database needs PostgreSQL (PGlite is one process)");
  const start = new Date(Date.now() + 3_600_000);
  const key = await ScheduleKit.key(ctx, "iamport");
  const schedules: IPaymentSchedule[] = [];
  for (let i = 0; i < 3; ++i) schedules.push(await ScheduleKit.create(ctx, key, { amount: 1_100 + i, order_name: "Daily plan", cycle: { type: "days", every: 1 }, starts_at: start.toISOString() }));
  const clock = new Clock();
  clock.set(new Date(start.getTime() + 36 * 3_600_000));
  const away = new PaymentBackend(
    { ...ctx.config, port: ctx.config.port + 23, workers: true, subscription: { ...ctx.config.subscription, poll_interval_ms: 1_500, charges_per_run: 2 } },
    { clock, logStream: pino.destination({ dest: ctx.logFile, sync: true }) },
  );
  await away.open();
  try {
    const metrics = await (await fetch(`http://127.0.0.1:${ctx.config.port + 23}/metrics`, { headers: { authorization: `Bearer ${ctx.config.operator_token}` } })).text();
    const gauge = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(metrics)?.[1]);
    assert(gauge("payments_subscription_charges_due") >= 3, "the three schedules due, before the first run");
    assert(gauge("payments_subscription_oldest_due_seconds") >= 36 * 3_600 - 60, "the oldest due charge is a day and a half late");

    const counts = async () => Promise.all(schedules.map(async (s) => (await ScheduleKit.charges(ctx, s.id)).length));
    const first = await WebhookKit.until("the first run", async () => {
      const c = await counts();
      return c.reduce((a, b) => a + b, 0) >= 2 ? c : null;
    });
    equal([first.reduce((a, b) => a + b, 0), Math.max(...first)], [2, 1], "the first run: two charges, one per schedule");
    const all = await WebhookKit.until("caught up", async () => {
      const c = await counts();
      return c.every((n) => n === 2) ? c : null;
    }, 20_000);
    equal(all, [2, 2, 2], "cycles 0 and 1 of each (the 2nd, due at 36 h, not yet)");
    await WebhookKit.sleep(1_600);
    equal(await counts(), [2, 2, 2], "then nothing more is due");
    for (const s of schedules) {
      const read = await ScheduleKit.read(ctx, key, s.id);
      equal([read.charged, read.next_cycle, read.next_cycle_at], [2, 2, new Date(start.getTime() + 2 * 86_400_000).toISOString()], "next due the day after");
      await api.functional.payments.schedules.cancel(ctx.connection, s.id, { password: key.password });
    }
  } finally {
    await away.close();
  }
}
