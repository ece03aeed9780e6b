import type { ChildProcess } from "node:child_process";

import api from "../../../src/api";
import { equal, orderId, password, tossInternal, tossOf } from "../../internal/pgs";
import { dbOf, eventually } from "../../internal/lifecycle";
import { startServerProcess } from "../../internal/server";
import { TestSkip } from "../../internal/TestSkip";
import { TestContext } from "../../TestContext";

/**
 * A server process is killed (SIGKILL) after Toss approved a payment and before the answer
 * reached the database: the pending row it wrote first is all that is left. Another instance
 * (here: the test program's own server, as a restarted one would) reconciles it from the PG,
 * and the caller then reads it as paid, with the right amount. PostgreSQL only: an embedded
 * PGlite folder belongs to one process.
 */
export async function test_server_killed_mid_confirm_reconciled(ctx: TestContext): Promise<void> {
  if (ctx.databaseUrl === null) throw new TestSkip("a second server process needs PostgreSQL (PGlite is one process, one owner)");
  const port = ctx.config.port + 30;
  const id = orderId();
  const secret = password();
  // The buyer authenticated in the window with the magic card whose approval answer Toss holds.
  const window = await tossInternal<{ paymentKey: string }>(ctx, "payments", {
    orderId: id,
    amount: 27_000,
    orderName: "Lamp",
    cardNumber: "4000000000000408",
  });

  let child: ChildProcess | null = null;
  try {
    // No workers (only the surviving instance may reconcile); still waiting for Toss when it is killed.
    child = await startServerProcess(ctx, port, { PG_TIMEOUT_MS: "20000" });

    const registration = api.functional.payments.histories
      .create(
        { ...ctx.connection, host: `http://127.0.0.1:${port}` },
        {
          vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: window.paymentKey },
          source: { schema: "shop", table: "orders", id },
          price: 27_000,
          password: secret,
        },
      )
      .then(
        () => "answered",
        () => "cut off",
      );
    // Toss has approved; our row is still pending: kill the server right there.
    await eventually("Toss approved while our row is pending", async () => {
      const [pg, row] = await Promise.all([tossOf(ctx).getPayment(ctx.toss.storeId, window.paymentKey), dbOf(ctx, id)]);
      return pg.status === "DONE" && row?.status === "pending";
    });
    child.kill("SIGKILL");
    equal(await registration, "cut off", "the caller got no answer");
  } finally {
    child?.kill("SIGKILL");
  }

  const settled = await eventually("reconciled", async () => {
    const row = await dbOf(ctx, id);
    return row?.status === "paid" ? row : null;
  });
  equal([settled.refund, settled.vendor_uid], [0, window.paymentKey], "settled from the PG");
  const read = await api.functional.payments.histories.get(ctx.connection, { source: { schema: "shop", table: "orders", id }, password: secret });
  equal([read.status, read.price, read.paid_at !== null], ["paid", 27_000, true], "the caller reads it paid");
  if (read.status === "pending" || read.vendor_code !== "toss.payments") throw new Error("narrowing");
  equal(read.data.paymentKey, window.paymentKey, "the PG's own object");
}
