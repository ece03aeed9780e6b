import crypto from "node:crypto";
import type { IFakePortOneCashReceipt } from "./controllers/FakePortOneCashReceiptsController";

import type { IPortOneBillingKey } from "../../api/structures/portone/IPortOneBillingKey";
import type { IPortOnePayment } from "../../api/structures/portone/IPortOnePayment";
import type { BoundedMap } from "../common/BoundedMap";
import { FakePortOneError } from "./FakePortOneError";
import { PortOneEnums } from "./PortOneEnums";
import type { FakePortOneWebhooks } from "./FakePortOneWebhooks";

/** One store (merchant) of the fake and everything it holds. */
export interface IFakePortOneStore {
  storeId: string;
  apiSecret: string;
  webhookSecret: string;
  merchantId: string;
  channelKey: string;
  webhookUrl?: string | null;
  payments: BoundedMap<string, IPortOnePayment>;
  /** What a pre-registration fixed: each field only when it was given (all are optional). */
  preRegistered: BoundedMap<string, { totalAmount?: number; currency?: string }>;
  billingKeys: BoundedMap<string, IPortOneBillingKey & { cardNumber: string }>;
  /** By payment id: the receipt in force or cancelled. */
  cashReceipts: BoundedMap<string, IFakePortOneCashReceipt>;
}

/**
 * The fake's payments and billing keys: what PortOne V2 does with them, as its API reference
 * describes, with the webhooks each change sends. Card numbers decide the outcome (see
 * {@link FakePortOneService.DECLINED_CARD}).
 */
export class FakePortOneService {
  /** Declined by the card company (PG_PROVIDER): the payment is FAILED. */
  public static readonly DECLINED_CARD = "4000000000000002";
  /** Declined for good by the card company (PG_PROVIDER `STOPPED_CARD`): the payment is FAILED. */
  public static readonly STOPPED_CARD = "4000000000000036";

  public constructor(
    private readonly props: {
      now: () => Date;
      webhooks: FakePortOneWebhooks;
      webhookUrl: (store: IFakePortOneStore) => string | null;
    },
  ) {}

  public now(): Date {
    return this.props.now();
  }

  /**
   * `POST /payments/{id}/virtual-account/close`: an issued, unpaid account closed; nothing can
   * be paid into it. FAKE DIFFERS: PortOne does not document the payment's state after it; the
   * fake marks it CANCELLED with no cancellation.
   */
  public closeVirtualAccount(store: IFakePortOneStore, paymentId: string): { closedAt: string } {
    const payment = this.get(store, paymentId);
    if (payment.status !== "VIRTUAL_ACCOUNT_ISSUED") throw new FakePortOneError(409, "PAYMENT_NOT_WAITING_FOR_DEPOSIT", "결제 건이 입금 대기 상태가 아닙니다.");
    const closedAt = this.props.now().toISOString();
    this.save(store, { ...payment, status: "CANCELLED", cancelledAt: closedAt, updatedAt: closedAt, statusChangedAt: closedAt, cancellations: [] });
    this.notify(store, "Transaction.Cancelled", paymentId);
    return { closedAt };
  }

  public get(store: IFakePortOneStore, paymentId: string): IPortOnePayment {
    const payment = store.payments.get(paymentId);
    if (payment === undefined) throw FakePortOneError.PAYMENT_NOT_FOUND();
    return payment;
  }

  public preRegister(store: IFakePortOneStore, paymentId: string, input: { totalAmount?: number; currency?: string }): Record<string, never> {
    const existing = store.payments.get(paymentId);
    if (existing !== undefined && existing.status !== "READY" && existing.status !== "FAILED") throw FakePortOneError.ALREADY_PAID();
    if (input.currency !== undefined && !PortOneEnums.CURRENCIES.has(input.currency)) throw FakePortOneError.INVALID_REQUEST(`currency: unknown currency ${input.currency}`);
    store.preRegistered.set(paymentId, { ...(input.totalAmount !== undefined ? { totalAmount: input.totalAmount } : {}), ...(input.currency !== undefined ? { currency: input.currency } : {}) });
    return {};
  }

  public cancel(
    store: IFakePortOneStore,
    paymentId: string,
    input: { amount?: number; vatAmount?: number; reason: string; currentCancellableAmount?: number; refundAccount?: { bank: string; number: string; holderName: string }; skipWebhook?: boolean },
  ): { cancellation: IPortOnePayment.ICancellation } {
    const payment = this.get(store, paymentId);
    if (payment.status === "CANCELLED") throw FakePortOneError.PAYMENT_ALREADY_CANCELLED();
    if (payment.status !== "PAID" && payment.status !== "PARTIAL_CANCELLED") throw FakePortOneError.PAYMENT_NOT_PAID();
    const cancellable = payment.amount.total - payment.amount.cancelled;
    if (input.currentCancellableAmount !== undefined && input.currentCancellableAmount !== cancellable)
      throw FakePortOneError.CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN();
    const amount = input.amount ?? cancellable;
    if (amount <= 0) throw FakePortOneError.INVALID_REQUEST("amount: expected a positive integer");
    if (amount > cancellable) throw FakePortOneError.CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT();
    if (input.vatAmount !== undefined && input.vatAmount > amount) throw FakePortOneError.INVALID_REQUEST("vatAmount: more than the amount cancelled");
    if (input.refundAccount !== undefined && !PortOneEnums.BANKS.has(input.refundAccount.bank)) throw FakePortOneError.INVALID_REQUEST(`refundAccount.bank: unknown bank ${input.refundAccount.bank}`);
    // FAKE DIFFERS: a virtual account's refund needs the buyer's account at most PGs; the fake
    // asks for it always, where the real API leaves the rule to the PG.
    if (payment.method?.type === "PaymentMethodVirtualAccount" && input.refundAccount === undefined)
      throw FakePortOneError.INVALID_REQUEST("refundAccount: required to refund a virtual account");
    const at = this.props.now().toISOString();
    const cancellation: IPortOnePayment.ICancellation = {
      status: "SUCCEEDED",
      id: crypto.randomUUID(),
      pgCancellationId: `pg-cancel-${crypto.randomUUID().slice(0, 8)}`,
      totalAmount: amount,
      taxFreeAmount: 0,
      vatAmount: input.vatAmount ?? Math.floor(amount / 11),
      reason: input.reason,
      cancelledAt: at,
      requestedAt: at,
    };
    const cancelled = payment.amount.cancelled + amount;
    const status = cancelled === payment.amount.total ? "CANCELLED" : "PARTIAL_CANCELLED";
    this.save(store, {
      ...payment,
      status,
      updatedAt: at,
      statusChangedAt: at,
      amount: { ...payment.amount, cancelled },
      cancellations: [...(payment.cancellations ?? []), cancellation],
      cancelledAt: at,
    });
    if (input.skipWebhook !== true)
      this.notify(store, status === "CANCELLED" ? "Transaction.Cancelled" : "Transaction.PartialCancelled", paymentId, { cancellationId: cancellation.id });
    return { cancellation };
  }

  public payWithBillingKey(
    store: IFakePortOneStore,
    paymentId: string,
    input: { billingKey: string; orderName: string; amount: { total: number; taxFree?: number }; currency: string; customer?: { id?: string } },
  ): { payment: { pgTxId: string; paidAt: string } } {
    // FAKE DIFFERS: the fake's test channel pays in KRW only (the real one, by its contract).
    if (!PortOneEnums.CURRENCIES.has(input.currency)) throw FakePortOneError.INVALID_REQUEST(`currency: unknown currency ${input.currency}`);
    if (input.currency !== "KRW") throw FakePortOneError.INVALID_REQUEST(`currency: the sandbox channel pays KRW only, not ${input.currency}`);
    const key = store.billingKeys.get(input.billingKey);
    if (key === undefined) throw FakePortOneError.BILLING_KEY_NOT_FOUND();
    if (key.status === "DELETED") throw FakePortOneError.BILLING_KEY_ALREADY_DELETED();
    const existing = store.payments.get(paymentId);
    if (existing !== undefined && existing.status !== "READY" && existing.status !== "FAILED") throw FakePortOneError.ALREADY_PAID();
    const payment = this.create(store, paymentId, { orderName: input.orderName, totalAmount: input.amount.total, currency: input.currency, billingKey: key.billingKey }, this.card(key.cardNumber));
    if (key.cardNumber === FakePortOneService.DECLINED_CARD) {
      this.fail(store, payment, "한도 초과");
      throw FakePortOneError.PG_PROVIDER("LIMIT_EXCEEDED", "한도가 초과되었습니다.");
    }
    if (key.cardNumber === FakePortOneService.STOPPED_CARD) {
      this.fail(store, payment, "정지된 카드", "STOPPED_CARD");
      throw FakePortOneError.PG_PROVIDER("STOPPED_CARD", "정지된 카드입니다.");
    }
    const paid = this.pay(store, payment);
    return { payment: { pgTxId: paid.pgTxId!, paidAt: paid.paidAt! } };
  }

  /** `DELETE /billing-keys/{billingKey}`: deleted for good, `BillingKey.Deleted` sent. */
  public deleteBillingKey(store: IFakePortOneStore, billingKey: string): { deletedAt: string } {
    const key = store.billingKeys.get(billingKey);
    if (key === undefined) throw FakePortOneError.BILLING_KEY_NOT_FOUND();
    if (key.status === "DELETED") throw FakePortOneError.BILLING_KEY_ALREADY_DELETED();
    const deletedAt = this.props.now().toISOString();
    store.billingKeys.set(billingKey, { ...key, status: "DELETED", deletedAt });
    this.props.webhooks.send(this.props.webhookUrl(store), store, "BillingKey.Deleted", { billingKey });
    return { deletedAt };
  }

  public getBillingKey(store: IFakePortOneStore, billingKey: string): IPortOneBillingKey {
    const key = store.billingKeys.get(billingKey);
    if (key === undefined) throw FakePortOneError.BILLING_KEY_NOT_FOUND();
    const { cardNumber: _, ...visible } = key;
    return visible;
  }

  /* ----------------------------------------------------------------
    WHAT A BROWSER DOES (simulations)
  ---------------------------------------------------------------- */
  /**
   * The buyer completes the payment window (`PortOne.requestPayment`): a card is paid (or
   * declined), a virtual account is issued. A pre-registered payment only opens for its amount.
   */
  public window(
    store: IFakePortOneStore,
    paymentId: string,
    input: { orderName: string; totalAmount: number; currency?: string; payMethod: "CARD" | "VIRTUAL_ACCOUNT" | "EASY_PAY"; easyPayProvider?: string; cardNumber?: string; isEscrow?: boolean },
  ): IPortOnePayment {
    const existing = store.payments.get(paymentId);
    if (existing !== undefined && existing.status !== "READY" && existing.status !== "PAY_PENDING" && existing.status !== "FAILED") throw FakePortOneError.ALREADY_PAID();
    const pre = store.preRegistered.get(paymentId);
    if (pre !== undefined && ((pre.totalAmount !== undefined && pre.totalAmount !== input.totalAmount) || (pre.currency !== undefined && pre.currency !== (input.currency ?? "KRW"))))
      // The real window refuses to open; the browser SDK reports the error to the page.
      throw new FakePortOneError(400, "INVALID_REQUEST", "사전 등록된 결제 정보와 일치하지 않습니다.");
    const method: IPortOnePayment.IMethod =
      input.payMethod === "CARD"
        ? this.card(input.cardNumber ?? "4330123412341234")
        : input.payMethod === "EASY_PAY"
          ? // a card registered in the service pays (FAKE DIFFERS: never its balance)
            { type: "PaymentMethodEasyPay", provider: input.easyPayProvider ?? "TOSSPAY", easyPayMethod: this.card(input.cardNumber ?? "4330123412341234") }
          : {
            type: "PaymentMethodVirtualAccount",
            bank: "SHINHAN",
            accountNumber: `562${String(crypto.randomInt(0, 1e9)).padStart(9, "0")}`,
            accountType: "NORMAL",
            remitteeName: "포트원",
            expiredAt: new Date(this.props.now().getTime() + 7 * 86_400_000).toISOString(),
            issuedAt: this.props.now().toISOString(),
          };
    const payment = this.create(store, paymentId, { orderName: input.orderName, totalAmount: input.totalAmount, currency: input.currency ?? "KRW", ...(input.isEscrow === true ? { isEscrow: true } : {}) }, method);
    if (input.payMethod === "VIRTUAL_ACCOUNT") {
      const at = this.props.now().toISOString();
      const issued = this.save(store, { ...payment, status: "VIRTUAL_ACCOUNT_ISSUED", statusChangedAt: at, updatedAt: at });
      this.notify(store, "Transaction.VirtualAccountIssued", paymentId);
      return issued;
    }
    if (input.cardNumber === FakePortOneService.DECLINED_CARD) return this.fail(store, payment, "카드사 승인 거절");
    return this.pay(store, payment);
  }

  /** The buyer deposits into an issued virtual account (the bank refuses one past its deadline). */
  public deposit(store: IFakePortOneStore, paymentId: string): IPortOnePayment {
    const payment = this.get(store, paymentId);
    if (payment.status !== "VIRTUAL_ACCOUNT_ISSUED") throw FakePortOneError.ALREADY_PAID();
    const due = (payment.method as IPortOnePayment.IVirtualAccount).expiredAt;
    if (due !== undefined && Date.parse(due) <= this.props.now().getTime())
      throw new FakePortOneError(409, "PAYMENT_NOT_WAITING_FOR_DEPOSIT", "입금 기한이 지난 가상계좌입니다.");
    return this.pay(store, payment);
  }

  /**
   * An issued virtual account's deadline passes unpaid. FAKE DIFFERS: PortOne documents no state
   * or event for it; the fake keeps `VIRTUAL_ACCOUNT_ISSUED` with the passed `expiredAt`, sends
   * nothing and refuses a deposit (the server reads a passed `expiredAt` as expired).
   */
  public expire(store: IFakePortOneStore, paymentId: string): IPortOnePayment {
    const payment = this.get(store, paymentId);
    if (payment.status !== "VIRTUAL_ACCOUNT_ISSUED") throw new FakePortOneError(409, "PAYMENT_NOT_WAITING_FOR_DEPOSIT", "결제 건이 입금 대기 상태가 아닙니다.");
    const at = new Date(this.props.now().getTime() - 1_000).toISOString();
    return this.save(store, { ...payment, method: { ...(payment.method as IPortOnePayment.IVirtualAccount), expiredAt: at } });
  }

  /**
   * The buyer opened the payment window and went no further: the payment is `READY` and
   * `Transaction.Ready` is sent. With `pending`, the PG took it and has not answered yet
   * (`PAY_PENDING`, `Transaction.PayPending`); the window completes either later.
   */
  public open(store: IFakePortOneStore, paymentId: string, input: { orderName: string; totalAmount: number; pending: boolean }): IPortOnePayment {
    const existing = store.payments.get(paymentId);
    if (existing !== undefined && existing.status !== "READY") throw FakePortOneError.ALREADY_PAID();
    const ready = existing ?? this.create(store, paymentId, { orderName: input.orderName, totalAmount: input.totalAmount, currency: "KRW" }, this.card("4330123412341234"));
    if (existing === undefined) this.notify(store, "Transaction.Ready", paymentId);
    if (!input.pending) return ready;
    const at = this.props.now().toISOString();
    const pending = this.save(store, { ...ready, status: "PAY_PENDING", updatedAt: at, statusChangedAt: at });
    this.notify(store, "Transaction.PayPending", paymentId);
    return pending;
  }

  /** The card company raises a chargeback on a paid payment: `Transaction.DisputeCreated`. */
  public openDispute(store: IFakePortOneStore, paymentId: string, reason: string): IPortOnePayment {
    const payment = this.get(store, paymentId);
    if (payment.status !== "PAID" && payment.status !== "PARTIAL_CANCELLED") throw FakePortOneError.PAYMENT_NOT_PAID();
    const disputes = [...(payment.disputes ?? []), { status: "UNRESOLVED" as const, pgDisputeId: `dispute-${crypto.randomUUID()}`, reason, createdAt: this.props.now().toISOString() }];
    this.save(store, { ...payment, disputes, updatedAt: this.props.now().toISOString() });
    this.notify(store, "Transaction.DisputeCreated", paymentId);
    return this.get(store, paymentId);
  }

  /**
   * The open dispute is resolved: `Transaction.DisputeResolved`. Lost, the money goes back
   * to the card holder. FAKE DIFFERS: PortOne does not document how a lost dispute shows on
   * the payment; the fake records it as a full cancellation (reason "chargeback").
   */
  public resolveDispute(store: IFakePortOneStore, paymentId: string, lost: boolean): IPortOnePayment {
    const payment = this.get(store, paymentId);
    if (!(payment.disputes ?? []).some((d) => d.status === "UNRESOLVED")) throw FakePortOneError.PAYMENT_NOT_FOUND();
    if (lost) this.cancel(store, paymentId, { reason: "chargeback", skipWebhook: true });
    const after = this.get(store, paymentId);
    const resolvedAt = this.props.now().toISOString();
    const disputes = (after.disputes ?? []).map((d) => (d.status === "UNRESOLVED" ? { ...d, status: "RESOLVED" as const, resolvedAt } : d));
    this.save(store, { ...after, disputes, updatedAt: resolvedAt });
    this.notify(store, "Transaction.DisputeResolved", paymentId);
    return this.get(store, paymentId);
  }

  /** The buyer completes the billing-key window (`PortOne.requestIssueBillingKey`). */
  public issueBillingKey(store: IFakePortOneStore, input: { cardNumber?: string; customerId?: string }): IPortOneBillingKey {
    const cardNumber = input.cardNumber ?? "4330123412341234";
    const key = {
      status: "ISSUED" as const,
      billingKey: `billing-key-${crypto.randomUUID()}`,
      merchantId: store.merchantId,
      storeId: store.storeId,
      methods: [{ type: "BillingKeyPaymentMethodCard", card: { issuer: "SHINHAN_CARD", brand: "LOCAL", number: mask(cardNumber) } }],
      channels: [{ type: "TEST", id: "channel-sandbox", key: store.channelKey, name: "sandbox", pgProvider: "TOSSPAYMENTS", pgMerchantId: "tosstest" }],
      customer: input.customerId !== undefined ? { id: input.customerId } : {},
      issuedAt: this.props.now().toISOString(),
      cardNumber,
    };
    store.billingKeys.set(key.billingKey, key);
    this.props.webhooks.send(this.props.webhookUrl(store), store, "BillingKey.Issued", { billingKey: key.billingKey });
    return this.getBillingKey(store, key.billingKey);
  }

  /**
   * The buyer opened the billing-key window (`BillingKey.Ready`): the key it names is issued only
   * if the window completes. FAKE DIFFERS: PortOne does not say whether a key in this state can
   * be read; the fake answers 404 `BILLING_KEY_NOT_FOUND` until it is issued.
   */
  public billingKeyReady(store: IFakePortOneStore): { billingKey: string } {
    const billingKey = `billing-key-${crypto.randomUUID()}`;
    this.props.webhooks.send(this.props.webhookUrl(store), store, "BillingKey.Ready", { billingKey });
    return { billingKey };
  }

  /** The key's card is replaced (a reissued card): the key stays, `BillingKey.Updated` is sent. */
  public updateBillingKey(store: IFakePortOneStore, billingKey: string, cardNumber: string): IPortOneBillingKey {
    const key = store.billingKeys.get(billingKey);
    if (key === undefined || key.status !== "ISSUED") throw new FakePortOneError(404, "BILLING_KEY_NOT_FOUND", "빌링키가 존재하지 않습니다.");
    store.billingKeys.set(billingKey, { ...key, cardNumber, methods: [{ type: "BillingKeyPaymentMethodCard", card: { issuer: "SHINHAN_CARD", brand: "LOCAL", number: mask(cardNumber) } }] });
    this.props.webhooks.send(this.props.webhookUrl(store), store, "BillingKey.Updated", { billingKey });
    return this.getBillingKey(store, billingKey);
  }

  /* ----------------------------------------------------------------
    STATE
  ---------------------------------------------------------------- */
  private create(
    store: IFakePortOneStore,
    paymentId: string,
    input: { orderName: string; totalAmount: number; currency: string; billingKey?: string; isEscrow?: boolean },
    method: IPortOnePayment.IMethod,
  ): IPortOnePayment {
    const at = this.props.now().toISOString();
    return this.save(store, {
      status: "READY",
      id: paymentId,
      transactionId: crypto.randomUUID(),
      merchantId: store.merchantId,
      storeId: store.storeId,
      method,
      channel: { type: "TEST", id: "channel-sandbox", key: store.channelKey, name: "sandbox", pgProvider: "TOSSPAYMENTS", pgMerchantId: "tosstest" },
      version: "V2",
      ...(input.billingKey !== undefined ? { billingKey: input.billingKey } : {}),
      requestedAt: at,
      updatedAt: at,
      statusChangedAt: at,
      orderName: input.orderName,
      amount: { total: input.totalAmount, taxFree: 0, vat: Math.floor(input.totalAmount / 11), supply: input.totalAmount - Math.floor(input.totalAmount / 11), discount: 0, paid: 0, cancelled: 0, cancelledTaxFree: 0 },
      currency: input.currency,
      customer: {},
      ...(input.isEscrow === true ? { escrow: { status: "BEFORE_REGISTERED" as const } } : {}),
    });
  }

  private pay(store: IFakePortOneStore, payment: IPortOnePayment): IPortOnePayment {
    const at = this.props.now().toISOString();
    const paid = this.save(store, {
      ...payment,
      status: "PAID",
      paidAt: at,
      updatedAt: at,
      statusChangedAt: at,
      pgTxId: `pg-tx-${crypto.randomUUID().slice(0, 12)}`,
      receiptUrl: `https://fake.portone.example/receipts/${payment.transactionId}`,
      amount: { ...payment.amount, paid: payment.amount.total },
      cancellations: [],
      disputes: [],
    });
    store.preRegistered.delete(payment.id);
    this.notify(store, "Transaction.Paid", payment.id);
    return paid;
  }

  private fail(store: IFakePortOneStore, payment: IPortOnePayment, reason: string, pgCode = "LIMIT_EXCEEDED"): IPortOnePayment {
    const at = this.props.now().toISOString();
    const failed = this.save(store, { ...payment, status: "FAILED", failedAt: at, updatedAt: at, statusChangedAt: at, failure: { reason, pgCode, pgMessage: reason } });
    this.notify(store, "Transaction.Failed", payment.id);
    return failed;
  }

  private card(cardNumber: string): IPortOnePayment.ICard {
    return {
      type: "PaymentMethodCard",
      card: { publisher: "SHINHAN_CARD", issuer: "SHINHAN_CARD", brand: "LOCAL", type: "CREDIT", bin: cardNumber.slice(0, 6), name: "신한카드", number: mask(cardNumber) },
      approvalNumber: String(crypto.randomInt(10_000_000, 99_999_999)),
      installment: { month: 0, isInterestFree: false },
    };
  }

  public save(store: IFakePortOneStore, payment: IPortOnePayment): IPortOnePayment {
    store.payments.update(payment.id, payment);
    return payment;
  }

  private notify(store: IFakePortOneStore, type: string, paymentId: string, extra: Record<string, string> = {}): void {
    const payment = store.payments.get(paymentId);
    this.props.webhooks.send(this.props.webhookUrl(store), store, type, { paymentId, transactionId: payment?.transactionId ?? "", ...extra });
  }
}

const mask = (cardNumber: string): string => `${cardNumber.slice(0, 6)}******${cardNumber.slice(-4)}`;
