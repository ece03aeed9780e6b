import { TestContext } from "../../../TestContext";
import { TossKit } from "./internal/TossKit";

/** A virtual account chosen in the payment window is issued by confirm (WAITING_FOR_DEPOSIT). */
export async function test_fake_toss_virtual_account_via_window(ctx: TestContext): Promise<void> {
  const adapter = TossKit.adapter(ctx);
  const window = await TossKit.internal(ctx, "/payments", { orderId: TossKit.orderId(), amount: 12_000, method: "가상계좌", bank: "04", customerName: "이토스" });
  const issued = await adapter.confirm(ctx.toss.storeId, window);
  TossKit.equals([issued.status, issued.method, issued.virtualAccount?.bankCode, issued.approvedAt], ["WAITING_FOR_DEPOSIT", "가상계좌", "04", null], "issued by confirm");
  TossKit.assert(issued.secret !== null, "secret");
  const done = await TossKit.internal(ctx, `/virtual-accounts/${window.paymentKey}/deposit`, { depositorName: "이토스" });
  TossKit.equals([done.status, done.virtualAccount.depositorName], ["DONE", "이토스"], "deposited");
}
