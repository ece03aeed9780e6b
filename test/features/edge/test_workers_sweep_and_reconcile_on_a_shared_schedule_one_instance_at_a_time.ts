import { PaymentBackend } from "../../../src/PaymentBackend";
import { WebhookKit } from "../webhooks/internal/WebhookKit";
import { paidThenRefundedInTheConsole } from "../../internal/edge";
import { dbOf } from "../../internal/lifecycle";
import { equal } from "../../internal/pgs";
import { TestSkip } from "../../internal/TestSkip";
import { TestContext } from "../../TestContext";

/**
 * Two instances run workers with the sweep every 20 seconds and the daily reconciliation on.
 * The schedule is theirs together (`worker_runs`): at start one of them reconciles the day
 * before's transactions once, and each time the sweep falls due (the scenario moves its due
 * time to now instead of waiting) exactly one of them sweeps every store, once. The sweep the
 * workers ran on their own finds a refund made in a PG's console whose webhook was lost.
 */
export async function test_workers_sweep_and_reconcile_on_a_shared_schedule_one_instance_at_a_time(ctx: TestContext): Promise<void> {
  if (ctx.databaseUrl === null) throw new TestSkip("two server processes on one database need PostgreSQL (PGlite is one process)");
  const paid = await paidThenRefundedInTheConsole(ctx, "portone", 10_000, 2_500);
  await ctx.query("DELETE FROM worker_runs");
  const edge = { sweep_interval_seconds: 20, sweep_window_seconds: 600, orphan_grace_seconds: 1_800, daily_reconciliation: true };
  const instances = [0, 1].map((i) => new PaymentBackend({ ...ctx.config, port: ctx.config.port + 17 + i, workers: true, edge }));
  await Promise.all(instances.map((b) => b.open()));
  try {
    const runs = async () => ctx.query<{ name: string; last_started_at: Date | null; last_finished_at: Date | null; last_outcome: string | null }>("SELECT name, last_started_at, last_finished_at, last_outcome FROM worker_runs ORDER BY name");
    const first = await WebhookKit.until("both first runs finished", async () => {
      const r = await runs();
      return r.length === 2 && r.every((x) => x.last_finished_at !== null) ? r : null;
    });
    equal(first.map((r) => r.name), ["pg_sweep", "transaction_reconciliation"], "the sweep and the daily reconciliation ran at start");
    const history = await WebhookKit.until("the lost refund found by the workers' sweep", async () => {
      const row = await dbOf(ctx, paid.source.id);
      return row !== null && row.refund === 2_500 ? row : null;
    });
    equal(history.status, "partial_cancelled", "the history as the PG holds it");

    // The next sweep falls due now: one instance takes it, once.
    const before = await sweepsCounted(instances);
    await ctx.query("UPDATE worker_runs SET due_at = now() WHERE name = 'pg_sweep'");
    await WebhookKit.until("the due sweep ran", async () => (await runs()).find((r) => r.name === "pg_sweep")!.last_finished_at! > first[0]!.last_finished_at!);
    await WebhookKit.sleep(2_500); // both instances look every 2 s: a second run would have started by now
    const after = await sweepsCounted(instances);
    equal(after - before, ctx.backend.state.gateways.stores().length, "one sweep of every store, by one instance");
  } finally {
    await Promise.all(instances.map((b) => b.close()));
  }
}

/** Stores swept, over both instances' metrics. */
const sweepsCounted = async (instances: PaymentBackend[]): Promise<number> => {
  let n = 0;
  for (const b of instances)
    for (const v of (await b.state.metrics.sweeps.get()).values) n += v.value;
  return n;
};
