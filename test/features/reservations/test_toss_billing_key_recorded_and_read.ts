import api from "../../../src/api";
import { assert, equal, expectError, orderId, password, rowsOfSource, tossInternal } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * A SaaS registers a subscriber's card at Toss: the billing window gives the browser an
 * authKey, payments-server issues the billing key from it and keeps it for the subscription.
 */
export async function test_toss_billing_key_recorded_and_read(ctx: TestContext): Promise<void> {
  const customerKey = `customer-${orderId()}`;
  const { authKey } = await tossInternal<{ authKey: string }>(ctx, "billing/auth", { customerKey });
  const source = { schema: "saas", table: "subscriptions", id: orderId() };
  const secret = password();

  const reservation = await api.functional.payments.reservations.create(ctx.connection, {
    vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: authKey },
    customer_key: customerKey,
    source,
    title: "Pro plan",
    password: secret,
  });
  equal(reservation.vendor_code, "toss.payments", "vendor_code");
  equal(reservation.title, "Pro plan", "title");
  if (reservation.vendor_code !== "toss.payments") throw new Error("narrowing");
  equal(reservation.vendor.uid, reservation.data.billingKey, "vendor.uid is the issued billing key");
  equal(reservation.data.customerKey, customerKey, "customerKey");

  equal(await api.functional.payments.reservations.at(ctx.connection, reservation.id, { password: secret }), reservation, "read by id");
  equal(await api.functional.payments.reservations.get(ctx.connection, { source, password: secret }), reservation, "read by source");
  const [row] = await ctx.query<{ data_enc: string }>("SELECT data_enc FROM payment_reservations WHERE id = $1", [reservation.id]);
  assert(row && !row.data_enc.includes(reservation.data.billingKey), "billing data is encrypted at rest");

  // The authKey was single-use: a second registration for another source is refused by Toss.
  const other = { schema: "saas", table: "subscriptions", id: orderId() };
  await expectError(422, ["PG_REJECTED", "PG_BILLING_NOT_FOUND"], () =>
    api.functional.payments.reservations.create(ctx.connection, {
      vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: authKey },
      customer_key: customerKey,
      source: other,
      title: "Pro plan",
      password: secret,
    }),
  );
  equal(await rowsOfSource(ctx, "payment_reservations", other.id), 0, "nothing stored for the refused authKey");
}
