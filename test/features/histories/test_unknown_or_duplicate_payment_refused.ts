import api from "../../../src/api";
import { equal, expectError, iamportOf, orderId, password, rowsOfSource, tossOf } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * A PG payment that does not exist is refused; one source and one PG payment are recorded
 * once (409 on a second try, whichever of the two is repeated).
 */
export async function test_unknown_or_duplicate_payment_refused(ctx: TestContext): Promise<void> {
  for (const vendor of [
    { code: "toss.payments" as const, store_id: ctx.toss.storeId, uid: "tviva_unknown_payment_key" },
    { code: "iamport" as const, store_id: ctx.iamport.storeId, uid: "imp_000000000000" },
  ]) {
    const id = orderId();
    await expectError(422, "PG_PAYMENT_NOT_FOUND", () =>
      api.functional.payments.histories.create(ctx.connection, {
        vendor,
        source: { schema: "shop", table: "orders", id },
        price: 1_000,
        password: password(),
      }),
    );
    equal(await rowsOfSource(ctx, "payment_histories", id), 0, `${vendor.code}: nothing stored`);
  }
  await expectError(422, "UNKNOWN_STORE", () =>
    api.functional.payments.histories.create(ctx.connection, {
      vendor: { code: "toss.payments", store_id: "no-such-store", uid: "x" },
      source: { schema: "shop", table: "orders", id: orderId() },
      price: 1_000,
      password: password(),
    }),
  );

  // Duplicates, for each PG.
  const tossOrder = orderId();
  const toss = await tossOf(ctx).keyIn(ctx.toss.storeId, {
    amount: 3_000,
    orderId: tossOrder,
    orderName: "Pen",
    cardNumber: "4330123412341234",
    cardExpirationYear: "28",
    cardExpirationMonth: "12",
    customerIdentityNumber: "880311",
  });
  const impOrder = orderId();
  const imp = await iamportOf(ctx).onetime(ctx.iamport.storeId, {
    card_number: "1234-1234-1234-1234",
    expiry: "2028-12",
    birth: "880311",
    merchant_uid: impOrder,
    amount: 3_000,
  });
  for (const [vendor, id] of [
    [{ code: "toss.payments" as const, store_id: ctx.toss.storeId, uid: toss.paymentKey }, tossOrder],
    [{ code: "iamport" as const, store_id: ctx.iamport.storeId, uid: imp.imp_uid }, impOrder],
  ] as const) {
    const input = { vendor, source: { schema: "shop", table: "orders", id }, price: 3_000, password: password() };
    await api.functional.payments.histories.create(ctx.connection, input);
    await expectError(409, "DUPLICATE_SOURCE", () => api.functional.payments.histories.create(ctx.connection, input));
    await expectError(409, "DUPLICATE_PG_PAYMENT", () =>
      api.functional.payments.histories.create(ctx.connection, { ...input, source: { ...input.source, table: "other_orders" } }),
    );
    equal(await rowsOfSource(ctx, "payment_histories", id), 1, `${vendor.code}: exactly one record`);
  }
}
