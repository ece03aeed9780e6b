import api from "../../../src/api";
import { assert, equal, iamportOf, orderId, password } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/** A shop charges a card once at Iamport, records the payment, and reads it back both ways. */
export async function test_iamport_card_payment_recorded_and_read(ctx: TestContext): Promise<void> {
  const id = orderId();
  const secret = password();
  const payment = await iamportOf(ctx).onetime(ctx.iamport.storeId, {
    card_number: "1234-1234-1234-1234",
    expiry: "2028-12",
    birth: "880311",
    merchant_uid: id,
    amount: 12_000,
    name: "Fake order",
  });
  equal(payment.status, "paid", "iamport status");

  const source = { schema: "shop", table: "orders", id };
  const history = await api.functional.payments.histories.create(ctx.connection, {
    vendor: { code: "iamport", store_id: ctx.iamport.storeId, uid: payment.imp_uid },
    source,
    price: 12_000,
    password: secret,
    webhook_url: "https://shop.example.com/payments/webhook",
  });
  equal(history.vendor_code, "iamport", "vendor_code");
  equal(history.status, "paid", "status");
  equal(history.price, 12_000, "price");
  equal(history.webhook_url, "https://shop.example.com/payments/webhook", "webhook_url");
  assert(history.paid_at !== null, "paid_at");

  const byId = await api.functional.payments.histories.at(ctx.connection, history.id, { password: secret });
  const bySource = await api.functional.payments.histories.get(ctx.connection, { source, password: secret });
  equal(byId, history, "read by id");
  equal(bySource, history, "read by source");
  if (byId.status === "pending" || byId.vendor_code !== "iamport") throw new Error("narrowing failed");
  equal(byId.data.imp_uid, payment.imp_uid, "data.imp_uid");
  equal(byId.data.merchant_uid, id, "data.merchant_uid");
  assert(!byId.data.card_number?.includes("1234-1234-1234-1234"), "the card number is masked");
}
