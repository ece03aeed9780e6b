import api from "../../../src/api";
import { equal, expectError, orderId, password, portoneBillingKey, portoneOf, rowsOfSource } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * A SaaS keeps a PortOne V2 billing key for a subscription (verified at PortOne; an unknown
 * one refused); a charge on a card that the card company declines is refused as declined
 * and leaves no record.
 */
export async function test_portone_billing_key_recorded_read_and_a_declined_charge_refused(ctx: TestContext): Promise<void> {
  const key = await portoneBillingKey(ctx);
  const source = { schema: "saas", table: "subscriptions", id: orderId() };
  const secret = password();
  const reservation = await api.functional.payments.reservations.create(ctx.connection, {
    vendor: { code: "portone", store_id: ctx.portone.storeId, uid: key.billingKey },
    source,
    title: "Basic plan",
    password: secret,
  });
  if (reservation.vendor_code !== "portone") throw new Error("narrowing");
  equal([reservation.vendor.uid, reservation.data.status, reservation.data.billingKey], [key.billingKey, "ISSUED", key.billingKey], "recorded");
  equal(await api.functional.payments.reservations.at(ctx.connection, reservation.id, { password: secret }), reservation, "read by id");
  equal(await api.functional.payments.reservations.get(ctx.connection, { source, password: secret }), reservation, "read by source");

  const unknown = { schema: "saas", table: "subscriptions", id: orderId() };
  await expectError(422, "PG_BILLING_NOT_FOUND", () =>
    api.functional.payments.reservations.create(ctx.connection, {
      vendor: { code: "portone", store_id: ctx.portone.storeId, uid: `billing-key-${orderId()}` },
      source: unknown,
      title: "Basic plan",
      password: secret,
    }),
  );
  equal(await rowsOfSource(ctx, "payment_reservations", unknown.id), 0, "nothing stored for an unknown billing key");

  // A card the card company declines.
  const declinedKey = await portoneBillingKey(ctx, "4000000000000002");
  const subscription = { schema: "saas", table: "subscriptions", id: orderId() };
  const reservationSecret = password();
  const declining = await api.functional.payments.reservations.create(ctx.connection, {
    vendor: { code: "portone", store_id: ctx.portone.storeId, uid: declinedKey.billingKey },
    source: subscription,
    title: "Basic plan",
    password: reservationSecret,
  });
  const invoice = { schema: "saas", table: "invoices", id: orderId() };
  const charge = () =>
    api.functional.payments.reservations.charge(ctx.connection, {
      reservation: { id: declining.id, password: reservationSecret },
      source: invoice,
      price: 9_900,
      order_name: "Basic, one month",
      password: password(),
    });
  const message = await expectError(422, "PG_REJECTED", charge);
  equal(message.includes("declined"), true, `the refusal says the card was declined (${message})`);
  equal(await rowsOfSource(ctx, "payment_histories", invoice.id), 0, "nothing recorded for a declined charge");
  equal((await portoneOf(ctx).getPayment(ctx.portone.storeId, invoice.id)).status, "FAILED", "FAILED at PortOne");
}
