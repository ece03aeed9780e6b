import crypto from "node:crypto";
import type { IPgPersonalData } from "../PgPersonalData";
import { TossCashReceipts } from "./TossCashReceipts";
import { TossPayoutApi } from "./TossPayoutApi";
import { TossPayouts, TossPayoutSignature } from "./TossPayouts";

import type { ITossBilling } from "../../api/structures/toss/ITossBilling";
import type { ITossPayment } from "../../api/structures/toss/ITossPayment";
import type { IPgListing, IPgResult, IPgSettlementLine, IPgWindowKeys, PgBillingRequest, PgCapability, PgGateway, PgPaymentData, PgWebhookHandler } from "../PgGateway";
import { PgError } from "../PgError";
import { TossAdapter } from "./TossAdapter";
import type { ITossConfiguration } from "./TossConfiguration";
import { TossWebhook } from "./TossWebhook";

/**
 * Toss Payments v1 behind the gateway seam. Toss approves a payment only when we confirm it
 * (`POST /v1/payments/confirm` with our order id and amount), so a tampered amount is never
 * approved; a confirm is idempotent by its key for 15 days, so an authenticated payment found
 * while reconciling is confirmed again safely. Billing keys are issued by us from the
 * billing window's `authKey` (Toss has no API to look one up).
 */
export class TossGateway implements PgGateway {
  public readonly code = "toss.payments" as const;
  public readonly tamperedAmount = "never_approved" as const;
  public readonly capabilities: ReadonlySet<PgCapability> = new Set(["billing", "settlement_report", "listing", "resume_approval", "cash_receipt", "payouts"]);

  public constructor(
    private readonly api: TossAdapter,
    private readonly stores: Record<string, { client_key?: string; security_key?: string }>,
    private readonly payoutApi: TossPayoutApi,
  ) {}

  /** The gateway of a configuration section (src/pg/toss/TossConfiguration.ts). */
  public static create(config: ITossConfiguration, timeoutMs: number): TossGateway {
    const api = new TossAdapter({
      host: config.api_url,
      timeoutMs,
      stores: Object.fromEntries(Object.entries(config.stores).map(([id, s]) => [id, { secretKey: s.secret_key, clientKey: s.client_key }])),
    });
    const payoutApi = new TossPayoutApi({
      host: config.api_url,
      // Toss asks for a minute at least: a payout request may take that long.
      timeoutMs: Math.max(timeoutMs, 60_000),
      stores: Object.fromEntries(Object.entries(config.stores).map(([id, s]) => [id, { secretKey: s.secret_key, securityKey: s.security_key }])),
    });
    return new TossGateway(api, config.stores, payoutApi);
  }

  /** Where its objects hold a person's data (erased past their retention or on request). */
  public readonly personalData: IPgPersonalData = {
    payment: [
      "virtualAccount.customerName", "virtualAccount.accountNumber", "virtualAccount.depositorName", "virtualAccount.refundReceiveAccount",
      "mobilePhone.customerMobilePhone", "mobilePhone.receiptUrl", "card.number", "cashReceipt.receiptUrl", "cashReceipts",
      "receipt", "checkout", "secret", "metadata",
    ],
    billing: ["customerKey", "cardNumber", "card.number"],
  };

  public get cashReceipts(): TossCashReceipts {
    return (this.receipts ??= new TossCashReceipts(this.api));
  }
  private receipts: TossCashReceipts | null = null;

  public get payouts(): TossPayouts {
    return (this.sellerPayouts ??= new TossPayouts(this.payoutApi));
  }
  private sellerPayouts: TossPayouts | null = null;

  /** Toss's API registers no escrow delivery (its merchant console does): `useEscrow` is read only. */
  public readonly escrow = null;

  public hasStore(storeId: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.stores, storeId);
  }

  public storeIds(): string[] {
    return Object.keys(this.stores);
  }

  /** Toss lists transactions (an approval, each cancel), paged by the last `transactionKey`. */
  public async list(storeId: string, range: { from: Date; until: Date }, cursor: string | null): Promise<IPgListing> {
    const limit = 1_000;
    const rows = await this.api.transactions(storeId, { startDate: korea(range.from), endDate: korea(range.until), ...(cursor !== null ? { startingAfter: cursor } : {}), limit });
    return { entries: rows.map(TossAdapter.listed), cursor: rows.length === limit ? rows[rows.length - 1]!.transactionKey : null };
  }

  /** Nothing to tell the PG: the order and its amount are checked by us at registration. */
  public async prepare(): Promise<void> {}

  public async approve(storeId: string, uid: string, order: { orderId: string; amount: number }): Promise<IPgResult> {
    let data: ITossPayment;
    try {
      data = await this.api.confirm(
        storeId,
        { paymentKey: uid, orderId: order.orderId, amount: order.amount },
        // Toss keeps an Idempotency-Key 15 days and replays its first answer, refusals too:
        // the key names the whole request, so a retry of this confirm never approves twice
        // and a confirm with another amount or order is a new request, not a replayed refusal.
        TossGateway.confirmKey(uid, order),
      );
    } catch (exp) {
      if (!(exp instanceof PgError) || exp.props.kind !== "rejected") throw exp;
      // Already approved, or refused for amount/order: read it to say exactly why.
      data = await this.api.getPayment(storeId, uid);
      const snapshot = TossAdapter.snapshot(data);
      // Toss refused the approval itself: a wrong amount is reported as such by the core's
      // verification (nothing was approved); any other refusal stands.
      if (snapshot.status === "ready" && snapshot.amount === order.amount) throw exp;
      return { data, snapshot };
    }
    return { data, snapshot: TossAdapter.snapshot(data) };
  }

  /** The Idempotency-Key of a confirm: a digest of everything the confirm asks (ASCII, fixed length). */
  public static confirmKey(paymentKey: string, order: { orderId: string; amount: number }): string {
    const digest = crypto.createHash("sha256").update(JSON.stringify([paymentKey, order.orderId, order.amount])).digest("hex");
    return `payments-server:confirm:${digest.slice(0, 40)}`;
  }

  public async fetch(storeId: string, uid: string): Promise<IPgResult> {
    return this.result(await this.api.getPayment(storeId, uid));
  }

  public async find(storeId: string, uid: string | null, orderId: string): Promise<IPgResult> {
    return this.result(uid !== null ? await this.api.getPayment(storeId, uid) : await this.api.getPaymentByOrderId(storeId, orderId));
  }

  public async cancel(storeId: string, uid: string, input: Parameters<PgGateway["cancel"]>[2]): Promise<IPgResult> {
    const data = await this.api.cancel(
      storeId,
      uid,
      {
        cancelReason: input.reason,
        ...(input.amount !== undefined ? { cancelAmount: input.amount } : {}),
        ...(input.refund_account
          ? { refundReceiveAccount: { bank: input.refund_account.bank, accountNumber: input.refund_account.number, holderName: input.refund_account.holder } }
          : {}),
      },
      input.idempotencyKey,
    );
    return this.result(data);
  }

  /** The billing-auth window's `authKey` and the `customerKey` it was opened with. */
  public async issueBilling(storeId: string, request: PgBillingRequest): Promise<{ uid: string; data: unknown }> {
    const customerKey = "customer_key" in request ? request.customer_key : "";
    const billing = await this.api.issueBillingKey(storeId, { authKey: request.vendor.uid, customerKey });
    return { uid: billing.billingKey, data: billing };
  }

  /**
   * `CANCEL_STATUS_CHANGED` names only the cancel: its payment is the one whose transaction
   * it is in Toss's transaction list, a few minutes either side of when it says it happened.
   */
  public async paymentOfCancel(storeId: string, cancelId: string, at: string | null): Promise<{ uid: string; order_id: string } | null> {
    const when = at !== null && !Number.isNaN(Date.parse(at)) ? Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(at) ? at : `${at}+09:00`) : Date.now();
    const range = { from: new Date(when - 10 * 60_000), until: new Date(Math.min(Date.now(), when + 10 * 60_000)) };
    for (let cursor: string | null = null, page = 0; page < 20; ++page) {
      const listing: IPgListing = await this.list(storeId, range, cursor);
      const found = listing.entries.find((e) => e.transaction_id === cancelId);
      if (found !== undefined) return { uid: found.uid, order_id: found.order_id };
      if ((cursor = listing.cursor) === null) return null;
    }
    return null;
  }

  /** Toss has no API that reads a billing key. */
  public async billingKeyDeleted(): Promise<null> {
    return null;
  }

  public async charge(storeId: string, billing: { uid: string; data: unknown }, order: Parameters<PgGateway["charge"]>[2]): Promise<IPgResult> {
    const data = await this.api.chargeBilling(
      storeId,
      billing.uid,
      { customerKey: (billing.data as Partial<ITossBilling>).customerKey ?? "", amount: order.amount, orderId: order.orderId, orderName: order.orderName },
      order.idempotencyKey,
    );
    return this.result(data);
  }

  /** Toss's codes for a limit or a balance: any other decline (a stopped, lost or stolen card, a deleted key) is final. */
  public declineRecoverable(decline: { code: string }): boolean {
    return TOSS_RECOVERABLE.has(decline.code);
  }

  public async settlementReport(storeId: string, from: string, to: string): Promise<IPgSettlementLine[]> {
    const lines: IPgSettlementLine[] = [];
    for (let page = 1; ; ++page) {
      const rows = await this.api.settlements(storeId, { startDate: from, endDate: to, page, size: 5_000 });
      for (const r of rows)
        lines.push({ uid: r.paymentKey, order_id: r.orderId, amount: r.amount, fee: r.fees.reduce((sum, f) => sum + f.fee, 0) + r.interestFee, sold_on: r.soldDate, paid_out_on: r.paidOutDate });
      if (rows.length < 5_000) return lines;
    }
  }

  /** The Toss client key opens its window. */
  public window(storeId: string): IPgWindowKeys {
    return { public_key: this.stores[storeId]?.client_key ?? null, merchant_id: null };
  }

  public snapshot(data: PgPaymentData) {
    return TossAdapter.snapshot(data as ITossPayment);
  }

  /**
   * `PAYMENT_STATUS_CHANGED` names a `paymentKey`; `DEPOSIT_CALLBACK` names only the order
   * and carries the payment's `secret`, which must match the payment's at Toss;
   * `BILLING_DELETED` names a billing key, a secret only Toss and the merchant hold.
   * `payout.changed` and `seller.changed` are signed with a store's security key: one that
   * no configured key verifies is refused.
   */
  public readonly webhook: PgWebhookHandler = {
    path: "toss",
    authenticate: (raw, headers, body) => {
      const type = (body as { eventType?: unknown } | null)?.eventType;
      if (type !== "payout.changed" && type !== "seller.changed") return null;
      const keys = Object.values(this.stores).flatMap((s) => (s.security_key !== undefined ? [s.security_key] : []));
      if (keys.length === 0) return "no store has a payouts security key";
      return keys.some((k) => TossPayoutSignature.verify(k, raw, headers)) ? null : "tosspayments-webhook-signature does not verify";
    },
    decode: (raw) => JSON.parse(raw),
    parse: (body) => {
      const p = TossWebhook.parse(body);
      const event_type = TossWebhook.typeOf(p);
      if (p.kind === "status_changed") return { kind: "payment", uid: p.paymentKey, order_id: p.orderId, event_type };
      if (p.kind === "deposit") return { kind: "order", order_id: p.orderId, proven: (data) => TossWebhook.secretMatches(data as ITossPayment, p.secret), event_type };
      if (p.kind === "payout") return { kind: "payout", payout_id: p.id, ref: p.ref, event_type };
      if (p.kind === "seller") return { kind: "seller", seller_id: p.id, event_type };
      if (p.kind === "billing_deleted") return { kind: "billing_key", uid: p.billingKey, deleted: true, reason: p.reason, event_type };
      // An aborted cancel moved no money: nothing to re-read.
      if (p.kind === "cancel_changed")
        return p.cancelStatus === "DONE" ? { kind: "cancel", cancel_id: p.transactionKey, at: p.canceledAt, event_type } : { kind: "unknown", event_type, reason: `cancel ${p.cancelStatus}: nothing moved` };
      return { kind: "unknown", event_type, reason: `unknown event type ${JSON.stringify(p.event_type)}` };
    },
  };

  private result(data: ITossPayment): IPgResult {
    return { data, snapshot: TossAdapter.snapshot(data) };
  }
}

/** Toss's dates without an offset are Korea time: `YYYY-MM-DDTHH:mm:ss.SSS` in KST. */
const korea = (at: Date): string => new Date(at.getTime() + 9 * 3_600_000).toISOString().slice(0, 23);

/**
 * Declines that pass with time, from Toss's error codes: a limit or a balance (card or
 * account), a daily count or amount, a bank outside its service hours, a card company's
 * temporary fault.
 */
const TOSS_RECOVERABLE: ReadonlySet<string> = new Set([
  "REJECT_CARD_PAYMENT",
  "REJECT_ACCOUNT_PAYMENT",
  "EXCEED_MAX_DAILY_PAYMENT_COUNT",
  "EXCEED_MAX_ONE_DAY_AMOUNT",
  "EXCEED_MAX_ONE_DAY_WITHDRAW_AMOUNT",
  "EXCEED_MAX_ONE_TIME_WITHDRAW_AMOUNT",
  "EXCEED_MAX_AMOUNT",
  "EXCEED_MAX_PAYMENT_AMOUNT",
  "NOT_AVAILABLE_BANK",
  "PROVIDER_ERROR",
]);
