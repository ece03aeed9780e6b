import { IIamportPayment } from "../../../../src/api/structures/iamport/IIamportPayment";
import { IamportAdapter } from "../../../../src/pg/iamport/IamportAdapter";
import { TestContext } from "../../../TestContext";
import { IamportTestUtil as U } from "./IamportTestUtil";

/** A buyer pays in the payment window; the merchant reads it by imp_uid and merchant_uid. */
export async function test_fake_iamport_payment_find(ctx: TestContext): Promise<void> {
  const adapter = U.adapter(ctx);
  const store: string = ctx.iamport.storeId;
  const merchant_uid: string = U.uid("find");
  const paid: IIamportPayment = await U.ok(ctx, "POST", "/internal/payments/window", {
    merchant_uid,
    amount: 15_000,
    name: "책 한 권",
    buyer_name: "홍길동",
  });
  U.equal(paid.status, "paid", "window payment status");
  U.equal(paid.sandbox, true, "sandbox marker");
  U.assert(/^\d{4}-\d{2}\*\*-\*\*\*\*-\d{4}$/.test(paid.card_number ?? ""), `card number masked: ${paid.card_number}`);
  U.assert(paid.paid_at > 0 && paid.failed_at === 0 && paid.cancelled_at === 0, "timestamps: paid set, others 0");
  U.equal(paid.cancel_history, [], "no cancel yet");

  const got = await adapter.getPayment(store, paid.imp_uid);
  U.equal(got, paid, "GET /payments/{imp_uid}");
  U.equal((await adapter.findPayment(store, merchant_uid)).imp_uid, paid.imp_uid, "find by merchant_uid");
  U.equal((await adapter.findPayment(store, merchant_uid, "paid")).imp_uid, paid.imp_uid, "find with status paid");
  await U.pgError(adapter.findPayment(store, merchant_uid, "ready"), "not_found", "find with another status");
  await U.pgError(adapter.findPayment(store, U.uid("nothing")), "not_found", "unknown merchant_uid");
  await U.pgError(adapter.getPayment(store, "imp_999999999999"), "not_found", "unknown imp_uid");
  U.refused(
    await U.raw(ctx, "GET", `/payments/find/${merchant_uid}/weird`, undefined, await U.token(ctx)),
    400,
    -1,
    "invalid payment_status",
  );

  const snap = IamportAdapter.snapshot(got);
  U.equal(
    [snap.uid, snap.order_id, snap.amount, snap.status, snap.balance, snap.cancelled_at, snap.virtual_account],
    [paid.imp_uid, merchant_uid, 15_000, "paid", 15_000, null, null],
    "snapshot of a paid card payment",
  );
  U.equal(snap.paid_at, new Date(paid.paid_at * 1000).toISOString(), "snapshot paid_at ISO");

  // a second payment of a paid order is refused
  U.refused(
    await U.raw(ctx, "POST", "/internal/payments/window", { merchant_uid, amount: 15_000 }, await U.token(ctx)),
    200,
    1,
    "paying an already paid merchant_uid",
  );
}
