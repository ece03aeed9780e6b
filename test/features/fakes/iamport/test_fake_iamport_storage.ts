import { FakeIamport } from "../../../../src/fakes/iamport/FakeIamport";
import { IamportAdapter } from "../../../../src/pg/iamport/IamportAdapter";
import { TestContext } from "../../../TestContext";
import { IamportTestUtil as U } from "./IamportTestUtil";

/** A second, private fake: bounded storage, record expiry, custom keys, store isolation, port 0. */
export async function test_fake_iamport_storage(ctx: TestContext): Promise<void> {
  let now: number = Date.now();
  const keys = [
    { imp_key: "store_a_key", imp_secret: "store_a_secret" },
    { imp_key: "store_b_key", imp_secret: "store_b_secret" },
  ];
  const fake = new FakeIamport({ port: 0, keys, now: () => new Date(now), storage: { capacity: 3, ttlMs: 60 * 60 * 1000 }, tokenTtlSeconds: 24 * 60 * 60 });
  await fake.open();
  try {
    U.assert(/^http:\/\/127\.0\.0\.1:\d+$/.test(fake.host) && !fake.host.endsWith(":0"), `real port once open: ${fake.host}`);
    const adapter = new IamportAdapter({
      host: fake.host,
      stores: { a: { impKey: keys[0]!.imp_key, impSecret: keys[0]!.imp_secret }, b: { impKey: keys[1]!.imp_key, impSecret: keys[1]!.imp_secret } },
      timeoutMs: 5_000,
    });
    U.assert(ctx.iamport.host !== fake.host, "a different server than the shared one");
    await U.pgError(
      new IamportAdapter({ host: fake.host, stores: { s: { impKey: ctx.iamport.impKey, impSecret: ctx.iamport.impSecret } }, timeoutMs: 5_000 }).getPayment("s", "imp_x"),
      "unauthorized",
      "keys not configured in this fake",
    );

    const first = await adapter.onetime("a", { ...U.CARD, merchant_uid: "order-1", amount: 100 });
    // store isolation: b cannot see a's payment, and may use the same merchant_uid
    await U.pgError(adapter.getPayment("b", first.imp_uid), "not_found", "other store's payment");
    await adapter.onetime("b", { ...U.CARD, merchant_uid: "order-1", amount: 100 });

    // capacity 3 per table: the oldest payment is dropped
    await adapter.onetime("a", { ...U.CARD, merchant_uid: "order-2", amount: 100 });
    await adapter.onetime("a", { ...U.CARD, merchant_uid: "order-3", amount: 100 });
    await U.pgError(adapter.getPayment("a", first.imp_uid), "not_found", "evicted beyond capacity");

    // expiry an hour after the last write
    const recent = await adapter.findPayment("a", "order-3");
    now += 61 * 60 * 1000;
    await U.pgError(adapter.getPayment("a", recent.imp_uid), "not_found", "expired record");
  } finally {
    await fake.close();
  }
  await fake.close(); // idempotent
}
