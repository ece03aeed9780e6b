import type { IPaymentHistory } from "../../api/structures/IPaymentHistory";
import { ITossBilling } from "../../api/structures/toss/ITossBilling";
import { ITossBillingAuthCard } from "../../api/structures/toss/ITossBillingAuthCard";
import { ITossBillingIssue } from "../../api/structures/toss/ITossBillingIssue";
import { ITossBillingPayment } from "../../api/structures/toss/ITossBillingPayment";
import { ITossCashReceipt } from "../../api/structures/toss/ITossCashReceipt";
import { ITossCashReceiptCancel } from "../../api/structures/toss/ITossCashReceiptCancel";
import { ITossCashReceiptCreate } from "../../api/structures/toss/ITossCashReceiptCreate";
import { ITossKeyInPayment } from "../../api/structures/toss/ITossKeyInPayment";
import { ITossSettlement } from "../../api/structures/toss/ITossSettlement";
import { ITossPayment } from "../../api/structures/toss/ITossPayment";
import { ITossTransaction } from "../../api/structures/toss/ITossTransaction";
import { ITossPaymentCancel } from "../../api/structures/toss/ITossPaymentCancel";
import { ITossPaymentConfirm } from "../../api/structures/toss/ITossPaymentConfirm";
import { ITossVirtualAccountCreate } from "../../api/structures/toss/ITossVirtualAccountCreate";
import { IPgPaymentSnapshot } from "../IPgPaymentSnapshot";
import { PgError } from "../PgError";
import type { IPgListedEntry } from "../PgGateway";
import { PgTransport } from "../PgTransport";

/**
 * HTTP client of the REAL Toss Payments v1 API (https://api.tosspayments.com). Tests point
 * `host` at the fake; nothing here knows about it.
 *
 * Every failure becomes a {@link PgError}. A money-moving call that ends `unavailable`
 * (5xx, timeout, network) has an UNKNOWN outcome: callers reconcile with
 * {@link getPaymentByOrderId} or retry with the same idempotency key, never assume failure.
 *
 * Toss v1 has no API to read a billing key back, so billing keys are verified by issuing
 * them ourselves from the buyer's `authKey` ({@link issueBillingKey}).
 */
export class TossAdapter {
  private readonly host: string;

  public constructor(private readonly props: TossAdapter.IProps) {
    this.host = props.host.replace(/\/+$/, "");
  }

  /** Approve a payment authenticated in the payment window. */
  public confirm(
    storeId: string,
    input: ITossPaymentConfirm,
    idempotencyKey?: string,
  ): Promise<ITossPayment> {
    return this.request(storeId, "POST", "/v1/payments/confirm", input, idempotencyKey).then(asPayment);
  }

  public getPayment(storeId: string, paymentKey: string): Promise<ITossPayment> {
    return this.request(storeId, "GET", `/v1/payments/${seg(paymentKey)}`).then(asPayment);
  }

  public getPaymentByOrderId(storeId: string, orderId: string): Promise<ITossPayment> {
    return this.request(storeId, "GET", `/v1/payments/orders/${seg(orderId)}`).then(asPayment);
  }

  /** The settlement report of sold days `startDate`–`endDate`, one page. */
  public settlements(storeId: string, query: { startDate: string; endDate: string; page: number; size: number }): Promise<ITossSettlement[]> {
    const q = new URLSearchParams({ startDate: query.startDate, endDate: query.endDate, dateType: "soldDate", page: String(query.page), size: String(query.size) });
    return this.request(storeId, "GET", `/v1/settlements?${q.toString()}`) as Promise<ITossSettlement[]>;
  }

  /** One page of the transaction list (approvals and cancels) made `startDate`–`endDate`. */
  public async transactions(storeId: string, query: ITossTransaction.IQuery): Promise<ITossTransaction[]> {
    const q = new URLSearchParams({ startDate: query.startDate, endDate: query.endDate, ...(query.startingAfter !== undefined ? { startingAfter: query.startingAfter } : {}), limit: String(query.limit ?? 100) });
    const rows = await this.request(storeId, "GET", `/v1/transactions?${q.toString()}`);
    if (!Array.isArray(rows))
      throw new PgError({ vendor: "toss.payments", kind: "unavailable", pg_code: "INVALID_RESPONSE", message: "Toss answered its transaction list with a body that is not an array.", status: 200 });
    return rows as ITossTransaction[];
  }

  /**
   * A transaction as a listing entry: an approval (or an issued virtual account) tells the
   * payment's total; a cancel, the amount it refunded.
   */
  public static listed(t: ITossTransaction): IPgListedEntry {
    const status: IPgPaymentSnapshot.Status = STATUS[t.status as ITossPayment.Status] ?? "failed";
    const cancel = status === "cancelled" || status === "partial_cancelled";
    return { uid: t.paymentKey, order_id: t.orderId, status, amount: cancel ? null : t.amount, cancelled: cancel ? t.amount : 0, currency: t.currency, at: t.transactionAt, transaction_id: t.transactionKey };
  }

  /** Full cancel without `cancelAmount`; `refundReceiveAccount` for deposited virtual accounts. */
  public cancel(
    storeId: string,
    paymentKey: string,
    input: ITossPaymentCancel,
    idempotencyKey?: string,
  ): Promise<ITossPayment> {
    return this.request(
      storeId,
      "POST",
      `/v1/payments/${seg(paymentKey)}/cancel`,
      input,
      idempotencyKey,
    ).then(asPayment);
  }

  /** Card-number payment, approved at once (contracted merchants only). */
  public keyIn(
    storeId: string,
    input: ITossKeyInPayment,
    idempotencyKey?: string,
  ): Promise<ITossPayment> {
    return this.request(storeId, "POST", "/v1/payments/key-in", input, idempotencyKey).then(asPayment);
  }

  public createVirtualAccount(
    storeId: string,
    input: ITossVirtualAccountCreate,
    idempotencyKey?: string,
  ): Promise<ITossPayment> {
    return this.request(storeId, "POST", "/v1/virtual-accounts", input, idempotencyKey).then(
      asPayment,
    );
  }

  /** Exchange the billing window's one-time `authKey` for a billing key. */
  public issueBillingKey(storeId: string, input: ITossBillingIssue): Promise<ITossBilling> {
    return this.request(storeId, "POST", "/v1/billing/authorizations/issue", input).then(
      asBilling,
    );
  }

  /** Billing key from card numbers (contracted merchants only). */
  public issueBillingKeyByCard(
    storeId: string,
    input: ITossBillingAuthCard,
  ): Promise<ITossBilling> {
    return this.request(storeId, "POST", "/v1/billing/authorizations/card", input).then(
      asBilling,
    );
  }

  public chargeBilling(
    storeId: string,
    billingKey: string,
    input: ITossBillingPayment,
    idempotencyKey?: string,
  ): Promise<ITossPayment> {
    return this.request(
      storeId,
      "POST",
      `/v1/billing/${seg(billingKey)}`,
      input,
      idempotencyKey,
    ).then(asPayment);
  }

  public issueCashReceipt(
    storeId: string,
    input: ITossCashReceiptCreate,
    idempotencyKey?: string,
  ): Promise<ITossCashReceipt> {
    return this.request(storeId, "POST", "/v1/cash-receipts", input, idempotencyKey) as Promise<
      ITossCashReceipt
    >;
  }

  public cancelCashReceipt(
    storeId: string,
    receiptKey: string,
    input: ITossCashReceiptCancel = {},
    idempotencyKey?: string,
  ): Promise<ITossCashReceipt> {
    return this.request(
      storeId,
      "POST",
      `/v1/cash-receipts/${seg(receiptKey)}/cancel`,
      input,
      idempotencyKey,
    ) as Promise<ITossCashReceipt>;
  }

  /** Reduce a Toss Payment to what payments-server checks and stores. */
  public static snapshot(payment: ITossPayment): IPgPaymentSnapshot {
    const status: IPgPaymentSnapshot.Status = STATUS[payment.status] ?? "failed";
    const cancels: IPgPaymentSnapshot.ICancel[] = (payment.cancels ?? [])
      // an IN_PROGRESS/ABORTED cancel has not moved money back (yet)
      .filter((c) => (c.cancelStatus ?? "DONE") === "DONE")
      .map((c) => ({
        id: c.transactionKey,
        amount: c.cancelAmount,
        reason: c.cancelReason,
        cancelled_at: c.canceledAt,
      }));
    const va = payment.virtualAccount;
    return {
      uid: payment.paymentKey,
      order_id: payment.orderId,
      amount: payment.totalAmount,
      currency: payment.currency,
      status,
      // Toss leaves approvedAt null until a virtual account is deposited; the status check
      // guards against any object that sets it at issue.
      paid_at: UNPAID.has(payment.status) ? null : (payment.approvedAt ?? null),
      cancelled_at: cancels[0]?.cancelled_at ?? null,
      balance: payment.balanceAmount,
      cancels,
      virtual_account: va
        ? {
            bank: va.bankCode,
            account_number: va.accountNumber,
            holder: va.customerName,
            due_date: va.dueDate ?? null,
          }
        : null,
      method: payment.method === null ? null : (METHODS[payment.method] ?? "other"),
      escrow: payment.useEscrow === true,
      easy_pay: payment.easyPay ? { provider: payment.easyPay.provider, amount: payment.easyPay.amount, discount: payment.easyPay.discountAmount } : null,
      failure: status === "failed" && payment.failure ? { code: payment.failure.code, message: payment.failure.message } : null,
      disputes: [],
    };
  }

  private async request(
    storeId: string,
    method: "GET" | "POST",
    path: string,
    body?: object,
    idempotencyKey?: string,
  ): Promise<unknown> {
    const store = this.props.stores[storeId];
    if (store === undefined)
      throw new PgError({
        vendor: "toss.payments",
        kind: "unauthorized",
        pg_code: "UNKNOWN_STORE",
        message: `No Toss credentials are configured for store "${storeId}".`,
        status: null,
      });
    const headers: Record<string, string> = {
      // Basic auth with the secret key as user name and an empty password.
      Authorization: `Basic ${Buffer.from(`${store.secretKey}:`).toString("base64")}`,
    };
    if (idempotencyKey !== undefined) headers["Idempotency-Key"] = idempotencyKey;
    const { status, text } = await PgTransport.send({ vendor: "toss.payments", name: "Toss", url: this.host + path, method, headers, body, timeoutMs: this.props.timeoutMs });
    const json: unknown = parse(text);
    if (status >= 200 && status < 300) {
      if (json === undefined || json === null || typeof json !== "object")
        throw new PgError({
          vendor: "toss.payments",
          kind: "unavailable",
          pg_code: "INVALID_RESPONSE",
          message: "Toss answered 2xx with a body that is not a JSON object.",
          status,
        });
      return json;
    }
    throw TossAdapter.classify(status, json);
  }

  /** Map a Toss error answer to a {@link PgError}. */
  public static classify(status: number, body: unknown): PgError {
    const error =
      body !== null &&
      typeof body === "object" &&
      typeof (body as Record<string, unknown>).code === "string"
        ? (body as { code: string; message?: unknown })
        : null;
    const code: string = error?.code ?? `HTTP_${status}`;
    const message: string =
      typeof error?.message === "string" ? error.message : `Toss answered HTTP ${status}.`;
    const kind: PgError["props"]["kind"] =
      status === 401 || code === "UNAUTHORIZED_KEY" || code === "INVALID_API_KEY"
        ? "unauthorized"
        : status >= 500 || status === 429 || status === 408
          ? "unavailable"
          : status === 404 || code.startsWith("NOT_FOUND")
            ? "not_found"
            : "rejected";
    return new PgError({ vendor: "toss.payments", kind, pg_code: code, message, status });
  }
}
export namespace TossAdapter {
  export interface IProps {
    /** `https://api.tosspayments.com` in production; the fake's host in tests. */
    host: string;
    /** Credentials by our store id. */
    stores: Record<string, IStore>;
    /** Per request, including reading the body. */
    timeoutMs: number;
  }
  export interface IStore {
    secretKey: string;
    /** Only browsers use it; kept so configuration has one place for both keys. */
    clientKey?: string;
  }
}

const STATUS: Record<ITossPayment.Status, IPgPaymentSnapshot.Status> = {
  READY: "ready",
  IN_PROGRESS: "ready",
  WAITING_FOR_DEPOSIT: "waiting_deposit",
  DONE: "paid",
  PARTIAL_CANCELED: "partial_cancelled",
  CANCELED: "cancelled",
  ABORTED: "failed",
  EXPIRED: "expired",
};
const UNPAID: Set<ITossPayment.Status> = new Set([
  "READY",
  "IN_PROGRESS",
  "WAITING_FOR_DEPOSIT",
  "ABORTED",
  "EXPIRED",
]);

const seg = (s: string): string => encodeURIComponent(s);

const parse = (text: string): unknown => {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

// Shallow checks only: a full typia assertion would turn any field Toss adds or loosens
// into an outage, while these catch a wrong host (HTML, another API) early.
const asPayment = (x: unknown): ITossPayment => {
  const p = x as Partial<ITossPayment>;
  if (
    typeof p.paymentKey !== "string" ||
    typeof p.orderId !== "string" ||
    typeof p.status !== "string" ||
    typeof p.totalAmount !== "number"
  )
    throw invalid("Payment");
  return x as ITossPayment;
};
const asBilling = (x: unknown): ITossBilling => {
  const b = x as Partial<ITossBilling>;
  if (typeof b.billingKey !== "string" || typeof b.customerKey !== "string")
    throw invalid("Billing");
  return x as ITossBilling;
};
const invalid = (what: string): PgError =>
  new PgError({
    vendor: "toss.payments",
    kind: "unavailable",
    pg_code: "INVALID_RESPONSE",
    message: `Toss's answer is not a ${what} object.`,
    status: 200,
  });

/** Toss's Korean method names in the words every PG's history uses. */
const METHODS: Record<string, IPaymentHistory.Method> = {
  카드: "card",
  가상계좌: "virtual_account",
  계좌이체: "transfer",
  간편결제: "easy_pay",
  휴대폰: "mobile",
  문화상품권: "gift_certificate",
  도서문화상품권: "gift_certificate",
  게임문화상품권: "gift_certificate",
};
