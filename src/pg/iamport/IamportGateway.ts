import type { IIamportPayment } from "../../api/structures/iamport/IIamportPayment";
import { IamportEscrow } from "./IamportEscrow";
import type { IPgPersonalData } from "../PgPersonalData";
import type { IPgListedEntry, IPgListing, IPgResult, IPgWindowKeys, PgBillingRequest, PgCapability, PgGateway, PgPaymentData, PgWebhookHandler } from "../PgGateway";
import { PgError } from "../PgError";
import { IamportAdapter } from "./IamportAdapter";
import type { IIamportConfiguration } from "./IamportConfiguration";
import { IamportWebhook } from "./IamportWebhook";
import { IamportCashReceipts } from "./IamportCashReceipts";

/**
 * Iamport (PortOne V1) behind the gateway seam. The browser's payment is already approved
 * when we hear of it, so it is read, not approved, and one paid for another amount than the
 * order's is refunded in full by the core. Cancels carry the refundable balance as
 * `checksum`, so a cancel computed from a stale record is refused instead of refunding the
 * wrong sum. A billing key is the merchant's `customer_uid`, read to be verified.
 */
export class IamportGateway implements PgGateway {
  public readonly code = "iamport" as const;
  public readonly tamperedAmount = "refund" as const;
  /** No settlement report through its API. */
  public readonly capabilities: ReadonlySet<PgCapability> = new Set(["billing", "listing", "cash_receipt", "escrow"]);

  public constructor(
    private readonly api: IamportAdapter,
    private readonly stores: Record<string, unknown>,
  ) {}

  /** The gateway of a configuration section (src/pg/iamport/IamportConfiguration.ts). */
  public static create(config: IIamportConfiguration, timeoutMs: number): IamportGateway {
    const api = new IamportAdapter({
      host: config.api_url,
      timeoutMs,
      stores: Object.fromEntries(Object.entries(config.stores).map(([id, s]) => [id, { impKey: s.imp_key, impSecret: s.imp_secret }])),
    });
    return new IamportGateway(api, config.stores);
  }

  /** Where its objects hold a person's data (erased past their retention or on request). */
  public readonly personalData: IPgPersonalData = {
    payment: [
      "buyer_name", "buyer_email", "buyer_tel", "buyer_addr", "buyer_postcode", "custom_data",
      "card_number", "vbank_num", "vbank_holder", "receipt_url", "cancel_receipt_urls", "cancel_history.*.receipt_url",
    ],
    billing: ["card_number", "customer_name", "customer_tel", "customer_email", "customer_addr", "customer_postcode"],
  };

  public get cashReceipts(): IamportCashReceipts {
    return (this.receipts ??= new IamportCashReceipts(this.api));
  }
  private receipts: IamportCashReceipts | null = null;

  public get escrow(): IamportEscrow {
    return (this.escrows ??= new IamportEscrow(this.api));
  }
  private escrows: IamportEscrow | null = null;

  /** It pays no marketplace's sellers through payments-server. */
  public readonly payouts = null;

  public hasStore(storeId: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.stores, storeId);
  }
  public storeIds(): string[] {
    return Object.keys(this.stores);
  }

  /** Iamport lists whole payments by when they were started, paged by page number. */
  public async list(storeId: string, range: { from: Date; until: Date }, cursor: string | null): Promise<IPgListing> {
    const page = await this.api.paymentsByStatus(storeId, {
      from: Math.floor(range.from.getTime() / 1000),
      to: Math.ceil(range.until.getTime() / 1000),
      page: cursor !== null ? Number(cursor) : 1,
      limit: 100,
    });
    const entries = page.list.map((p): IPgListedEntry => {
      const s = IamportAdapter.snapshot(p);
      return { uid: s.uid, order_id: s.order_id, status: s.status, amount: s.amount, cancelled: s.amount - s.balance, currency: s.currency, at: new Date(p.started_at * 1000).toISOString() };
    });
    return { entries, cursor: page.next > 0 ? String(page.next) : null };
  }


  /** Nothing to tell the PG: the order and its amount are checked by us at registration. */
  public async prepare(): Promise<void> {}

  public async approve(storeId: string, uid: string): Promise<IPgResult> {
    return this.fetch(storeId, uid);
  }

  public async fetch(storeId: string, uid: string): Promise<IPgResult> {
    return this.result(await this.api.getPayment(storeId, uid));
  }

  public async find(storeId: string, uid: string | null, orderId: string): Promise<IPgResult> {
    return this.result(uid !== null ? await this.api.getPayment(storeId, uid) : await this.api.findPayment(storeId, orderId));
  }

  /** A `customer_uid` Iamport no longer has is deleted. */
  /** Its events name the payment itself. */
  public async paymentOfCancel(): Promise<null> {
    return null;
  }

  public async billingKeyDeleted(storeId: string, uid: string): Promise<boolean> {
    try {
      await this.api.getCustomer(storeId, uid);
      return false;
    } catch (exp) {
      if (exp instanceof PgError && exp.props.kind === "not_found") return true;
      throw exp;
    }
  }

  public async cancel(storeId: string, uid: string, input: Parameters<PgGateway["cancel"]>[2]): Promise<IPgResult> {
    // Iamport has no idempotency header: the core serialises cancels and checks the balance.
    const data = await this.api.cancel(storeId, {
      imp_uid: uid,
      ...(input.amount !== undefined ? { amount: input.amount } : {}),
      checksum: input.balance,
      reason: input.reason,
      ...(input.refund_account
        ? { refund_bank: input.refund_account.bank, refund_account: input.refund_account.number, refund_holder: input.refund_account.holder }
        : {}),
    });
    return this.result(data);
  }

  public async issueBilling(storeId: string, request: PgBillingRequest): Promise<{ uid: string; data: unknown }> {
    const customer = await this.api.getCustomer(storeId, request.vendor.uid);
    return { uid: customer.customer_uid, data: customer };
  }

  public async charge(storeId: string, billing: { uid: string }, order: Parameters<PgGateway["charge"]>[2]): Promise<IPgResult> {
    // A declined charge comes back as a `failed` payment, not an error.
    const data = await this.api.again(storeId, { customer_uid: billing.uid, merchant_uid: order.orderId, amount: order.amount, name: order.orderName });
    return this.result(data);
  }

  /**
   * Iamport relays each card company's own code in `fail_reason` ("[3011] 카드잔액 또는 한도가
   * 부족합니다."): a balance or a limit is told by its words, anything else is final.
   */
  public declineRecoverable(decline: { message: string }): boolean {
    return /잔액|한도|limit|insufficient/i.test(decline.message);
  }

  /** Not read through this gateway: its settlement data is not part of the API used here. */
  public async settlementReport(): Promise<null> {
    return null;
  }

  public window(): IPgWindowKeys {
    // The merchant code (imp_…) the browser SDK needs is not part of our store configuration.
    return { public_key: null, merchant_id: null };
  }

  public snapshot(data: PgPaymentData) {
    return IamportAdapter.snapshot(data as IIamportPayment);
  }

  /** `notice_url`: `imp_uid` and `merchant_uid`, as JSON or as a form; no proof (re-read). */
  public readonly webhook: PgWebhookHandler = {
    path: "iamport",
    authenticate: () => null,
    decode: (raw) => (raw.trimStart().startsWith("{") ? JSON.parse(raw) : Object.fromEntries(new URLSearchParams(raw))),
    parse: (body) => {
      const p = IamportWebhook.parse(body);
      return p.kind === "payment"
        ? { kind: "payment", uid: p.imp_uid, order_id: p.merchant_uid, event_type: p.status }
        : { kind: "unknown", event_type: null, reason: "no imp_uid" };
    },
  };

  private result(data: IIamportPayment): IPgResult {
    return { data, snapshot: IamportAdapter.snapshot(data) };
  }
}
