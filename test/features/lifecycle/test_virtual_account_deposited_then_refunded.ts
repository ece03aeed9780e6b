import api from "../../../src/api";
import { assert, equal, expectError, iamportOf, orderId, password, portoneInternal, tossInternal, tossOf } from "../../internal/pgs";
import { atPg, dbOf, eventually, iamportInternal, storeOf } from "../../internal/lifecycle";
import { TestContext } from "../../TestContext";

/**
 * A buyer chooses bank transfer: the virtual account is recorded unpaid (cancel refused:
 * nothing to refund), the deposit is seen on the next read (re-read from the PG), and the
 * refund needs a bank account.
 */
export async function test_virtual_account_deposited_then_refunded(ctx: TestContext): Promise<void> {
  for (const vendor of ["toss.payments", "iamport", "portone"] as const) {
    const source = { schema: "shop", table: "orders", id: orderId() };
    const secret = password();
    let uid: string;
    if (vendor === "toss.payments") {
      const p = await tossOf(ctx).createVirtualAccount(ctx.toss.storeId, {
        amount: 40_000,
        orderId: source.id,
        orderName: "Desk",
        customerName: "Hong",
        bank: "88",
        validHours: 24,
      });
      uid = p.paymentKey;
    } else if (vendor === "portone") {
      // The buyer chose a virtual account in PortOne's window for this order (paymentId = order id).
      uid = (await portoneInternal<{ id: string }>(ctx, `payments/${source.id}/window`, { orderName: "Desk", totalAmount: 40_000, payMethod: "VIRTUAL_ACCOUNT" })).id;
    } else {
      const p = await iamportOf(ctx).createVbank(ctx.iamport.storeId, {
        merchant_uid: source.id,
        amount: 40_000,
        vbank_code: "88",
        vbank_due: Math.floor(Date.now() / 1000) + 86_400,
        vbank_holder: "Shop",
        name: "Desk",
      });
      uid = p.imp_uid;
    }
    const issued = await api.functional.payments.histories.create(ctx.connection, {
      vendor: { code: vendor, store_id: storeOf(ctx, vendor), uid },
      source,
      price: 40_000,
      password: secret,
    });
    equal(issued.status, "waiting_deposit", `${vendor} status at issue`);
    equal(issued.paid_at, null, `${vendor} paid_at at issue`);
    assert(issued.virtual_account !== null && issued.virtual_account.account_number.length > 0, `${vendor} virtual_account`);

    // nothing deposited: nothing to refund
    await expectError(422, "NOT_CANCELABLE", () =>
      api.functional.payments.histories.cancel(ctx.connection, { source, password: secret, reason: "too early" }),
    );
    equal((await dbOf(ctx, source.id))?.status, "waiting_deposit", `${vendor}: unchanged by the refusal`);

    // the buyer deposits at the bank
    if (vendor === "toss.payments") await tossInternal(ctx, `virtual-accounts/${uid}/deposit`, {});
    else if (vendor === "portone") await portoneInternal(ctx, `payments/${uid}/deposit`);
    else await iamportInternal(ctx, `vbanks/${uid}/deposit`, {});
    // The PG's webhook, or a read once the stored state is a few seconds old, brings the deposit in.
    const deposited = await eventually(`${vendor} deposit recorded`, async () => {
      const read = await api.functional.payments.histories.at(ctx.connection, issued.id, { password: secret });
      return read.status === "paid" ? read : null;
    });
    equal(deposited.status, "paid", `${vendor} status after deposit`);
    assert(deposited.paid_at !== null, `${vendor} paid_at after deposit`);
    assert(deposited.virtual_account !== null, `${vendor} virtual_account kept`);

    await expectError(422, "REFUND_ACCOUNT_REQUIRED", () =>
      api.functional.payments.histories.cancel(ctx.connection, { source, password: secret, reason: "refund" }),
    );
    equal((await atPg(ctx, vendor, uid)).cancels, 0, `${vendor}: no cancel reached the PG without an account`);

    const refunded = await api.functional.payments.histories.cancel(ctx.connection, {
      source,
      password: secret,
      reason: "refund",
      // Each PG names banks its own way: Toss and Iamport by code, PortOne by its enum.
      refund_account: { bank: vendor === "portone" ? "SHINHAN" : "88", number: "1234567890", holder: "Hong" },
    });
    equal([refunded.status, refunded.refund, refunded.cancels.length], ["cancelled", 40_000, 1], `${vendor} after refund`);
    const pg = await atPg(ctx, vendor, uid);
    equal([pg.cancels, pg.refunded], [1, 40_000], `${vendor} PG after refund`);
  }
}
