import api from "../../../src/api";
import { equal, expectError, tossInternal } from "../../internal/pgs";
import { atPg } from "../../internal/lifecycle";
import { TestContext } from "../../TestContext";
import { WebhookKit } from "../webhooks/internal/WebhookKit";

/**
 * A shop moving from `payment-backend` keeps its client code: it reads by source with the
 * flat `{schema, table, id, password}` body, refunds a deposited virtual account with
 * `account: {bank, account, holder, mobile}`, and finds `cancels[].created_at` and the
 * webhook's top-level `source`. A field this API does not know (a typo) is refused and
 * named, and nothing is refunded by it.
 */
export async function test_payment_backend_client_works_unchanged(ctx: TestContext): Promise<void> {
  const receiver = await WebhookKit.receiver(ctx);
  try {
    const va = await WebhookKit.tossVirtualAccount(ctx, receiver.url, 40_000);
    await tossInternal(ctx, `virtual-accounts/${va.paymentKey}/deposit`, { amount: 40_000 });
    const source = va.history.source;
    const flat = { schema: source.schema, table: source.table, id: source.id, password: va.password };
    await WebhookKit.until("the deposit", async () => (await api.functional.payments.histories.get(ctx.connection, flat)).status === "paid");

    // A typo in a field name is refused, named, and moves no money.
    const typo = { source, password: va.password, reason: "typo", price: 1_000, refund_acount: { bank: "88", number: "110123456789", holder: "홍길동" } };
    const message = await expectError(400, "INVALID_BODY", () => api.functional.payments.histories.cancel(ctx.connection, typo as never));
    equal(message.includes("body.refund_acount"), true, `the unknown field is named: ${message}`);
    equal((await atPg(ctx, "toss.payments", va.paymentKey)).refunded, 0, "nothing refunded at the PG");

    // payment-backend's refund account form.
    const cancelled = await api.functional.payments.histories.cancel(ctx.connection, {
      source,
      password: va.password,
      price: 15_000,
      reason: "부분 환불",
      account: { bank: "88", account: "110-123-456789", holder: "홍길동", mobile: "01012345678" },
    });
    equal([cancelled.status, cancelled.refund], ["partial_cancelled", 15_000], "refunded with the legacy account");
    equal(cancelled.cancels.map((c) => [c.price, c.created_at === c.cancelled_at]), [[15_000, true]], "cancels[].created_at");
    // Both forms at once are ambiguous.
    await expectError(400, "INVALID_BODY", () =>
      api.functional.payments.histories.cancel(ctx.connection, {
        source,
        password: va.password,
        price: 1_000,
        reason: "both",
        account: { bank: "88", account: "110123456789", holder: "홍길동", mobile: "01012345678" },
        refund_account: { bank: "88", number: "110123456789", holder: "홍길동" },
      }),
    );

    const event = await WebhookKit.until("the cancel event", () => receiver.accepted.find((e) => e.current.id === va.history.id && e.type === "payment.partial_cancelled"));
    equal(event.source, source, "webhook source at the top");
    equal((await api.functional.payments.histories.get(ctx.connection, flat)).refund, 15_000, "flat read");
  } finally {
    await receiver.close();
  }
}
