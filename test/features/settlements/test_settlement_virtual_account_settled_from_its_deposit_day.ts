import api from "../../../src/api";
import { equal } from "../../internal/pgs";
import { eventually } from "../../internal/lifecycle";
import { orderId, password, tossInternal, tossOf } from "../../internal/pgs";
import { SettlementKit as K } from "../../internal/settlements";
import { TestContext } from "../../TestContext";

/**
 * A virtual account issued 20 days ago is deposited 9 days ago: nothing is owed before the
 * deposit, and the shares are counted from the deposit day (supplier D+3 of the deposit),
 * posted when Toss's webhook brings the deposit in.
 */
export async function test_settlement_virtual_account_settled_from_its_deposit_day(ctx: TestContext): Promise<void> {
  const supplier = K.party("supplier");
  const id = orderId();
  const secret = password();
  const issuedAt = new Date(Date.now() - 20 * 86_400_000);
  const depositedAt = new Date(Date.now() - 9 * 86_400_000);
  ctx.toss.fake.setClock(() => issuedAt);
  try {
    const va = await tossOf(ctx).createVirtualAccount(ctx.toss.storeId, { amount: 30_000, orderId: id, orderName: "Desk", customerName: "Hong", bank: "88", validHours: 720 });
    const history = await api.functional.payments.histories.create(ctx.connection, {
      vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: va.paymentKey },
      source: { schema: "market", table: "orders", id },
      price: 30_000,
      password: secret,
      settlement: { parties: [{ id: supplier, role: "supplier", share: { type: "amount", amount: 25_000 } }] },
    });
    equal(history.status, "waiting_deposit", "issued");
    equal(await K.held(ctx, history.id), {}, "nothing owed before the deposit");
    equal(await K.position(ctx, supplier, K.day(30)), [0, 0, 0, 0, 0], "no balance yet");

    ctx.toss.fake.setClock(() => depositedAt);
    await tossInternal(ctx, `virtual-accounts/${va.paymentKey}/deposit`, {});
    ctx.toss.fake.setClock(() => new Date());
    await eventually("the deposit posted", async () => Object.keys(await K.held(ctx, history.id)).length > 0);
    const D = K.day(-9);
    equal(await K.position(ctx, supplier, K.addDays(D, 2)), [25_000, 0, 0, 0, 0], "pending on the deposit's D+2");
    equal(await K.position(ctx, supplier, K.addDays(D, 3)), [0, 25_000, 0, 0, 0], "available on the deposit's D+3");
    equal(await K.held(ctx, history.id), K.sorted({ platform: 5_000, [supplier]: 25_000 }), "the split posted once");
  } finally {
    ctx.toss.fake.setClock(() => new Date());
  }
}
