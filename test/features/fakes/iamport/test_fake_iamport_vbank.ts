import { IIamportPayment } from "../../../../src/api/structures/iamport/IIamportPayment";
import { IamportAdapter } from "../../../../src/pg/iamport/IamportAdapter";
import { TestContext } from "../../../TestContext";
import { IamportTestUtil as U } from "./IamportTestUtil";

/** Virtual accounts: issue, modify, wrong deposit, deposit, delete an unpaid one, expiry. */
export async function test_fake_iamport_vbank(ctx: TestContext): Promise<void> {
  const adapter = U.adapter(ctx);
  const store: string = ctx.iamport.storeId;
  const token: string = await U.token(ctx);
  const due: number = Math.floor(Date.now() / 1000) + 24 * 60 * 60;

  const issued: IIamportPayment = await adapter.createVbank(store, {
    merchant_uid: U.uid("vbank"),
    amount: 33_000,
    vbank_code: "088",
    vbank_due: due,
    vbank_holder: "(주)테스트",
    name: "가상계좌 주문",
  });
  U.equal([issued.status, issued.pay_method, issued.vbank_code, issued.vbank_name, issued.vbank_holder, issued.vbank_date], ["ready", "vbank", "088", "신한은행", "(주)테스트", due], "issued vbank");
  U.assert(/^\d+$/.test(issued.vbank_num ?? "") && issued.vbank_issued_at > 0 && issued.paid_at === 0, "vbank number and timestamps");
  const waiting = IamportAdapter.snapshot(issued);
  U.equal([waiting.status, waiting.paid_at, waiting.virtual_account?.account_number, waiting.virtual_account?.due_date], ["waiting_deposit", null, issued.vbank_num, new Date(due * 1000).toISOString()], "snapshot waiting_deposit");

  // modify amount and deadline
  const changed = await U.raw<IIamportPayment>(ctx, "PUT", `/vbanks/${issued.imp_uid}`, { amount: 30_000, vbank_due: due + 3600 }, token);
  U.equal([changed.body.code, changed.body.response.amount, changed.body.response.vbank_date], [0, 30_000, due + 3600], "PUT /vbanks");
  U.refused(await U.raw(ctx, "PUT", `/vbanks/${issued.imp_uid}`, { vbank_due: 1000 }, token), 200, 1, "deadline in the past");
  U.refused(await U.raw(ctx, "PUT", "/vbanks/imp_000000000002", { amount: 1 }, token), 404, 1, "PUT unknown vbank");

  // deposit of another amount refused, exact amount accepted
  U.refused(await U.raw(ctx, "POST", `/internal/vbanks/${issued.imp_uid}/deposit`, { amount: 33_000 }, token), 200, 1, "wrong deposit amount");
  const deposited = await U.ok<IIamportPayment>(ctx, "POST", `/internal/vbanks/${issued.imp_uid}/deposit`, {});
  U.equal(deposited.status, "paid", "deposited");
  U.assert(deposited.paid_at > 0, "paid_at set at deposit");
  U.equal(IamportAdapter.snapshot(deposited).status, "paid", "snapshot paid");
  U.refused(await U.raw(ctx, "PUT", `/vbanks/${issued.imp_uid}`, { amount: 1 }, token), 200, 1, "PUT a paid vbank");
  U.refused(await U.raw(ctx, "DELETE", `/vbanks/${issued.imp_uid}`, undefined, token), 200, 1, "DELETE a paid vbank");

  // an unpaid one can be deleted
  const other = await adapter.createVbank(store, { merchant_uid: U.uid("vbank"), amount: 5_000, vbank_code: "004", vbank_due: due, vbank_holder: "테스트" });
  const removed = await U.raw<IIamportPayment>(ctx, "DELETE", `/vbanks/${other.imp_uid}`, undefined, token);
  U.equal([removed.status, removed.body.code, removed.body.response.status], [200, 0, "cancelled"], "DELETE /vbanks");
  U.equal(IamportAdapter.snapshot(removed.body.response).status, "cancelled", "snapshot of a deleted vbank");

  // expiry: status stays ready, the deadline passes, deposits are refused
  const late = await adapter.createVbank(store, { merchant_uid: U.uid("vbank"), amount: 5_000, vbank_code: "004", vbank_due: due, vbank_holder: "테스트" });
  const expired = await U.ok<IIamportPayment>(ctx, "POST", `/internal/vbanks/${late.imp_uid}/expire`, {});
  U.equal(expired.status, "ready", "expired vbank keeps status ready");
  U.equal(IamportAdapter.snapshot(expired).status, "expired", "snapshot expired");
  U.refused(await U.raw(ctx, "POST", `/internal/vbanks/${late.imp_uid}/deposit`, {}, token), 200, 1, "deposit after expiry");

  // errors of issue
  U.refused(await U.raw(ctx, "POST", "/vbanks", { merchant_uid: U.uid("vbank"), amount: 1000, vbank_code: "004", vbank_due: 1000, vbank_holder: "x" }, token), 200, 1, "deadline already passed");
  U.refused(await U.raw(ctx, "POST", "/vbanks", { merchant_uid: U.uid("vbank"), amount: 1000 }, token), 400, -1, "missing vbank fields");
}
