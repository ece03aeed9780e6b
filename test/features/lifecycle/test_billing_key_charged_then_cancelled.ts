import api from "../../../src/api";
import { assert, equal, expectError, iamportOf, orderId, password, portoneBillingKey, rowsOfSource, tossInternal } from "../../internal/pgs";
import { atPg, dbOf } from "../../internal/lifecycle";
import { TestContext } from "../../TestContext";

/** A SaaS bills a subscriber's stored card for a month, then refunds it; every PG. */
export async function test_billing_key_charged_then_cancelled(ctx: TestContext): Promise<void> {
  for (const vendor of ["toss.payments", "iamport", "portone"] as const) {
    const subscription = { schema: "saas", table: "subscriptions", id: orderId() };
    const reservationSecret = password();
    let reservationId: string;
    if (vendor === "toss.payments") {
      const customerKey = `customer-${orderId()}`;
      const { authKey } = await tossInternal<{ authKey: string }>(ctx, "billing/auth", { customerKey });
      reservationId = (
        await api.functional.payments.reservations.create(ctx.connection, {
          vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: authKey },
          customer_key: customerKey,
          source: subscription,
          title: "Pro",
          password: reservationSecret,
        })
      ).id;
    } else if (vendor === "portone") {
      const { billingKey } = await portoneBillingKey(ctx);
      reservationId = (
        await api.functional.payments.reservations.create(ctx.connection, {
          vendor: { code: "portone", store_id: ctx.portone.storeId, uid: billingKey },
          source: subscription,
          title: "Pro",
          password: reservationSecret,
        })
      ).id;
    } else {
      const customer_uid = `cust-${orderId()}`;
      await iamportOf(ctx).createCustomer(ctx.iamport.storeId, customer_uid, {
        card_number: "1234-1234-1234-1234",
        expiry: "2028-12",
        birth: "880311",
      });
      reservationId = (
        await api.functional.payments.reservations.create(ctx.connection, {
          vendor: { code: "iamport", store_id: ctx.iamport.storeId, uid: customer_uid },
          source: subscription,
          title: "Pro",
          password: reservationSecret,
        })
      ).id;
    }

    const invoice = { schema: "saas", table: "invoices", id: orderId() };
    const secret = password();
    const charged = await api.functional.payments.reservations.charge(ctx.connection, {
      reservation: { id: reservationId, password: reservationSecret },
      source: invoice,
      price: 19_900,
      order_name: "Pro, one month",
      password: secret,
    });
    equal([charged.status, charged.price, charged.vendor_code], ["paid", 19_900, vendor], `${vendor} charged`);
    assert(charged.paid_at !== null, `${vendor} paid_at`);
    const row = await dbOf(ctx, invoice.id);
    equal(row?.vendor_uid, charged.vendor.uid, `${vendor}: the PG's payment id is recorded`);
    equal((await atPg(ctx, vendor, charged.vendor.uid)).status, { "toss.payments": "DONE", iamport: "paid", portone: "PAID" }[vendor], `${vendor} PG status`);

    // by source too, and a wrong reservation password charges nothing
    const other = { schema: "saas", table: "invoices", id: orderId() };
    await expectError(404, "NOT_FOUND", () =>
      api.functional.payments.reservations.charge(ctx.connection, {
        reservation: { source: subscription, password: "wrong-password" },
        source: other,
        price: 19_900,
        order_name: "Pro, one month",
        password: secret,
      }),
    );
    equal(await rowsOfSource(ctx, "payment_histories", other.id), 0, `${vendor}: nothing charged with a wrong password`);

    const cancelled = await api.functional.payments.histories.cancel(ctx.connection, { source: invoice, password: secret, reason: "Refund" });
    equal([cancelled.status, cancelled.refund], ["cancelled", 19_900], `${vendor} cancelled`);
    const pg = await atPg(ctx, vendor, charged.vendor.uid);
    equal([pg.cancels, pg.refunded], [1, 19_900], `${vendor} PG cancelled`);
  }
}
