import { IIamportPayment } from "../../../../src/api/structures/iamport/IIamportPayment";
import { IamportAdapter } from "../../../../src/pg/iamport/IamportAdapter";
import { TestContext } from "../../../TestContext";
import { IamportTestUtil as U } from "./IamportTestUtil";

/** Partial cancels with checksum, a wrong checksum and an over-cancel refused, then the rest. */
export async function test_fake_iamport_cancel_partial(ctx: TestContext): Promise<void> {
  const adapter = U.adapter(ctx);
  const store: string = ctx.iamport.storeId;
  const paid: IIamportPayment = await U.ok(ctx, "POST", "/internal/payments/window", {
    merchant_uid: U.uid("partial"),
    amount: 10_000,
  });

  const first = await adapter.cancel(store, { imp_uid: paid.imp_uid, amount: 3_000, checksum: 10_000, reason: "부분 환불" });
  U.equal(first.status, "paid", "Iamport keeps status paid on a partial cancel");
  U.equal(first.cancel_amount, 3_000, "cancel_amount after first cancel");
  U.equal(first.cancel_history.length, 1, "one cancel history");
  const h = first.cancel_history[0]!;
  U.equal([h.amount, h.reason], [3_000, "부분 환불"], "cancel history entry");
  U.assert(typeof h.cancellation_id === "string" && h.cancellation_id.length > 0, "cancellation_id set");
  U.assert(h.cancelled_at > 0 && first.cancelled_at > 0, "cancel timestamps set");

  const partial = IamportAdapter.snapshot(first);
  U.equal([partial.status, partial.balance], ["partial_cancelled", 7_000], "snapshot after partial cancel");
  U.equal(partial.cancels.map((c) => [c.id, c.amount]), [[h.cancellation_id, 3_000]], "snapshot cancels");

  // wrong checksum (still the old balance) and over-cancel: refused with HTTP 200 code 1
  const token: string = await U.token(ctx);
  U.refused(
    await U.raw(ctx, "POST", "/payments/cancel", { imp_uid: paid.imp_uid, amount: 1_000, checksum: 10_000 }, token),
    200,
    1,
    "wrong checksum",
  );
  U.refused(
    await U.raw(ctx, "POST", "/payments/cancel", { imp_uid: paid.imp_uid, amount: 7_001 }, token),
    200,
    1,
    "over-cancel",
  );
  await U.pgError(adapter.cancel(store, { imp_uid: paid.imp_uid, amount: 8_000 }), "rejected", "over-cancel through the adapter", "1");
  U.equal((await adapter.getPayment(store, paid.imp_uid)).cancel_amount, 3_000, "refused cancels changed nothing");

  // no amount = everything left; by merchant_uid
  const full = await adapter.cancel(store, { merchant_uid: paid.merchant_uid, checksum: 7_000, reason: "전액" });
  U.equal([full.status, full.cancel_amount, full.cancel_history.length], ["cancelled", 10_000, 2], "after the rest");
  U.assert(full.cancel_history[0]!.cancellation_id !== full.cancel_history[1]!.cancellation_id, "distinct cancellation ids");
  U.equal(full.cancel_receipt_urls.length, 2, "a cancel receipt per cancel");
  const snap = IamportAdapter.snapshot(full);
  U.equal([snap.status, snap.balance, snap.cancels.length], ["cancelled", 0, 2], "snapshot when fully cancelled");
  U.equal(snap.cancelled_at, snap.cancels[0]!.cancelled_at, "snapshot cancelled_at = first cancel");

  // nothing left to cancel
  U.refused(await U.raw(ctx, "POST", "/payments/cancel", { imp_uid: paid.imp_uid }, token), 200, 1, "cancel of a cancelled payment");
}
