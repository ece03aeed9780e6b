import type { IPaymentVendor } from "../api/structures/IPaymentVendor";
import type { IPaymentEscrow } from "../api/structures/IPaymentEscrow";
import type { IPgEscrowDelivery } from "./PgEscrow";
import { PgPersonalData } from "./PgPersonalData";
import type { IPgPaymentSnapshot } from "./IPgPaymentSnapshot";
import { PaymentError } from "../utils/PaymentError";
import type { IPgResult, PgBillingRequest, PgCapability, PgGateway, PgPaymentData } from "./PgGateway";
import { PgCircuitBreaker } from "./PgCircuitBreaker";
import type { IPgCashReceipt, IPgCashReceiptRequest } from "./PgCashReceipts";
import { PgError } from "./PgError";
import type { PgPayouts } from "./PgPayouts";

export type { PgPaymentData } from "./PgGateway";

/**
 * The registry `vendor code → PgGateway`: the core names a payment by its vendor object
 * (`{code, store_id, uid}`) and the registry hands the call to that PG's gateway, timing it
 * for the metrics. Adding a gateway is one entry here.
 */
export class PaymentGateways {
  /** `pg_code` of a call the circuit breaker held back: it never reached the PG. */
  public static readonly CIRCUIT_OPEN = "CIRCUIT_OPEN";
  private readonly byCode: ReadonlyMap<IPaymentVendor.Code, PgGateway>;
  private readonly breakers: ReadonlyMap<IPaymentVendor.Code, PgCircuitBreaker>;

  public constructor(
    gateways: PgGateway[],
    /** Told of every call: which PG, which operation, how it ended, how long it took. */
    private readonly observe: (call: { vendor: string; operation: string; outcome: string; ref: string | null }, seconds: number) => void = () => {},
    /** Each PG's circuit breaker: how it trips, and who is told when it opens or closes. */
    breaker: { threshold: number; minCooldownMs: number; maxCooldownMs: number; onChange: (vendor: IPaymentVendor.Code, open: boolean) => void },
  ) {
    this.byCode = new Map(gateways.map((g) => [g.code, g]));
    this.breakers = new Map(gateways.map((g) => [g.code, new PgCircuitBreaker({ ...breaker, onChange: (open) => breaker.onChange(g.code, open) })]));
  }

  /** Whether calls to this PG are held back now, and from when a probe may go (epoch ms). */
  public breaker(code: IPaymentVendor.Code): { open: boolean; retry_at: number } {
    const b = this.breakers.get(code)!;
    return { open: b.open, retry_at: b.retryAt };
  }

  public get(code: IPaymentVendor.Code): PgGateway {
    const gateway = this.byCode.get(code);
    if (gateway === undefined) throw new Error(`no gateway for ${code}`);
    return gateway;
  }

  /** The gateway whose webhooks arrive at `/payments/webhooks/<path>`, or null. */
  public byWebhookPath(path: string): PgGateway | null {
    for (const gateway of this.byCode.values()) if (gateway.webhook.path === path) return gateway;
    return null;
  }

  /** Every gateway's vendor code. */
  public codes(): IPaymentVendor.Code[] {
    return [...this.byCode.keys()];
  }

  /**
   * Refuse, before any PG call or record, what this PG does not offer: `422 UNSUPPORTED_BY_PG`
   * (not a PG's rejection: nothing was asked of it).
   */
  public require(code: IPaymentVendor.Code, capability: PgCapability): void {
    if (this.get(code).capabilities.has(capability)) return;
    const what = {
      billing: "billing keys",
      settlement_report: "a settlement report through its API",
      listing: "a listing of its payments",
      resume_approval: "approving an authenticated payment again",
      cash_receipt: "cash receipts through its API",
      escrow: "an escrow's delivery through its API",
      payouts: "paying sellers through its API",
    }[capability];
    throw new PaymentError(422, "UNSUPPORTED_BY_PG", `${code} does not offer ${what} through payments-server.`);
  }

  public supports(code: IPaymentVendor.Code, capability: PgCapability): boolean {
    return this.get(code).capabilities.has(capability);
  }

  public hasStore(vendor: Pick<IPaymentVendor, "code" | "store_id">): boolean {
    return this.byCode.get(vendor.code)?.hasStore(vendor.store_id) ?? false;
  }

  public prepare(vendor: Pick<IPaymentVendor, "code" | "store_id">, order: { orderId: string; amount: number; currency: string }): Promise<void> {
    return this.timed(vendor.code, "prepare", (g) => g.prepare(vendor.store_id, order));
  }

  public approve(vendor: IPaymentVendor, order: { orderId: string; amount: number }): Promise<IPgResult> {
    return this.timed(vendor.code, "approve", (g) => g.approve(vendor.store_id, vendor.uid, order), vendor.uid);
  }

  public fetch(vendor: IPaymentVendor): Promise<IPgResult> {
    return this.timed(vendor.code, "fetch", (g) => g.fetch(vendor.store_id, vendor.uid), vendor.uid);
  }

  public find(vendor: Pick<IPaymentVendor, "code" | "store_id">, uid: string | null, orderId: string): Promise<IPgResult> {
    return this.timed(vendor.code, "find", (g) => g.find(vendor.store_id, uid, orderId), uid ?? orderId);
  }

  public cancel(vendor: IPaymentVendor, input: Parameters<PgGateway["cancel"]>[2]): Promise<IPgResult> {
    return this.timed(vendor.code, "cancel", (g) => g.cancel(vendor.store_id, vendor.uid, input), vendor.uid);
  }

  public issueBilling(request: PgBillingRequest): Promise<{ uid: string; data: unknown }> {
    this.require(request.vendor.code, "billing");
    return this.timed(request.vendor.code, "issue_billing", (g) => g.issueBilling(request.vendor.store_id, request));
  }

  public paymentOfCancel(vendor: Pick<IPaymentVendor, "code" | "store_id">, cancelId: string, at: string | null) {
    return this.timed(vendor.code, "find_cancel", (g) => g.paymentOfCancel(vendor.store_id, cancelId, at));
  }

  public billingKeyDeleted(vendor: IPaymentVendor): Promise<boolean | null> {
    return this.timed(vendor.code, "billing_key", (g) => g.billingKeyDeleted(vendor.store_id, vendor.uid));
  }

  public charge(vendor: IPaymentVendor, billing: unknown, order: Parameters<PgGateway["charge"]>[2]): Promise<IPgResult> {
    this.require(vendor.code, "billing");
    return this.timed(vendor.code, "charge", (g) => g.charge(vendor.store_id, { uid: vendor.uid, data: billing }, order), order.orderId);
  }

  /** A call to a PG's seller payouts (refused before any call where it has none), timed like the others. */
  public payouts<T>(vendor: Pick<IPaymentVendor, "code">, operation: string, work: (payouts: PgPayouts) => Promise<T>): Promise<T> {
    this.require(vendor.code, "payouts");
    return this.timed(vendor.code, `payout_${operation}`, (g) => work(g.payouts!));
  }

  public declineRecoverable(code: IPaymentVendor.Code, decline: { code: string; message: string }): boolean {
    return this.get(code).declineRecoverable(decline);
  }

  public issueCashReceipt(vendor: IPaymentVendor, request: IPgCashReceiptRequest): Promise<IPgCashReceipt> {
    this.require(vendor.code, "cash_receipt");
    return this.timed(vendor.code, "cash_receipt", (g) => g.cashReceipts!.issue(vendor.store_id, vendor.uid, request));
  }

  /** Register (or change) an escrow payment's delivery at its PG. */
  public escrowDelivery(vendor: IPaymentVendor, delivery: IPaymentEscrow.IDelivery, change: boolean): Promise<IPgEscrowDelivery> {
    this.require(vendor.code, "escrow");
    return this.timed(vendor.code, "escrow_delivery", (g) => (change ? g.escrow!.changeDelivery(vendor.store_id, vendor.uid, delivery) : g.escrow!.registerDelivery(vendor.store_id, vendor.uid, delivery)));
  }

  /** Pass a purchase confirmation on to the PG; null where the PG takes none through its API (the buyer confirms at the PG). */
  public escrowConfirm(vendor: IPaymentVendor): Promise<{ confirmed_at: string }> | null {
    this.require(vendor.code, "escrow");
    if (!this.get(vendor.code).escrow!.confirmsThroughApi) return null;
    return this.timed(vendor.code, "escrow_confirm", (g) => g.escrow!.confirm(vendor.store_id, vendor.uid));
  }

  public cancelCashReceipt(vendor: IPaymentVendor, receipt: { pg_receipt_id: string; amount: number }, amount: number | null): Promise<IPgCashReceipt> {
    this.require(vendor.code, "cash_receipt");
    return this.timed(vendor.code, "cash_receipt_cancel", (g) => g.cashReceipts!.cancel(vendor.store_id, vendor.uid, receipt, amount));
  }

  /** Whether the PG cancels part of a receipt. */
  public cancelsCashReceiptsInPart(code: IPaymentVendor.Code): boolean {
    return this.get(code).cashReceipts?.partialCancel ?? false;
  }

  public settlementReport(vendor: Pick<IPaymentVendor, "code" | "store_id">, from: string, to: string) {
    this.require(vendor.code, "settlement_report");
    return this.timed(vendor.code, "settlement_report", (g) => g.settlementReport(vendor.store_id, from, to));
  }

  public list(vendor: Pick<IPaymentVendor, "code" | "store_id">, range: { from: Date; until: Date }, cursor: string | null) {
    this.require(vendor.code, "listing");
    return this.timed(vendor.code, "list", (g) => g.list(vendor.store_id, range, cursor));
  }

  /** Every store of every gateway. */
  public stores(): { code: IPaymentVendor.Code; store_id: string }[] {
    return [...this.byCode.values()].flatMap((g) => g.storeIds().map((store_id) => ({ code: g.code, store_id })));
  }

  /** The snapshot of a stored PG object (null while a registration is pending). */
  /** A PG object without the person's data its gateway lists (amounts, ids and states stay). */
  public withoutPersonalData<T>(code: IPaymentVendor.Code, kind: "payment" | "billing", data: T): T {
    return PgPersonalData.erase(data, this.get(code).personalData[kind]);
  }

  public snapshot(code: IPaymentVendor.Code, data: PgPaymentData | null): IPgPaymentSnapshot | null {
    if (data === null || data === undefined) return null;
    return this.get(code).snapshot(data);
  }

  /** `ref`: the payment a call names (its PG id, or our order id), kept for the console's timelines. */
  private async timed<T>(code: IPaymentVendor.Code, operation: string, work: (gateway: PgGateway) => Promise<T>, ref: string | null = null): Promise<T> {
    const gateway = this.get(code);
    const breaker = this.breakers.get(code)!;
    if (!breaker.admit()) {
      this.observe({ vendor: code, operation, outcome: "circuit_open", ref }, 0);
      throw new PgError({
        vendor: code,
        kind: "unavailable",
        pg_code: PaymentGateways.CIRCUIT_OPEN,
        message: "the PG keeps failing: the call was not sent",
        status: null,
      });
    }
    const started = performance.now();
    let outcome = "ok";
    try {
      const result = await work(gateway);
      breaker.success();
      return result;
    } catch (exp) {
      outcome = exp instanceof PgError ? exp.props.kind : "error";
      if (outcome === "unavailable") breaker.failure();
      else breaker.success();
      throw exp;
    } finally {
      this.observe({ vendor: code, operation, outcome, ref }, (performance.now() - started) / 1000);
    }
  }
}
