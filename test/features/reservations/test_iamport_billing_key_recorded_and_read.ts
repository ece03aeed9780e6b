import api from "../../../src/api";
import { equal, expectError, iamportOf, orderId, password, rowsOfSource } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/** A SaaS keeps an Iamport customer_uid (billing key) for a subscription; an unknown one is refused. */
export async function test_iamport_billing_key_recorded_and_read(ctx: TestContext): Promise<void> {
  const customer_uid = `cust-${orderId()}`;
  await iamportOf(ctx).createCustomer(ctx.iamport.storeId, customer_uid, {
    card_number: "1234-1234-1234-1234",
    expiry: "2028-12",
    birth: "880311",
    customer_name: "Nam",
  });
  const source = { schema: "saas", table: "subscriptions", id: orderId() };
  const secret = password();
  const reservation = await api.functional.payments.reservations.create(ctx.connection, {
    vendor: { code: "iamport", store_id: ctx.iamport.storeId, uid: customer_uid },
    source,
    title: "Basic plan",
    password: secret,
  });
  equal(reservation.vendor_code, "iamport", "vendor_code");
  if (reservation.vendor_code !== "iamport") throw new Error("narrowing");
  equal(reservation.data.customer_uid, customer_uid, "data.customer_uid");
  equal(await api.functional.payments.reservations.at(ctx.connection, reservation.id, { password: secret }), reservation, "read by id");
  equal(await api.functional.payments.reservations.get(ctx.connection, { source, password: secret }), reservation, "read by source");

  const unknown = { schema: "saas", table: "subscriptions", id: orderId() };
  await expectError(422, "PG_BILLING_NOT_FOUND", () =>
    api.functional.payments.reservations.create(ctx.connection, {
      vendor: { code: "iamport", store_id: ctx.iamport.storeId, uid: `cust-${orderId()}` },
      source: unknown,
      title: "Basic plan",
      password: secret,
    }),
  );
  equal(await rowsOfSource(ctx, "payment_reservations", unknown.id), 0, "nothing stored for an unknown customer_uid");

  // The same source twice: 409, before any PG call.
  await expectError(409, "DUPLICATE_SOURCE", () =>
    api.functional.payments.reservations.create(ctx.connection, {
      vendor: { code: "iamport", store_id: ctx.iamport.storeId, uid: customer_uid },
      source,
      title: "Basic plan",
      password: secret,
    }),
  );
}
