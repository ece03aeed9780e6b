import { TestContext } from "../../../TestContext";
import { IamportTestUtil as U } from "./IamportTestUtil";

/** Charging a stored billing key: approved, declined (status failed), unknown or deleted key. */
export async function test_fake_iamport_subscribe_again(ctx: TestContext): Promise<void> {
  const adapter = U.adapter(ctx);
  const store: string = ctx.iamport.storeId;
  const customer_uid: string = U.uid("again");
  await adapter.createCustomer(store, customer_uid, { ...U.CARD, customer_name: "홍길동" });

  const paid = await adapter.again(store, { customer_uid, merchant_uid: U.uid("again"), amount: 4_900, name: "정기결제 1회차" });
  U.equal([paid.status, paid.customer_uid, paid.customer_uid_usage, paid.amount, paid.name], ["paid", customer_uid, "payment", 4_900, "정기결제 1회차"], "again approved");
  U.equal((await adapter.getPayment(store, paid.imp_uid)).status, "paid", "stored");

  // a card that can hold a key but is declined at charge time
  const poor: string = U.uid("poor");
  await adapter.createCustomer(store, poor, { ...U.CARD, card_number: "4000-0000-0000-0002" });
  const declined = await adapter.again(store, { customer_uid: poor, merchant_uid: U.uid("again"), amount: 4_900, name: "정기결제" });
  U.equal(declined.status, "failed", "declined again answers a failed payment, not an error");
  U.assert((declined.fail_reason ?? "").length > 0, "fail_reason set");

  // unknown key: code 1 → not_found
  await U.pgError(adapter.again(store, { customer_uid: U.uid("ghost"), merchant_uid: U.uid("again"), amount: 1_000, name: "x" }), "not_found", "unknown customer_uid");
  // deleted key
  await adapter.deleteCustomer(store, customer_uid);
  await U.pgError(adapter.again(store, { customer_uid, merchant_uid: U.uid("again"), amount: 1_000, name: "x" }), "not_found", "deleted customer_uid");
  // bad body
  U.refused(await U.raw(ctx, "POST", "/subscribe/payments/again", { customer_uid: poor, merchant_uid: U.uid("again"), amount: -1, name: "x" }, await U.token(ctx)), 400, -1, "negative amount");
}
