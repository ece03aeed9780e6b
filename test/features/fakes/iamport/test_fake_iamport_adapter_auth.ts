import { IamportAdapter } from "../../../../src/pg/iamport/IamportAdapter";
import { TestContext } from "../../../TestContext";
import { IamportTestUtil as U } from "./IamportTestUtil";

/** IamportAdapter's token handling: shared in-flight request, refresh once on 401, bad stores. */
export async function test_fake_iamport_adapter_auth(ctx: TestContext): Promise<void> {
  const fake = ctx.iamport.fake;
  const adapter: IamportAdapter = U.adapter(ctx);
  const paid = await U.ok(ctx, "POST", "/internal/payments/window", { merchant_uid: U.uid("auth"), amount: 1000 });

  // the store's current token (other scenarios may have moved the fake's clock and left a long-lived one)
  const current = (await U.raw(ctx, "POST", "/users/getToken", { imp_key: ctx.iamport.impKey, imp_secret: ctx.iamport.impSecret })).body.response;

  // concurrent callers share one token request
  const before: number = fake.requestCount("POST /users/getToken");
  const all = await Promise.all(Array.from({ length: 5 }, () => adapter.getPayment(ctx.iamport.storeId, paid.imp_uid)));
  U.assert(all.every((p) => p.imp_uid === paid.imp_uid), "every concurrent call returns the payment");
  U.equal(fake.requestCount("POST /users/getToken") - before, 1, "one getToken for 5 concurrent calls");

  // the token is reused by later calls
  await adapter.getPayment(ctx.iamport.storeId, paid.imp_uid);
  U.equal(fake.requestCount("POST /users/getToken") - before, 1, "token reused");

  // the fake's clock jumps past expiry (with room for a 5-minute extension): the adapter's
  // cached token gets 401, is refreshed once, the call retried
  try {
    fake.setClock(() => new Date((current.expired_at + 10 * 60) * 1000));
    const again = await adapter.getPayment(ctx.iamport.storeId, paid.imp_uid);
    U.equal(again.imp_uid, paid.imp_uid, "retried call succeeds");
    U.equal(fake.requestCount("POST /users/getToken") - before, 2, "exactly one refresh");
  } finally {
    fake.setClock(null);
  }

  // unknown store, wrong credentials
  await U.pgError(adapter.getPayment("no-such-store", paid.imp_uid), "unauthorized", "unknown store", "UNKNOWN_STORE");
  const wrong = new IamportAdapter({
    host: ctx.iamport.host,
    stores: { s: { impKey: ctx.iamport.impKey, impSecret: "wrong-secret" } },
    timeoutMs: 5_000,
  });
  await U.pgError(wrong.getPayment("s", paid.imp_uid), "unauthorized", "wrong secret");

  // unreachable host
  const down = new IamportAdapter({ host: "http://127.0.0.1:1", stores: { s: { impKey: "k", impSecret: "s" } }, timeoutMs: 2_000 });
  await U.pgError(down.getPayment("s", "imp_x"), "unavailable", "unreachable host");
}
