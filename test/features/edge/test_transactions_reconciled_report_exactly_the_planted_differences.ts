import api from "../../../src/api";
import type { IPaymentTransactionReconciliation } from "../../../src/api/structures/IPaymentTransactionReconciliation";
import type { IPaymentVendor } from "../../../src/api/structures/IPaymentVendor";
import { EDGE_STORES, paidAtEdgeStore, refundQuietlyAtEdgeStore } from "../../internal/edge";
import { metricsOf, operatorOf } from "../../internal/operator";
import { assert, equal, orderId, password } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * At each PG's second store, five payments of the period: one that agrees; one refunded in the
 * PG's console whose webhook never came (`status`); one paid and never registered
 * (`missing_here`); one the PG stamped three hours back, outside the period it lists
 * (`missing_at_pg`); one whose total our database holds wrong (`amount`, planted by SQL). The
 * operator's reconciliation of the period reports exactly those four per store, and the gauge
 * counts them.
 */
export async function test_transactions_reconciled_report_exactly_the_planted_differences(ctx: TestContext): Promise<void> {
  const from = new Date(Date.now() - 1_000).toISOString();
  const expected = new Map<string, [string, string][]>();
  for (const { code, store_id } of EDGE_STORES) {
    const register = async (minutesAgo: number, price: number) => {
      const source = { schema: "shop", table: "orders", id: orderId() };
      const uid = await paidAtEdgeStore(ctx, code, source.id, price, minutesAgo);
      await api.functional.payments.histories.create(ctx.connection, { vendor: { code, store_id, uid }, source, price, password: password() });
      return uid;
    };
    await register(0, 10_000); // agrees
    const refunded = await register(0, 10_000);
    await refundQuietlyAtEdgeStore(ctx, code, refunded, 2_000);
    const unregistered = await paidAtEdgeStore(ctx, code, orderId(), 8_000, 0);
    const elsewhere = await register(180, 6_000);
    const wrong = await register(0, 5_000);
    await ctx.query("UPDATE payment_histories SET price = price + 1 WHERE vendor_code = $1 AND vendor_uid = $2", [code, wrong]);
    expected.set(`${code}/${store_id}`, [
      ["amount", wrong],
      ["missing_at_pg", elsewhere],
      ["missing_here", unregistered],
      ["status", refunded],
    ]);
  }

  const report = await api.functional.operator.reconciliations.transactions(operatorOf(ctx), { from, to: new Date(Date.now() + 1_000).toISOString() });
  for (const { code, store_id } of EDGE_STORES) {
    const store = report.stores.find((s) => s.code === code && s.store_id === store_id)!;
    equal(store.failed, null, `${code}: listing read`);
    const want = expected.get(`${code}/${store_id}`)!;
    equal(store.differences.map((d) => [d.kind, d.uid]), [...want].sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1])), `${code}: exactly the planted differences`);
    const status = store.differences.find((d) => d.kind === "status")!;
    equal([status.here?.refunded, status.pg?.refunded], [0, 2_000], `${code}: the console refund, here and at the PG`);
    const amount = store.differences.find((d) => d.kind === "amount")!;
    equal([amount.here?.amount, amount.pg?.amount], [5_001, 5_000], `${code}: the totals`);
    equal([store.held, store.listed], [4, 4], `${code}: four held here, four listed at the PG in the period`);
  }
  const gauge = await metricsOf(ctx);
  for (const code of ["toss.payments", "iamport", "portone"] as IPaymentVendor.Code[])
    assert(gauge.includes(`payments_transaction_differences{vendor="${code}",kind="missing_here"} `), `${code}: the gauge is exported`);

  // A period the other way round is refused, typed.
  const refused = await api.functional.operator.reconciliations.transactions(operatorOf(ctx), { from: new Date().toISOString(), to: from }).catch((e: unknown) => e);
  assert(refused instanceof Error && (refused as { status?: number }).status === 400, "a reversed period answers 400");
  void (report satisfies IPaymentTransactionReconciliation);
}
