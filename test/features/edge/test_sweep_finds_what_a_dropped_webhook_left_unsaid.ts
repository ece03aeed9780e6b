import { IamportTestUtil } from "../fakes/iamport/IamportTestUtil";
import { silently, sweepNow } from "../../internal/edge";
import { atPg, dbOf, paidByCard } from "../../internal/lifecycle";
import { equal, tossInternal } from "../../internal/pgs";
import type { IPaymentVendor } from "../../../src/api/structures/IPaymentVendor";
import { TestContext } from "../../TestContext";

/**
 * A refund made in each PG's console whose webhook never reaches us (each fake loses its
 * webhooks meanwhile: Iamport's failure injection drops them, Toss's and PortOne's URL is
 * unset): the history still reads paid.
 * The sweep of the PG's listing finds the payment in another state, re-reads it and settles
 * it, announced once; a second sweep finds it in agreement and changes nothing.
 */
export async function test_sweep_finds_what_a_dropped_webhook_left_unsaid(ctx: TestContext): Promise<void> {
  const consoles: Record<IPaymentVendor.Code, (uid: string) => Promise<unknown>> = {
    portone: async (uid) => {
      const r = await fetch(`${ctx.portone.host}/payments/${encodeURIComponent(uid)}/cancel`, {
        method: "POST",
        headers: { authorization: `PortOne ${ctx.portone.apiSecret}`, "content-type": "application/json" },
        body: JSON.stringify({ amount: 3_000, reason: "console refund" }),
      });
      equal(r.status, 200, "PortOne's console refund");
    },
    iamport: (uid) => IamportTestUtil.ok(ctx, "POST", `/internal/payments/${uid}/cancel`, { amount: 3_000, reason: "console refund" }),
    "toss.payments": (uid) => tossInternal(ctx, `payments/${uid}/cancel`, { cancelReason: "console refund", cancelAmount: 3_000 }),
  };
  for (const vendor of ["portone", "iamport", "toss.payments"] as const) {
    // Every webhook of this payment is lost: a paid one still in processing would re-read the
    // PG after the refund and tell it, and then the sweep would have nothing left to find.
    const paid = await silently(ctx, async () => {
      const made = await paidByCard(ctx, vendor, 10_000);
      await consoles[vendor](made.uid);
      return made;
    });
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
