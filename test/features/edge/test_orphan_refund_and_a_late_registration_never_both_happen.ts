import { HttpError } from "@nestia/fetcher";

import api from "../../../src/api";
import { WebhookKit } from "../webhooks/internal/WebhookKit";
import { atEdgeStore, EDGE, paidAtEdgeStore, sweepNow } from "../../internal/edge";
import { assert, equal, orderId, password } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * An orphan's refund is under way at the PG (PortOne holds the cancel a second and a half)
 * when its shop finally registers the payment. The two never both happen: either the
 * registration waits for the refund and is refused (`422 PAYMENT_NOT_PAID`, nothing recorded),
 * or it came first and the refund stands down (`claimed`, nothing refunded). Never a history of
 * a refunded payment that reads paid, never a refund of a payment a history holds.
 */
export async function test_orphan_refund_and_a_late_registration_never_both_happen(ctx: TestContext): Promise<void> {
  const id = orderId();
  await paidAtEdgeStore(ctx, "portone", id, 11_000, 40);
  const release = ctx.portone.fake.inject({ path: `/payments/${id}/cancel`, method: "POST", mode: "hang", ms: 1_500, times: 1 });
  try {
    const sweeping = sweepNow(ctx, { window_seconds: 3_600, vendor: "portone" });
    // The refund's call is at the PG, held there: the registration arrives in its middle.
    await WebhookKit.until("the orphan's refund held at the PG", () => ctx.portone.fake.held() === 1);
    const registered = await api.functional.payments.histories
      .create(ctx.connection, { vendor: { code: "portone", store_id: EDGE.portone.id, uid: id }, source: { schema: "shop", table: "orders", id }, price: 11_000, password: password() })
      .then(
        (h) => ({ history: h }),
        (exp: unknown) => {
          if (exp instanceof HttpError && exp.status === 422 && JSON.parse(exp.message).code === "PAYMENT_NOT_PAID") return { refused: true as const };
          throw exp;
        },
      );
    const swept = await sweeping;
    const [orphan] = await ctx.query<{ status: string }>("SELECT status FROM payment_orphans WHERE vendor_uid = $1", [id]);
    const held = await ctx.query<{ status: string }>("SELECT status FROM payment_histories WHERE vendor_uid = $1", [id]);
    const atPg = await atEdgeStore(ctx, "portone", id);
    if ("refused" in registered) {
      equal([orphan!.status, held.length, atPg, swept.cancelled], ["cancelled", 0, { refunded: 11_000, cancels: 1 }, 1], "refunded once, the late registration refused, nothing recorded");
      process.stdout.write("       the refund went first; the registration waited and was refused\n");
    } else {
      equal([orphan!.status, held.map((h) => h.status), atPg], ["claimed", ["paid"], { refunded: 0, cancels: 0 }], "registered, the refund stood down");
      process.stdout.write("       the registration went first; the refund stood down\n");
    }
    assert(!(held.length !== 0 && atPg.refunded !== 0), "never both");
  } finally {
    release();
  }
}
