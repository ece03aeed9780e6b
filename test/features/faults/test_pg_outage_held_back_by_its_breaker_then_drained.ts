import fs from "node:fs";

import api from "../../../src/api";
import type { IPaymentHistory } from "../../../src/api/structures/IPaymentHistory";
import { dbOf, eventually } from "../../internal/lifecycle";
import { metricsOf } from "../../internal/operator";
import { equal, expectError, iamportCardPaid, orderId, password } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * Iamport answers 500 to every payment read. After five calls in a row without an answer, its
 * circuit breaker opens: registrations then get 502 PG_UNAVAILABLE with Retry-After at once,
 * no call is sent to Iamport, and nothing is kept pending for them (nothing happened there).
 * Once Iamport answers again, a probe closes the breaker and the reconciler drains the
 * payments left pending; a retry of a held-back registration with its key gets 201. The
 * outage is logged once when it opens and once when it closes.
 */
export async function test_pg_outage_held_back_by_its_breaker_then_drained(ctx: TestContext): Promise<void> {
  const logFrom = fs.statSync(ctx.logFile).size;
  const order = async () => {
    const source = { schema: "shop", table: "orders", id: orderId() };
    const payment = await iamportCardPaid(ctx, source.id, 3_000);
    const input: IPaymentHistory.IStore = { vendor: { code: "iamport", store_id: ctx.iamport.storeId, uid: payment.imp_uid }, source, price: 3_000, password: password() };
    const connection = { ...ctx.connection, headers: { ...ctx.connection.headers, "Idempotency-Key": `breaker-${source.id}` } };
    return { source, input, connection, register: () => api.functional.payments.histories.create(connection, input) };
  };
  const orders = await Promise.all(Array.from({ length: 8 }, order));
  const sent = () => orders.reduce((n, o) => n + ctx.iamport.fake.requestCount(`GET /payments/${o.input.vendor.uid}`), 0);

  const down = ctx.iamport.fake.inject({ path: /^\/payments\/imp_/, method: "GET", mode: "error", status: 500 });
  const heldBack: typeof orders = [];
  const pending: typeof orders = [];
  try {
    for (const o of orders) {
      const message = await expectError(502, "PG_UNAVAILABLE", o.register);
      (message.includes("not sent") ? heldBack : pending).push(o);
      if (heldBack.length === 1) {
        // Open now: the next registrations are refused without a call to Iamport.
        const before = sent();
        for (const next of orders.slice(orders.indexOf(o) + 1, orders.indexOf(o) + 3)) {
          const m = await expectError(502, "PG_UNAVAILABLE", next.register);
          equal(m.includes("not sent"), true, "held back while the breaker is open");
          heldBack.push(next);
        }
        equal(sent(), before, "no call reached Iamport while its breaker was open");
        break;
      }
    }
    equal(pending.length <= 5 && heldBack.length === 3, true, `the breaker opened after at most five calls without an answer (${pending.length} kept pending)`);
    for (const o of heldBack) equal((await dbOf(ctx, o.source.id)) ?? null, null, "nothing kept for a call never sent");
    for (const o of pending) equal((await dbOf(ctx, o.source.id))?.status, "pending", "a call sent without an answer is kept pending");
  } finally {
    down();
  }
  // Iamport answers again: the reconciler's probe closes the breaker and it drains the rest.
  for (const o of pending) await eventually("drained", async () => (await dbOf(ctx, o.source.id))?.status === "paid");
  for (const o of heldBack) {
    const paid = await eventually("the breaker closed", () => o.register().catch(() => null));
    equal([paid.status, paid.price], ["paid", 3_000], "a held-back registration's retry is paid");
  }
  const lastMetrics = await metricsOf(ctx);
  equal(/payments_pg_call_duration_seconds_count\{vendor="iamport",operation="approve",outcome="circuit_open"\} [1-9]/.test(lastMetrics), true, "held-back calls are counted");
  equal(/payments_pg_circuit_open\{vendor="iamport"\} 0/.test(lastMetrics), true, "the breaker is closed again");
  const lines = fs.readFileSync(ctx.logFile, "utf8").slice(logFrom).split("\n").filter((l) => l.includes('"pg.circuit_'));
  equal(lines.filter((l) => l.includes("pg.circuit_opened")).length, 1, "the outage logged once when it opened");
  equal(lines.filter((l) => l.includes("pg.circuit_closed")).length, 1, "and once when it closed");
}
