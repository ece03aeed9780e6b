import { TossAdapter } from "../../../../src/pg/toss/TossAdapter";
import { TestContext } from "../../../TestContext";
import { TossKit } from "./internal/TossKit";

/** Missing or wrong secret keys get 401 UNAUTHORIZED_KEY; an unknown store never leaves us. */
export async function test_fake_toss_auth_failure(ctx: TestContext): Promise<void> {
  const none = await fetch(`${ctx.toss.host}/v1/payments/anything`);
  TossKit.errorBody({ status: none.status, body: await none.json() }, 401, "UNAUTHORIZED_KEY", "no Authorization");

  const wrong = await TossKit.raw(ctx, "GET", "/v1/payments/anything", undefined, {}, "test_sk_wrong");
  TossKit.errorBody(wrong, 401, "UNAUTHORIZED_KEY", "wrong secret key");

  const internal = await TossKit.raw(ctx, "POST", "/internal/payments", { orderId: TossKit.orderId(), amount: 1000 }, {}, "test_sk_wrong");
  TossKit.errorBody(internal, 401, "UNAUTHORIZED_KEY", "simulation endpoint with a wrong key");

  await TossKit.rejects(TossKit.adapter(ctx, 5_000, "test_sk_wrong").getPayment(ctx.toss.storeId, "x"), "unauthorized", "UNAUTHORIZED_KEY", "adapter with a wrong key");
  const adapter = new TossAdapter({ host: ctx.toss.host, stores: {}, timeoutMs: 5_000 });
  const e = await TossKit.rejects(adapter.getPayment("no-such-store", "x"), "unauthorized", "UNKNOWN_STORE", "unknown store");
  TossKit.equals(e.props.status, null, "unknown store never reached Toss");
}
