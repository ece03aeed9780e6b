import { paidThenRefundedInTheConsole, sweepNow } from "../../internal/edge";
import { atPg, dbOf } from "../../internal/lifecycle";
import { equal } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * A refund made in each PG's console whose webhook never reaches us (each fake loses its
 * webhooks meanwhile: Iamport's failure injection drops them, Toss's and PortOne's URL is
 * unset): the history still reads paid.
 * The sweep of the PG's listing finds the payment in another state, re-reads it and settles
 * it, announced once; a second sweep finds it in agreement and changes nothing.
 */
export async function test_sweep_finds_what_a_dropped_webhook_left_unsaid(ctx: TestContext): Promise<void> {
  for (const vendor of ["portone", "iamport", "toss.payments"] as const) {
    const paid = await paidThenRefundedInTheConsole(ctx, vendor, 10_000, 3_000);
    equal((await atPg(ctx, vendor, paid.uid)).refunded, 3_000, `${vendor}: refunded in the console`);
    equal((await dbOf(ctx, paid.source.id))!.refund, 0, `${vendor}: no webhook came, the history still reads paid`);

    const first = await sweepNow(ctx, { window_seconds: 600, vendor });
    equal(first.updated >= 1, true, `${vendor}: the sweep brought a history up to date`);
    const row = (await dbOf(ctx, paid.source.id))!;
    equal([row.status, row.refund], ["partial_cancelled", 3_000], `${vendor}: the history as the PG holds it`);
    const events = await ctx.query<{ type: string }>("SELECT type FROM webhook_events WHERE history_id = $1 ORDER BY seq", [paid.history.id]);
    equal(events.map((e) => e.type), ["payment.paid", "payment.partial_cancelled"], `${vendor}: the refund announced once`);

    const second = await sweepNow(ctx, { window_seconds: 600, vendor });
    equal(second.updated, 0, `${vendor}: a second sweep finds nothing to change`);
  }
}
