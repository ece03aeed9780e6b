import api from "../../../src/api";
import { equal, expectError } from "../../internal/pgs";
import { atPg, dbOf, paidByCard } from "../../internal/lifecycle";
import { TestContext } from "../../TestContext";

/**
 * A shop refunds an order item by item: four fifths sent at once (serialised by the
 * server, none lost or doubled), an over-cancel refused with nothing changed, the last
 * fifth, then nothing left to cancel. The record equals the PG's after every step.
 */
export async function test_five_partial_cancels_then_over_cancel_refused(ctx: TestContext): Promise<void> {
  for (const vendor of ["toss.payments", "iamport", "portone"] as const) {
    const paid = await paidByCard(ctx, vendor, 50_000);
    const cancel = (price: number, reason: string) =>
      api.functional.payments.histories.cancel(ctx.connection, { source: paid.source, password: paid.secret, price, reason });

    const answers = await Promise.all([1, 2, 3, 4].map((i) => cancel(10_000, `item ${i}`)));
    const refunds = answers.map((a) => a.refund).sort((a, b) => a - b);
    equal(refunds, [10_000, 20_000, 30_000, 40_000], `${vendor}: each cancel saw the previous one`);
    let pg = await atPg(ctx, vendor, paid.uid);
    equal([pg.cancels, pg.refunded], [4, 40_000], `${vendor} PG after four`);
    let row = await dbOf(ctx, paid.source.id);
    equal([row?.status, row?.refund, row?.cancels], ["partial_cancelled", 40_000, 4], `${vendor} DB after four`);

    const message = await expectError(422, "CANCEL_EXCEEDS_BALANCE", () => cancel(20_000, "too much"));
    equal(message.includes("10000"), true, `${vendor}: the refusal names the balance`);
    pg = await atPg(ctx, vendor, paid.uid);
    equal([pg.cancels, pg.refunded], [4, 40_000], `${vendor} PG unchanged by the refusal`);

    const last = await cancel(10_000, "item 5");
    equal([last.status, last.refund, last.cancels.length], ["cancelled", 50_000, 5], `${vendor} after five`);
    equal(last.cancels.map((c) => c.price), [10_000, 10_000, 10_000, 10_000, 10_000], `${vendor} cancel prices`);
    await expectError(422, "NOT_CANCELABLE", () => cancel(1, "nothing left"));
    pg = await atPg(ctx, vendor, paid.uid);
    equal([pg.cancels, pg.refunded], [5, 50_000], `${vendor} PG after five`);
    row = await dbOf(ctx, paid.source.id);
    equal([row?.status, row?.refund, row?.cancels], ["cancelled", 50_000, 5], `${vendor} DB after five`);
  }
}
