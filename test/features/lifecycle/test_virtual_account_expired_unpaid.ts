import api from "../../../src/api";
import { equal, orderId, password, portoneInternal, tossInternal, tossOf } from "../../internal/pgs";
import { dbOf, eventually } from "../../internal/lifecycle";
import { TestContext } from "../../TestContext";

/**
 * A virtual account nobody paid, at Toss and at PortOne V2: once its deadline passes the record
 * says `expired`, and the bank refuses a late deposit.
 */
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

  // PortOne V2 names no state for a passed deadline: the account's `expiredAt` says it.
  const portone = { schema: "shop", table: "orders", id: orderId() };
  await portoneInternal(ctx, `payments/${portone.id}/window`, { orderName: "Lamp", totalAmount: 9_000, payMethod: "VIRTUAL_ACCOUNT" });
  const waiting = await api.functional.payments.histories.create(ctx.connection, {
    vendor: { code: "portone", store_id: ctx.portone.storeId, uid: portone.id },
    source: portone,
    price: 9_000,
    password: secret,
  });
  equal([waiting.status, waiting.method], ["waiting_deposit", "virtual_account"], "issued at PortOne");
  await portoneInternal(ctx, `payments/${portone.id}/expire`);
  // No event: a read re-reads a waiting account from the PG (at most every 2 s).
  const read = await eventually("PortOne's expiry read", async () => {
    const r = await api.functional.payments.histories.get(ctx.connection, { source: portone, password: secret });
    return r.status !== "waiting_deposit" ? r : null;
  });
  equal([read.status, read.paid_at, read.refund], ["expired", null, 0], "expired at PortOne");
  const late = await portoneInternal(ctx, `payments/${portone.id}/deposit`).then(() => "accepted", (exp: Error) => exp.message);
  equal(/answered 409: .*PAYMENT_NOT_WAITING_FOR_DEPOSIT/.test(late), true, `a late deposit refused (${late})`);
}
