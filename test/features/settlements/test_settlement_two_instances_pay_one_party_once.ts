import { HttpError } from "@nestia/fetcher";

import api from "../../../src/api";
import { PaymentBackend } from "../../../src/PaymentBackend";
import { equal } from "../../internal/pgs";
import { SettlementKit as K } from "../../internal/settlements";
import { TestContext } from "../../TestContext";

/**
 * Two instances (on PostgreSQL; one on PGlite) are asked at once, eight times, for a payout
 * of the same party: one batch pays its entries, every other request finds nothing left,
 * and no entry belongs to two batches. A repeat with the first's Idempotency-Key gets the
 * same batch.
 */
export async function test_settlement_two_instances_pay_one_party_once(ctx: TestContext): Promise<void> {
  const supplier = K.party("supplier");
  const plan = { parties: [{ id: supplier, role: "supplier" as const, share: { type: "amount" as const, amount: 9_000 } }] };
  for (let i = 0; i < 3; ++i) await K.paidDaysAgo(ctx, 5, 10_000, plan);

  const second = ctx.databaseUrl !== null ? new PaymentBackend({ ...ctx.config, port: ctx.config.port + 12, workers: false }) : null;
  await second?.open();
  try {
    const hosts = [ctx.connection.host, second?.host ?? ctx.connection.host];
    const key = `payout-${supplier}`;
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        api.functional.payments.settlements.payouts
          .payout({ ...ctx.connection, host: hosts[i % 2]!, headers: { ...ctx.connection.headers, "Idempotency-Key": `${key}-${i}` } }, { party_id: supplier, up_to: K.day(0) })
          .then(
            (p) => ({ ok: p }),
            (exp: unknown) => {
              if (exp instanceof HttpError && exp.status === 422 && JSON.parse(exp.message).code === "NOTHING_TO_PAY_OUT") return { nothing: true };
              throw exp;
            },
          ),
      ),
    );
    const made = answers.flatMap((a) => ("ok" in a ? [a.ok] : []));
    equal(made.length, 1, "one batch");
    equal([made[0]!.amount, made[0]!.entries], [27_000, 3], "paying all three shares");
    const payouts = await ctx.query<{ n: number }>("SELECT count(*)::int AS n FROM settlement_payouts WHERE party_id = $1", [supplier]);
    equal(payouts[0]!.n, 1, "one batch stored");
    const twice = await ctx.query("SELECT entry_id FROM settlement_payout_items WHERE NOT released GROUP BY entry_id HAVING count(*) > 1");
    equal(twice, [], "no entry in two live batches");

    const winner = answers.findIndex((a) => "ok" in a);
    const replay = await api.functional.payments.settlements.payouts.payout(
      { ...ctx.connection, headers: { ...ctx.connection.headers, "Idempotency-Key": `${key}-${winner}` } },
      { party_id: supplier, up_to: K.day(0) },
    );
    equal(replay.id, made[0]!.id, "the same key, the same batch");
  } finally {
    await second?.close();
  }
}
