import api from "../../../src/api";
import { assert, equal, expectError } from "../../internal/pgs";
import { atPg, dbOf, paidByCard } from "../../internal/lifecycle";
import { TestContext } from "../../TestContext";

/** A shop refunds a whole card order, at each PG; a second full cancel is refused. */
export async function test_card_payment_cancelled_in_full(ctx: TestContext): Promise<void> {
  for (const vendor of ["toss.payments", "iamport", "portone"] as const) {
    const paid = await paidByCard(ctx, vendor, 30_000);
    const cancelled = await api.functional.payments.histories.cancel(ctx.connection, {
      source: paid.source,
      password: paid.secret,
      reason: "Customer changed their mind",
    });
    equal(cancelled.status, "cancelled", `${vendor} status`);
    equal(cancelled.refund, 30_000, `${vendor} refund`);
    equal(cancelled.cancels.length, 1, `${vendor} cancels`);
    equal(cancelled.cancels[0]!.price, 30_000, `${vendor} cancel price`);
    equal(cancelled.cancels[0]!.reason, "Customer changed their mind", `${vendor} cancel reason`);
    assert(cancelled.cancelled_at !== null, `${vendor} cancelled_at`);

    // the PG, our row and a read agree
    const pg = await atPg(ctx, vendor, paid.uid);
    equal([pg.cancels, pg.refunded], [1, 30_000], `${vendor} PG record`);
    const row = await dbOf(ctx, paid.source.id);
    equal([row?.status, row?.refund, row?.cancels], ["cancelled", 30_000, 1], `${vendor} DB row`);
    equal(await api.functional.payments.histories.get(ctx.connection, { source: paid.source, password: paid.secret }), cancelled, `${vendor} read back`);

    await expectError(422, "NOT_CANCELABLE", () =>
      api.functional.payments.histories.cancel(ctx.connection, { source: paid.source, password: paid.secret, reason: "again" }),
    );
    equal((await atPg(ctx, vendor, paid.uid)).cancels, 1, `${vendor}: no second cancel reached the PG`);

    // a wrong password is the same 404 as an unknown record
    await expectError(404, "NOT_FOUND", () =>
      api.functional.payments.histories.cancel(ctx.connection, { source: paid.source, password: "wrong-password", reason: "x" }),
    );
  }
}
