import type { IPortOneBillingKey } from "../../api/structures/portone/IPortOneBillingKey";
import { PortOneEscrow } from "./PortOneEscrow";
import type { IPgPersonalData } from "../PgPersonalData";
import type { IPortOnePayment } from "../../api/structures/portone/IPortOnePayment";
import type { IPgListedEntry, IPgListing, IPgResult, IPgWindowKeys, PgBillingRequest, PgCapability, PgGateway, PgPaymentData, PgWebhookHandler } from "../PgGateway";
import { PgError } from "../PgError";
import { PortOneAdapter } from "./PortOneAdapter";
import type { IPortOneConfiguration } from "./PortOneConfiguration";
import { PortOneWebhook } from "./PortOneWebhook";
import { PortOneCashReceipts } from "./PortOneCashReceipts";

/**
 * PortOne V2 behind the gateway seam. The merchant names the payment (`paymentId`, our
 * order id), the browser's window approves it, and the server reads it: so a payment is
 * read, not approved, and one paid for another amount is refunded by the core, unless its
 * amount was pre-registered when the order was prepared (PortOne then refuses the window).
 * Cancels carry the refundable balance as `currentCancellableAmount`. A billing key is
 * issued in the browser and read here to be verified; a charge's `paymentId` is the order
 * id, which PortOne pays at most once.
 */
export class PortOneGateway implements PgGateway {
  public readonly code = "portone" as const;
  public readonly tamperedAmount = "refund" as const;
  /** Its settlements are not read through the API (see the README). */
  public readonly capabilities: ReadonlySet<PgCapability> = new Set(["billing", "listing", "cash_receipt", "escrow"]);

  public constructor(
    private readonly api: PortOneAdapter,
    private readonly stores: IPortOneConfiguration["stores"],
  ) {}

  /** The gateway of a configuration section (src/pg/portone/PortOneConfiguration.ts). */
  public static create(config: IPortOneConfiguration, timeoutMs: number): PortOneGateway {
    const api = new PortOneAdapter({
      host: config.api_url,
      timeoutMs,
      stores: Object.fromEntries(Object.entries(config.stores).map(([id, s]) => [id, { storeId: s.store_id, apiSecret: s.api_secret, ...(s.channel_key !== undefined ? { channelKey: s.channel_key } : {}) }])),
    });
    return new PortOneGateway(api, config.stores);
  }

  /** Where its objects hold a person's data (erased past their retention or on request). */
  public readonly personalData: IPgPersonalData = {
    payment: [
      "customer", "customData", "receiptUrl", "method.card.number", "method.accountNumber", "method.remitteeName", "method.remitterName",
      "method.easyPayMethod.card.number", "cancellations.*.refundAccount",
    ],
    billing: ["customer", "methods.*.card.number"],
  };

  public get cashReceipts(): PortOneCashReceipts {
    return (this.receipts ??= new PortOneCashReceipts(this.api));
  }
  private receipts: PortOneCashReceipts | null = null;

  public get escrow(): PortOneEscrow {
    return (this.escrows ??= new PortOneEscrow(this.api));
  }
  private escrows: PortOneEscrow | null = null;

  /** It pays no marketplace's sellers through payments-server. */
  public readonly payouts = null;

  public hasStore(storeId: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.stores, storeId);
  }
  public storeIds(): string[] {
    return Object.keys(this.stores);
  }

  /**
   * PortOne lists whole payments by their creation time, each with its cursor; the next page
   * starts after the last item's, and a page shorter than asked is the last.
   */
  public async list(storeId: string, range: { from: Date; until: Date }, cursor: string | null): Promise<IPgListing> {
    const size = 1_000;
    const page = await this.api.paymentsByCursor(storeId, { from: range.from.toISOString(), until: range.until.toISOString(), ...(cursor !== null ? { cursor } : {}), size });
    const entries = page.items.map(({ payment: p }): IPgListedEntry => {
      const s = PortOneAdapter.snapshot(p);
      return { uid: s.uid, order_id: s.order_id, status: s.status, amount: s.amount, cancelled: s.amount - s.balance, currency: s.currency, at: p.requestedAt };
    });
    return { entries, cursor: page.items.length === size ? page.items[size - 1]!.cursor : null };
  }


  public async prepare(storeId: string, order: { orderId: string; amount: number; currency: string }): Promise<void> {
    await this.api.preRegister(storeId, order.orderId, { totalAmount: order.amount, currency: order.currency });
  }

  public approve(storeId: string, uid: string): Promise<IPgResult> {
    return this.fetch(storeId, uid);
  }

  public async fetch(storeId: string, uid: string): Promise<IPgResult> {
    return this.result(await this.api.getPayment(storeId, uid));
  }

  public find(storeId: string, uid: string | null, orderId: string): Promise<IPgResult> {
    // The payment's id is the order id.
    return this.fetch(storeId, uid ?? orderId);
  }

  public async cancel(storeId: string, uid: string, input: Parameters<PgGateway["cancel"]>[2]): Promise<IPgResult> {
    // PortOne takes no idempotency key on cancels: the core serialises cancels and the
    // checksum refuses one computed from a balance that has moved.
    await this.api.cancel(storeId, uid, {
      ...(input.amount !== undefined ? { amount: input.amount } : {}),
      reason: input.reason,
      currentCancellableAmount: input.balance,
      ...(input.refund_account
        ? { refundAccount: { bank: input.refund_account.bank, number: input.refund_account.number, holderName: input.refund_account.holder } }
        : {}),
    });
    return this.fetch(storeId, uid);
  }

  public async issueBilling(storeId: string, request: PgBillingRequest): Promise<{ uid: string; data: unknown }> {
    const key: IPortOneBillingKey = await this.api.getBillingKey(storeId, request.vendor.uid);
    if (key.status !== "ISSUED")
      throw new PgError({ vendor: "portone", kind: "rejected", pg_code: "BILLING_KEY_NOT_ISSUED", message: `The billing key is ${key.status}.`, status: null });
    return { uid: key.billingKey, data: key };
  }

  /** Its events name the payment itself. */
  public async paymentOfCancel(): Promise<null> {
    return null;
  }

  public async billingKeyDeleted(storeId: string, uid: string): Promise<boolean> {
    try {
      return (await this.api.getBillingKey(storeId, uid)).status === "DELETED";
    } catch (exp) {
      if (exp instanceof PgError && exp.props.kind === "not_found") return true;
      throw exp;
    }
  }

  /**
   * PortOne relays the card company's refusal (`PG_PROVIDER`), and the FAILED payment keeps its
   * `pgCode` and `pgMessage`: a balance or a limit is told by those words; a missing or deleted
   * key, and anything else, is final.
   */
  public declineRecoverable(decline: { code: string; message: string }): boolean {
    return !decline.code.startsWith("BILLING_KEY_") && /잔액|한도|limit|insufficient/i.test(`${decline.code} ${decline.message}`);
  }

  public async charge(storeId: string, billing: { uid: string; data: unknown }, order: Parameters<PgGateway["charge"]>[2]): Promise<IPgResult> {
    const customerId = (billing.data as Partial<IPortOneBillingKey>).customer?.id;
    try {
      await this.api.payWithBillingKey(storeId, order.orderId, {
        billingKey: billing.uid,
        orderName: order.orderName,
        amount: { total: order.amount },
        currency: "KRW",
        ...(customerId !== undefined ? { customer: { id: customerId } } : {}),
      });
    } catch (exp) {
      // A decline (PG_PROVIDER) leaves a FAILED payment, a retry after a lost answer finds
      // it ALREADY_PAID: either way the payment under our order id says what happened.
      if (!(exp instanceof PgError) || exp.props.kind !== "rejected") throw exp;
      const found = await this.api.getPayment(storeId, order.orderId).catch((read: unknown) => {
        // A decline stands unread; "already paid" with a payment we cannot read is an unknown
        // outcome (the reconciler reads it later), never a refusal.
        if (exp.props.pg_code === "PG_PROVIDER" || (read instanceof PgError && read.props.kind === "not_found")) return null;
        throw read;
      });
      if (found === null || found.status === "READY") throw exp;
      return this.result(found);
    }
    return this.fetch(storeId, order.orderId);
  }

  /** Not read through this gateway: its settlement data is not part of the API used here. */
  public async settlementReport(): Promise<null> {
    return null;
  }

  /** PortOne's browser SDK opens with the channel key and the `store-…` id. */
  public window(storeId: string): IPgWindowKeys {
    const store = this.stores[storeId];
    return { public_key: store?.channel_key ?? null, merchant_id: store?.store_id ?? null };
  }

  public snapshot(data: PgPaymentData) {
    return PortOneAdapter.snapshot(data as IPortOnePayment);
  }

  /**
   * Standard Webhooks signed with the webhook secret of the store the body names; a
   * `Transaction.*` event names the payment by its `paymentId`.
   */
  public readonly webhook: PgWebhookHandler = {
    path: "portone",
    decode: (raw) => JSON.parse(raw),
    authenticate: (raw, headers, body) => {
      const storeId = PortOneWebhook.parse(body).storeId;
      const secrets = Object.values(this.stores)
        .filter((s) => s.store_id === storeId)
        .map((s) => s.webhook_secret);
      if (secrets.length === 0) return "no store is configured with the store id the webhook names";
      return PortOneWebhook.verify(raw, headers, secrets);
    },
    parse: (body) => {
      const p = PortOneWebhook.parse(body);
      // The payment id is our order id.
      if (p.kind === "payment") return { kind: "payment", uid: p.paymentId, order_id: p.paymentId, event_type: p.type };
      if (p.kind === "billing_key") return { kind: "billing_key", uid: p.billingKey, deleted: p.type === "BillingKey.Deleted", reason: null, event_type: p.type };
      return { kind: "unknown", event_type: p.type, reason: p.reason };
    },
  };

  private result(data: IPortOnePayment): IPgResult {
    return { data, snapshot: PortOneAdapter.snapshot(data) };
  }
}
