import api from "../../../src/api";
import { metricsOf } from "../../internal/operator";
import { equal, expectErrorBody } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * A marketplace asks for the settlement report of Iamport and of PortOne V2, which offer none
 * through the API this server uses: `422 UNSUPPORTED_BY_PG`, told apart from a PG's refusal
 * (`PG_REJECTED`), before any PG call: the PG-call metrics do not move.
 */
export async function test_settlement_report_a_pg_does_not_offer_is_unsupported_not_rejected(ctx: TestContext): Promise<void> {
  const calls = async () =>
    (await metricsOf(ctx))
      .split("\n")
      .filter((l) => l.startsWith("payments_pg_call_duration_seconds_count") && /vendor="(iamport|portone)"/.test(l))
      .reduce((n, l) => n + Number(l.split(" ").pop()), 0);
  const before = await calls();
  for (const [code, store_id] of [["iamport", ctx.iamport.storeId], ["portone", ctx.portone.storeId]] as const) {
    const refusal = await expectErrorBody(422, "UNSUPPORTED_BY_PG", () =>
      api.functional.payments.settlements.reconcile(ctx.connection, { vendor: { code, store_id }, from: "2026-11-01", to: "2026-11-02", fee_basis_points: 340 }),
    );
    equal(refusal.pg, undefined, `${code}: nothing of the PG's in the answer, nothing was asked of it`);
  }
  equal(await calls(), before, "no PG call was made");
}
