import { Webhook } from "standardwebhooks";

import api from "../../../src/api";
import type { IPaymentReservation } from "../../../src/api/structures/IPaymentReservation";
import { WebhookKit } from "../webhooks/internal/WebhookKit";
import { EDGE } from "../../internal/edge";
import { assert, equal, expectError, orderId, password, portoneBillingKey, portoneInternal, rowsOfSource, tossInternal } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * A subscriber's card is deleted at the PG (Toss `DELETE /v1/billing/{billingKey}`, PortOne
 * `DELETE /billing-keys/{billingKey}`), and the PG says so by webhook (`BILLING_DELETED`,
 * `BillingKey.Deleted`): the reservation reads revoked, `reservation.revoked` reaches the
 * client's `events_url` once, and a charge answers `422 RESERVATION_REVOKED` with nothing
 * recorded. Before that, a Toss event naming a key we do not hold, and a PortOne event signed
 * right for a key Portone still holds, change nothing.
 */
export async function test_billing_key_deleted_at_the_pg_revokes_the_reservation(ctx: TestContext): Promise<void> {
  const receiver = await WebhookKit.receiver(ctx, ctx.config.port + EDGE.events_offset);
  const since = new Date(Date.now() - 1_000);
  try {
    const secret = password();
    const customerKey = `customer-${orderId()}`;
    const { authKey } = await tossInternal<{ authKey: string }>(ctx, "billing/auth", { customerKey });
    const toss = await api.functional.payments.reservations.create(ctx.connection, {
      vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: authKey },
      customer_key: customerKey,
      source: { schema: "saas", table: "subscriptions", id: orderId() },
      title: "Pro plan",
      password: secret,
    });
    const key = await portoneBillingKey(ctx);
    const portone = await api.functional.payments.reservations.create(ctx.connection, {
      vendor: { code: "portone", store_id: ctx.portone.storeId, uid: key.billingKey },
      source: { schema: "saas", table: "subscriptions", id: orderId() },
      title: "Basic plan",
      password: secret,
    });
    equal([toss.revoked_at, portone.revoked_at], [null, null], "both usable");

    // Forged or premature: nothing changes.
    await post(ctx, "toss", JSON.stringify({ eventType: "BILLING_DELETED", createdAt: "2026-12-03T00:00:00.000000", data: { billingKey: `bk-${orderId()}`, reason: null } }), {});
    const early = JSON.stringify({ type: "BillingKey.Deleted", timestamp: new Date().toISOString(), data: { storeId: ctx.portone.portoneStoreId, billingKey: key.billingKey } });
    await post(ctx, "portone", early, signed(ctx, early));
    const forged = await post(ctx, "portone", early, { ...signed(ctx, early), "webhook-signature": "v1,Zm9yZ2Vk" }, 401);
    equal(forged, 401, "a bad signature is refused");
    await WebhookKit.until("the early events processed", async () => (await unprocessed(ctx, since)) === 0);
    // A window opened for another key, and this key's card replaced: PortOne's real events, neither a deletion.
    await portoneInternal(ctx, "billing-keys/ready");
    await portoneInternal(ctx, `billing-keys/${encodeURIComponent(key.billingKey)}/update`, { cardNumber: "5310123412341234" });
    await WebhookKit.until("BillingKey.Ready and BillingKey.Updated processed", async () => {
      const rows = await ctx.query<{ count: string | number }>(
        "SELECT count(*) AS count FROM payment_webhooks WHERE vendor_code = 'portone' AND received_at >= $1 AND status = 'ignored' AND event_type IN ('BillingKey.Ready', 'BillingKey.Updated')",
        [since],
      );
      return Number(rows[0]!.count) >= 2 && (await unprocessed(ctx, since)) === 0;
    });
    const stillUsable = await api.functional.payments.reservations.at(ctx.connection, portone.id, { password: secret });
    equal(stillUsable.revoked_at, null, "PortOne still holds the key: not revoked");

    // The PG deletes both keys, and tells.
    const tossDeleted = await fetch(`${ctx.toss.host}/v1/billing/${encodeURIComponent(toss.vendor.uid)}`, {
      method: "DELETE",
      headers: { authorization: `Basic ${Buffer.from(`${ctx.toss.secretKey}:`).toString("base64")}` },
    });
    equal(tossDeleted.status, 200, "deleted at Toss");
    const portoneDeleted = await fetch(`${ctx.portone.host}/billing-keys/${encodeURIComponent(key.billingKey)}`, { method: "DELETE", headers: { authorization: `PortOne ${ctx.portone.apiSecret}` } });
    equal(portoneDeleted.status, 200, "deleted at PortOne");

    for (const reservation of [toss, portone]) {
      const events = await WebhookKit.until(`${reservation.vendor_code}: reservation.revoked delivered`, () => {
        const of = (receiver.accepted as unknown as IPaymentReservation.IWebhook[]).filter((e) => e.current.id === reservation.id);
        return of.length !== 0 ? of : null;
      });
      const read = await api.functional.payments.reservations.at(ctx.connection, reservation.id, { password: secret });
      assert(read.revoked_at !== null, `${reservation.vendor_code}: the reservation reads revoked`);
      equal([events[0]!.type, events[0]!.previous?.revoked_at, events[0]!.current.revoked_at], ["reservation.revoked", null, read.revoked_at], `${reservation.vendor_code}: announced with its before and after`);

      const invoice = { schema: "saas", table: "invoices", id: orderId() };
      await expectError(422, "RESERVATION_REVOKED", () =>
        api.functional.payments.reservations.charge(ctx.connection, { reservation: { id: reservation.id, password: secret }, source: invoice, price: 9_900, order_name: "One month", password: password() }),
      );
      equal(await rowsOfSource(ctx, "payment_histories", invoice.id), 0, `${reservation.vendor_code}: nothing recorded`);
    }

    // The same event again (the PG retries): announced once all the same.
    const again = JSON.stringify({ type: "BillingKey.Deleted", timestamp: new Date().toISOString(), data: { storeId: ctx.portone.portoneStoreId, billingKey: key.billingKey } });
    await post(ctx, "portone", again, signed(ctx, again));
    await WebhookKit.until("the repeat processed", async () => (await unprocessed(ctx, since)) === 0);
    await WebhookKit.sleep(300);
    for (const reservation of [toss, portone])
      equal((receiver.accepted as unknown as IPaymentReservation.IWebhook[]).filter((e) => e.current.id === reservation.id).length, 1, `${reservation.vendor_code}: announced once`);
  } finally {
    await receiver.close();
  }
}

const post = async (ctx: TestContext, path: string, body: string, headers: Record<string, string>, expected = 200): Promise<number> => {
  const res = await fetch(`${ctx.host}/payments/webhooks/${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  equal(res.status, expected, `the ${path} webhook answered`);
  return res.status;
};

const signed = (ctx: TestContext, body: string): Record<string, string> => {
  const id = `msg_${orderId()}`;
  const at = new Date();
  return { "webhook-id": id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": new Webhook(ctx.portone.webhookSecret).sign(id, at, body) };
};

/** This scenario's billing-key events not processed yet (other scenarios' rows are not waited for). */
const unprocessed = async (ctx: TestContext, since: Date): Promise<number> =>
  Number(
    (
      await ctx.query<{ n: number | string }>(
        "SELECT count(*) AS n FROM payment_webhooks WHERE status IN ('received', 'processing') AND event_type IN ('BILLING_DELETED', 'BillingKey.Deleted') AND received_at >= $1",
        [since],
      )
    )[0]!.n,
  );
