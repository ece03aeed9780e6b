import type { ITossPayment } from "../../api/structures/toss/ITossPayment";
import type { ITossTransaction } from "../../api/structures/toss/ITossTransaction";
import { FakeTossError } from "./FakeTossError";
import type { IFakeTossStore } from "./FakeTossService";

/**
 * `GET /v1/transactions`: every approval and cancel of the store made `startDate`–`endDate`,
 * oldest first, paged by the last `transactionKey` seen (`startingAfter`), `limit` per page.
 * FAKE DIFFERS: an approval's `transactionKey` is the payment's own key (the fake keeps none
 * for it, as in its settlement report), and a virtual account is listed once, at its issue
 * (waiting) or its deposit (done), not at both.
 */
export namespace FakeTossListings {
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
