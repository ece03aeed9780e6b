import { IIamportPayment } from "../../../../src/api/structures/iamport/IIamportPayment";
import { IamportAdapter } from "../../../../src/pg/iamport/IamportAdapter";
import { TestContext } from "../../../TestContext";
import { IamportTestUtil as U } from "./IamportTestUtil";

/** Simulation endpoints: token required, fail a ready payment, bad inputs. */
export async function test_fake_iamport_internal(ctx: TestContext): Promise<void> {
  const token: string = await U.token(ctx);
  U.refused(await U.raw(ctx, "POST", "/internal/payments/window", { merchant_uid: U.uid("in"), amount: 1 }), 401, -1, "window without token");
  U.refused(await U.raw(ctx, "POST", "/internal/payments/window", { merchant_uid: U.uid("in") }, token), 400, -1, "window without amount");
  U.refused(await U.raw(ctx, "POST", "/internal/payments/window", { merchant_uid: U.uid("in"), amount: 0 }, token), 400, -1, "window with zero amount");

  const vb: IIamportPayment = await U.ok(ctx, "POST", "/internal/payments/window", { merchant_uid: U.uid("in"), amount: 2_000, pay_method: "vbank" });
  const failed = await U.ok<IIamportPayment>(ctx, "POST", `/internal/payments/${vb.imp_uid}/fail`, { reason: "사용자 취소" });
  U.equal([failed.status, failed.fail_reason], ["failed", "사용자 취소"], "failed payment");
  U.assert(failed.failed_at > 0, "failed_at set");
  U.equal(IamportAdapter.snapshot(failed).status, "failed", "snapshot failed");
  U.refused(await U.raw(ctx, "POST", `/internal/payments/${vb.imp_uid}/fail`, {}, token), 200, 1, "fail twice");
  U.refused(await U.raw(ctx, "POST", `/internal/vbanks/${vb.imp_uid}/deposit`, {}, token), 200, 1, "deposit into a failed vbank");

  // the order of a failed payment can be paid again; find gives the latest of each status
  const retry: IIamportPayment = await U.ok(ctx, "POST", "/internal/payments/window", { merchant_uid: vb.merchant_uid, amount: 2_000 });
  const adapter = U.adapter(ctx);
  U.equal((await adapter.findPayment(ctx.iamport.storeId, vb.merchant_uid)).imp_uid, retry.imp_uid, "latest payment of the order");
  U.equal((await adapter.findPayment(ctx.iamport.storeId, vb.merchant_uid, "failed")).imp_uid, vb.imp_uid, "failed one by status");

  for (const path of [`/internal/vbanks/imp_000000000004/deposit`, `/internal/vbanks/imp_000000000004/expire`, `/internal/payments/imp_000000000004/fail`, `/internal/payments/imp_000000000004/cancel`, `/internal/payments/imp_000000000004/webhook`])
    U.refused(await U.raw(ctx, "POST", path, {}, token), 404, 1, `unknown payment at ${path}`);
}
