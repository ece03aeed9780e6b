import api from "../../../src/api";
import { equal, expectError, orderId, password, rowsOfSource, tossOf } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * A shop's back end registers a Toss window payment with a wrong amount (a bug on its
 * side): refused, nothing approved. It fixes the amount and registers again: the payment is
 * approved and recorded, not refused forever by Toss replaying its first answer to the same
 * confirm key. A retry of that right registration is then still safe (no second approval).
 */
export async function test_toss_registration_retried_with_the_right_amount_after_a_mismatch(ctx: TestContext): Promise<void> {
  const id = orderId();
  const source = { schema: "shop", table: "orders", id };
  const window = await fetch(`${ctx.toss.host}/internal/payments`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(ctx.toss.secretKey + ":").toString("base64")}`, "content-type": "application/json" },
    body: JSON.stringify({ orderId: id, amount: 10_000, orderName: "Mug" }),
  }).then((r) => r.json() as Promise<{ paymentKey: string }>);
  const vendor = { code: "toss.payments" as const, store_id: ctx.toss.storeId, uid: window.paymentKey };

  await expectError(422, ["PG_REJECTED", "AMOUNT_MISMATCH"], () =>
    api.functional.payments.histories.create(ctx.connection, { vendor, source, price: 9_000, password: password() }),
  );
  equal(await rowsOfSource(ctx, "payment_histories", id), 0, "nothing stored after the mismatch");
  equal((await tossOf(ctx).getPayment(ctx.toss.storeId, window.paymentKey)).status, "IN_PROGRESS", "nothing approved");

  const secret = password();
  const history = await api.functional.payments.histories.create(ctx.connection, { vendor, source, price: 10_000, password: secret });
  equal([history.status, history.price], ["paid", 10_000], "the right amount is approved and recorded");
  const atToss = await tossOf(ctx).getPayment(ctx.toss.storeId, window.paymentKey);
  equal([atToss.status, atToss.totalAmount], ["DONE", 10_000], "approved once at Toss");

  // The same registration again: refused as a duplicate, never approved twice.
  await expectError(409, ["DUPLICATE_SOURCE", "DUPLICATE_PG_PAYMENT"], () =>
    api.functional.payments.histories.create(ctx.connection, { vendor, source, price: 10_000, password: secret }),
  );
}
