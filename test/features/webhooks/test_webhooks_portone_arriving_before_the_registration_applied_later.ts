import api from "../../../src/api";
import { equal, orderId, password, portoneCardPaid } from "../../internal/pgs";
import { eventually } from "../../internal/lifecycle";
import { TestContext } from "../../TestContext";
import { WebhookKit } from "./internal/WebhookKit";

/**
 * PortOne's "paid" webhook reaches the server before the shop registers the payment (the
 * buyer's browser is slow to come back). It is kept aside, not applied to anything nor
 * turned into PG calls; once the payment is registered it is taken again and finds the
 * registration already paid: the shop hears "paid" once.
 */
export async function test_webhooks_portone_arriving_before_the_registration_applied_later(ctx: TestContext): Promise<void> {
  const receiver = await WebhookKit.receiver(ctx);
  try {
    const id = orderId();
    await portoneCardPaid(ctx, id, 31_000);
    const early = await eventually("the early webhook kept aside", async () => {
      const rows = await WebhookKit.inbound(ctx, id);
      return rows.length > 0 && rows.every((r) => r.status === "deferred") ? rows : null;
    });
    equal(early.map((r) => [r.event_type, r.outcome]), [["Transaction.Paid", "payment not registered"]], "kept aside");

    const secret = password();
    const history = await api.functional.payments.histories.create(ctx.connection, {
      vendor: { code: "portone", store_id: ctx.portone.storeId, uid: id },
      source: { schema: "shop", table: "orders", id },
      price: 31_000,
      password: secret,
      webhook_url: receiver.url,
    });
    equal(history.status, "paid", "registered paid");

    // The sweep takes the kept webhook again now that its payment is registered.
    const later = await eventually("the early webhook taken again", async () => {
      const rows = await WebhookKit.inbound(ctx, id);
      return rows.every((r) => !["deferred", "received", "processing"].includes(r.status)) ? rows : null;
    });
    equal(later.map((r) => r.status), ["unchanged"], "applied later, finding nothing new");
    await WebhookKit.until("the paid event", () => receiver.accepted.find((e) => e.current.id === history.id));
    await WebhookKit.sleep(300);
    equal(receiver.accepted.filter((e) => e.current.id === history.id).map((e) => e.type), ["payment.paid"], "paid announced once");
  } finally {
    await receiver.close();
  }
}
