import api from "../../../src/api";
import { equal, expectError, orderId, password, rowsOfSource, tossCardPaid } from "../../internal/pgs";
import { SettlementKit as K } from "../../internal/settlements";
import { TestContext } from "../../TestContext";

/**
 * Plans that cannot be (shares above the price, negative or fractional amounts, rates above
 * 100 %, unknown roles, delays beyond 90 days, a party twice), a payout with nothing to pay
 * or from the future, a report of an unknown batch: each a typed 4xx, nothing written. The
 * database itself refuses an unbalanced journal transaction and any change of an entry.
 */
export async function test_settlement_bad_input_refused_and_nothing_written(ctx: TestContext): Promise<void> {
  const count = async () =>
    (await ctx.query<{ n: string }>("SELECT ((SELECT count(*) FROM ledger_entries) + (SELECT count(*) FROM settlement_payouts))::text AS n"))[0]!.n;
  const before = await count();
  const id = orderId();
  const { paymentKey } = await tossCardPaid(ctx, id, 10_000);
  const register = (settlement: unknown) =>
    api.functional.payments.histories.create(ctx.connection, {
      vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: paymentKey },
      source: { schema: "market", table: "orders", id },
      price: 10_000,
      password: password(),
      settlement: settlement as never,
    });
  const party = (share: unknown, extra: object = {}) => ({ parties: [{ id: "seller-1", role: "supplier", share, ...extra }] });

  await expectError(422, "SETTLEMENT_EXCEEDS_PRICE", () =>
    register({ parties: [{ id: "a", role: "supplier", share: { type: "amount", amount: 9_000 } }, { id: "b", role: "partner", share: { type: "rate", basis_points: 1_001 } }] }),
  );
  await expectError(400, "INVALID_BODY", () => register(party({ type: "amount", amount: -1 })));
  await expectError(400, "INVALID_BODY", () => register(party({ type: "amount", amount: 10.5 })));
  await expectError(400, "INVALID_BODY", () => register(party({ type: "rate", basis_points: 10_001 })));
  await expectError(400, "INVALID_BODY", () => register({ parties: [{ id: "x", role: "broker", share: { type: "amount", amount: 1 } }] }));
  await expectError(400, "INVALID_BODY", () => register(party({ type: "amount", amount: 1 }, { delay: { days: 91 } })));
  await expectError(400, "INVALID_BODY", () => register({ parties: [] }));
  await expectError(422, "SETTLEMENT_INVALID", () =>
    register({ parties: [{ id: "a", role: "supplier", share: { type: "amount", amount: 1 } }, { id: "a", role: "partner", share: { type: "amount", amount: 1 } }] }),
  );
  equal(await rowsOfSource(ctx, "payment_histories", id), 0, "no payment recorded");

  await expectError(422, "NOTHING_TO_PAY_OUT", () => api.functional.payments.settlements.payouts.payout(ctx.connection, { party_id: K.party("nobody"), up_to: K.day(0) }));
  await expectError(422, "SETTLEMENT_INVALID", () => api.functional.payments.settlements.payouts.payout(ctx.connection, { party_id: "seller-1", up_to: K.day(2) }));
  await expectError(404, "PAYOUT_NOT_FOUND", () =>
    api.functional.payments.settlements.payouts.report(ctx.connection, "00000000-0000-4000-8000-000000000000", { status: "paid_out" }),
  );
  await expectError(400, "INVALID_BODY", () => api.functional.payments.settlements.payouts.report(ctx.connection, "00000000-0000-4000-8000-000000000000", { status: "lost" as never }));
  equal(await count(), before, "nothing written to the ledger or the payouts");

  // The database, not only this code, keeps the ledger balanced and unchanged.
  const unbalanced = await ctx
    .query(
      `WITH t AS (INSERT INTO ledger_transactions (id, client_id, kind, created_at) VALUES (gen_random_uuid(), 'default', 'payment', now()) RETURNING id)
       INSERT INTO ledger_entries (transaction_id, client_id, account, kind, amount, available_on, created_at)
       SELECT t.id, 'default', 'platform', 'payment', 1, current_date, now() FROM t`,
    )
    .then(() => "committed", (exp: Error) => exp.message);
  equal(unbalanced.includes("does not balance"), true, `an unbalanced transaction is refused at commit (${unbalanced})`);
  equal(await count(), before, "the refused transaction left nothing");
  const paid = await K.paidDaysAgo(ctx, 0, 10_000, party({ type: "amount", amount: 7_000 }) as never);
  for (const statement of ["UPDATE ledger_entries SET amount = amount + 1 WHERE history_id = $1", "DELETE FROM ledger_entries WHERE history_id = $1"]) {
    const outcome = await ctx.query(statement, [paid.history.id]).then(() => "done", (exp: Error) => exp.message);
    equal(outcome.includes("immutable"), true, `${statement.split(" ")[0]} of an entry refused (${outcome})`);
  }
  equal(await K.held(ctx, paid.history.id), K.sorted({ platform: 3_000, "seller-1": 7_000 }), "the entries unchanged");
}
