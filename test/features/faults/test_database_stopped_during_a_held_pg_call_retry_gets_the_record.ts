import { HttpError } from "@nestia/fetcher";

import api from "../../../src/api";
import type { IPaymentHistory } from "../../../src/api/structures/IPaymentHistory";
import { stopDatabase } from "../../internal/database";
import { eventually } from "../../internal/lifecycle";
import { equal, orderId, password, tossInternal, tossOf } from "../../internal/pgs";
import { TestSkip } from "../../internal/TestSkip";
import { TestContext } from "../../TestContext";

/**
 * The database goes away while a registration waits for Toss's approval: Toss approves, our
 * settle cannot be written, and the caller gets 503 DATABASE_UNAVAILABLE with Retry-After
 * (not a logged 500). The database comes back; the caller retries with the same
 * Idempotency-Key and gets 201 with the paid record the first call made, at once: the key is
 * not stuck `running`, and the payment is recorded and announced once. PostgreSQL only.
 */
export async function test_database_stopped_during_a_held_pg_call_retry_gets_the_record(ctx: TestContext): Promise<void> {
  if (ctx.databaseUrl === null) throw new TestSkip("stopping the database needs PostgreSQL (PGlite lives in the server's process)");
  const id = orderId();
  const { paymentKey } = await tossInternal<{ paymentKey: string }>(ctx, "payments", { orderId: id, amount: 23_000, orderName: "Chair", cardNumber: "4330123412341234" });
  const input: IPaymentHistory.IStore = {
    vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: paymentKey },
    source: { schema: "shop", table: "orders", id },
    price: 23_000,
    password: password(),
  };
  const connection = { ...ctx.connection, headers: { ...ctx.connection.headers, "Idempotency-Key": `db-down-${id}` } };
  // Toss holds the confirm 1.5 s before approving it (within our 3 s PG timeout).
  const held = ctx.toss.fake.inject({ path: "/v1/payments/confirm", mode: "hang", when: "before", ms: 1_500, times: 1 });
  const database = await (async () => {
    const first = api.functional.payments.histories.create(connection, input).then(
      () => null,
      (exp: unknown) => exp,
    );
    await eventually("the registration waits for Toss", async () => {
      const [row] = await ctx.query<{ status: string }>("SELECT status FROM payment_histories WHERE source_id = $1", [id]);
      return row?.status === "pending";
    });
    const stopped = await stopDatabase(ctx.databaseUrl!);
    return { first, stopped };
  })();
  let answer: unknown;
  try {
    answer = await database.first;
    equal((await tossOf(ctx).getPayment(ctx.toss.storeId, paymentKey)).status, "DONE", "Toss approved");
  } finally {
    held();
    await database.stopped.restore();
  }
  if (!(answer instanceof HttpError)) throw new Error(`expected 503 DATABASE_UNAVAILABLE, got ${String(answer)}`);
  equal([answer.status, JSON.parse(answer.message).code], [503, "DATABASE_UNAVAILABLE"], "the database's absence is said as such");
  equal(Number(answer.headers["retry-after"]) > 0, true, "with when to ask again");

  const history = await eventually("the retry is answered once the database is back", () =>
    api.functional.payments.histories.create(connection, input).catch((exp: unknown) => {
      if (exp instanceof HttpError && exp.status === 503) return null; // the pool is still reconnecting
      throw exp;
    }),
  );
  equal([history.status, history.price, history.vendor.uid], ["paid", 23_000, paymentKey], "201 with the paid record");
  const [rows] = await ctx.query<{ n: number | string }>("SELECT count(*) AS n FROM payment_histories WHERE source_id = $1", [id]);
  equal(Number(rows!.n), 1, "recorded once");
  const [events] = await ctx.query<{ n: number | string }>("SELECT count(*) AS n FROM webhook_events WHERE history_id = $1", [history.id]);
  equal(Number(events!.n), 1, "announced once");
}
