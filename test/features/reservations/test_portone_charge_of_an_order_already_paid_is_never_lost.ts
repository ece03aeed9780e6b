import api from "../../../src/api";
import { equal, expectError, orderId, password, portoneBillingKey, portoneCardPaid } from "../../internal/pgs";
import { eventually } from "../../internal/lifecycle";
import { TestContext } from "../../TestContext";

/**
 * A charge names an order PortOne already holds paid (ALREADY_PAID) and the read that would
 * tell what happened fails: the outcome is unknown, so the charge answers 502 and stays
 * pending, never a refusal with its record thrown away; the reconciler then records what
 * PortOne holds.
 */
export async function test_portone_charge_of_an_order_already_paid_is_never_lost(ctx: TestContext): Promise<void> {
  const invoice = { schema: "saas", table: "invoices", id: orderId() };
  await portoneCardPaid(ctx, invoice.id, 9_900);
  const key = await portoneBillingKey(ctx);
  const reservationSecret = password();
  const reservation = await api.functional.payments.reservations.create(ctx.connection, {
    vendor: { code: "portone", store_id: ctx.portone.storeId, uid: key.billingKey },
    source: { schema: "saas", table: "subscriptions", id: orderId() },
    title: "Pro",
    password: reservationSecret,
  });
  const stop = ctx.portone.fake.inject({ path: `/payments/${invoice.id}`, method: "GET", mode: "error", status: 500, times: 1 });
  try {
    await expectError(502, "PG_UNAVAILABLE", () =>
      api.functional.payments.reservations.charge(ctx.connection, {
        reservation: { id: reservation.id, password: reservationSecret },
        source: invoice,
        price: 9_900,
        order_name: "Pro, one month",
        password: password(),
      }),
    );
  } finally {
    stop();
  }
  const settled = await eventually("the reconciler records the payment", async () => {
    const [row] = await ctx.query<{ status: string }>("SELECT status FROM payment_histories WHERE source_id = $1", [invoice.id]);
    return row !== undefined && row.status !== "pending" ? row.status : null;
  });
  equal(settled, "paid", "what PortOne holds is recorded");
}
