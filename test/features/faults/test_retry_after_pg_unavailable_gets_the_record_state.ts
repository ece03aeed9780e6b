import { HttpError } from "@nestia/fetcher";

import api from "../../../src/api";
import type { IPaymentHistory } from "../../../src/api/structures/IPaymentHistory";
import { dbOf } from "../../internal/lifecycle";
import { equal, expectError, iamportCardPaid, orderId, password } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * A registration whose PG read hangs answers 502 PG_UNAVAILABLE and keeps the payment pending.
 * Its caller retries with the same Idempotency-Key, as the README advises: while the PG still
 * cannot tell, the retry gets 202 PAYMENT_PENDING with the pending record and Retry-After
 * (never 409 DUPLICATE_SOURCE, as if the order were someone else's); once the PG answers,
 * the next retry gets 201 with the paid record, the same one, recorded once.
 */
export async function test_retry_after_pg_unavailable_gets_the_record_state(ctx: TestContext): Promise<void> {
  const source = { schema: "shop", table: "orders", id: orderId() };
  const payment = await iamportCardPaid(ctx, source.id, 12_000);
  const connection = { ...ctx.connection, headers: { ...ctx.connection.headers, "Idempotency-Key": `retry-${source.id}` } };
  const input: IPaymentHistory.IStore = {
    vendor: { code: "iamport", store_id: ctx.iamport.storeId, uid: payment.imp_uid },
    source,
    price: 12_000,
    password: password(),
  };
  const stop = ctx.iamport.fake.inject({ path: `/payments/${payment.imp_uid}`, method: "GET", mode: "hang" });
  let pendingId: string;
  try {
    await expectError(502, "PG_UNAVAILABLE", () => api.functional.payments.histories.create(connection, input));
    equal((await dbOf(ctx, source.id))?.status, "pending", "kept pending, never assumed failed");
    // The PG still hangs: the retry learns the payment's state, not someone else's order.
    const answer = await api.functional.payments.histories.create(connection, input).then(
      () => null,
      (exp: unknown) => exp,
    );
    if (!(answer instanceof HttpError)) throw new Error(`expected 202 PAYMENT_PENDING, got ${String(answer)}`);
    const body = JSON.parse(answer.message) as { code: string; history: IPaymentHistory.IPending };
    equal([answer.status, body.code], [202, "PAYMENT_PENDING"], "the retry is told the payment is pending");
    equal([body.history.status, body.history.source.id, body.history.price], ["pending", source.id, 12_000], "with the pending record");
    equal(Number(answer.headers["retry-after"]) > 0, true, "and when to ask again");
    pendingId = body.history.id;
  } finally {
    stop();
  }
  // The PG answers again: the same retry gets the paid record, the one the first call made.
  const paid = await api.functional.payments.histories.create(connection, input);
  equal([paid.id, paid.status, paid.price], [pendingId, "paid", 12_000], "201 with the record the first call made");
  const again = await api.functional.payments.histories.create(connection, input);
  equal([again.id, again.status], [pendingId, "paid"], "and every later retry gets it too");
  const rows = await ctx.query<{ n: number | string }>("SELECT count(*) AS n FROM payment_histories WHERE source_id = $1", [source.id]);
  equal(Number(rows[0]!.n), 1, "recorded once");
  const events = await ctx.query<{ n: number | string }>("SELECT count(*) AS n FROM webhook_events WHERE history_id = $1", [pendingId]);
  equal(Number(events[0]!.n), 1, "announced once");
}
