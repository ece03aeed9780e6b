import api from "../../../src/api";
import { assert, equal, expectError, iamportOf, orderId, password, tossInternal } from "../../internal/pgs";
import { dbOf, eventually } from "../../internal/lifecycle";
import { TestContext } from "../../TestContext";

/**
 * The PG approves but its answer never arrives (Toss: the timeout magic card; Iamport: the
 * read hangs). The caller gets 502 PG_UNAVAILABLE, the record stays pending (never assumed
 * failed), and the reconciler settles it from the PG's record.
 */
export async function test_pg_timeout_during_confirm_reconciled(ctx: TestContext): Promise<void> {
  // Toss
  {
    const source = { schema: "shop", table: "orders", id: orderId() };
    const secret = password();
    const { paymentKey } = await tossInternal<{ paymentKey: string }>(ctx, "payments", {
      orderId: source.id,
      amount: 15_000,
      cardNumber: "4000000000000408",
    });
    await expectError(502, "PG_UNAVAILABLE", () =>
      api.functional.payments.histories.create(ctx.connection, {
        vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: paymentKey },
        source,
        price: 15_000,
        password: secret,
      }),
    );
    const row = await eventually("toss payment reconciled", async () => {
      const r = await dbOf(ctx, source.id);
      return r?.status === "paid" ? r : null;
    });
    assert(row.paid_at !== null, "toss paid_at");
    const history = await api.functional.payments.histories.get(ctx.connection, { source, password: secret });
    equal([history.status, history.price], ["paid", 15_000], "toss read after reconciliation");
  }
  // Iamport
  {
    const source = { schema: "shop", table: "orders", id: orderId() };
    const secret = password();
    const payment = await iamportOf(ctx).onetime(ctx.iamport.storeId, {
      card_number: "1234-1234-1234-1234",
      expiry: "2028-12",
      birth: "880311",
      merchant_uid: source.id,
      amount: 8_000,
      name: "Cable",
    });
    const stop = ctx.iamport.fake.inject({ path: `/payments/${payment.imp_uid}`, method: "GET", mode: "hang" });
    try {
      await expectError(502, "PG_UNAVAILABLE", () =>
        api.functional.payments.histories.create(ctx.connection, {
          vendor: { code: "iamport", store_id: ctx.iamport.storeId, uid: payment.imp_uid },
          source,
          price: 8_000,
          password: secret,
        }),
      );
    } finally {
      stop(); // the PG answers again: the reconciler can read it
    }
    const kept = await dbOf(ctx, source.id);
    equal(kept?.status === "pending" || kept?.status === "paid", true, "iamport: kept (pending), never assumed failed");
    await eventually("iamport payment reconciled", async () => (await dbOf(ctx, source.id))?.status === "paid");
    const history = await api.functional.payments.histories.get(ctx.connection, { source, password: secret });
    equal(history.status, "paid", "iamport read after reconciliation");
  }
}
