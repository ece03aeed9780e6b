import { TestContext } from "../../../TestContext";
import { IamportTestUtil as U } from "./IamportTestUtil";

/** Failure injection and magic cards seen through the adapter: 5xx, hang/timeout, token route down. */
export async function test_fake_iamport_failures(ctx: TestContext): Promise<void> {
  const fake = ctx.iamport.fake;
  const store: string = ctx.iamport.storeId;
  const adapter = U.adapter(ctx, 1_000);
  const paid = await U.ok(ctx, "POST", "/internal/payments/window", { merchant_uid: U.uid("fi"), amount: 1_000 });
  await adapter.getPayment(store, paid.imp_uid); // token cached

  try {
    // one 503, then normal again
    fake.inject({ path: "/payments", method: "GET", mode: "error", status: 503, times: 1 });
    const e = await U.pgError(adapter.getPayment(store, paid.imp_uid), "unavailable", "injected 503");
    U.equal(e.props.status, 503, "status kept");
    U.equal((await adapter.getPayment(store, paid.imp_uid)).imp_uid, paid.imp_uid, "recovers after the injection");

    // hang → the adapter's timeout
    const remove = fake.inject({ path: /^\/payments\/imp_/, mode: "hang" });
    await U.pgError(adapter.getPayment(store, paid.imp_uid), "unavailable", "hanging route", "TIMEOUT");
    remove();
    U.equal((await adapter.getPayment(store, paid.imp_uid)).status, "paid", "after removing the hang");

    // the token route down: a fresh adapter cannot authenticate
    fake.inject({ path: "/users/getToken", mode: "error", status: 500 });
    await U.pgError(U.adapter(ctx).getPayment(store, paid.imp_uid), "unavailable", "getToken answering 500");
  } finally {
    fake.clearInjections();
  }

  // magic cards
  await U.pgError(
    adapter.onetime(store, { ...U.CARD, card_number: "4000000000000500", merchant_uid: U.uid("fi"), amount: 1_000 }),
    "unavailable",
    "PG error card",
    "HTTP_500",
  );
  const merchant_uid: string = U.uid("fi");
  await U.pgError(
    adapter.onetime(store, { ...U.CARD, card_number: "4000000000000408", merchant_uid, amount: 1_000 }),
    "unavailable",
    "timeout card",
    "TIMEOUT",
  );
  // the outcome was unknown to the caller, but the charge went through: reconcile by merchant_uid
  U.equal((await adapter.findPayment(store, merchant_uid)).status, "paid", "timed-out charge is paid at the PG");
}
