import api from "../../../src/api";
import { equal, expectError, orderId, password, rowsOfSource, tossOf } from "../../internal/pgs";
import { atPg, dbOf, paidByCard } from "../../internal/lifecycle";
import { TestContext } from "../../TestContext";

/** Wrong amounts and impossible refunds get typed 4xx answers and change nothing anywhere. */
export async function test_bad_input_refused_nothing_changed(ctx: TestContext): Promise<void> {
  // zero and negative prices never reach a provider
  const source = { schema: "shop", table: "orders", id: orderId() };
  for (const price of [0, -5_000]) {
    await expectError(400, "INVALID_BODY", () =>
      api.functional.payments.histories.create(ctx.connection, {
        vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: "whatever" },
        source,
        price,
        password: password(),
      }),
    );
    await expectError(400, "INVALID_BODY", () =>
      api.functional.payments.histories.prepare(ctx.connection, {
        vendor: { code: "toss.payments", store_id: ctx.toss.storeId },
        source,
        price,
        order_name: "x",
        password: password(),
      }),
    );
  }
  equal(await rowsOfSource(ctx, "payment_histories", source.id), 0, "nothing stored");
  equal((await ctx.query<{ n: number }>("SELECT count(*)::int AS n FROM payment_prepared_orders WHERE source_id = $1", [source.id]))[0]!.n, 0, "nothing prepared");

  // cancels: zero, negative, above the balance
  const paid = await paidByCard(ctx, "toss.payments", 10_000);
  for (const price of [0, -1])
    await expectError(400, "INVALID_BODY", () =>
      api.functional.payments.histories.cancel(ctx.connection, { source: paid.source, password: paid.secret, price, reason: "x" }),
    );
  await expectError(422, "CANCEL_EXCEEDS_BALANCE", () =>
    api.functional.payments.histories.cancel(ctx.connection, { source: paid.source, password: paid.secret, price: 10_001, reason: "x" }),
  );
  const row = await dbOf(ctx, paid.source.id);
  equal([row?.status, row?.refund, row?.cancels], ["paid", 0, 0], "record unchanged");
  equal((await atPg(ctx, "toss.payments", paid.uid)).cancels, 0, "PG unchanged");

  // a deposited virtual account without a refund account, an unpaid one at all
  const vbank = { schema: "shop", table: "orders", id: orderId() };
  const secret = password();
  const p = await tossOf(ctx).createVirtualAccount(ctx.toss.storeId, {
    amount: 5_000,
    orderId: vbank.id,
    orderName: "Pen",
    customerName: "Park",
    bank: "88",
  });
  await api.functional.payments.histories.create(ctx.connection, {
    vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: p.paymentKey },
    source: vbank,
    price: 5_000,
    password: secret,
  });
  await expectError(422, "NOT_CANCELABLE", () =>
    api.functional.payments.histories.cancel(ctx.connection, { source: vbank, password: secret, reason: "x" }),
  );
  equal((await atPg(ctx, "toss.payments", p.paymentKey)).status, "WAITING_FOR_DEPOSIT", "unpaid virtual account untouched at the PG");
  equal((await dbOf(ctx, vbank.id))?.status, "waiting_deposit", "unpaid virtual account untouched here");
}
