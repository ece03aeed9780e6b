import crypto from "node:crypto";

import api from "../../../src/api";
import { equal, iamportOf, orderId, password, tossOf } from "../../internal/pgs";
import { dbOf, eventually } from "../../internal/lifecycle";
import { TestContext } from "../../TestContext";

/**
 * The server died after the PG approved and before the DB write: what is left is the
 * `pending` row the registration wrote before calling the PG. (Simulated by writing that row
 * exactly as the server does, then paying at the PG.) The reconciler settles it from the
 * PG, finds a charge whose PG id was never learnt by its order id, and removes a pending
 * row the PG knows nothing of, freeing its source.
 */
export async function test_crash_between_pg_and_db_reconciled(ctx: TestContext): Promise<void> {
  const state = ctx.backend.state;
  const secret = password();
  const pending = async (vendor: "toss.payments" | "iamport", storeId: string, uid: string | null, sourceId: string, price: number) => {
    const id = crypto.randomUUID();
    const past = new Date(Date.now() - 60_000);
    await ctx.query(
      `INSERT INTO payment_histories (id, client_id, vendor_code, vendor_store_id, vendor_uid, source_schema, source_table, source_id,
         currency, price, status, data_enc, password_hash, webhook_url, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'shop', 'orders', $6, 'KRW', $7, 'pending', $8, $9, NULL, $10, $10)`,
      [id, ctx.client.id, vendor, storeId, uid ?? `pending:${id}`, sourceId, price, state.ciphers.payment.encryptJson(null), state.hasher.hash(secret), past],
    );
    return id;
  };

  // (a) Toss approved a registration; the answer was never written
  const a = { schema: "shop", table: "orders", id: orderId() };
  const toss = await tossOf(ctx).keyIn(ctx.toss.storeId, {
    amount: 33_000,
    orderId: a.id,
    orderName: "Chair",
    cardNumber: "4330123412341234",
    cardExpirationYear: "28",
    cardExpirationMonth: "12",
    customerIdentityNumber: "880311",
  });
  await pending("toss.payments", ctx.toss.storeId, toss.paymentKey, a.id, 33_000);

  // (b) an Iamport billing charge went through; its imp_uid was never learnt
  const b = { schema: "shop", table: "orders", id: orderId() };
  const iamport = await iamportOf(ctx).onetime(ctx.iamport.storeId, {
    card_number: "1234-1234-1234-1234",
    expiry: "2028-12",
    birth: "880311",
    merchant_uid: b.id,
    amount: 4_500,
    name: "Monthly",
  });
  await pending("iamport", ctx.iamport.storeId, null, b.id, 4_500);

  // (c) the server died before the PG call: the PG has nothing
  const c = { schema: "shop", table: "orders", id: orderId() };
  await pending("toss.payments", ctx.toss.storeId, `unknown-${orderId()}`, c.id, 1_000);

  await eventually("all three decided", async () => {
    const [ra, rb, rc] = await Promise.all([dbOf(ctx, a.id), dbOf(ctx, b.id), dbOf(ctx, c.id)]);
    return ra?.status === "paid" && rb?.status === "paid" && rc === null;
  });
  const history = await api.functional.payments.histories.get(ctx.connection, { source: a, password: secret });
  equal([history.status, history.vendor.uid, history.price], ["paid", toss.paymentKey, 33_000], "(a) settled from Toss");
  equal((await dbOf(ctx, b.id))?.vendor_uid, iamport.imp_uid, "(b) the imp_uid found by merchant_uid");
  equal(await dbOf(ctx, c.id), null, "(c) removed: the source is free again");
}
