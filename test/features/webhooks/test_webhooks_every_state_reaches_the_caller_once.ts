import api from "../../../src/api";
import { assert, equal, expectError, iamportCardPaid, orderId, password, tossCardPaid } from "../../internal/pgs";
import { TestContext } from "../../TestContext";
import { WebhookKit } from "./internal/WebhookKit";

/**
 * A shop marks its orders paid from webhooks alone. A card payment registered at once is
 * announced (`payment.paid`, `previous: null`). One whose registration was cut off by a PG
 * timeout (502 PG_UNAVAILABLE, kept pending) is read by the shop with its right password
 * as `pending` as often as it polls (never 404, never locked out), and is announced once the
 * reconciler settles it. Every state is announced once, in order, nothing twice.
 */
export async function test_webhooks_every_state_reaches_the_caller_once(ctx: TestContext): Promise<void> {
  const receiver = await WebhookKit.receiver(ctx);
  try {
    // Registered at once.
    const tossSource = { schema: "shop", table: "orders", id: orderId() };
    const tossSecret = password();
    const keyed = await tossCardPaid(ctx, tossSource.id, 21_000);
    const paid = await api.functional.payments.histories.create(ctx.connection, {
      vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: keyed.paymentKey },
      source: tossSource,
      price: 21_000,
      password: tossSecret,
      webhook_url: receiver.url,
    });
    const first = await WebhookKit.until("the registration's event", () => receiver.accepted.find((e) => e.current.id === paid.id));
    equal([first.type, first.previous, first.source, first.current.status], ["payment.paid", null, tossSource, "paid"], "announced at registration");

    // Cut off by a PG timeout: Iamport's read hangs until the injection stops.
    const impSource = { schema: "shop", table: "orders", id: orderId() };
    const impSecret = password();
    const payment = await iamportCardPaid(ctx, impSource.id, 8_000);
    const stop = ctx.iamport.fake.inject({ path: `/payments/${payment.imp_uid}`, method: "GET", mode: "hang" });
    try {
      await expectError(502, "PG_UNAVAILABLE", () =>
        api.functional.payments.histories.create(ctx.connection, {
          vendor: { code: "iamport", store_id: ctx.iamport.storeId, uid: payment.imp_uid },
          source: impSource,
          price: 8_000,
          password: impSecret,
          webhook_url: receiver.url,
        }),
      );
      // The shop polls with its right password, more often than the wrong-password limit.
      for (let i = 0; i < ctx.config.password_max_failures + 3; ++i) {
        const read = await api.functional.payments.histories.get(ctx.connection, { source: impSource, password: impSecret });
        equal([read.status, read.data, read.price, read.paid_at], ["pending", null, 8_000, null], `poll ${i + 1} reads pending`);
      }
      // Its events can be listed with the right password too: none yet.
      const pending = await api.functional.payments.histories.get(ctx.connection, { source: impSource, password: impSecret });
      equal(await api.functional.payments.histories.webhooks.index(ctx.connection, pending.id, { password: impSecret }), [], "no event while pending");
      // A wrong password still gets the same 404 as a missing record.
      await expectError(404, "NOT_FOUND", () => api.functional.payments.histories.get(ctx.connection, { source: impSource, password: "not-the-password" }));
      // Nothing is cancelable until it is settled.
      await expectError(422, "NOT_CANCELABLE", () =>
        api.functional.payments.histories.cancel(ctx.connection, { source: impSource, password: impSecret, reason: "too early" }),
      );
    } finally {
      stop();
    }
    const reconciled = await WebhookKit.until("the reconciled payment's event", () => receiver.accepted.find((e) => e.current.source.id === impSource.id));
    equal([reconciled.type, reconciled.previous, reconciled.source, reconciled.current.price], ["payment.paid", null, impSource, 8_000], "announced when reconciled");
    const read = await api.functional.payments.histories.get(ctx.connection, { source: impSource, password: impSecret });
    equal([read.status, read.id], ["paid", reconciled.current.id], "read paid after reconciliation");

    // A later change: announced with its previous state.
    await api.functional.payments.histories.cancel(ctx.connection, { source: tossSource, password: tossSecret, reason: "return", price: 1_000 });
    const cancelled = await WebhookKit.until("the cancel event", () => receiver.accepted.find((e) => e.current.id === paid.id && e.type === "payment.partial_cancelled"));
    equal([cancelled.previous?.status, cancelled.current.refund], ["paid", 1_000], "cancel announced with its previous state");
    assert(cancelled.current.cancels.every((c) => c.created_at === c.cancelled_at), "cancels carry created_at");

    // Exactly once each.
    await WebhookKit.sleep(500);
    equal(receiver.accepted.filter((e) => e.current.id === paid.id).map((e) => e.type), ["payment.paid", "payment.partial_cancelled"], "toss: each state once");
    equal(receiver.accepted.filter((e) => e.current.id === reconciled.current.id).map((e) => e.type), ["payment.paid"], "iamport: each state once");
    equal(receiver.rejected, [], "all verified");
  } finally {
    await receiver.close();
  }
}
