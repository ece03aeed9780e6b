import api from "../../../src/api";
import type { IIamportPayment } from "../../../src/api/structures/iamport/IIamportPayment";
import type { IPaymentEscrow } from "../../../src/api/structures/IPaymentEscrow";
import type { IPaymentHistory } from "../../../src/api/structures/IPaymentHistory";
import type { IPaymentVendor } from "../../../src/api/structures/IPaymentVendor";
import { eventually, iamportInternal } from "../../internal/lifecycle";
import { equal, expectError, orderId, password, portoneInternal, tossCardPaid } from "../../internal/pgs";
import { SettlementKit as K } from "../../internal/settlements";
import { TestContext } from "../../TestContext";
import { WebhookKit } from "../webhooks/internal/WebhookKit";

/**
 * A marketplace sells by escrow (에스크로) at PortOne V2 and Iamport: the supplier's share is not
 * payable on any day while the buyer has not confirmed; the shop registers the delivery at the
 * PG, changes its invoice, and records the buyer's confirmation (passed on to PortOne; at
 * Iamport the buyer confirms at the PG): the share is then payable from the confirmation plus
 * the supplier's three days. A purchase the buyer rejects is refunded in full and its shares
 * reversed. A payment not made as escrow has none; Toss, whose API registers no delivery, answers that it cannot. The shop hears each step in order.
 */
export async function test_escrow_delivered_confirmed_then_payable_and_a_rejected_purchase_refunded(ctx: TestContext): Promise<void> {
  const receiver = await WebhookKit.receiver(ctx);
  try {
    for (const code of ["portone", "iamport"] as const) {
      const supplier = K.party("supplier");
      const { history, secret } = await escrowPaid(ctx, code, 50_000, supplier, receiver.url);
      const source = history.source;
      const read = () => api.functional.payments.histories.escrow.get(ctx.connection, { source, password: secret });
      equal((await read()).status, "awaiting_delivery", `${code}: awaiting its delivery`);
      equal(await K.position(ctx, supplier, K.day(365)), [40_000, 0, 0, 0, 0], `${code}: the supplier's share payable on no day before the confirmation`);
      await expectError(409, "ESCROW_CLOSED", () => api.functional.payments.histories.escrow.decision.decide(ctx.connection, { source, password: secret, decision: "confirm" }));

      const registered = await api.functional.payments.histories.escrow.delivery(ctx.connection, { source, password: secret, delivery: delivery("1111222233") });
      equal(
        [registered.status, registered.delivery?.invoice_number, registered.delivery?.receiver, registered.applied_at !== null],
        ["delivery_registered", "1111222233", { name: "김**", phone: "*********5678" }, true],
        `${code}: the delivery registered, its people masked`,
      );
      const changed = await api.functional.payments.histories.escrow.delivery(ctx.connection, { source, password: secret, delivery: delivery("4444555566") });
      equal(changed.delivery?.invoice_number, "4444555566", `${code}: the invoice changed`);
      equal(await atPg(ctx, code, history), code === "portone" ? { status: "REGISTERED", invoice: "4444555566" } : { status: null, invoice: "4444555566" }, `${code}: the PG holds the delivery`);

      const confirmed = await api.functional.payments.histories.escrow.decision.decide(ctx.connection, { source, password: secret, decision: "confirm" });
      equal([confirmed.status, confirmed.confirmed_at !== null], ["confirmed", true], `${code}: confirmed`);
      equal((await api.functional.payments.histories.escrow.decision.decide(ctx.connection, { source, password: secret, decision: "confirm" })).confirmed_at, confirmed.confirmed_at, `${code}: asked again, the same`);
      if (code === "portone") equal((await atPg(ctx, code, history)).status, "CONFIRMED", "PortOne holds the confirmation");
      // Payable from the confirmation plus the supplier's delay (3 business days; counted by the ledger's own calendar).
      equal(await K.position(ctx, supplier, K.day(0)), [40_000, 0, 0, 0, 0], `${code}: pending on the confirmation's day`);
      equal(await K.position(ctx, supplier, K.day(10)), [0, 40_000, 0, 0, 0], `${code}: payable once the supplier's delay from the confirmation has passed`);
      const [release] = await ctx.query<{ days: string[] }>(
        "SELECT array_agg(available_on::text ORDER BY amount) AS days FROM ledger_entries WHERE history_id = $1 AND kind = 'escrow_release' AND party_id = $2",
        [history.id, supplier],
      );
      equal(release!.days, ["9999-12-31", await supplierDay(ctx, supplier)], `${code}: the held share moved to its payable day`);
      equal(await K.held(ctx, history.id), K.sorted({ platform: 10_000, [supplier]: 40_000 }), `${code}: the split unchanged by the release`);

      const expected = ["payment.paid", "escrow.delivery_registered", "escrow.delivery_changed", "escrow.confirmed"];
      await eventually(`${code}: every event heard`, async () => receiver.accepted.filter((e) => e.source.id === source.id).length >= expected.length);
      equal(
        receiver.accepted.filter((e) => e.source.id === source.id).map((e) => e.type),
        expected,
        `${code}: each step announced once, in order`,
      );
    }

    // A rejected purchase: refunded in full, its shares reversed.
    const supplier = K.party("supplier");
    const { history, secret } = await escrowPaid(ctx, "portone", 20_000, supplier, null);
    const source = history.source;
    await api.functional.payments.histories.escrow.delivery(ctx.connection, { source, password: secret, delivery: delivery("7777888899") });
    await expectError(400, "INVALID_BODY", () => api.functional.payments.histories.escrow.decision.decide(ctx.connection, { source, password: secret, decision: "reject" }));
    const rejected = await api.functional.payments.histories.escrow.decision.decide(ctx.connection, { source, password: secret, decision: "reject", reason: "damaged on arrival" });
    equal([rejected.status, rejected.rejection_reason], ["rejected", "damaged on arrival"], "rejected");
    const refunded = await api.functional.payments.histories.get(ctx.connection, { source, password: secret });
    equal([refunded.status, (refunded as IPaymentHistory).refund], ["cancelled", 20_000], "refunded in full");
    equal(await K.held(ctx, history.id), K.sorted({ platform: 0, [supplier]: 0 }), "every share reversed");
    equal(await K.position(ctx, supplier, K.day(365)), [0, 0, 0, 0, 0], "nothing owed to the supplier");
    equal(await K.unbalanced(ctx), [], "every journal transaction balanced");
    await expectError(409, "ESCROW_CLOSED", () => api.functional.payments.histories.escrow.decision.decide(ctx.connection, { source, password: secret, decision: "confirm" }));

    // A payment not made as escrow has none; Toss's API registers no delivery: it says so.
    const plainPortOne = await escrowPaid(ctx, "portone", 13_000, K.party("supplier"), null, false);
    await expectError(404, "ESCROW_NOT_FOUND", () => api.functional.payments.histories.escrow.get(ctx.connection, { source: plainPortOne.history.source, password: plainPortOne.secret }));
    const id = orderId();
    const { paymentKey } = await tossCardPaid(ctx, id, 5_000);
    const plain = password();
    await api.functional.payments.histories.create(ctx.connection, { vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: paymentKey }, source: { schema: "market", table: "orders", id }, price: 5_000, password: plain });
    await expectError(422, "UNSUPPORTED_BY_PG", () => api.functional.payments.histories.escrow.delivery(ctx.connection, { source: { schema: "market", table: "orders", id }, password: plain, delivery: delivery("1") }));
  } finally {
    await receiver.close();
  }
}

const delivery = (invoice: string): IPaymentEscrow.IDelivery => ({
  company: "CJ",
  invoice_number: invoice,
  sent_at: new Date().toISOString(),
  sender: { name: "판매자", phone: "02-123-4567" },
  receiver: { name: "김구매", phone: "010-1234-5678", zipcode: "06236", address: "서울 강남구 테헤란로 1" },
  products: [{ id: "desk-1", name: "Desk", amount: 50_000, quantity: 1 }],
});

/** A card payment made as escrow in the PG's window, registered with a supplier's share. */
const escrowPaid = async (ctx: TestContext, code: IPaymentVendor.Code, amount: number, supplier: string, webhook_url: string | null, escrow = true) => {
  const id = orderId();
  const secret = password();
  let uid = id;
  if (code === "portone") await portoneInternal(ctx, `payments/${id}/window`, { orderName: "Desk", totalAmount: amount, payMethod: "CARD", isEscrow: escrow });
  else uid = (await iamportInternal<IIamportPayment>(ctx, "payments/window", { merchant_uid: id, amount, name: "Desk", escrow })).imp_uid;
  const history = (await api.functional.payments.histories.create(ctx.connection, {
    vendor: { code, store_id: code === "portone" ? ctx.portone.storeId : ctx.iamport.storeId, uid },
    source: { schema: "market", table: "orders", id },
    price: amount,
    password: secret,
    webhook_url,
    settlement: { parties: [{ id: supplier, role: "supplier", share: { type: "amount", amount: amount - 10_000 } }] },
  })) as IPaymentHistory;
  return { history, secret };
};

/** The first day the supplier's balance shows its share available (the ledger's business-day rule). */
const supplierDay = async (ctx: TestContext, supplier: string): Promise<string> => {
  for (let d = 0; d <= 10; ++d) if ((await K.position(ctx, supplier, K.day(d)))[1] !== 0) return K.day(d);
  return "never";
};

/** The escrow as the PG holds it. */
const atPg = async (ctx: TestContext, code: "portone" | "iamport", history: IPaymentHistory): Promise<{ status: string | null; invoice: string | null }> => {
  if (code === "portone") {
    const payment = (await (await fetch(`${ctx.portone.host}/payments/${encodeURIComponent(history.vendor.uid!)}`, { headers: { authorization: `PortOne ${ctx.portone.apiSecret}` } })).json()) as { escrow?: { status: string; invoiceNumber?: string } };
    return { status: payment.escrow?.status ?? null, invoice: payment.escrow?.invoiceNumber ?? null };
  }
  const token = ((await (await fetch(`${ctx.iamport.host}/users/getToken`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ imp_key: ctx.iamport.impKey, imp_secret: ctx.iamport.impSecret }) })).json()) as { response: { access_token: string } }).response.access_token;
  const logis = (await (await fetch(`${ctx.iamport.host}/escrows/logis/${encodeURIComponent(history.vendor.uid!)}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { response: { invoice: string } | null };
  return { status: null, invoice: logis.response?.invoice ?? null };
};
