import fs from "node:fs";

import api from "../../../src/api";
import { assert, equal, orderId, password, tossCardPaid } from "../../internal/pgs";
import { eventually } from "../../internal/lifecycle";
import { TestContext } from "../../TestContext";
import { WebhookKit } from "../webhooks/internal/WebhookKit";

/**
 * An operator follows one payment through the logs: one JSON line per business event (paid,
 * partially refunded, each webhook delivered), each naming the payment and the event by id
 * only: no amount owner, no card, no secret.
 */
export async function test_payment_leaves_its_business_events_in_the_log(ctx: TestContext): Promise<void> {
  const receiver = await WebhookKit.receiver(ctx);
  try {
    const source = { schema: "shop", table: "orders", id: orderId() };
    const secret = password();
    const paid = await tossCardPaid(ctx, source.id, 9_000);
    const history = await api.functional.payments.histories.create(ctx.connection, {
      vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: paid.paymentKey },
      source,
      price: 9_000,
      password: secret,
      webhook_url: receiver.url,
    });
    await api.functional.payments.histories.cancel(ctx.connection, { source, password: secret, price: 2_000, reason: "one item back" });
    await WebhookKit.until("both events delivered", () => receiver.accepted.filter((e) => e.current.id === history.id).length === 2);

    const mine = await eventually("the delivery lines", async () => {
      const lines = fs
        .readFileSync(ctx.logFile, "utf8")
        .split("\n")
        .filter((l) => l.includes(history.id))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      return lines.filter((l) => l.event === "webhook.delivered").length === 2 ? lines : null;
    });
    equal(
      mine.filter((l) => typeof l.event === "string" && l.event.startsWith("payment.")).map((l) => [l.event, l.previous]),
      [
        ["payment.paid", null],
        ["payment.partial_cancelled", "paid"],
      ],
      "the payment's business events, in order",
    );
    for (const line of mine) {
      assert(line.level === 30 && typeof line.time === "number" && typeof line.msg === "string", "pino JSON at info");
      const text = JSON.stringify(line);
      assert(!text.includes(secret) && !text.includes(paid.paymentKey) && !text.includes("4330123412341234"), `ids only: ${text}`);
    }
  } finally {
    await receiver.close();
  }
}
