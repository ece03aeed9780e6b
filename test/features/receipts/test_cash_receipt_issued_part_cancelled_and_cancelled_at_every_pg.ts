import api from "../../../src/api";
import type { IIamportPayment } from "../../../src/api/structures/iamport/IIamportPayment";
import type { IPaymentHistory } from "../../../src/api/structures/IPaymentHistory";
import type { IPaymentVendor } from "../../../src/api/structures/IPaymentVendor";
import { eventually, iamportInternal } from "../../internal/lifecycle";
import { equal, expectError, orderId, password, portoneCardPaid, portoneInternal, tossInternal, tossOf } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * A shop issues the cash receipt (현금영수증, income deduction to the buyer's phone) of a payment
 * paid in cash at each PG: a Toss virtual account deposited, an Iamport transfer, a PortOne V2
 * virtual account deposited. The receipt reads masked; after a partial refund of 3,000 won,
 * that share is cancelled from it by the workers (Toss in part; Iamport and PortOne, which
 * cancel no part of one, by a new receipt for the rest, checked at the PG), then the shop
 * cancels the rest. A second issue is refused, and so is a receipt
 * for a card payment. The phone number is stored encrypted.
 */
export async function test_cash_receipt_issued_part_cancelled_and_cancelled_at_every_pg(ctx: TestContext): Promise<void> {
  for (const code of ["toss.payments", "iamport", "portone"] as const) {
    const { history, secret } = await paidInCash(ctx, code, 20_000);
    const source = history.source;
    const issued = await api.functional.payments.histories.cash_receipts.issue(ctx.connection, {
      source,
      password: secret,
      type: "income_deduction",
      identifier: { kind: "phone", value: "010-1234-5678" },
    });
    equal(
      [issued.status, issued.amount, issued.cancelled, issued.identifier, issued.issue_number !== null, issued.vendor_code],
      ["issued", 20_000, 0, { kind: "phone", masked: "*******5678" }, true, code],
      `${code}: issued for the whole payment, the phone masked`,
    );
    equal(await api.functional.payments.histories.cash_receipts.get(ctx.connection, { source, password: secret }), issued, `${code}: read back`);
    await expectError(409, "CASH_RECEIPT_EXISTS", () =>
      api.functional.payments.histories.cash_receipts.issue(ctx.connection, { source, password: secret, type: "income_deduction", identifier: { kind: "phone", value: "01012345678" } }),
    );
    const [row] = await ctx.query<{ identifier_enc: string }>("SELECT identifier_enc FROM payment_cash_receipts WHERE id = $1", [issued.id]);
    equal([row!.identifier_enc.includes("01012345678"), row!.identifier_enc.startsWith("v1.")], [false, true], `${code}: the phone is ciphertext at rest`);

    // A partial refund, then its share of the receipt.
    const refunded = await api.functional.payments.histories.cancel(ctx.connection, {
      source,
      password: secret,
      price: 3_000,
      reason: "one returned",
      ...(code === "iamport" ? {} : { refund_account: { bank: code === "portone" ? "SHINHAN" : "88", number: "110123456789", holder: "홍길동" } }),
    });
    equal(refunded.refund, 3_000, `${code}: refunded 3,000`);
    // The refund's share of the receipt is cancelled by the workers, unasked.
    const part = await eventually(`${code}: the refund's share cancelled`, async () => {
      const read = await api.functional.payments.histories.cash_receipts.get(ctx.connection, { source, password: secret });
      return read.cancelled === 3_000 ? read : null;
    });
    equal([part.status, part.amount, part.cancelled], ["issued", 17_000, 3_000], `${code}: 3,000 cancelled, 17,000 still receipted`);
    if (code === "portone") {
      const atPortOne = (await (await fetch(`${ctx.portone.host}/payments/${encodeURIComponent(history.vendor.uid!)}/cash-receipt`, { headers: { authorization: `PortOne ${ctx.portone.apiSecret}` } })).json()) as { status: string; amount: number };
      equal([atPortOne.status, atPortOne.amount], ["ISSUED", 17_000], "PortOne holds a receipt for the rest");
    }
    const rest = await api.functional.payments.histories.cash_receipts.cancel(ctx.connection, { source, password: secret });
    equal([rest.status, rest.amount, rest.cancelled], ["cancelled", 0, 20_000], `${code}: cancelled in full`);
    await expectError(404, "CASH_RECEIPT_NOT_FOUND", () => api.functional.payments.histories.cash_receipts.cancel(ctx.connection, { source, password: secret }));
  }

  // A card payment has no cash to receipt.
  const card = orderId();
  await portoneCardPaid(ctx, card, 5_000);
  const secret = password();
  await api.functional.payments.histories.create(ctx.connection, { vendor: { code: "portone", store_id: ctx.portone.storeId, uid: card }, source: { schema: "shop", table: "orders", id: card }, price: 5_000, password: secret });
  await expectError(422, "CASH_RECEIPT_NOT_ALLOWED", () =>
    api.functional.payments.histories.cash_receipts.issue(ctx.connection, { source: { schema: "shop", table: "orders", id: card }, password: secret, type: "expense_proof", identifier: { kind: "business", value: "123-45-67890" } }),
  );
}

/** A history paid in cash at the PG: a deposited virtual account, or (Iamport) a transfer. */
const paidInCash = async (ctx: TestContext, code: IPaymentVendor.Code, amount: number): Promise<{ history: IPaymentHistory; secret: string }> => {
  const id = orderId();
  const source = { schema: "shop", table: "orders", id };
  const secret = password();
  const register = (uid: string, store_id: string) => api.functional.payments.histories.create(ctx.connection, { vendor: { code, store_id, uid }, source, price: amount, password: secret });
  if (code === "iamport") {
    const paid = await iamportInternal<IIamportPayment>(ctx, "payments/window", { merchant_uid: id, amount, pay_method: "trans", name: "Desk" });
    return { history: (await register(paid.imp_uid, ctx.iamport.storeId)) as IPaymentHistory, secret };
  }
  if (code === "toss.payments") {
    const va = await tossOf(ctx).createVirtualAccount(ctx.toss.storeId, { amount, orderId: id, orderName: "Desk", customerName: "Kim", bank: "88", validHours: 24 });
    await register(va.paymentKey, ctx.toss.storeId);
    await tossInternal(ctx, `virtual-accounts/${va.paymentKey}/deposit`, { amount });
  } else {
    await portoneInternal(ctx, `payments/${id}/window`, { orderName: "Desk", totalAmount: amount, payMethod: "VIRTUAL_ACCOUNT" });
    await register(id, ctx.portone.storeId);
    await portoneInternal(ctx, `payments/${id}/deposit`);
  }
  const history = await eventually(`${code}: the deposit recorded`, async () => {
    const read = await api.functional.payments.histories.get(ctx.connection, { source, password: secret });
    return read.status === "paid" ? (read as IPaymentHistory) : null;
  });
  return { history, secret };
};
