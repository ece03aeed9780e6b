import api from "../../../src/api";
import { assert, equal, expectError, orderId, password, portoneInternal, rowsOfSource, tossInternal, tossOf } from "../../internal/pgs";
import { atPg, iamportInternal, storeOf } from "../../internal/lifecycle";
import { TestContext } from "../../TestContext";

/**
 * The buyer edits the amount in the browser and pays 100 won for a 50,000 won order.
 * Registering it with the tampered amount contradicts the prepared order; registering it
 * with the order's amount finds the PG payment for another sum. Either way nothing is
 * recorded; Toss never approved it, and the paid Iamport payment is refunded at once.
 * PortOne V2 heard the prepared amount (pre-registration) and refuses to take another; a
 * payment made there without a prepared order, for another amount, is refunded like Iamport's.
 */
export async function test_prepared_order_tampered_amount_refused(ctx: TestContext): Promise<void> {
  for (const vendor of ["toss.payments", "iamport"] as const) {
    const source = { schema: "shop", table: "orders", id: orderId() };
    await api.functional.payments.histories.prepare(ctx.connection, {
      vendor: { code: vendor, store_id: storeOf(ctx, vendor) },
      source,
      price: 50_000,
      order_name: "Monitor",
      password: password(),
    });
    const uid =
      vendor === "toss.payments"
        ? (await tossInternal<{ paymentKey: string }>(ctx, "payments", { orderId: source.id, amount: 100 })).paymentKey
        : (await iamportInternal<{ imp_uid: string }>(ctx, "payments/window", { merchant_uid: source.id, amount: 100 })).imp_uid;
    const register = (price: number) =>
      api.functional.payments.histories.create(ctx.connection, {
        vendor: { code: vendor, store_id: storeOf(ctx, vendor), uid },
        source,
        price,
        password: password(),
      });

    await expectError(422, "PREPARED_ORDER_MISMATCH", () => register(100));
    equal(await rowsOfSource(ctx, "payment_histories", source.id), 0, `${vendor}: nothing recorded (tampered price)`);

    const message = await expectError(422, "AMOUNT_MISMATCH", () => register(50_000));
    equal(await rowsOfSource(ctx, "payment_histories", source.id), 0, `${vendor}: nothing recorded (order price)`);
    if (vendor === "toss.payments") {
      // Toss refused to approve another amount: the payment was never approved
      equal((await tossOf(ctx).getPayment(ctx.toss.storeId, uid)).status, "IN_PROGRESS", "toss: not approved");
    } else {
      assert(message.includes("cancelled in full"), `iamport: the refusal says the payment was cancelled (${message})`);
      const pg = await atPg(ctx, vendor, uid);
      equal([pg.status, pg.refunded], ["cancelled", 100], "iamport: refunded at the PG");
    }
    const [prepared] = await ctx.query<{ consumed_at: Date | null }>("SELECT consumed_at FROM payment_prepared_orders WHERE source_id = $1", [source.id]);
    equal(prepared?.consumed_at ?? null, null, `${vendor}: prepared order still open`);
  }
}

export async function test_portone_tampered_amount_refused_or_refunded(ctx: TestContext): Promise<void> {
  // Prepared: PortOne holds the amount and its window refuses another.
  const source = { schema: "shop", table: "orders", id: orderId() };
  await api.functional.payments.histories.prepare(ctx.connection, {
    vendor: { code: "portone", store_id: ctx.portone.storeId },
    source,
    price: 50_000,
    order_name: "Monitor",
    password: password(),
  });
  const refused = await portoneInternal(ctx, `payments/${source.id}/window`, { orderName: "Monitor", totalAmount: 100, payMethod: "CARD" }).then(
    () => null,
    (exp: Error) => exp.message,
  );
  assert(refused !== null && refused.includes("400"), `portone: the window refused the tampered amount (${refused})`);
  await expectError(422, "PG_PAYMENT_NOT_FOUND", () =>
    api.functional.payments.histories.create(ctx.connection, {
      vendor: { code: "portone", store_id: ctx.portone.storeId, uid: source.id },
      source,
      price: 50_000,
      password: password(),
    }),
  );

  // Not prepared: the browser paid 100 for a 50,000 won order; registering it refunds it in full.
  const other = { schema: "shop", table: "orders", id: orderId() };
  await portoneInternal(ctx, `payments/${other.id}/window`, { orderName: "Monitor", totalAmount: 100, payMethod: "CARD" });
  const message = await expectError(422, "AMOUNT_MISMATCH", () =>
    api.functional.payments.histories.create(ctx.connection, {
      vendor: { code: "portone", store_id: ctx.portone.storeId, uid: other.id },
      source: other,
      price: 50_000,
      password: password(),
    }),
  );
  assert(message.includes("cancelled in full"), `portone: the refusal says the payment was cancelled (${message})`);
  const pg = await atPg(ctx, "portone", other.id);
  equal([pg.status, pg.refunded], ["CANCELLED", 100], "portone: refunded at the PG");
  equal(await rowsOfSource(ctx, "payment_histories", other.id), 0, "portone: nothing recorded");
}
