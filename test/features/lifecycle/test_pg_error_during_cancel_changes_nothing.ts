import api from "../../../src/api";
import { equal, expectError } from "../../internal/pgs";
import { atPg, dbOf, paidByCard } from "../../internal/lifecycle";
import { TestContext } from "../../TestContext";

/** The PG fails (5xx) during a refund: a clear 502, nothing recorded as cancelled; the retry works. */
export async function test_pg_error_during_cancel_changes_nothing(ctx: TestContext): Promise<void> {
  for (const vendor of ["toss.payments", "iamport", "portone"] as const) {
    const paid = await paidByCard(ctx, vendor, 12_000);
    const stop =
      vendor === "toss.payments"
        ? ctx.toss.fake.inject({ path: `/v1/payments/${paid.uid}/cancel`, method: "POST", mode: "error", status: 500, times: 1 })
        : vendor === "iamport"
          ? ctx.iamport.fake.inject({ path: "/payments/cancel", method: "POST", mode: "error", status: 500, times: 1 })
          : ctx.portone.fake.inject({ path: `/payments/${paid.uid}/cancel`, method: "POST", mode: "error", status: 500, times: 1 });
    try {
      const message = await expectError(502, "PG_UNAVAILABLE", () =>
        api.functional.payments.histories.cancel(ctx.connection, { source: paid.source, password: paid.secret, reason: "refund" }),
      );
      equal(message.includes("nothing was recorded"), true, `${vendor}: the error says what happened`);
    } finally {
      stop();
    }
    const row = await dbOf(ctx, paid.source.id);
    equal([row?.status, row?.refund, row?.cancels, row?.cancelled_at ?? null], ["paid", 0, 0, null], `${vendor}: nothing recorded`);
    equal((await atPg(ctx, vendor, paid.uid)).cancels, 0, `${vendor}: nothing cancelled at the PG`);

    const retried = await api.functional.payments.histories.cancel(ctx.connection, { source: paid.source, password: paid.secret, reason: "refund" });
    equal([retried.status, retried.refund], ["cancelled", 12_000], `${vendor}: the retry cancels`);
  }
}
