import api from "../../../src/api";
import type { IPaymentOrphan } from "../../../src/api/structures/IPaymentOrphan";
import type { IPaymentVendor } from "../../../src/api/structures/IPaymentVendor";
import { PaymentBackend } from "../../../src/PaymentBackend";
import { WebhookKit } from "../webhooks/internal/WebhookKit";
import { atEdgeStore, EDGE, EDGE_STORES, paidAtEdgeStore, sweepNow } from "../../internal/edge";
import { operatorOf } from "../../internal/operator";
import { assert, equal, orderId, password } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * At each PG a buyer pays and nobody ever registers the payment (a closed tab, a crashed
 * shop; for Toss, approved by something else than payments-server), 40 minutes ago by the
 * PG's clock. Beside it, a payment of the same age that its shop did register. Two instances
 * (one on PGlite) sweep the PGs' listings at the same moment: each orphan is stored once,
 * announced once to the client that owns its store (`payment.orphaned`), refunded in full at
 * the fake exactly once under the client's `cancel` policy and announced again
 * (`payment.orphan_cancelled`); the registered payment is never touched. A payment younger
 * than the grace is left alone, and a later sweep finds nothing new.
 */
export async function test_orphans_announced_and_refunded_once_by_two_sweeping_instances(ctx: TestContext): Promise<void> {
  const receiver = await WebhookKit.receiver(ctx, ctx.config.port + EDGE.events_offset);
  const second = ctx.databaseUrl !== null ? new PaymentBackend({ ...ctx.config, port: ctx.config.port + 16, workers: false }) : null;
  await second?.open();
  try {
    const orphans = new Map<IPaymentVendor.Code, string>();
    const held = new Map<IPaymentVendor.Code, string>();
    const young = new Map<IPaymentVendor.Code, string>();
    for (const { code, store_id } of EDGE_STORES) {
      orphans.set(code, await paidAtEdgeStore(ctx, code, orderId(), 12_000, 40));
      young.set(code, await paidAtEdgeStore(ctx, code, orderId(), 7_000, 1));
      // The shop registered this one as it should.
      const source = { schema: "shop", table: "orders", id: orderId() };
      const uid = await paidAtEdgeStore(ctx, code, source.id, 9_000, 40);
      await api.functional.payments.histories.create(ctx.connection, { vendor: { code, store_id, uid }, source, price: 9_000, password: password() });
      held.set(code, uid);
    }

    const connections = [operatorOf(ctx), second !== null ? { ...operatorOf(ctx), host: second.host } : operatorOf(ctx)];
    const results = await Promise.all(connections.map((c) => sweepNow(ctx, { window_seconds: 3_600 }, c)));
    equal(results.reduce((n, r) => n + r.orphaned, 0), 3, "three orphans found, once each over both sweeps");
    equal(results.reduce((n, r) => n + r.cancelled, 0), 3, "three refunded, once each");
    equal(results.flatMap((r) => r.failed_stores), [], "every listing read");

    const listed = (await api.functional.operator.orphans.orphansOf(operatorOf(ctx), { limit: 1000 })).filter((o) => EDGE_STORES.some((s) => s.code === o.vendor.code && s.store_id === o.vendor.store_id));
    for (const { code } of EDGE_STORES) {
      const uid = orphans.get(code)!;
      const mine = listed.filter((o) => o.vendor.code === code && o.vendor.uid === uid);
      equal(mine.map((o) => [o.status, o.amount, o.cancelled, o.client_id]), [["cancelled", 12_000, 12_000, ctx.client.id]], `${code}: the orphan, refunded in full`);
      equal(await atEdgeStore(ctx, code, uid), { refunded: 12_000, cancels: 1 }, `${code}: refunded at the PG exactly once`);
      equal(await atEdgeStore(ctx, code, held.get(code)!), { refunded: 0, cancels: 0 }, `${code}: the registered payment untouched`);
      equal(await atEdgeStore(ctx, code, young.get(code)!), { refunded: 0, cancels: 0 }, `${code}: a payment inside the grace untouched`);
      assert(!listed.some((o) => o.vendor.uid === held.get(code) || o.vendor.uid === young.get(code)), `${code}: neither is an orphan`);

      const events = await WebhookKit.until(`${code}: both events delivered`, () => {
        const of = (receiver.accepted as unknown as IPaymentOrphan.IWebhook[]).filter((e) => e.current.vendor.uid === uid);
        return of.length >= 2 ? of : null;
      });
      await WebhookKit.sleep(300); // a duplicate would have come by now
      const again = (receiver.accepted as unknown as IPaymentOrphan.IWebhook[]).filter((e) => e.current.vendor.uid === uid);
      equal(again.map((e) => e.type), ["payment.orphaned", "payment.orphan_cancelled"], `${code}: announced once each, in order`);
      equal([events[0]!.previous, events[1]!.previous?.status, events[1]!.current.status], [null, "orphaned", "cancelled"], `${code}: each event with its before and after`);
    }

    const later = await sweepNow(ctx, { window_seconds: 3_600 });
    equal([later.orphaned, later.cancelled], [0, 0], "a later sweep finds nothing new");
  } finally {
    await second?.close();
    await receiver.close();
  }
}
