import api from "../../../src/api";
import { equal, orderId, password, tossInternal, tossOf } from "../../internal/pgs";
import { dbOf, eventually } from "../../internal/lifecycle";
import { TestContext } from "../../TestContext";

/** A virtual account nobody paid: once its deadline passes the record says `expired`. */
export async function test_virtual_account_expired_unpaid(ctx: TestContext): Promise<void> {
  const source = { schema: "shop", table: "orders", id: orderId() };
  const secret = password();
  const p = await tossOf(ctx).createVirtualAccount(ctx.toss.storeId, {
    amount: 9_000,
    orderId: source.id,
    orderName: "Lamp",
    customerName: "Kim",
    bank: "88",
    validHours: 1,
  });
  const issued = await api.functional.payments.histories.create(ctx.connection, {
    vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: p.paymentKey },
    source,
    price: 9_000,
    password: secret,
  });
  equal(issued.status, "waiting_deposit", "issued");
  await tossInternal(ctx, `virtual-accounts/${p.paymentKey}/expire`, {});
  const expired = await eventually("expiry recorded", async () => {
    const read = await api.functional.payments.histories.get(ctx.connection, { source, password: secret });
    return read.status !== "waiting_deposit" ? read : null;
  });
  equal([expired.status, expired.paid_at, expired.refund], ["expired", null, 0], "expired");
  equal((await dbOf(ctx, source.id))?.status, "expired", "DB row");
}
