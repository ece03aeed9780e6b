import type { ITossPayment } from "../../api/structures/toss/ITossPayment";
import type { ITossSettlement } from "../../api/structures/toss/ITossSettlement";
import type { ITossTransaction } from "../../api/structures/toss/ITossTransaction";
import { FakeTossError } from "./FakeTossError";
import type { IFakeTossStore } from "./FakeTossService";

/**
 * What Toss lists of a store's money: the settlement report (`GET /v1/settlements`) and the
 * transaction list (`GET /v1/transactions`).
 */
export namespace FakeTossListings {
  /**
   * The settlement report: a line per sale and one per cancel, with the fee
   * (`feeBasisPoints` of the amount, rounded down, VAT included) and payout D+2.
   * FAKE DIFFERS: one fee type and a fixed D+2 payout; the real report follows the
   * merchant's contract per method, and is complete only from D+1 06:00.
   */
  export const settlements = (store: IFakeTossStore, query: ITossSettlement.IQuery, feeBasisPoints: number, overrides: ReadonlyMap<string, Partial<ITossSettlement>>): ITossSettlement[] => {
    const lines: ITossSettlement[] = [];
    const day = (iso: string) => new Date(new Date(iso).getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
    const plus = (d: string, n: number) => new Date(new Date(`${d}T00:00:00Z`).getTime() + n * 86_400_000).toISOString().slice(0, 10);
    const line = (p: ITossPayment, transactionKey: string, amount: number, at: string): ITossSettlement => {
      const fee = Math.sign(amount) * Math.floor((Math.abs(amount) * feeBasisPoints) / 10_000);
      const vat = Math.sign(amount) * Math.floor(Math.abs(amount) / 11);
      const soldDate = day(at);
      return {
        mId: store.mId,
        paymentKey: p.paymentKey,
        transactionKey,
        orderId: p.orderId,
        currency: p.currency,
        method: p.method,
        amount,
        interestFee: 0,
        fees: [{ type: "BASE", fee }],
        supplyAmount: amount - vat,
        vat,
        payOutAmount: amount - fee,
        approvedAt: at,
        soldDate,
        paidOutDate: plus(soldDate, 2),
        ...overrides.get(transactionKey),
      };
    };
    for (const { payment: p } of store.payments.values()) {
      if (p.approvedAt === null || (p.status !== "DONE" && p.status !== "CANCELED" && p.status !== "PARTIAL_CANCELED")) continue;
      // FAKE DIFFERS: a sale's line carries the paymentKey as its transactionKey (the fake keeps no approval transaction key).
      lines.push(line(p, p.paymentKey, p.totalAmount, p.approvedAt));
      for (const c of p.cancels ?? []) lines.push(line(p, c.transactionKey, -c.cancelAmount, c.canceledAt));
    }
    const key = query.dateType === "paidOutDate" ? "paidOutDate" : "soldDate";
    const size = query.size ?? 100;
    const page = query.page ?? 1;
    return lines
      .filter((l) => l[key] >= query.startDate && l[key] <= query.endDate)
      .sort((a, b) => a.approvedAt.localeCompare(b.approvedAt))
      .slice((page - 1) * size, page * size);
  };

  /**
   * `GET /v1/transactions`: every approval and cancel of the store made `startDate`–`endDate`,
   * oldest first, paged by the last `transactionKey` seen (`startingAfter`), `limit` per page.
   * FAKE DIFFERS: an approval's `transactionKey` is the payment's own key (the fake keeps none
   * for it, as in its settlement report), and a virtual account is listed once, at its issue
   * (waiting) or its deposit (done), not at both.
   */
  export const transactions = (store: IFakeTossStore, query: ITossTransaction.IQuery): ITossTransaction[] => {
    const from = instant(query.startDate);
    const to = instant(query.endDate);
    if (Number.isNaN(from) || Number.isNaN(to)) throw FakeTossError.validation([{ path: "$input.startDate", expected: "ISO-8601 date-time", value: query.startDate }]);
    const all: ITossTransaction[] = [];
    for (const { payment: p } of store.payments.values()) {
      const approval = approvalOf(p);
      if (approval === null) continue;
      all.push(row(store, p, p.paymentKey, approval.status, approval.at, p.totalAmount));
      let cancelled = 0;
      // A cancel still in progress, or aborted, moved no money: it is no transaction.
      for (const c of (p.cancels ?? []).filter((c) => (c.cancelStatus ?? "DONE") === "DONE")) {
        cancelled += c.cancelAmount;
        all.push(row(store, p, c.transactionKey, cancelled >= p.totalAmount ? "CANCELED" : "PARTIAL_CANCELED", c.canceledAt, c.cancelAmount));
      }
    }
    const inRange = all
      .filter((t) => {
        const at = Date.parse(t.transactionAt);
        return at >= from && at <= to;
      })
      .sort((a, b) => a.transactionAt.localeCompare(b.transactionAt) || a.transactionKey.localeCompare(b.transactionKey));
    const start = query.startingAfter !== undefined ? inRange.findIndex((t) => t.transactionKey === query.startingAfter) + 1 : 0;
    return inRange.slice(start, start + (query.limit ?? 100));
  };

  /** The approval of a payment, or null while nothing was approved (ready, aborted, expired). */
  const approvalOf = (p: ITossPayment): { status: string; at: string } | null => {
    if (p.approvedAt !== null && (p.status === "DONE" || p.status === "CANCELED" || p.status === "PARTIAL_CANCELED")) return { status: "DONE", at: p.approvedAt };
    if (p.status === "WAITING_FOR_DEPOSIT") return { status: "WAITING_FOR_DEPOSIT", at: p.requestedAt };
    return null;
  };

  const row = (store: IFakeTossStore, p: ITossPayment, transactionKey: string, status: string, at: string, amount: number): ITossTransaction => ({
    mId: store.mId,
    transactionKey,
    paymentKey: p.paymentKey,
    orderId: p.orderId,
    method: p.method,
    customerKey: null,
    useEscrow: false,
    receiptUrl: p.receipt?.url ?? null,
    status,
    transactionAt: at,
    currency: p.currency,
    amount,
  });

  /** A date-time without an offset is Korea time, as Toss reads it. */
  const instant = (text: string): number => Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text.length === 10 ? `${text}T00:00:00` : text}+09:00`);
}
