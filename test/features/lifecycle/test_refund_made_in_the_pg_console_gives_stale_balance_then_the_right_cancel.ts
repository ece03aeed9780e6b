import api from "../../../src/api";
import type { IPaymentHistory } from "../../../src/api/structures/IPaymentHistory";
import { paidThenRefundedInTheConsole } from "../../internal/edge";
import { atPg } from "../../internal/lifecycle";
import { equal, expectErrorBody } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * An operator refunds 5,000 of a 10,000 payment in the PG's console, and the PG's webhook
 * never arrives. The shop then cancels 6,000 through us, against the 10,000 our record still
 * shows: the PG refuses. The answer is `409 STALE_BALANCE` with the record re-read from the
 * PG (refund 5,000, the console's cancel in `cancels`), announced like any change, and nothing
 * refunded by that request; the shop's next cancel, against the true balance, succeeds. Per
 * PG: PortOne and Iamport refuse on the balance we send; Toss on the amount.
 */
export async function test_refund_made_in_the_pg_console_gives_stale_balance_then_the_right_cancel(ctx: TestContext): Promise<void> {
  for (const vendor of ["portone", "iamport", "toss.payments"] as const) {
    const paid = await paidThenRefundedInTheConsole(ctx, vendor, 10_000, 5_000);
    equal((await atPg(ctx, vendor, paid.uid)).refunded, 5_000, `${vendor}: refunded in the console`);
    const before = await events(ctx, paid.history.id);

    const cancel = (price: number, key: string) =>
      api.functional.payments.histories.cancel(
        { ...ctx.connection, headers: { ...ctx.connection.headers, "Idempotency-Key": `${key}-${paid.source.id}` } },
        { source: paid.source, password: paid.secret, price, reason: "customer request" },
      );
    const body = await expectErrorBody(409, "STALE_BALANCE", () => cancel(6_000, "first"));
    const history = body.history as IPaymentHistory;
    equal([history.refund, history.status, history.cancels.length], [5_000, "partial_cancelled", 1], `${vendor}: the record as the PG holds it`);
    equal(typeof body.pg?.code, "string", `${vendor}: with the PG's refusal`);
    equal((await atPg(ctx, vendor, paid.uid)).refunded, 5_000, `${vendor}: nothing refunded by the refused cancel`);
    equal((await events(ctx, paid.history.id)) - before, 1, `${vendor}: the console's refund announced once`);
    // A repeat with the same key gets the same answer; it never refunds on the caller's behalf.
    await expectErrorBody(409, "STALE_BALANCE", () => cancel(6_000, "first"));

    const done = await cancel(5_000, "second");
    equal([done.refund, done.status], [10_000, "cancelled"], `${vendor}: the cancel against the true balance succeeds`);
    equal((await atPg(ctx, vendor, paid.uid)).refunded, 10_000, `${vendor}: refunded in full, once each`);
  }
}

const events = async (ctx: TestContext, historyId: string): Promise<number> =>
  Number((await ctx.query<{ n: number | string }>("SELECT count(*) AS n FROM webhook_events WHERE history_id = $1", [historyId]))[0]!.n);
