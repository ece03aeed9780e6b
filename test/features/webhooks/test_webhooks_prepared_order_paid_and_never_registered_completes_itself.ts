import api from "../../../src/api";
import type { IPaymentVendor } from "../../../src/api/structures/IPaymentVendor";
import { eventually } from "../../internal/lifecycle";
import { metricsOf } from "../../internal/operator";
import { equal, expectError, iamportCardPaid, orderId, password, portoneCardPaid } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * A shop prepares an order, its buyer pays in the PG's window, and the shop never registers
 * the payment (the tab closed, the redirect was lost). The PG's event reaches the server,
 * which waits its grace (PREPARED_COMPLETION_GRACE_SECONDS, 2 s in the tests) for the shop's
 * own registration, then reads the payment at the PG and registers it as that would have:
 * paid, with the prepared amount and password, announced once. When the shop registers it
 * later after all, it gets that same record (which takes the registration's password), with
 * no second PG call; a repeat after that is refused as any taken source is. A forged event for an
 * order nobody prepared is kept deferred and costs no PG call. Iamport and PortOne V2 (whose
 * windows complete the payment without the shop; a Toss card payment waits for its confirm).
 */
export async function test_webhooks_prepared_order_paid_and_never_registered_completes_itself(ctx: TestContext): Promise<void> {
  for (const vendor of ["portone", "iamport"] as const satisfies IPaymentVendor.Code[]) {
    const store_id = vendor === "portone" ? ctx.portone.storeId : ctx.iamport.storeId;
    const source = { schema: "shop", table: "orders", id: orderId() };
    const secret = password();
    await api.functional.payments.histories.prepare(ctx.connection, { vendor: { code: vendor, store_id }, source, price: 21_000, order_name: "Teapot", password: secret });

    // The buyer pays; the shop never calls.
    const uid = vendor === "portone" ? (await portoneCardPaid(ctx, source.id, 21_000)).id : (await iamportCardPaid(ctx, source.id, 21_000)).imp_uid;
    const row = await eventually(`${vendor}: registered by the server`, async () => {
      const [r] = await ctx.query<{ id: string; status: string; origin: string; price: number | string }>(
        "SELECT id, status, origin, price FROM payment_histories WHERE source_id = $1",
        [source.id],
      );
      return r?.status === "paid" ? r : null;
    });
    equal([row.origin, Number(row.price)], ["pg_event", 21_000], `${vendor}: from the PG's event, for the prepared amount`);
    const [events] = await ctx.query<{ n: number | string; type: string }>("SELECT count(*) AS n, min(type) AS type FROM webhook_events WHERE history_id = $1", [row.id]);
    equal([Number(events!.n), events!.type], [1, "payment.paid"], `${vendor}: announced once`);
    const [consumed] = await ctx.query<{ consumed: boolean }>("SELECT consumed_at IS NOT NULL AS consumed FROM payment_prepared_orders WHERE source_id = $1", [source.id]);
    equal(consumed?.consumed, true, `${vendor}: the prepared order is used`);

    const early = await api.functional.payments.histories.get(ctx.connection, { source, password: secret });
    equal(early.id, row.id, `${vendor}: readable with the prepared order's password meanwhile`);

    // The shop registers it after all, with its record's own password: the same record, and
    // the PG is not asked again; the record now answers to the registration's password.
    const calls = await pgCalls(ctx, vendor);
    const own = password();
    const late = await api.functional.payments.histories.create(ctx.connection, { vendor: { code: vendor, store_id, uid }, source, price: 21_000, password: own });
    equal([late.id, late.status], [row.id, "paid"], `${vendor}: the shop's late registration gets the server's record`);
    equal(await pgCalls(ctx, vendor), calls, `${vendor}: with no second PG call`);
    const read = await api.functional.payments.histories.get(ctx.connection, { source, password: own });
    equal(read.id, row.id, `${vendor}: readable with the registration's password`);
    await expectError(409, "DUPLICATE_SOURCE", () =>
      api.functional.payments.histories.create(ctx.connection, { vendor: { code: vendor, store_id, uid }, source, price: 21_000, password: own }),
    );
  }

  // A forged Iamport event for an order nobody prepared: no PG call, nothing registered.
  const calls = await pgCalls(ctx, "iamport");
  const forged = orderId();
  const imp_uid = `imp_forged_${Date.now()}`;
  const answer = await fetch(`${ctx.host}/payments/webhooks/iamport`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ imp_uid, merchant_uid: forged, status: "paid" }),
  });
  equal(answer.status, 200, "acknowledged");
  const kept = await eventually("processed", async () => {
    const [w] = await ctx.query<{ status: string }>("SELECT status FROM payment_webhooks WHERE vendor_uid = $1", [imp_uid]);
    return w !== undefined && w.status !== "received" && w.status !== "processing" ? w.status : null;
  });
  equal(kept, "deferred", "kept deferred");
  equal(await pgCalls(ctx, "iamport"), calls, "an unprepared order costs no PG call");
  equal((await ctx.query("SELECT 1 FROM payment_histories WHERE source_id = $1", [forged])).length, 0, "nothing registered");
}

/** PG calls the server made to `vendor` so far (every operation and outcome). */
const pgCalls = async (ctx: TestContext, vendor: IPaymentVendor.Code): Promise<number> =>
  [...(await metricsOf(ctx)).matchAll(new RegExp(`payments_pg_call_duration_seconds_count\\{vendor="${vendor.replace(".", "\\.")}"[^}]*\\} (\\d+)`, "g"))].reduce(
    (n, m) => n + Number(m[1]),
    0,
  );
