import crypto from "node:crypto";

import api from "../../../src/api";
import { assert, equal, tossInternal } from "../../internal/pgs";
import { TestContext } from "../../TestContext";
import { WebhookKit } from "./internal/WebhookKit";

const post = async (ctx: TestContext, vendor: "toss" | "iamport", body: unknown, form = false): Promise<number> => {
  const res = await fetch(`${ctx.host}/payments/webhooks/${vendor}`, {
    method: "POST",
    headers: { "content-type": form ? "application/x-www-form-urlencoded" : "application/json" },
    body: form ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
};

/**
 * Someone who knows our webhook URLs posts forged PG webhooks: an unknown payment, a
 * deposit callback with a wrong secret, a "paid" status with a changed amount. Each is
 * stored and answered 200 (so a PG would stop retrying) but changes nothing. Then the
 * genuine deposit webhook is posted 10 more times at once: one event, not eleven.
 */
export async function test_webhooks_forged_or_repeated_change_nothing(ctx: TestContext): Promise<void> {
  const receiver = await WebhookKit.receiver(ctx);
  try {
    const va = await WebhookKit.tossVirtualAccount(ctx, receiver.url);
    const vb = await WebhookKit.iamportVbank(ctx, receiver.url);
    const since = new Date(Date.now() - 1000);
    const read = () => api.functional.payments.histories.at(ctx.connection, va.history.id, { password: va.password });
    if (va.history.vendor_code !== "toss.payments") throw new Error("narrowing");
    const payment = va.history.data;

    const unknownKey = `tgen_${crypto.randomBytes(10).toString("hex")}`;
    equal(await post(ctx, "toss", { eventType: "PAYMENT_STATUS_CHANGED", createdAt: "2024-01-01T00:00:00.000000", data: { ...payment, paymentKey: unknownKey, status: "DONE" } }), 200, "unknown payment answered 200");
    equal(await post(ctx, "toss", { createdAt: "2024-01-01T00:00:00.000000", secret: "ps_forged_secret_000000000", status: "DONE", transactionKey: "x", orderId: va.orderId }), 200, "wrong secret answered 200");
    equal(await post(ctx, "toss", { eventType: "PAYMENT_STATUS_CHANGED", createdAt: "2024-01-01T00:00:00.000000", data: { ...payment, status: "DONE", totalAmount: 1, balanceAmount: 1, approvedAt: new Date().toISOString() } }), 200, "changed amount answered 200");
    equal(await post(ctx, "iamport", { imp_uid: vb.imp_uid, merchant_uid: vb.orderId, status: "paid" }, true), 200, "forged iamport form answered 200");
    equal(await post(ctx, "toss", { eventType: "SOMETHING_NEW", data: {} }), 200, "unknown event type answered 200");

    await WebhookKit.until("inbound webhooks processed", () => WebhookKit.inboundSettled(ctx, since));
    // Kept (it may be registered later) without asking the PG, and applied to nothing.
    equal((await WebhookKit.inbound(ctx, unknownKey)).map((r) => r.status), ["deferred"], "unknown payment kept aside");
    const deposits = await ctx.query<{ status: string }>("SELECT status FROM payment_webhooks WHERE event_type = 'DEPOSIT_CALLBACK' AND vendor_uid IS NULL AND received_at >= $1", [since]);
    // (The genuine issue callback, if it came during registration, is kept aside: deferred.)
    equal(deposits.filter((d) => d.status !== "deferred").map((d) => d.status), ["rejected"], "wrong secret rejected");
    equal((await read()).status, "waiting_deposit", "still waiting for deposit");
    equal((await read()).paid_at, null, "still unpaid");
    equal((await api.functional.payments.histories.at(ctx.connection, vb.history.id, { password: vb.password })).status, "waiting_deposit", "iamport still waiting");
    // Only the registrations' own first events: nothing forged made one.
    equal((await WebhookKit.events(ctx, va.history.id)).map((e) => e.type), ["payment.waiting_deposit"], "no toss event but its first");
    equal((await WebhookKit.events(ctx, vb.history.id)).map((e) => e.type), ["payment.waiting_deposit"], "no iamport event but its first");
    const ignored = await ctx.query<{ n: number }>("SELECT count(*)::int AS n FROM payment_webhooks WHERE event_type = 'SOMETHING_NEW' AND status = 'ignored' AND received_at >= $1", [since]);
    equal(ignored[0]!.n, 1, "unknown event type ignored");

    // The genuine deposit, then its webhook posted 10 more times at once.
    const deposited = await tossInternal<typeof payment>(ctx, `virtual-accounts/${va.paymentKey}/deposit`, { amount: 50_000 });
    const genuine = { eventType: "PAYMENT_STATUS_CHANGED", createdAt: "2024-01-01T00:00:00.000000", data: deposited };
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(ctx, "toss", genuine)));
    equal(answers, Array(10).fill(200), "all answered 200");
    await WebhookKit.until("the paid event", () => receiver.accepted.some((e) => e.current.id === va.history.id && e.type === "payment.paid"));
    await WebhookKit.until("inbound webhooks processed", () => WebhookKit.inboundSettled(ctx, since));
    await WebhookKit.sleep(300);
    const events = await WebhookKit.events(ctx, va.history.id);
    equal(events.map((e) => e.type), ["payment.waiting_deposit", "payment.paid"], "one event for eleven webhooks");
    equal(receiver.accepted.filter((e) => e.current.id === va.history.id && e.type === "payment.paid").length, 1, "received once");
    const rows = await WebhookKit.inbound(ctx, va.paymentKey);
    assert(rows.filter((r) => r.status === "applied").length === 1, `one applied, the rest unchanged: ${JSON.stringify(rows.map((r) => r.status))}`);
  } finally {
    await receiver.close();
  }
}
