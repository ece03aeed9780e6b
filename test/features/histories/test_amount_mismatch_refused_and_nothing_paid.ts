import api from "../../../src/api";
import { equal, expectError, iamportOf, orderId, password, rowsOfSource, tossOf } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * The caller's amount is the truth: a PG payment of another amount or for another order is
 * refused with a machine code, and nothing is recorded as paid.
 */
export async function test_amount_mismatch_refused_and_nothing_paid(ctx: TestContext): Promise<void> {
  // Toss: the buyer was charged 10,000 by key-in; the shop's order says 9,000.
  const tossOrder = orderId();
  const toss = await tossOf(ctx).keyIn(ctx.toss.storeId, {
    amount: 10_000,
    orderId: tossOrder,
    orderName: "Mug",
    cardNumber: "4330123412341234",
    cardExpirationYear: "28",
    cardExpirationMonth: "12",
    customerIdentityNumber: "880311",
  });
  await expectError(422, "AMOUNT_MISMATCH", () =>
    api.functional.payments.histories.create(ctx.connection, {
      vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: toss.paymentKey },
      source: { schema: "shop", table: "orders", id: tossOrder },
      price: 9_000,
      password: password(),
    }),
  );
  equal(await rowsOfSource(ctx, "payment_histories", tossOrder), 0, "toss: nothing stored");

  // Toss: a payment window authenticated for 10,000 is not approved for 9,000 either.
  const windowOrder = orderId();
  const window = await fetch(`${ctx.toss.host}/internal/payments`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(ctx.toss.secretKey + ":").toString("base64")}`, "content-type": "application/json" },
    body: JSON.stringify({ orderId: windowOrder, amount: 10_000, orderName: "Mug" }),
  }).then((r) => r.json() as Promise<{ paymentKey: string }>);
  await expectError(422, ["PG_REJECTED", "AMOUNT_MISMATCH"], () =>
    api.functional.payments.histories.create(ctx.connection, {
      vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: window.paymentKey },
      source: { schema: "shop", table: "orders", id: windowOrder },
      price: 9_000,
      password: password(),
    }),
  );
  equal(await rowsOfSource(ctx, "payment_histories", windowOrder), 0, "toss window: nothing stored");
  equal((await tossOf(ctx).getPayment(ctx.toss.storeId, window.paymentKey)).status, "IN_PROGRESS", "the window payment was not approved");

  // Iamport: paid 10,000 for this order; registered with another order id, then another amount.
  const impOrder = orderId();
  const imp = await iamportOf(ctx).onetime(ctx.iamport.storeId, {
    card_number: "1234-1234-1234-1234",
    expiry: "2028-12",
    birth: "880311",
    merchant_uid: impOrder,
    amount: 10_000,
  });
  const otherOrder = orderId();
  await expectError(422, "ORDER_ID_MISMATCH", () =>
    api.functional.payments.histories.create(ctx.connection, {
      vendor: { code: "iamport", store_id: ctx.iamport.storeId, uid: imp.imp_uid },
      source: { schema: "shop", table: "orders", id: otherOrder },
      price: 10_000,
      password: password(),
    }),
  );
  await expectError(422, "AMOUNT_MISMATCH", () =>
    api.functional.payments.histories.create(ctx.connection, {
      vendor: { code: "iamport", store_id: ctx.iamport.storeId, uid: imp.imp_uid },
      source: { schema: "shop", table: "orders", id: impOrder },
      price: 100,
      password: password(),
    }),
  );
  equal(await rowsOfSource(ctx, "payment_histories", impOrder), 0, "iamport: nothing stored");
  equal(await rowsOfSource(ctx, "payment_histories", otherOrder), 0, "iamport: nothing stored for the other order");
}
