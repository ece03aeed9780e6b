import type { IPaymentHistory } from "../../api/structures/IPaymentHistory";
import { IIamportCustomer } from "../../api/structures/iamport/IIamportCustomer";
import { IIamportPayment } from "../../api/structures/iamport/IIamportPayment";
import { IIamportPaymentCancel } from "../../api/structures/iamport/IIamportPaymentCancel";
import { IIamportReceipt } from "../../api/structures/iamport/IIamportReceipt";
import { IIamportResponse } from "../../api/structures/iamport/IIamportResponse";
import { IIamportSubscribeAgain } from "../../api/structures/iamport/IIamportSubscribeAgain";
import { IIamportSubscribeOnetime } from "../../api/structures/iamport/IIamportSubscribeOnetime";
import { IIamportUser } from "../../api/structures/iamport/IIamportUser";
import { IIamportVbankCreate } from "../../api/structures/iamport/IIamportVbankCreate";
import { IPgPaymentSnapshot } from "../IPgPaymentSnapshot";
import { PgError } from "../PgError";
import { PgTransport } from "../PgTransport";

/**
 * HTTP client of the real Iamport (PortOne V1) REST API, one instance for all stores.
 *
 * Works unchanged against `https://api.iamport.kr`; tests point `host` at FakeIamport.
 * Every method unwraps the `{code, message, response}` envelope and throws a classified
 * {@link PgError} on any failure.
 */
export class IamportAdapter {
  private readonly tokens = new Map<string, IamportAdapter.ICachedToken>();
  private readonly pending = new Map<string, Promise<string>>();

  public constructor(private readonly props: IamportAdapter.IProps) {}

  /* ----------------------------------------------------------------
    PAYMENTS
  ---------------------------------------------------------------- */
  public getPayment(storeId: string, imp_uid: string): Promise<IIamportPayment> {
    return this.call(storeId, "GET", `/payments/${encodeURIComponent(imp_uid)}`);
  }

  /**
   * The latest payment of an order (`merchant_uid`), optionally of one status only.
   */
  public findPayment(
    storeId: string,
    merchant_uid: string,
    status?: IIamportPayment.Status,
  ): Promise<IIamportPayment> {
    const path: string =
      `/payments/find/${encodeURIComponent(merchant_uid)}` +
      (status !== undefined ? `/${status}` : "");
    return this.call(storeId, "GET", path);
  }

  /**
   * One page of the payments of a status (`all` for every one) started `from`–`to` (unix
   * seconds), newest first: `next` is the following page's number, 0 after the last.
   */
  public paymentsByStatus(storeId: string, query: { from: number; to: number; page: number; limit: number }): Promise<IIamportPayment.IPage> {
    const q = new URLSearchParams({ from: String(query.from), to: String(query.to), page: String(query.page), limit: String(query.limit), sorting: "-started" });
    return this.call(storeId, "GET", `/payments/status/all?${q.toString()}`);
  }

  /** Full or partial cancel. A refused cancel (code ≠ 0) throws `rejected`. */
  public cancel(storeId: string, body: IIamportPaymentCancel): Promise<IIamportPayment> {
    return this.call(storeId, "POST", "/payments/cancel", body);
  }

  /* ----------------------------------------------------------------
    SUBSCRIPTIONS (billing keys)
  ---------------------------------------------------------------- */
  /** `POST` (register) or `PUT` (change) `/escrows/logis/{imp_uid}`: an escrow payment's delivery. */
  public escrowLogis(storeId: string, imp_uid: string, change: boolean, body: object): Promise<{ company: string; invoice: string; sent_at: number; applied_at: number }> {
    return this.call(storeId, change ? "PUT" : "POST", `/escrows/logis/${encodeURIComponent(imp_uid)}`, body);
  }

  /** `POST /receipts/{imp_uid}`: the cash receipt of a paid payment. */
  public issueReceipt(storeId: string, imp_uid: string, body: IIamportReceipt.ICreate): Promise<IIamportReceipt> {
    return this.call(storeId, "POST", `/receipts/${encodeURIComponent(imp_uid)}`, body);
  }

  /** `DELETE /receipts/{imp_uid}`: cancelled in full (the API cancels no part of one). */
  public cancelReceipt(storeId: string, imp_uid: string): Promise<IIamportReceipt> {
    return this.call(storeId, "DELETE", `/receipts/${encodeURIComponent(imp_uid)}`);
  }

  public getCustomer(storeId: string, customer_uid: string): Promise<IIamportCustomer> {
    return this.call(storeId, "GET", `/subscribe/customers/${encodeURIComponent(customer_uid)}`);
  }

  public createCustomer(
    storeId: string,
    customer_uid: string,
    body: IIamportCustomer.ICreate,
  ): Promise<IIamportCustomer> {
    return this.call(storeId, "POST", `/subscribe/customers/${encodeURIComponent(customer_uid)}`, body);
  }

  public deleteCustomer(storeId: string, customer_uid: string): Promise<IIamportCustomer> {
    return this.call(storeId, "DELETE", `/subscribe/customers/${encodeURIComponent(customer_uid)}`);
  }

  /**
   * Charge a billing key. A declined card is NOT thrown: the payment comes back with
   * `status: "failed"` (that is how Iamport answers), so callers must check `status`.
   */
  public again(storeId: string, body: IIamportSubscribeAgain): Promise<IIamportPayment> {
    return this.call(storeId, "POST", "/subscribe/payments/again", body);
  }

  /** Charge a card number (and store it as `customer_uid` when given). Declines as `again`. */
  public onetime(storeId: string, body: IIamportSubscribeOnetime): Promise<IIamportPayment> {
    return this.call(storeId, "POST", "/subscribe/payments/onetime", body);
  }

  /* ----------------------------------------------------------------
    VIRTUAL ACCOUNTS
  ---------------------------------------------------------------- */
  public createVbank(storeId: string, body: IIamportVbankCreate): Promise<IIamportPayment> {
    return this.call(storeId, "POST", "/vbanks", body);
  }

  /* ----------------------------------------------------------------
    SNAPSHOT
  ---------------------------------------------------------------- */
  /**
   * Reduce an Iamport payment to what payments-server checks.
   *
   * Iamport keeps `status: "paid"` after a partial cancel (only `cancel_amount` grows), so
   * the cancel amounts decide between paid / partial_cancelled / cancelled. A virtual
   * account still `ready` after its deadline is reported `expired`.
   */
  /** Iamport's `fail_reason`, "[code] message" as its PGs word it, split into code and message. */
  public static failure(reason: string | null | undefined): IPgPaymentSnapshot.IFailure {
    const text = (reason ?? "").trim();
    const coded = /^\[([^\]]{1,40})\]\s*(.*)$/s.exec(text);
    return coded !== null ? { code: coded[1]!, message: coded[2]! } : { code: "FAILED", message: text || "The payment failed." };
  }

  /** Iamport's `pay_method`; a card paid inside an easy-pay service (`emb_pg_provider`) is easy pay. */
  public static method(payment: IIamportPayment): IPaymentHistory.Method {
    if (IamportAdapter.easyPay(payment) !== null) return "easy_pay";
    const m = payment.pay_method as string;
    if (m === "card") return "card";
    if (m === "vbank") return "virtual_account";
    if (m === "trans") return "transfer";
    if (m === "phone") return "mobile";
    if (m === "cultureland" || m === "smartculture" || m === "booknlife" || m === "happymoney") return "gift_certificate";
    return "other";
  }

  /** The easy-pay service: by `pay_method` or the PG itself (`kakaopay`, …), or the one a card was paid in. */
  public static easyPay(payment: IIamportPayment): IPaymentHistory.IEasyPay | null {
    const provider = [payment.emb_pg_provider, payment.pay_method, payment.pg_provider].find((p) => p != null && EASY_PAY.has(p)) ?? null;
    return provider === null ? null : { provider, amount: null, discount: null };
  }

  public static snapshot(payment: IIamportPayment, now: Date = new Date()): IPgPaymentSnapshot {
    const cancels: IPgPaymentSnapshot.ICancel[] = (payment.cancel_history ?? [])
      .map((c) => ({
        id: c.cancellation_id || c.pg_tid,
        amount: c.amount,
        reason: c.reason ?? "",
        cancelled_at: iso(c.cancelled_at) ?? new Date(0).toISOString(),
      }))
      .sort((a, b) => a.cancelled_at.localeCompare(b.cancelled_at));
    // cancel_amount is authoritative (history can be absent on old records)
    const cancelled: number = Math.max(
      payment.cancel_amount ?? 0,
      cancels.reduce((sum, c) => sum + c.amount, 0),
    );
    const isVbank: boolean = !!payment.vbank_num;
    const status: IPgPaymentSnapshot.Status = (() => {
      if (payment.status === "failed") return "failed";
      if (payment.status === "ready") {
        if (!isVbank) return "ready";
        return payment.vbank_date > 0 && payment.vbank_date * 1000 < now.getTime()
          ? "expired"
          : "waiting_deposit";
      }
      if (payment.status === "cancelled")
        // a cancelled unpaid vbank (DELETE /vbanks) has no money moved: call it cancelled too
        return cancelled > 0 && cancelled < payment.amount ? "partial_cancelled" : "cancelled";
      // paid
      if (cancelled >= payment.amount && payment.amount > 0) return "cancelled";
      return cancelled > 0 ? "partial_cancelled" : "paid";
    })();
    return {
      uid: payment.imp_uid,
      order_id: payment.merchant_uid,
      amount: payment.amount,
      currency: payment.currency,
      status,
      paid_at: iso(payment.paid_at),
      cancelled_at:
        cancels.length !== 0 ? cancels[0]!.cancelled_at : iso(payment.cancelled_at),
      balance: Math.max(0, payment.amount - cancelled),
      cancels,
      virtual_account: isVbank
        ? {
            bank: payment.vbank_name ?? payment.vbank_code ?? "",
            account_number: payment.vbank_num!,
            holder: payment.vbank_holder ?? "",
            due_date: iso(payment.vbank_date),
          }
        : null,
      failure: status === "failed" ? IamportAdapter.failure(payment.fail_reason) : null,
      method: payment.status === "failed" && payment.pay_method === null ? null : IamportAdapter.method(payment),
      escrow: payment.escrow === true,
      easy_pay: IamportAdapter.easyPay(payment),
      disputes: [],
    };
  }

  /* ----------------------------------------------------------------
    TRANSPORT
  ---------------------------------------------------------------- */
  private async call<T>(
    storeId: string,
    method: "GET" | "POST" | "PUT" | "DELETE",
    path: string,
    body?: object,
  ): Promise<T> {
    const store = this.props.stores[storeId];
    if (store === undefined)
      throw new PgError({
        vendor: "iamport",
        kind: "unauthorized",
        pg_code: "UNKNOWN_STORE",
        message: `no Iamport credentials for store "${storeId}"`,
        status: null,
      });
    for (let attempt: number = 0; ; ++attempt) {
      const token: string = await this.token(storeId, store);
      const answer = await this.request<T>(method, path, body, token);
      if (answer.status === 401 && attempt === 0) {
        // token revoked or expired early: forget it and retry once with a fresh one
        if (this.tokens.get(storeId)?.token === token) this.tokens.delete(storeId);
        continue;
      }
      return this.unwrap(answer);
    }
  }

  /** The store's token, shared by concurrent callers; renewed 60s before `expired_at`. */
  private token(storeId: string, store: IamportAdapter.IStore): Promise<string> {
    const cached = this.tokens.get(storeId);
    if (cached !== undefined && cached.expires_at - 60_000 > Date.now())
      return Promise.resolve(cached.token);
    const inFlight = this.pending.get(storeId);
    if (inFlight !== undefined) return inFlight;
    const promise: Promise<string> = (async () => {
      try {
        const answer = await this.request<IIamportUser.IAccessToken>(
          "POST",
          "/users/getToken",
          { imp_key: store.impKey, imp_secret: store.impSecret },
          null,
        );
        const t: IIamportUser.IAccessToken = this.unwrap(answer);
        // trust the relative lifetime (expired_at - now), not the clocks being in sync
        this.tokens.set(storeId, {
          token: t.access_token,
          expires_at: Date.now() + (t.expired_at - t.now) * 1000,
        });
        return t.access_token;
      } finally {
        this.pending.delete(storeId);
      }
    })();
    this.pending.set(storeId, promise);
    return promise;
  }

  private async request<T>(
    method: string,
    path: string,
    body: object | undefined,
    token: string | null,
  ): Promise<IamportAdapter.IAnswer<T>> {
    const headers: Record<string, string> = token !== null ? { authorization: `Bearer ${token}` } : {};
    const { status, text } = await PgTransport.send({
      vendor: "iamport",
      name: "Iamport",
      url: this.props.host.replace(/\/+$/, "") + path,
      method,
      headers,
      body,
      timeoutMs: this.props.timeoutMs,
    });
    let envelope: IIamportResponse<T> | null = null;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === "object" && parsed !== null && "code" in parsed)
        envelope = parsed as IIamportResponse<T>;
    } catch {
      envelope = null;
    }
    return { status, envelope };
  }

  private unwrap<T>(answer: IamportAdapter.IAnswer<T>): T {
    const { status, envelope } = answer;
    const fail = (kind: PgError["props"]["kind"], pg_code: string, message: string): never => {
      throw new PgError({ vendor: "iamport", kind, pg_code, message, status });
    };
    if (status >= 500 || status === 429)
      return fail("unavailable", `HTTP_${status}`, envelope?.message ?? `Iamport answered HTTP ${status}`);
    if (envelope === null)
      return fail(
        status >= 200 && status < 300 ? "unavailable" : status === 404 ? "not_found" : "unavailable",
        `HTTP_${status}`,
        `Iamport answered HTTP ${status} without an envelope`,
      );
    const message: string = envelope.message ?? `Iamport answered code ${envelope.code}`;
    const pg_code: string = String(envelope.code);
    if (status === 401 || status === 403) return fail("unauthorized", pg_code, message);
    if (status === 404 || /존재하지 않|찾을 수 없|not found/i.test(message))
      return fail("not_found", pg_code, message);
    if (status >= 400 || envelope.code !== 0) return fail("rejected", pg_code, message);
    if (envelope.response === null || envelope.response === undefined)
      return fail("unavailable", "EMPTY_RESPONSE", "Iamport answered code 0 without a response");
    return envelope.response;
  }
}
export namespace IamportAdapter {
  export interface IProps {
    /** `https://api.iamport.kr` in production. */
    host: string;
    /** Credentials by our store id. */
    stores: Record<string, IStore>;
    /** Per HTTP request, token requests included. */
    timeoutMs: number;
  }
  export interface IStore {
    impKey: string;
    impSecret: string;
  }
  export interface ICachedToken {
    token: string;
    /** Local epoch ms. */
    expires_at: number;
  }
  export interface IAnswer<T> {
    status: number;
    envelope: IIamportResponse<T> | null;
  }
}

const iso = (unix: number | null | undefined): string | null =>
  unix ? new Date(unix * 1000).toISOString() : null;

/** Iamport's names of easy-pay services (as `pay_method`, `pg_provider` or `emb_pg_provider`). */
const EASY_PAY = new Set(["kakaopay", "naverpay", "payco", "samsung", "samsungpay", "kpay", "lpay", "ssgpay", "tosspay", "chai", "applepay", "smilepay"]);
