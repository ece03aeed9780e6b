import { TestContext } from "../../../TestContext";
import { IamportTestUtil as U } from "./IamportTestUtil";

/** Cancels that cannot be done: unknown payment, no id, unpaid, failed, unpaid vbank refund rules. */
export async function test_fake_iamport_cancel_errors(ctx: TestContext): Promise<void> {
  const adapter = U.adapter(ctx);
  const store: string = ctx.iamport.storeId;
  const token: string = await U.token(ctx);

  U.refused(await U.raw(ctx, "POST", "/payments/cancel", { imp_uid: "imp_000000000001" }, token), 200, 1, "unknown imp_uid");
  await U.pgError(adapter.cancel(store, { imp_uid: "imp_000000000001" }), "not_found", "unknown imp_uid via adapter");
  await U.pgError(adapter.cancel(store, { merchant_uid: U.uid("none") }), "not_found", "unknown merchant_uid via adapter");
  U.refused(await U.raw(ctx, "POST", "/payments/cancel", { reason: "no id" }, token), 400, -1, "neither imp_uid nor merchant_uid");
  U.refused(await U.raw(ctx, "POST", "/payments/cancel", { imp_uid: "x", amount: 10.5 }, token), 400, -1, "non-integer amount");
  U.refused(await U.raw(ctx, "POST", "/payments/cancel", { imp_uid: "x" }), 401, -1, "cancel without token");

  // a declined payment cannot be cancelled
  const declined = await U.ok(ctx, "POST", "/internal/payments/window", {
    merchant_uid: U.uid("declined"),
    amount: 5_000,
    card_number: "4000-0000-0000-0002",
  });
  U.equal(declined.status, "failed", "declined card gives a failed payment");
  await U.pgError(adapter.cancel(store, { imp_uid: declined.imp_uid }), "rejected", "cancel of a failed payment");

  // an unpaid virtual account is not cancelled by /payments/cancel (DELETE /vbanks is)
  const vbank = await U.ok(ctx, "POST", "/internal/payments/window", {
    merchant_uid: U.uid("vb"),
    amount: 20_000,
    pay_method: "vbank",
  });
  await U.pgError(adapter.cancel(store, { imp_uid: vbank.imp_uid }), "rejected", "cancel of an unpaid vbank");

  // a paid virtual account needs the refund account
  await U.ok(ctx, "POST", `/internal/vbanks/${vbank.imp_uid}/deposit`, { amount: 20_000 });
  const e = await U.pgError(adapter.cancel(store, { imp_uid: vbank.imp_uid, reason: "환불" }), "rejected", "vbank refund without account");
  U.assert(e.props.message.includes("환불계좌"), `message names the refund account: ${e.props.message}`);
  const refunded = await adapter.cancel(store, {
    imp_uid: vbank.imp_uid,
    reason: "환불",
    refund_holder: "홍길동",
    refund_bank: "088",
    refund_account: "110123456789",
    refund_tel: "01012345678",
  });
  U.equal([refunded.status, refunded.cancel_amount], ["cancelled", 20_000], "vbank refunded with an account");
}
