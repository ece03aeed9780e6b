import api from "../../../src/api";
import { assert, equal, expectError, orderId, password, portoneInternal, tossInternal } from "../../internal/pgs";
import { iamportInternal, storeOf } from "../../internal/lifecycle";
import { TestContext } from "../../TestContext";

/**
 * A shop declares the order before opening the PG window, opens it with what prepare
 * returned, and registers the payment: it matches, so it is recorded and the prepared
 * order is consumed (a second prepare of that source is refused).
 */
export async function test_prepared_order_paid_with_its_amount(ctx: TestContext): Promise<void> {
  for (const vendor of ["toss.payments", "iamport", "portone"] as const) {
    const source = { schema: "shop", table: "orders", id: orderId() };
    const prepared = await api.functional.payments.histories.prepare(ctx.connection, {
      vendor: { code: vendor, store_id: storeOf(ctx, vendor) },
      source,
      price: 27_000,
      order_name: "Headphones",
      customer: { name: "Lee", email: "lee@example.com", phone: "01012345678" },
      webhook_url: "http://127.0.0.1:9/prepared-hook",
      password: password(),
    });
    equal([prepared.order_id, prepared.amount, prepared.order_name, prepared.currency], [source.id, 27_000, "Headphones", "KRW"], `${vendor} prepared`);
    // What the browser SDK opens the window with: Toss's client key; PortOne's channel key and store id.
    equal(
      [prepared.client_key, prepared.merchant_code],
      { "toss.payments": [ctx.toss.clientKey, null], iamport: [null, null], portone: [ctx.portone.channelKey, ctx.portone.portoneStoreId] }[vendor],
      `${vendor} window keys`,
    );
    equal(prepared.customer?.email, "lee@example.com", `${vendor} customer`);
    const [stored] = await ctx.query<{ customer_enc: string }>("SELECT customer_enc FROM payment_prepared_orders WHERE id = $1", [prepared.id]);
    assert(stored && !stored.customer_enc.includes("lee@example.com"), `${vendor}: customer data encrypted at rest`);

    // the browser pays exactly what prepare said
    const uid =
      vendor === "toss.payments"
        ? (await tossInternal<{ paymentKey: string }>(ctx, "payments", { orderId: prepared.order_id, amount: prepared.amount, orderName: prepared.order_name })).paymentKey
        : vendor === "iamport"
          ? (await iamportInternal<{ imp_uid: string }>(ctx, "payments/window", { merchant_uid: prepared.order_id, amount: prepared.amount, name: prepared.order_name })).imp_uid
          : (await portoneInternal<{ id: string }>(ctx, `payments/${prepared.order_id}/window`, { orderName: prepared.order_name, totalAmount: prepared.amount, payMethod: "CARD" })).id;
    const history = await api.functional.payments.histories.create(ctx.connection, {
      vendor: { code: vendor, store_id: storeOf(ctx, vendor), uid },
      source,
      price: 27_000,
      password: password(),
    });
    equal([history.status, history.price], ["paid", 27_000], `${vendor} recorded`);
    equal(history.webhook_url, "http://127.0.0.1:9/prepared-hook", `${vendor}: the prepared order's webhook_url serves`);
    const [row] = await ctx.query<{ consumed_at: Date | null }>("SELECT consumed_at FROM payment_prepared_orders WHERE id = $1", [prepared.id]);
    assert(row?.consumed_at, `${vendor}: prepared order consumed`);

    await expectError(409, "DUPLICATE_SOURCE", () =>
      api.functional.payments.histories.prepare(ctx.connection, {
        vendor: { code: vendor, store_id: storeOf(ctx, vendor) },
        source,
        price: 1_000,
        order_name: "Again",
        password: password(),
      }),
    );
  }
}
