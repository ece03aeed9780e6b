import api from "../../../src/api";
import { metricsOf } from "../../internal/operator";
import { assert, orderId, password, tossCardPaid } from "../../internal/pgs";
import { TestContext } from "../../TestContext";
import { WebhookKit } from "./internal/WebhookKit";

/**
 * The outbox wakes the delivery workers itself: webhook_events' insert trigger NOTIFYs at
 * commit and the worker, LISTENing, looks for due events at once instead of at its next poll
 * (`payments_webhook_wakeups_total{cause="notify"}`), on PostgreSQL and on PGlite. Only an
 * event waiting for delivery notifies: a skipped one (no webhook URL) has nothing to deliver,
 * and a notifying commit holds the database's notify lock.
 */
export async function test_webhooks_committed_event_wakes_the_delivery_workers(ctx: TestContext): Promise<void> {
  const notifies = async (): Promise<number> => {
    const line = (await metricsOf(ctx)).split("\n").find((l) => l.startsWith('payments_webhook_wakeups_total{cause="notify"}'));
    return line === undefined ? 0 : Number(line.split(" ").pop());
  };
  const receiver = await WebhookKit.receiver(ctx);
  try {
    const before = await notifies();
    // A poll that starts its claim in the instant after a NOTIFY takes the event itself and the
    // wake-up is counted as the poll's: a busy machine may need another event to see one.
    for (let attempt = 0; attempt < 5 && (await notifies()) <= before; ++attempt) {
      const id = orderId();
      const { paymentKey } = await tossCardPaid(ctx, id, 6_000);
      await api.functional.payments.histories.create(ctx.connection, {
        vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: paymentKey },
        source: { schema: "shop", table: "orders", id },
        price: 6_000,
        password: password(),
        webhook_url: receiver.url,
      });
      await WebhookKit.until("the delivery", () => receiver.accepted.find((e) => e.source.id === id));
      await WebhookKit.until("a wake-up counted", async () => ((await notifies()) > before ? true : undefined), 3_000).catch(() => undefined);
    }
    assert((await notifies()) > before, "a committed event woke the workers by NOTIFY");
    const [trigger] = await ctx.query<{ definition: string }>("SELECT pg_get_triggerdef(oid) AS definition FROM pg_trigger WHERE tgname = 'webhook_events_notify'");
    assert(
      trigger !== undefined && /FOR EACH ROW WHEN \(\(new\.status = 'pending'::text\)\)/.test(trigger.definition),
      `only pending events notify: ${trigger?.definition}`,
    );

  } finally {
    await receiver.close();
  }
}
