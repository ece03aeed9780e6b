import api from "../../../src/api";
import { IPaymentHistory } from "../../../src/api/structures/IPaymentHistory";
import { assert, equal, orderId, password, tossOf } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/** A shop charges a card by key-in at Toss, records it, and reads it back by id and by source. */
export async function test_toss_card_payment_recorded_and_read(ctx: TestContext): Promise<void> {
  const id = orderId();
  const secret = password();
  const payment = await tossOf(ctx).keyIn(ctx.toss.storeId, {
    amount: 25_000,
    orderId: id,
    orderName: "Keyboard",
    cardNumber: "4330123412341234",
    cardExpirationYear: "28",
    cardExpirationMonth: "12",
    customerIdentityNumber: "880311",
  });

  const source = { schema: "shop", table: "orders", id };
  const history: IPaymentHistory = await api.functional.payments.histories.create(ctx.connection, {
    vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: payment.paymentKey },
    source,
    price: 25_000,
    password: secret,
  });
  equal(history.vendor_code, "toss.payments", "vendor_code");
  equal(history.price, 25_000, "price");
  equal(history.refund, 0, "refund");
  equal(history.status, "paid", "status");
  equal(history.currency, "KRW", "currency");
  equal(history.source, source, "source");
  assert(history.paid_at !== null, "paid_at is set for an approved card payment");
  equal(history.cancelled_at, null, "cancelled_at");

  const byId = await api.functional.payments.histories.at(ctx.connection, history.id, { password: secret });
  const bySource = await api.functional.payments.histories.get(ctx.connection, { source, password: secret });
  equal(byId, history, "read by id");
  equal(bySource, history, "read by source");
  // `data` is the PG's own object, narrowed by vendor_code.
  if (byId.status === "pending" || byId.vendor_code !== "toss.payments") throw new Error("narrowing failed");
  equal(byId.data.paymentKey, payment.paymentKey, "data.paymentKey");
  equal(byId.data.status, "DONE", "data.status");
  equal(byId.data.totalAmount, 25_000, "data.totalAmount");

  // At rest the PG object is ciphertext, never JSON.
  const [row] = await ctx.query<{ data_enc: string }>("SELECT data_enc FROM payment_histories WHERE id = $1", [history.id]);
  assert(row && !row.data_enc.includes(payment.paymentKey) && row.data_enc.startsWith("v1."), "data is encrypted at rest");
}
