import type { IPaymentHistory } from "../../api/structures/IPaymentHistory";
import type { IPortOneBillingKey } from "../../api/structures/portone/IPortOneBillingKey";
import type { IPortOnePayment } from "../../api/structures/portone/IPortOnePayment";
import type { IPgPaymentSnapshot } from "../IPgPaymentSnapshot";
import { PgError } from "../PgError";
import { PgTransport } from "../PgTransport";

/**
 * HTTP client of the real PortOne V2 REST API (`https://api.portone.io`), one instance for
 * all stores: `Authorization: PortOne <API secret>`, every call naming the store
 * (`storeId`), errors as `{type, message}` with the HTTP status the API reference lists.
 * Tests point `host` at FakePortOne.
 *
 * https://developers.portone.io/api/rest-v2/payment
 */
export class PortOneAdapter {
  public constructor(private readonly props: PortOneAdapter.IProps) {}

  public getPayment(storeId: string, paymentId: string): Promise<IPortOnePayment> {
    const store = this.store(storeId);
    return this.call(store, "GET", `/payments/${encodeURIComponent(paymentId)}?storeId=${encodeURIComponent(store.storeId)}`);
  }

  /**
   * One page of every payment created `from`–`until` (`GET /payments-by-cursor`, its body in
   * the `requestBody` query parameter as the API takes it on a GET).
   */
  public paymentsByCursor(storeId: string, query: { from: string; until: string; cursor?: string; size: number }): Promise<{ items: { payment: IPortOnePayment; cursor: string }[] }> {
    const store = this.store(storeId);
    const body = JSON.stringify({ storeId: store.storeId, ...query });
    return this.call(store, "GET", `/payments-by-cursor?requestBody=${encodeURIComponent(body)}`);
  }

  /** Declare a payment's amount before its window opens: PortOne then refuses any other amount. */
  public async preRegister(storeId: string, paymentId: string, body: { totalAmount: number; currency: string }): Promise<void> {
    const store = this.store(storeId);
    await this.call(store, "POST", `/payments/${encodeURIComponent(paymentId)}/pre-register`, { storeId: store.storeId, ...body });
  }

  /**
   * Full (`amount` absent) or partial cancel. `currentCancellableAmount` is the balance we
   * believe refundable: PortOne refuses the cancel (409 CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN)
   * when it differs, so a cancel computed from a stale record never refunds the wrong sum.
   */
  public async cancel(storeId: string, paymentId: string, body: PortOneAdapter.ICancel): Promise<IPortOnePayment.ICancellation> {
    const store = this.store(storeId);
    const answer = await this.call<{ cancellation: IPortOnePayment.ICancellation }>(
      store,
      "POST",
      `/payments/${encodeURIComponent(paymentId)}/cancel`,
      { storeId: store.storeId, ...body },
    );
    return answer.cancellation;
  }

  /** Pay with a billing key; the payment's id is ours (`paymentId`), so a retry cannot pay twice (409 ALREADY_PAID). */
  public payWithBillingKey(
    storeId: string,
    paymentId: string,
    body: { billingKey: string; orderName: string; amount: { total: number }; currency: string; customer?: { id?: string } },
  ): Promise<{ payment: { pgTxId?: string; paidAt: string } }> {
    const store = this.store(storeId);
    return this.call(store, "POST", `/payments/${encodeURIComponent(paymentId)}/billing-key`, { storeId: store.storeId, ...body });
  }

  /** `POST /cash-receipts`: the cash receipt of a payment, on the store's channel. */
  public issueCashReceipt(
    storeId: string,
    body: { paymentId: string; type: "PERSONAL" | "CORPORATE"; orderName: string; currency: string; amount: { total: number }; customer: { identityNumber: string } },
  ): Promise<{ cashReceipt: { issueNumber: string; url: string; pgReceiptId: string } }> {
    const store = this.store(storeId);
    return this.call(store, "POST", "/cash-receipts", { storeId: store.storeId, channelKey: store.channelKey ?? "", ...body });
  }

  /** `POST /payments/{paymentId}/cash-receipt/cancel`: cancelled in full (PortOne cancels no part of one). */
  public cancelCashReceipt(storeId: string, paymentId: string): Promise<{ cancelledAmount: number; cancelledAt: string }> {
    const store = this.store(storeId);
    return this.call(store, "POST", `/payments/${encodeURIComponent(paymentId)}/cash-receipt/cancel?storeId=${encodeURIComponent(store.storeId)}`);
  }

  /** `POST` (register) or `PATCH` (change) `/payments/{paymentId}/escrow/logistics`. */
  public escrowLogistics(storeId: string, paymentId: string, change: boolean, body: object): Promise<{ invoiceNumber: string; sentAt: string; appliedAt?: string; modifiedAt?: string }> {
    const store = this.store(storeId);
    return this.call(store, change ? "PATCH" : "POST", `/payments/${encodeURIComponent(paymentId)}/escrow/logistics`, { storeId: store.storeId, ...body });
  }

  /** `POST /payments/{paymentId}/escrow/complete`: the purchase confirmed. */
  public confirmEscrow(storeId: string, paymentId: string): Promise<{ completedAt: string }> {
    const store = this.store(storeId);
    return this.call(store, "POST", `/payments/${encodeURIComponent(paymentId)}/escrow/complete`, { storeId: store.storeId, fromStore: true });
  }

  public getBillingKey(storeId: string, billingKey: string): Promise<IPortOneBillingKey> {
    const store = this.store(storeId);
    return this.call(store, "GET", `/billing-keys/${encodeURIComponent(billingKey)}?storeId=${encodeURIComponent(store.storeId)}`);
  }

  /**
   * Reduce a PortOne V2 payment to what payments-server checks. `PAY_PENDING` (approved by
   * the buyer, waiting for the PG) is not money received: it reads as `ready`. `now` decides
   * whether an issued virtual account's deadline has passed (PortOne names no state for it).
   */
  public static snapshot(payment: IPortOnePayment, now: Date = new Date()): IPgPaymentSnapshot {
    const cancels: IPgPaymentSnapshot.ICancel[] = (payment.cancellations ?? [])
      .filter((c) => c.status === "SUCCEEDED")
      .map((c) => ({ id: c.id, amount: c.totalAmount, reason: c.reason, cancelled_at: c.cancelledAt ?? c.requestedAt }))
      .sort((a, b) => a.cancelled_at.localeCompare(b.cancelled_at));
    const method = payment.method;
    const account = method !== undefined && method.type === "PaymentMethodVirtualAccount" ? (method as IPortOnePayment.IVirtualAccount) : null;
    const status: IPgPaymentSnapshot.Status = (() => {
      switch (payment.status) {
        case "READY":
        case "PAY_PENDING":
          return "ready";
        case "VIRTUAL_ACCOUNT_ISSUED":
          return account?.expiredAt !== undefined && Date.parse(account.expiredAt) <= now.getTime() ? "expired" : "waiting_deposit";
        case "PAID":
          return "paid";
        case "PARTIAL_CANCELLED":
          return "partial_cancelled";
        case "CANCELLED":
          return "cancelled";
        default:
          return "failed";
      }
    })();
    return {
      uid: payment.id,
      order_id: payment.id,
      amount: payment.amount.total,
      currency: payment.currency,
      status,
      paid_at: payment.paidAt ?? null,
      cancelled_at: cancels[0]?.cancelled_at ?? payment.cancelledAt ?? null,
      balance: payment.amount.total - payment.amount.cancelled,
      cancels,
      virtual_account:
        account === null
          ? null
          : { bank: account.bank ?? "", account_number: account.accountNumber, holder: account.remitteeName ?? "", due_date: account.expiredAt ?? null },
      method: method === undefined ? null : (METHODS[method.type] ?? "other"),
      escrow: payment.escrow !== undefined,
      easy_pay: method !== undefined && method.type === "PaymentMethodEasyPay" ? { provider: (method as IPortOnePayment.IEasyPay).provider ?? "", amount: null, discount: payment.amount.discount } : null,
      failure:
        status === "failed"
          ? { code: payment.failure?.pgCode ?? "FAILED", message: payment.failure?.pgMessage ?? payment.failure?.reason ?? "The payment failed." }
          : null,
      disputes: (payment.disputes ?? [])
        .map((d) => ({ id: d.pgDisputeId ?? null, status: d.status === "RESOLVED" ? ("resolved" as const) : ("open" as const), reason: d.reason, created_at: d.createdAt, resolved_at: d.resolvedAt ?? null }))
        .sort((a, b) => a.created_at.localeCompare(b.created_at)),
    };
  }

  private store(storeId: string): PortOneAdapter.IStore {
    const store = this.props.stores[storeId];
    if (store === undefined)
      throw new PgError({ vendor: "portone", kind: "unauthorized", pg_code: "UNKNOWN_STORE", message: `no PortOne credentials for store "${storeId}"`, status: null });
    return store;
  }

  private async call<T>(store: PortOneAdapter.IStore, method: "GET" | "POST" | "PATCH", path: string, body?: object): Promise<T> {
    const { status, text } = await PgTransport.send({
      vendor: "portone",
      name: "PortOne",
      url: this.props.host.replace(/\/+$/, "") + path,
      method,
      headers: { authorization: `PortOne ${store.apiSecret}` },
      body,
      timeoutMs: this.props.timeoutMs,
    });
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    if (status >= 200 && status < 300 && parsed !== null && typeof parsed === "object") return parsed as T;
    const error = (parsed ?? {}) as { type?: unknown; message?: unknown; pgCode?: unknown };
    const pg_code = typeof error.type === "string" ? error.type : `HTTP_${status}`;
    // A card company's refusal names its own code and words (PgProviderError): they are the reason.
    const provider = error as { pgCode?: unknown; pgMessage?: unknown };
    const relayed = typeof provider.pgMessage === "string" ? `[${typeof provider.pgCode === "string" ? provider.pgCode : "?"}] ${provider.pgMessage}` : null;
    const message = relayed ?? (typeof error.message === "string" ? error.message : `PortOne answered HTTP ${status}`);
    const fail = (kind: PgError["props"]["kind"]): never => {
      throw new PgError({ vendor: "portone", kind, pg_code, message, status });
    };
    // 502 PG_PROVIDER is the card company's refusal relayed, not an outage: the request was answered.
    if (status === 502 && pg_code === "PG_PROVIDER") return fail("rejected");
    if (status >= 500 || status === 429 || status < 400) return fail("unavailable");
    if (status === 401 || status === 403) return fail("unauthorized");
    if (status === 404) return fail("not_found");
    return fail("rejected");
  }
}
export namespace PortOneAdapter {
  export interface IProps {
    /** `https://api.portone.io` in production. */
    host: string;
    /** Credentials by our store id. */
    stores: Record<string, IStore>;
    timeoutMs: number;
  }
  export interface IStore {
    /** PortOne's store id (`store-…`). */
    storeId: string;
    apiSecret: string;
    /** The channel cash receipts are issued on (the store's `channel_key`). */
    channelKey?: string;
  }
  export interface ICancel {
    amount?: number;
    reason: string;
    currentCancellableAmount?: number;
    refundAccount?: { bank: string; number: string; holderName: string };
  }
}

/** PortOne's method types in the words every PG's history uses. */
const METHODS: Record<string, IPaymentHistory.Method> = {
  PaymentMethodCard: "card",
  PaymentMethodVirtualAccount: "virtual_account",
  PaymentMethodTransfer: "transfer",
  PaymentMethodEasyPay: "easy_pay",
  PaymentMethodMobile: "mobile",
  PaymentMethodGiftCertificate: "gift_certificate",
};
