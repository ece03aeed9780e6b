import fs from "node:fs";

import api from "../../../src/api";
import type { IPaymentCashReceipt } from "../../../src/api/structures/IPaymentCashReceipt";
import { RECEIPT_CLIENT } from "../../internal/clients";
import { eventually } from "../../internal/lifecycle";
import { equal } from "../../internal/pgs";
import { TestContext } from "../../TestContext";
import { CashKit } from "./internal/CashKit";

/**
 * The workers' receipts when things go wrong, and a buyer who asked before paying:
 * - Toss: the buyer gives a phone number while the virtual account waits for its deposit
 *   (`requested`); at the deposit the workers issue it, the PG's answer is lost on the way
 *   (the receipt issued at Toss), and the retry gets Toss's replay: one receipt at the PG.
 * - Iamport: the PG answers 500 to every try, so after the configured retries the receipt is
 *   `failed` and announced; the payment itself is paid all along.
 * - PortOne: the PG refuses the receipt: `failed` at once, announced with the PG's code; the shop
 *   then issues it itself, to its buyer's business number.
 */
export async function test_cash_receipt_asked_before_the_deposit_retried_while_the_pg_is_down_and_issued_once(ctx: TestContext): Promise<void> {
  const connection = CashKit.connectionOf(ctx, RECEIPT_CLIENT);
  const receiver = await CashKit.receiver(RECEIPT_CLIENT);
  const cleanups: (() => void)[] = [];
  try {
    // Toss: asked before the deposit, the answer lost once.
    const toss = await CashKit.register(ctx, connection, "toss.payments", 120_000, receiver.url);
    const requested = await api.functional.payments.histories.cash_receipts.issue(connection, {
      source: toss.source,
      password: toss.secret,
      type: "income_deduction",
      identifier: { kind: "phone", value: "010-9876-5678" },
    });
    equal([requested.status, requested.origin, requested.issue_number], ["requested", "manual", null], "kept until the deposit");
    cleanups.push(ctx.toss.fake.inject({ path: "/v1/cash-receipts", method: "POST", mode: "drop", when: "after", times: 1 }));
    await toss.deposit();
    const issued = await CashKit.receiptWhen(connection, toss, "issued after the lost answer", (r) => r.status === "issued");
    equal([issued.identifier.masked, issued.amount, issued.origin], ["*******5678", 120_000, "manual"], "issued to the buyer's phone, not the unasked number");
    const atToss = ctx.toss.fake.cashReceiptsOf(toss.source.id);
    equal(atToss.length, 1, "one receipt at Toss: the retry was its replay");
    const [tries] = await ctx.query<{ attempts: number }>("SELECT attempts FROM payment_cash_receipts WHERE id = $1", [issued.id]);
    equal(tries!.attempts, 0, "the tries counted down to nothing once issued");

    // Iamport: down through every try.
    cleanups.push(ctx.iamport.fake.inject({ path: "/receipts", method: "POST", mode: "error", status: 500 }));
    const iamport = await CashKit.paid(ctx, connection, "iamport", 150_000, receiver.url);
    const gaveUp = await CashKit.receiptWhen(connection, iamport, "failed after the retries", (r) => r.status === "failed");
    equal([gaveUp.failure !== null, gaveUp.issue_number], [true, null], "failed, with the PG's failure");
    const [row] = await ctx.query<{ attempts: number }>("SELECT attempts FROM payment_cash_receipts WHERE id = $1", [gaveUp.id]);
    equal(row!.attempts, ctx.config.cash_receipt.retry_delays_ms.length + 1, "a first try and one per configured delay");
    const paid = await api.functional.payments.histories.get(connection, { source: iamport.source, password: iamport.secret });
    equal(paid.status, "paid", "the payment never waited for its receipt");

    // PortOne: refused, then issued by the shop.
    cleanups.push(ctx.portone.fake.inject({ path: "/cash-receipts", method: "POST", mode: "error", status: 400, type: "INVALID_REQUEST", message: "identifier refused", times: 1 }));
    const portone = await CashKit.paid(ctx, connection, "portone", 110_000, receiver.url);
    const refused = await CashKit.receiptWhen(connection, portone, "refused", (r) => r.status === "failed");
    equal(refused.failure?.code ?? null, "INVALID_REQUEST", "the PG's own code");
    const reissued = await api.functional.payments.histories.cash_receipts.issue(connection, {
      source: portone.source,
      password: portone.secret,
      type: "expense_proof",
      identifier: { kind: "business", value: "123-45-67890" },
    });
    equal([reissued.status, reissued.type, reissued.identifier.masked, reissued.failure], ["issued", "expense_proof", "******7890", null], "issued by the shop");

    // What the shop's endpoint heard of the receipts.
    const heard = (id: string) => receiver.eventsOf(id).filter((e) => e.type.startsWith("cash_receipt.")) as IPaymentCashReceipt.IWebhook[];
    await eventually("the receipts' events heard", async () => heard(toss.source.id).length >= 1 && heard(iamport.source.id).length >= 1 && heard(portone.source.id).length >= 2);
    equal(
      [heard(toss.source.id).map((e) => e.type), heard(iamport.source.id).map((e) => e.type), heard(portone.source.id).map((e) => [e.type, e.current.status])],
      [["cash_receipt.issued"], ["cash_receipt.failed"], [["cash_receipt.failed", "failed"], ["cash_receipt.issued", "issued"]]],
      "each receipt's outcome announced once",
    );
    // The buyers' numbers reached no log line, in any form.
    const log = fs.readFileSync(ctx.logFile, "utf8");
    for (const number of ["01098765678", "010-9876-5678", "1234567890", "123-45-67890"]) equal(log.includes(number), false, `${number} in no log line`);
  } finally {
    for (const cleanup of cleanups) cleanup();
    await receiver.close();
  }
}
