import fc from "fast-check";

import api from "../../../src/api";
import type { IPaymentSettlement } from "../../../src/api/structures/IPaymentSettlement";
import { equal, orderId, password, tossInternal, tossOf } from "../../internal/pgs";
import { eventually } from "../../internal/lifecycle";
import { SettlementKit as K } from "../../internal/settlements";
import { TestContext } from "../../TestContext";

type Op =
  | { kind: "pay"; price: number; shares: { role: "supplier" | "partner" | "other"; rate: number | null; amount: number }[]; daysAgo: number }
  | { kind: "account"; price: number; shares: { role: "supplier" | "partner" | "other"; rate: number | null; amount: number }[] }
  | { kind: "deposit"; pick: number }
  | { kind: "cancel"; pick: number; fraction: number }
  | { kind: "payout"; party: number; outcome: "paid_out" | "failed" | "none" };

const shares = fc.array(
  fc.record({ role: fc.constantFrom("supplier" as const, "partner" as const, "other" as const), rate: fc.option(fc.integer({ min: 0, max: 4_000 }), { nil: null }), amount: fc.integer({ min: 0, max: 3_000 }) }),
  { minLength: 1, maxLength: 3 },
);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("pay" as const), price: fc.integer({ min: 100, max: 99_999 }), shares, daysAgo: fc.integer({ min: 0, max: 12 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("account" as const), price: fc.integer({ min: 100, max: 99_999 }), shares }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("deposit" as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("cancel" as const), pick: fc.nat(), fraction: fc.double({ min: 0.01, max: 1, noNaN: true }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("payout" as const), party: fc.nat(), outcome: fc.constantFrom("paid_out" as const, "failed" as const, "none" as const) }) },
);

/**
 * Random sequences (fixed seed) of card payments, virtual accounts and their deposits,
 * partial and full cancels, payouts and their outcomes, over random splits (amounts and
 * rates, one to three parties). After every step: every journal transaction sums to zero,
 * every payment's holders hold exactly what was paid minus what was refunded, no holder
 * holds less than nothing of a payment, and no entry is in two live payouts.
 */
export async function test_settlement_ledger_property_random_sequences(ctx: TestContext): Promise<void> {
  const parties = [K.party("p0"), K.party("p1"), K.party("p2")];
  const done = { pay: 0, account: 0, deposit: 0, cancel: 0, payout: 0 };
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 2, maxLength: 7 }), async (ops) => {
      const payments: { id: string; source: { schema: string; table: string; id: string }; secret: string; price: number; refund: number; paid: boolean; uid: string; virtual: boolean }[] = [];
      for (const o of ops) {
        if (o.kind === "pay" || o.kind === "account") {
          // Shares scaled into the price: amounts and rates whose sum stays within it.
          let room = o.price;
          const plan: IPaymentSettlement.IPlan = {
            parties: o.shares.map((s, i) => {
              const wanted = s.rate !== null ? Math.floor((o.price * s.rate) / 10_000) : Math.min(s.amount, o.price);
              const fits = wanted <= room;
              const share = fits && s.rate !== null ? { type: "rate" as const, basis_points: s.rate } : { type: "amount" as const, amount: Math.min(wanted, room) };
              room -= share.type === "rate" ? wanted : share.amount;
              return { id: parties[i]!, role: s.role, share };
            }),
          };
          if (o.kind === "pay") {
            const paid = await K.paidDaysAgo(ctx, o.daysAgo, o.price, plan);
            payments.push({ id: paid.history.id, source: paid.source, secret: paid.secret, price: o.price, refund: 0, paid: true, uid: paid.history.vendor.uid, virtual: false });
          } else {
            const id = orderId();
            const secret = password();
            const va = await tossOf(ctx).createVirtualAccount(ctx.toss.storeId, { amount: o.price, orderId: id, orderName: "VA", customerName: "Hong", bank: "88", validHours: 24 });
            const source = { schema: "market", table: "orders", id };
            const h = await api.functional.payments.histories.create(ctx.connection, { vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: va.paymentKey }, source, price: o.price, password: secret, settlement: plan });
            payments.push({ id: h.id, source, secret, price: o.price, refund: 0, paid: false, uid: va.paymentKey, virtual: true });
          }
        } else if (o.kind === "deposit") {
          const waiting = payments.filter((p) => !p.paid);
          const p = waiting[o.pick % Math.max(1, waiting.length)];
          if (p === undefined) continue;
          await tossInternal(ctx, `virtual-accounts/${p.uid}/deposit`, {});
          await eventually("the deposit posted", async () => Object.keys(await K.held(ctx, p.id)).length > 0);
          p.paid = true;
        } else if (o.kind === "cancel") {
          const open = payments.filter((p) => p.paid && p.refund < p.price);
          const p = open[o.pick % Math.max(1, open.length)];
          if (p === undefined) continue;
          const left = p.price - p.refund;
          const price = Math.max(1, Math.min(left, Math.round(left * o.fraction)));
          const refund_account = { bank: "88", number: "1234567890", holder: "Hong" };
          const after = await api.functional.payments.histories.cancel(ctx.connection, {
            source: p.source,
            password: p.secret,
            reason: "property",
            ...(price < left ? { price } : {}),
            ...(p.virtual ? { refund_account } : {}),
          });
          p.refund = after.refund;
        } else {
          const party = parties[o.party % parties.length]!;
          const made = await api.functional.payments.settlements.payouts.payout(ctx.connection, { party_id: party, up_to: K.day(0) }).catch(() => null);
          if (made !== null && o.outcome !== "none") await api.functional.payments.settlements.payouts.report(ctx.connection, made.id, { status: o.outcome });
        }
        ++done[o.kind];
        // The invariants, after every step.
        equal(await K.unbalanced(ctx), [], "every journal transaction sums to zero");
        for (const p of payments) {
          const held = Object.values(await K.held(ctx, p.id));
          equal(held.reduce((a, b) => a + b, 0), p.paid ? p.price - p.refund : 0, "holders hold paid minus refunded");
          equal(held.every((v) => v >= 0), true, "no holder below nothing");
        }
        equal(await ctx.query("SELECT entry_id FROM settlement_payout_items WHERE NOT released GROUP BY entry_id HAVING count(*) > 1"), [], "no entry paid twice");
      }
    }),
    { seed: 20261123, numRuns: 25, endOnFailure: true },
  );
  // The sequences did exercise every kind of step.
  equal(Object.values(done).every((n) => n >= 3), true, `steps run: ${JSON.stringify(done)}`);
}
