import api from "../../../src/api";
import { assert, equal, expectError, orderId, password, portoneCardPaid, rowsOfSource } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * A shop's buyer pays by card in PortOne V2's window (the shop names the payment with its
 * order id); the shop records it and reads it back both ways. Another order's payment, or
 * a declined one, is refused and nothing is stored.
 */
export async function test_portone_card_payment_recorded_and_read(ctx: TestContext): Promise<void> {
  const id = orderId();
  const secret = password();
  const payment = await portoneCardPaid(ctx, id, 12_000);
  equal([payment.status, payment.id], ["PAID", id], "paid at PortOne under our order id");

  const source = { schema: "shop", table: "orders", id };
  const history = await api.functional.payments.histories.create(ctx.connection, {
    vendor: { code: "portone", store_id: ctx.portone.storeId, uid: id },
    source,
    price: 12_000,
    password: secret,
  });
  equal([history.vendor_code, history.status, history.price, history.currency], ["portone", "paid", 12_000, "KRW"], "recorded");
  assert(history.paid_at !== null, "paid_at");
  const byId = await api.functional.payments.histories.at(ctx.connection, history.id, { password: secret });
  equal(byId, history, "read by id");
  equal(await api.functional.payments.histories.get(ctx.connection, { source, password: secret }), history, "read by source");
  if (byId.status === "pending" || byId.vendor_code !== "portone") throw new Error("narrowing failed");
  equal([byId.data.id, byId.data.storeId, byId.data.amount.total], [id, ctx.portone.portoneStoreId, 12_000], "PortOne's payment object");
  assert(byId.data.method?.type === "PaymentMethodCard" && !JSON.stringify(byId.data).includes("4330123412341234"), "the card number is masked");

  // Another order's payment named for this source: the payment's id is its order id.
  const elsewhere = orderId();
  await portoneCardPaid(ctx, elsewhere, 12_000);
  const other = { schema: "shop", table: "orders", id: orderId() };
  await expectError(422, "ORDER_ID_MISMATCH", () =>
    api.functional.payments.histories.create(ctx.connection, {
      vendor: { code: "portone", store_id: ctx.portone.storeId, uid: elsewhere },
      source: other,
      price: 12_000,
      password: password(),
    }),
  );
  equal(await rowsOfSource(ctx, "payment_histories", other.id), 0, "nothing stored for the other order");

  // A declined card: PortOne's payment is FAILED, never recorded as paid.
  const declined = { schema: "shop", table: "orders", id: orderId() };
  await portoneCardPaid(ctx, declined.id, 12_000, "4000000000000002");
  await expectError(422, "PG_REJECTED", () =>
    api.functional.payments.histories.create(ctx.connection, {
      vendor: { code: "portone", store_id: ctx.portone.storeId, uid: declined.id },
      source: declined,
      price: 12_000,
      password: password(),
    }),
  );
  equal(await rowsOfSource(ctx, "payment_histories", declined.id), 0, "nothing stored for a declined card");
}
