import api from "../../../src/api";
import { metricsOf } from "../../internal/operator";
import { equal, orderId, password } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * A shop names the same webhook URL in every order it prepares or registers. Its host is
 * looked up in DNS once, not once per order: the answer is kept a while and shared by the
 * orders that asked at the same time (`payments_webhook_host_lookups_total`). A host that does
 * not resolve (yet) is still accepted, as before; each delivery looks it up again.
 */
export async function test_webhooks_host_of_a_webhook_url_looked_up_once_for_many_orders(ctx: TestContext): Promise<void> {
  const lookups = async (): Promise<number> =>
    (await metricsOf(ctx))
      .split("\n")
      .filter((l) => l.startsWith("payments_webhook_host_lookups_total{"))
      .reduce((sum, l) => sum + Number(l.split(" ").pop()), 0);
  const prepare = (host: string) =>
    api.functional.payments.histories.prepare(ctx.connection, {
      vendor: { code: "toss.payments", store_id: ctx.toss.storeId },
      source: { schema: "shop", table: "orders", id: orderId() },
      price: 2_000,
      order_name: "Mug",
      password: password(),
      webhook_url: `https://${host}/payments/webhook`,
    });

  const host = `hooks-${orderId().slice(6).toLowerCase()}.invalid`;
  const before = await lookups();
  // Five at once, then five more: one lookup serves them all.
  const first = await Promise.all(Array.from({ length: 5 }, () => prepare(host)));
  for (let i = 0; i < 5; ++i) await prepare(host);
  equal(first.length, 5, "orders prepared");
  equal((await lookups()) - before, 1, "DNS lookups for ten orders naming one host");

  // Another host is another lookup.
  await prepare(`other-${host}`);
  equal((await lookups()) - before, 2, "DNS lookups after an order naming a second host");
}
