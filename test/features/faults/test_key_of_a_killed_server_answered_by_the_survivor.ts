import type { ChildProcess } from "node:child_process";

import api from "../../../src/api";
import type { IPaymentHistory } from "../../../src/api/structures/IPaymentHistory";
import { dbOf, eventually } from "../../internal/lifecycle";
import { equal, orderId, password, tossInternal, tossOf } from "../../internal/pgs";
import { startServerProcess } from "../../internal/server";
import { TestSkip } from "../../internal/TestSkip";
import { TestContext } from "../../TestContext";

/**
 * A server process is killed (SIGKILL) while its registration waits for Toss's approval: its
 * idempotency key is left `running` and its payment `pending`. The caller retries with the
 * same key at another instance, as a load balancer would send it: the dead owner's lease is
 * gone with its connection, so the retry takes the key over at once (not after minutes of
 * 409 IDEMPOTENCY_IN_PROGRESS), finds the record the first call made, settles it from Toss
 * and answers 201 with it. Charged once, recorded once, announced once. PostgreSQL only.
 */
export async function test_key_of_a_killed_server_answered_by_the_survivor(ctx: TestContext): Promise<void> {
  if (ctx.databaseUrl === null) throw new TestSkip("a second server process needs PostgreSQL (PGlite is one process, one owner)");
  const port = ctx.config.port + 31;
  const id = orderId();
  // The buyer authenticated with the magic card whose approval answer Toss holds.
  const window = await tossInternal<{ paymentKey: string }>(ctx, "payments", { orderId: id, amount: 31_000, orderName: "Desk", cardNumber: "4000000000000408" });
  const input: IPaymentHistory.IStore = {
    vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: window.paymentKey },
    source: { schema: "shop", table: "orders", id },
    price: 31_000,
    password: password(),
  };
  const headers = { ...ctx.connection.headers, "Idempotency-Key": `killed-${id}` };

  let child: ChildProcess | null = null;
  try {
    // No workers (only the survivor may reconcile); still waiting for Toss when it is killed.
    child = await startServerProcess(ctx, port, { PG_TIMEOUT_MS: "20000" });
    const first = api.functional.payments.histories.create({ ...ctx.connection, headers, host: `http://127.0.0.1:${port}` }, input).then(
      () => "answered",
      () => "cut off",
    );
    await eventually("the key claimed and the payment pending", async () => {
      const [key] = await ctx.query<{ status: string }>("SELECT status FROM idempotency_keys WHERE key = $1", [`killed-${id}`]);
      return key?.status === "running" && (await dbOf(ctx, id))?.status === "pending";
    });
    child.kill("SIGKILL");
    equal(await first, "cut off", "the first caller got no answer");
  } finally {
    child?.kill("SIGKILL");
  }

  // The retry, at the surviving instance, within the test's own timeouts: no 409 for minutes.
  const started = Date.now();
  const history = await api.functional.payments.histories.create({ ...ctx.connection, headers }, input).catch(async (exp: unknown) => {
    // Toss may not have approved yet when the retry comes: the retry then says so (202), and the next one gets the record.
    if ((exp as { status?: number }).status !== 202) throw exp;
    await eventually("Toss approved", async () => (await tossOf(ctx).getPayment(ctx.toss.storeId, window.paymentKey)).status === "DONE");
    return api.functional.payments.histories.create({ ...ctx.connection, headers }, input);
  });
  equal([history.status, history.price, history.vendor.uid], ["paid", 31_000, window.paymentKey], "the retry gets the paid record");
  equal(Date.now() - started < 30_000, true, "within seconds, not after the five minutes of a timer");
  const [row] = await ctx.query<{ n: number | string }>("SELECT count(*) AS n FROM payment_histories WHERE source_id = $1", [id]);
  equal(Number(row!.n), 1, "recorded once");
  const again = await api.functional.payments.histories.create({ ...ctx.connection, headers }, input);
  equal(again.id, history.id, "the key's answer is kept");
  const events = await ctx.query<{ n: number | string }>("SELECT count(*) AS n FROM webhook_events WHERE history_id = $1", [history.id]);
  equal(Number(events[0]!.n), 1, "announced once");
}
