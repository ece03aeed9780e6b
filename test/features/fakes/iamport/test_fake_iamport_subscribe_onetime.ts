import { TestContext } from "../../../TestContext";
import { IamportTestUtil as U } from "./IamportTestUtil";

/** Non-auth card payments: plain, storing a billing key, declined, invalid, malformed, duplicate. */
export async function test_fake_iamport_subscribe_onetime(ctx: TestContext): Promise<void> {
  const adapter = U.adapter(ctx);
  const store: string = ctx.iamport.storeId;

  // plain: no billing key stored
  const plain = await adapter.onetime(store, { ...U.CARD, merchant_uid: U.uid("one"), amount: 9_900, name: "월 구독" });
  U.equal([plain.status, plain.pay_method, plain.channel, plain.amount], ["paid", "card", "api", 9_900], "plain onetime");
  U.equal([plain.customer_uid, plain.customer_uid_usage], [null, null], "no billing key");
  U.equal(plain.card_number, "4092-02**-****-1234", "masked card number");
  U.assert(!JSON.stringify(plain).includes("4092023012341234"), "full card number never answered");

  // with customer_uid: the card is stored as a billing key
  const customer_uid: string = U.uid("cust");
  const keyed = await adapter.onetime(store, { ...U.CARD, merchant_uid: U.uid("one"), amount: 1_000, customer_uid, buyer_name: "홍길동" });
  U.equal([keyed.status, keyed.customer_uid, keyed.customer_uid_usage], ["paid", customer_uid, "issue"], "onetime with customer_uid");
  const customer = await adapter.getCustomer(store, customer_uid);
  U.equal([customer.customer_uid, customer.card_number, customer.customer_name], [customer_uid, "4092-02**-****-1234", "홍길동"], "stored billing key");

  // declined card: NOT an API error, code 0 with status "failed"
  const token: string = await U.token(ctx);
  const declined = await U.raw(ctx, "POST", "/subscribe/payments/onetime", { ...U.CARD, card_number: "4000000000000002", merchant_uid: U.uid("one"), amount: 1_000 }, token);
  U.equal([declined.status, declined.body.code, declined.body.response?.status], [200, 0, "failed"], "declined onetime envelope");
  U.assert(declined.body.response.fail_reason && declined.body.response.failed_at > 0 && declined.body.response.paid_at === 0, "declined payment has fail_reason/failed_at");
  // the order can be retried after a failure
  const retried = await adapter.onetime(store, { ...U.CARD, merchant_uid: declined.body.response.merchant_uid, amount: 1_000 });
  U.equal(retried.status, "paid", "retry of a failed order");
  U.equal((await adapter.findPayment(store, retried.merchant_uid)).imp_uid, retried.imp_uid, "find gives the latest");

  // invalid card while storing a key: refused with code 1
  await U.pgError(adapter.onetime(store, { ...U.CARD, card_number: "4000000000000010", merchant_uid: U.uid("one"), amount: 1_000, customer_uid: U.uid("cust") }), "rejected", "invalid card key issue");
  // expired card: code 1; malformed: 400
  U.refused(await U.raw(ctx, "POST", "/subscribe/payments/onetime", { ...U.CARD, expiry: "2001-01", merchant_uid: U.uid("one"), amount: 1_000 }, token), 200, 1, "expired card");
  U.refused(await U.raw(ctx, "POST", "/subscribe/payments/onetime", { ...U.CARD, card_number: "1234", merchant_uid: U.uid("one"), amount: 1_000 }, token), 400, -1, "malformed card number");
  U.refused(await U.raw(ctx, "POST", "/subscribe/payments/onetime", { ...U.CARD, merchant_uid: U.uid("one") }, token), 400, -1, "amount missing");
  // duplicate order
  await U.pgError(adapter.onetime(store, { ...U.CARD, merchant_uid: plain.merchant_uid, amount: 9_900 }), "rejected", "duplicate merchant_uid");
}
