import api from "../../../src/api";
import type { IPaymentCashReceipt } from "../../../src/api/structures/IPaymentCashReceipt";
import { RECEIPT_CLIENT } from "../../internal/clients";
import { eventually } from "../../internal/lifecycle";
import { equal, expectError } from "../../internal/pgs";
import { TestContext } from "../../TestContext";
import { CashKit } from "./internal/CashKit";

/**
 * A shop bound to issue cash receipts (its policy: every payment in cash of 100,000 won or
 * more) takes payments in cash at Toss, Iamport and PortOne V2 and never calls a receipt
 * route: a payment of 99,000 gets none; one of 100,000 gets one from the workers, to the
 * National Tax Service's number for unasked receipts (010-000-1234); a refund of 30,000
 * cancels 30,000 of it and the refund of the rest cancels the rest. The shop's endpoint hears
 * each receipt's change in order with the payment's own events.
 */
export async function test_cash_receipt_issued_by_policy_at_the_threshold_and_cancelled_by_refunds(ctx: TestContext): Promise<void> {
  const connection = CashKit.connectionOf(ctx, RECEIPT_CLIENT);
  const receiver = await CashKit.receiver(RECEIPT_CLIENT);
  try {
    for (const code of ["toss.payments", "iamport", "portone"] as const) {
      // Under the threshold: decided in the payment's own transaction, so none exists once it is paid.
      const small = await CashKit.paid(ctx, connection, code, 99_000, receiver.url);
      await expectError(404, "CASH_RECEIPT_NOT_FOUND", () => api.functional.payments.histories.cash_receipts.get(connection, { source: small.source, password: small.secret }));

      const payment = await CashKit.paid(ctx, connection, code, 100_000, receiver.url);
      const issued = await CashKit.receiptWhen(connection, payment, "issued by the workers", (r) => r.status === "issued");
      equal(
        [issued.origin, issued.type, issued.identifier, issued.amount, issued.cancelled, issued.issue_number !== null],
        ["policy", "income_deduction", { kind: "phone", masked: "******1234" }, 100_000, 0, true],
        `${code}: issued unasked at the threshold, to the tax service's number`,
      );

      const refund = (price?: number) =>
        api.functional.payments.histories.cancel(connection, {
          source: payment.source,
          password: payment.secret,
          ...(price !== undefined ? { price } : {}),
          reason: "returned",
          ...(code === "iamport" ? {} : { refund_account: { bank: code === "portone" ? "SHINHAN" : "88", number: "110123456789", holder: "홍길동" } }),
        });
      await refund(30_000);
      const part = await CashKit.receiptWhen(connection, payment, "the refund's share cancelled", (r) => r.cancelled === 30_000);
      equal([part.status, part.amount, part.cancelled], ["issued", 70_000, 30_000], `${code}: 30,000 of the receipt cancelled with the refund`);
      await refund();
      const whole = await CashKit.receiptWhen(connection, payment, "the rest cancelled", (r) => r.status === "cancelled");
      equal([whole.amount, whole.cancelled], [0, 100_000], `${code}: cancelled in full with the full refund`);

      // A virtual account is announced from its issue on; a transfer is paid at once.
      const expected = [
        ...(code === "iamport" ? [] : ["payment.waiting_deposit"]),
        ...["payment.paid", "cash_receipt.issued", "payment.partial_cancelled", "cash_receipt.cancelled", "payment.cancelled", "cash_receipt.cancelled"],
      ];
      await eventually(`${code}: every event heard`, async () => receiver.typesOf(payment.source.id).length >= expected.length);
      equal(receiver.typesOf(payment.source.id), expected, `${code}: each change announced once, in order`);
      const heard = receiver.eventsOf(payment.source.id).filter((e) => e.type.startsWith("cash_receipt.")) as IPaymentCashReceipt.IWebhook[];
      equal(
        heard.map((e) => [e.previous?.amount ?? null, e.current.amount, e.current.identifier.masked]),
        [
          [null, 100_000, "******1234"],
          [100_000, 70_000, "******1234"],
          [70_000, 0, "******1234"],
        ],
        `${code}: each event carries the receipt before and after, masked`,
      );
    }
  } finally {
    await receiver.close();
  }
}
