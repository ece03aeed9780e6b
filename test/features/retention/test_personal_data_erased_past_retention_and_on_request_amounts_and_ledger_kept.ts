import api from "../../../src/api";
import type { IPaymentHistory } from "../../../src/api/structures/IPaymentHistory";
import type { ITossPayment } from "../../../src/api/structures/toss/ITossPayment";
import { eventually } from "../../internal/lifecycle";
import { equal, expectError, orderId, password, portoneBillingKey, tossInternal, tossOf } from "../../internal/pgs";
import { SettlementKit as K } from "../../internal/settlements";
import { TestContext } from "../../TestContext";

/**
 * Personal data kept as long as the law says, and no longer (rows are aged here by moving their
 * dates back, as the workers read them):
 * - A marketplace payment by virtual account (the buyer's name at Toss), its cash receipt to the
 *   buyer's phone and a partial refund to the buyer's account: five years and a day after its
 *   last change, the workers erase the name, the account numbers and the receipt's identifier;
 *   the amounts, refunds, states and the supplier's ledger are what they were; the read says
 *   `erased`, and the access trail holds the workers' erasure.
 * - A buyer asks to be forgotten: the billing key's card and holder are erased at once (the key
 *   revoked: a charge is refused), the payment's personal data is kept apart until its period
 *   ends (the answer says so, with the law), reads no longer show it, and the workers erase it
 *   at the end.
 */
export async function test_personal_data_erased_past_retention_and_on_request_amounts_and_ledger_kept(ctx: TestContext): Promise<void> {
  const years = ctx.config.retention.payment_records_days + 1;
  const read = (source: IPaymentHistory["source"], secret: string) => api.functional.payments.histories.get(ctx.connection, { source, password: secret }) as Promise<IPaymentHistory>;

  // Past its retention.
  const supplier = K.party("supplier");
  const paid = await tossVirtualAccountPaid(ctx, "홍길동", 30_000, { parties: [{ id: supplier, role: "supplier", share: { type: "amount", amount: 25_000 } }] });
  await api.functional.payments.histories.cash_receipts.issue(ctx.connection, { source: paid.source, password: paid.secret, type: "income_deduction", identifier: { kind: "phone", value: "010-2222-3333" } });
  await api.functional.payments.histories.cancel(ctx.connection, { source: paid.source, password: paid.secret, price: 6_000, reason: "one returned", refund_account: { bank: "88", number: "110987654321", holder: "홍길동" } });
  await eventually("the refund's share of the receipt cancelled", async () => (await api.functional.payments.histories.cash_receipts.get(ctx.connection, { source: paid.source, password: paid.secret })).cancelled === 6_000);
  const before = await read(paid.source, paid.secret);
  const ledger = await K.held(ctx, before.id);
  const toss = (h: IPaymentHistory) => h.data as ITossPayment;
  equal([toss(before).virtualAccount?.customerName, before.personal_data], ["홍길동", null], "the buyer's name at first");

  const erased = await eventually("erased by the workers", async () => {
    // Aged again on each look: the PG's late webhook of the refund counts as a change too.
    await ctx.query(`UPDATE payment_histories SET created_at = now() - make_interval(days => $2), updated_at = now() - make_interval(days => $2) WHERE id = $1 AND erased_at IS NULL`, [before.id, years]);
    const h = await read(paid.source, paid.secret);
    return h.personal_data?.status === "erased" ? h : null;
  });
  equal(
    [erased.price, erased.refund, erased.status, erased.cancels.map((c) => c.price), erased.vendor, toss(erased).orderId, toss(erased).totalAmount, toss(erased).balanceAmount],
    [30_000, 6_000, "partial_cancelled", [6_000], before.vendor, before.source.id, 30_000, 24_000],
    "amounts, refunds, states and ids as they were",
  );
  equal(
    [toss(erased).virtualAccount?.customerName, toss(erased).virtualAccount?.accountNumber, toss(erased).virtualAccount?.refundReceiveAccount ?? null, erased.virtual_account?.account_number],
    ["", "", null, ""],
    "the buyer's name and account numbers gone",
  );
  equal(await K.held(ctx, before.id), ledger, "the ledger untouched");
  const receipt = await api.functional.payments.histories.cash_receipts.get(ctx.connection, { source: paid.source, password: paid.secret });
  equal([receipt.identifier.masked, receipt.amount, receipt.cancelled], ["", 24_000, 6_000], "the receipt's identifier gone, its amounts kept");
  const trail = await eventually("the trail written", async () => {
    const rows = await ctx.query<{ actor_kind: string; method: string }>("SELECT actor_kind, method FROM access_trail WHERE record_id = $1 AND actor_kind = 'workers'", [before.id]);
    return rows.length !== 0 ? rows : null;
  });
  equal(trail.map((t) => [t.actor_kind, t.method]), [["workers", "ERASE"]], "the erasure in the access trail");

  // On request.
  const asked = await tossVirtualAccountPaid(ctx, "김지움", 12_000);
  const key = await portoneBillingKey(ctx);
  const reservation = await api.functional.payments.reservations.create(ctx.connection, { vendor: { code: "portone", store_id: ctx.portone.storeId, uid: key.billingKey }, source: asked.source, title: "Plan", password: asked.secret });
  await expectError(404, "NOT_FOUND", () => api.functional.payments.erasures.erase(ctx.connection, { source: asked.source, password: "not-the-password" }));
  const answer = await api.functional.payments.erasures.erase(ctx.connection, { source: asked.source, password: asked.secret });
  const history = await read(asked.source, asked.secret);
  equal(
    [answer.erased.map((p) => [p.record, p.id]), answer.kept.map((p) => [p.record, p.id, p.until, p.basis.startsWith("전자상거래법 제6조")])],
    [
      [
        ["events", history.id],
        ["billing_key", reservation.id],
      ],
      [["payment", history.id, history.personal_data?.erase_after, true]],
    ],
    "the billing key erased at once, the payment kept apart under the e-commerce act",
  );
  equal([history.personal_data?.status, toss(history).virtualAccount?.customerName, history.price, history.status], ["kept_apart", "", 12_000, "paid"], "reads no longer show it");
  const [kept] = await ctx.query<{ kept: string | null }>("SELECT kept_enc AS kept FROM payment_histories WHERE id = $1", [history.id]);
  equal(kept!.kept !== null, true, "kept apart, encrypted");
  await expectError(422, "RESERVATION_REVOKED", () =>
    api.functional.payments.reservations.charge(ctx.connection, { reservation: { id: reservation.id, password: asked.secret }, source: { ...asked.source, id: orderId() }, price: 9_900, order_name: "One month", password: password() }),
  );
  const [card] = await ctx.query<{ erased: Date | null }>("SELECT erased_at AS erased FROM payment_reservations WHERE id = $1", [reservation.id]);
  equal(card!.erased !== null, true, "the billing key's personal data erased");

  await ctx.query("UPDATE payment_histories SET erase_after = now() - interval '1 day' WHERE id = $1", [history.id]);
  await eventually("erased at the end of its period", async () => (await read(asked.source, asked.secret)).personal_data?.status === "erased");
  const [gone] = await ctx.query<{ kept: string | null }>("SELECT kept_enc AS kept FROM payment_histories WHERE id = $1", [history.id]);
  equal(gone!.kept, null, "nothing kept apart any more");
  const again = await api.functional.payments.erasures.erase(ctx.connection, { source: asked.source, password: asked.secret });
  equal([again.kept, again.erased.some((p) => p.record === "payment")], [[], true], "asked again: all of it is erased");
}

/** A Toss virtual account issued to `buyer`, registered and deposited. */
const tossVirtualAccountPaid = async (ctx: TestContext, buyer: string, amount: number, settlement?: IPaymentHistory.IStore["settlement"]) => {
  const id = orderId();
  const source = { schema: "market", table: "orders", id };
  const secret = password();
  const va = await tossOf(ctx).createVirtualAccount(ctx.toss.storeId, { amount, orderId: id, orderName: "Desk", customerName: buyer, bank: "88", validHours: 24 });
  await api.functional.payments.histories.create(ctx.connection, { vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: va.paymentKey }, source, price: amount, password: secret, ...(settlement !== undefined ? { settlement } : {}) });
  await tossInternal(ctx, `virtual-accounts/${va.paymentKey}/deposit`, { amount });
  await eventually("the deposit recorded", async () => (await api.functional.payments.histories.get(ctx.connection, { source, password: secret })).status === "paid");
  return { source, secret };
};
