import api from "../../../src/api";
import { assert, equal, expectError, orderId, password, rowsOfSource, tossInternal, tossOf } from "../../internal/pgs";
import { atPg, iamportInternal, storeOf } from "../../internal/lifecycle";
import { TestContext } from "../../TestContext";

/**
 * The buyer edits the amount in the browser and pays 100 won for a 50,000 won order.
 * Registering it with the tampered amount contradicts the prepared order; registering it
 * with the order's amount finds the PG payment for another sum. Either way nothing is
 * recorded; Toss never approved it, and the paid Iamport payment is refunded at once.
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
