import api from "../../../src/api";
import { equal, expectError } from "../../internal/pgs";
import { atPg, dbOf, newKey, paidByCard, withKey } from "../../internal/lifecycle";
import { TestContext } from "../../TestContext";

/**
 * The PG cancels but its answer is lost: the caller gets 502 PG_UNAVAILABLE (outcome unknown),
 * the record follows the PG's own cancel, and a repeat with the same Idempotency-Key gets the
 * same answer instead of refunding a second time.
 */
export async function test_cancel_with_lost_answer_never_refunds_twice(ctx: TestContext): Promise<void> {
  const paid = await paidByCard(ctx, "toss.payments", 10_000);
  const key = newKey();
  const stop = ctx.toss.fake.inject({ path: `/v1/payments/${paid.uid}/cancel`, method: "POST", mode: "error", when: "after", status: 500, times: 1 });
  try {
    await expectError(502, "PG_UNAVAILABLE", () =>
      api.functional.payments.histories.cancel(withKey(ctx, key), { source: paid.source, password: paid.secret, price: 4_000, reason: "broken mug" }),
    );
  } finally {
    stop();
  }
  equal((await atPg(ctx, "toss.payments", paid.uid)).cancels, 1, "the PG did cancel once");
  const row = await dbOf(ctx, paid.source.id);
  equal([row?.status, row?.refund, row?.cancels], ["partial_cancelled", 4_000, 1], "the record follows the PG");

  // The caller retries the very same request with its key: the same answer, no second refund.
  await expectError(502, "PG_UNAVAILABLE", () =>
    api.functional.payments.histories.cancel(withKey(ctx, key), { source: paid.source, password: paid.secret, price: 4_000, reason: "broken mug" }),
  );
  equal((await atPg(ctx, "toss.payments", paid.uid)).cancels, 1, "still one cancel at the PG");
  const read = await api.functional.payments.histories.get(ctx.connection, { source: paid.source, password: paid.secret });
  equal([read.status, read.refund, read.cancels.length], ["partial_cancelled", 4_000, 1], "what the caller reads");
}
