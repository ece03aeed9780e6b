import { ITossBilling } from "../../api/structures/toss/ITossBilling";
import { ITossBillingAuthCard } from "../../api/structures/toss/ITossBillingAuthCard";
import { ITossBillingIssue } from "../../api/structures/toss/ITossBillingIssue";
import { ITossBillingPayment } from "../../api/structures/toss/ITossBillingPayment";
import { ITossCashReceipt } from "../../api/structures/toss/ITossCashReceipt";
import { ITossError } from "../../api/structures/toss/ITossError";
import { ITossKeyInPayment } from "../../api/structures/toss/ITossKeyInPayment";
import { ITossPayment } from "../../api/structures/toss/ITossPayment";
import { ITossPaymentCancel } from "../../api/structures/toss/ITossPaymentCancel";
import { ITossVirtualAccountCreate } from "../../api/structures/toss/ITossVirtualAccountCreate";
import { FakeTossCashReceipts } from "./FakeTossCashReceipts";
import { FakeTossEasyPay } from "./FakeTossEasyPay";
import { FakeTossError } from "./FakeTossError";
import { FakeTossMagic } from "./FakeTossMagic";
import { BoundedMap } from "../common/BoundedMap";
import { FakeTossWebhooks } from "./FakeTossWebhooks";
import type { IFakeTossPayoutState } from "./FakeTossPayouts";
import { card, checkCard, clone, mask, maskCard, token, tossBankCode, transactionKey, vat, virtualAccount } from "./FakeTossParts";

// What other files of the fake take from here.
export { clone, digits, mask, token, tossBankCode } from "./FakeTossParts";

/** Everything the fake keeps for one merchant (secret key). */
export interface IFakeTossStore {
  secretKey: string;
  mId: string;
  /** Opens the browser window for this merchant; null: no window. */
  clientKey: string | null;
  /** `undefined`: use the fake's global webhook URL. */
  webhookUrl: string | null | undefined;
  payments: BoundedMap<string, IFakeTossPaymentRecord>;
  /** orderId -> paymentKey of the latest payment with that order id */
  orders: BoundedMap<string, string>;
  authKeys: BoundedMap<string, { customerKey: string; cardNumber: string }>;
  billings: BoundedMap<string, { billing: ITossBilling; cardNumber: string }>;
  receipts: BoundedMap<string, { receipt: ITossCashReceipt; remaining: number }>;
  idempotency: BoundedMap<string, IFakeTossIdempotent>;
  /** Payouts v2 (지급대행): sellers, payouts, balance. */
  payout: IFakeTossPayoutState;
}
export interface IFakeTossPaymentRecord {
  payment: ITossPayment;
  /** raw card number, kept only for magic behaviour */
  cardNumber: string | null;
}
export type IFakeTossIdempotent =
  | { done: true; status: number; body: string }
  | { done: false; wait: Promise<void> };

/** Body of `POST /internal/payments`: what the buyer did in the payment window. */
export interface IFakeTossWindowPayment {
  orderId: string;
  orderName?: string;
  amount: number;
  /** default 카드 (간편결제 with `easyPay`) */
  method?: "카드" | "가상계좌" | "간편결제";
  easyPay?: FakeTossEasyPay.IRequest;
  /** card payments; magic numbers apply at confirm. Default: an approved card. */
  cardNumber?: string;
  /** virtual accounts: bank code, default "88" */
  bank?: string;
  customerName?: string;
  validHours?: number;
  taxFreeAmount?: number;
}

const VERSION = "2022-11-16";
const CARD_MIN_AMOUNT = 100;

/**
 * The Toss business rules of the fake. Controllers validate bodies and call these; every
 * state change that Toss reports by webhook goes through {@link emit}.
 */
export class FakeTossService {
  /** `/v1/cash-receipts`: receipts issued and cancelled. */
  public readonly cashReceipts = new FakeTossCashReceipts(
    () => this.kst(),
    (amount, taxFree) => this.assertAmounts(amount, taxFree, false),
  );

  public constructor(
    private readonly env: {
      now: () => Date;
      webhooks: FakeTossWebhooks;
      webhookUrl: (store: IFakeTossStore) => string | null;
      sessionTtlMs: number;
      /** how long the timeout card holds its answer */
      hang: (ms?: number) => Promise<void>;
    },
  ) {}

  /* ----------------------------------------------------------------
    PAYMENTS
  ---------------------------------------------------------------- */
  public get(store: IFakeTossStore, paymentKey: string): ITossPayment {
    const record = store.payments.get(paymentKey);
    if (record === undefined) throw FakeTossError.NOT_FOUND_PAYMENT();
    this.expireIfDue(store, record);
    return clone(record.payment);
  }

  public getByOrder(store: IFakeTossStore, orderId: string): ITossPayment {
    const key = store.orders.get(orderId);
    if (key === undefined || store.payments.get(key) === undefined) throw FakeTossError.NOT_FOUND_PAYMENT();
    return this.get(store, key);
  }

  public async keyIn(store: IFakeTossStore, input: ITossKeyInPayment): Promise<ITossPayment> {
    return this.approveCard(store, "NORMAL", input, input.cardNumber);
  }

  /** A card payment approved at once (key-in, billing): the same rules, magic cards included. */
  private async approveCard(
    store: IFakeTossStore,
    type: "NORMAL" | "BILLING",
    input: { orderId: string; orderName: string; amount: number; taxFreeAmount?: number; cardInstallmentPlan?: number },
    cardNumber: string,
  ): Promise<ITossPayment> {
    this.assertNewOrder(store, input.orderId);
    this.assertAmounts(input.amount, input.taxFreeAmount, true);
    const { hang } = checkCard(cardNumber);
    const payment = this.build(store, {
      orderId: input.orderId,
      orderName: input.orderName,
      amount: input.amount,
      taxFreeAmount: input.taxFreeAmount ?? 0,
      method: "카드",
      type,
      status: "DONE",
    });
    payment.approvedAt = this.kst();
    payment.card = card(input.amount, cardNumber, input.cardInstallmentPlan ?? 0);
    this.save(store, { payment, cardNumber });
    this.emit(store, payment);
    if (hang) await this.env.hang();
    return clone(payment);
  }

  /**
   * `POST /v1/payments/confirm` and the older `POST /v1/payments/{paymentKey}`.
   *
   * Docs name no code for a wrong orderId or amount: the fake answers a foreign orderId
   * with NOT_FOUND_PAYMENT_SESSION (the session is looked up by both keys) and a wrong
   * amount with 400 INVALID_REQUEST, leaving the payment confirmable with the right one.
   */
  public async confirm(
    store: IFakeTossStore,
    input: { paymentKey: string; orderId: string; amount: number },
  ): Promise<ITossPayment> {
    const record = store.payments.get(input.paymentKey);
    if (record === undefined || record.payment.orderId !== input.orderId)
      throw FakeTossError.NOT_FOUND_PAYMENT_SESSION();
    this.expireIfDue(store, record);
    const payment = record.payment;
    if (payment.status === "EXPIRED") throw FakeTossError.NOT_FOUND_PAYMENT_SESSION();
    if (payment.status !== "IN_PROGRESS") throw FakeTossError.ALREADY_PROCESSED_PAYMENT();
    if (payment.totalAmount !== input.amount)
      throw FakeTossError.invalid("결제 금액이 일치하지 않습니다. (amount)");

    if (payment.method === "가상계좌") {
      payment.status = "WAITING_FOR_DEPOSIT";
      payment.lastTransactionKey = transactionKey();
      this.emit(store, payment);
      this.emitDeposit(store, payment);
      return clone(payment);
    }

    let hang = false;
    try {
      hang = checkCard(record.cardNumber ?? FakeTossMagic.GOOD_CARD).hang;
    } catch (exp) {
      if (exp instanceof FakeTossError && exp.status < 500) {
        // a declined approval ends the payment: it stays ABORTED with the reason
        payment.status = "ABORTED";
        payment.failure = exp.body();
        this.emit(store, payment);
      }
      throw exp;
    }
    payment.status = "DONE";
    payment.approvedAt = this.kst();
    payment.lastTransactionKey = transactionKey();
    const cardPart = FakeTossEasyPay.cardPart(payment);
    payment.card = cardPart > 0 ? card(cardPart, record.cardNumber ?? FakeTossMagic.GOOD_CARD, 0) : null;
    this.emit(store, payment);
    if (hang) await this.env.hang();
    return clone(payment);
  }

  /** `notify: false`: the change is told by another event (an asynchronous cancel's `CANCEL_STATUS_CHANGED`). */
  public cancel(store: IFakeTossStore, paymentKey: string, input: ITossPaymentCancel, notify = true): ITossPayment {
    const record = store.payments.get(paymentKey);
    if (record === undefined) throw FakeTossError.NOT_FOUND_PAYMENT();
    this.expireIfDue(store, record);
    const payment = record.payment;
    if (payment.status === "CANCELED") throw FakeTossError.ALREADY_CANCELED_PAYMENT();
    if (!["DONE", "PARTIAL_CANCELED", "WAITING_FOR_DEPOSIT"].includes(payment.status))
      throw FakeTossError.NOT_CANCELABLE_PAYMENT();

    const amount: number = input.cancelAmount ?? payment.balanceAmount;
    if (amount <= 0 || amount > payment.balanceAmount) throw FakeTossError.NOT_CANCELABLE_AMOUNT();
    // nothing was deposited yet: only the whole order can be withdrawn (docs silent)
    if (payment.status === "WAITING_FOR_DEPOSIT" && amount !== payment.balanceAmount)
      throw FakeTossError.NOT_CANCELABLE_AMOUNT();
    const taxFree: number = input.taxFreeAmount ?? 0;
    if (taxFree > amount || taxFree > payment.taxFreeAmount)
      throw FakeTossError.invalid("면세 금액이 취소 금액보다 클 수 없습니다. (taxFreeAmount)");

    const deposited: boolean = payment.method === "가상계좌" && payment.status !== "WAITING_FOR_DEPOSIT";
    if (deposited) {
      const account = input.refundReceiveAccount;
      // Toss refunds deposited virtual accounts by bank transfer, so it needs an account.
      if (account === undefined)
        throw FakeTossError.invalid("가상계좌 결제 취소 시 환불 계좌 정보가 필요합니다. (refundReceiveAccount)");
      if (!/^[0-9]{6,20}$/.test(account.accountNumber)) throw FakeTossError.INVALID_REFUND_ACCOUNT_NUMBER();
      if (account.accountNumber === FakeTossMagic.MISMATCHED_REFUND_ACCOUNT)
        throw FakeTossError.INVALID_REFUND_ACCOUNT_INFO();
      // FAKE DIFFERS: the refund transfer completes at once (real: PENDING, then COMPLETED)
      payment.virtualAccount!.refundReceiveAccount = {
        bankCode: tossBankCode(account.bank),
        accountNumber: mask(account.accountNumber, 3),
        holderName: account.holderName,
      };
      payment.virtualAccount!.refundStatus = "COMPLETED";
    }

    const cancel: ITossPayment.ICancel = {
      transactionKey: transactionKey(),
      cancelReason: input.cancelReason,
      cancelAmount: amount,
      taxFreeAmount: taxFree,
      taxExemptionAmount: 0,
      refundableAmount: payment.balanceAmount - amount,
      easyPayDiscountAmount: 0,
      canceledAt: this.kst(),
      receiptKey: null,
      cancelStatus: "DONE",
      cancelRequestId: null,
    };
    payment.cancels = [...(payment.cancels ?? []), cancel];
    payment.balanceAmount -= amount;
    payment.taxFreeAmount -= taxFree;
    Object.assign(payment, vat(payment.balanceAmount, payment.taxFreeAmount));
    payment.lastTransactionKey = cancel.transactionKey;
    payment.status = payment.balanceAmount === 0 ? "CANCELED" : "PARTIAL_CANCELED";
    if (payment.card !== null && payment.status === "CANCELED") payment.card.acquireStatus = "CANCELED";
    if (!notify) return clone(payment);
    this.emit(store, payment);
    if (payment.method === "가상계좌") this.emitDeposit(store, payment);
    return clone(payment);
  }

  /* ----------------------------------------------------------------
    VIRTUAL ACCOUNTS
  ---------------------------------------------------------------- */
  public createVirtualAccount(store: IFakeTossStore, input: ITossVirtualAccountCreate): ITossPayment {
    this.assertNewOrder(store, input.orderId);
    this.assertAmounts(input.amount, input.taxFreeAmount, false);
    const now: number = this.env.now().getTime();
    const due: number =
      input.dueDate !== undefined ? Date.parse(input.dueDate) : now + (input.validHours ?? 168) * 3_600_000;
    if (!(due > now)) throw FakeTossError.invalid("입금 기한이 지났습니다. (dueDate)");
    const payment = this.build(store, {
      orderId: input.orderId,
      orderName: input.orderName,
      amount: input.amount,
      taxFreeAmount: input.taxFreeAmount ?? 0,
      method: "가상계좌",
      type: "NORMAL",
      status: "WAITING_FOR_DEPOSIT",
    });
    payment.useEscrow = input.useEscrow ?? false;
    payment.virtualAccount = virtualAccount(input.bank, input.customerName, this.kst(new Date(due)));
    payment.secret = "ps_" + token(24);
    this.save(store, { payment, cardNumber: null });
    this.emit(store, payment);
    this.emitDeposit(store, payment);
    return clone(payment);
  }

  /* ----------------------------------------------------------------
    BILLING
  ---------------------------------------------------------------- */
  public billingAuthCard(store: IFakeTossStore, input: ITossBillingAuthCard): ITossBilling {
    // only an invalid number fails here; declines happen when the key is charged
    if (input.cardNumber === FakeTossMagic.INVALID_CARD) throw FakeTossError.INVALID_CARD_NUMBER();
    return this.issueBilling(store, input.customerKey, input.cardNumber);
  }

  /**
   * Unknown or already used `authKey`: the docs name no code; the fake answers 400
   * INVALID_REQUEST. An authKey is single-use.
   */
  public billingIssue(store: IFakeTossStore, input: ITossBillingIssue): ITossBilling {
    const auth = store.authKeys.get(input.authKey);
    if (auth === undefined) throw FakeTossError.invalid("유효하지 않은 authKey 입니다. (authKey)");
    if (auth.customerKey !== input.customerKey) throw FakeTossError.NOT_MATCHES_CUSTOMER_KEY();
    store.authKeys.delete(input.authKey);
    return this.issueBilling(store, auth.customerKey, auth.cardNumber);
  }

  /** Unknown billing key: docs name no code; the fake answers 404 NOT_FOUND_BILLING. */
  public async billingCharge(
    store: IFakeTossStore,
    billingKey: string,
    input: ITossBillingPayment,
  ): Promise<ITossPayment> {
    const billing = store.billings.get(billingKey);
    if (billing === undefined) throw new FakeTossError(404, "NOT_FOUND_BILLING", "존재하지 않는 빌링 정보 입니다.");
    if (billing.billing.customerKey !== input.customerKey) throw FakeTossError.NOT_MATCHES_CUSTOMER_KEY();
    return this.approveCard(store, "BILLING", input, billing.cardNumber);
  }

  /**
   * `DELETE /v1/billing/{billingKey}`: the key is gone (charging it is 404 NOT_FOUND_BILLING)
   * and `BILLING_DELETED` is sent.
   */
  public billingDelete(store: IFakeTossStore, billingKey: string): void {
    if (store.billings.get(billingKey) === undefined) throw new FakeTossError(404, "NOT_FOUND_BILLING", "존재하지 않는 빌링 정보 입니다.");
    store.billings.delete(billingKey);
    this.env.webhooks.send(this.env.webhookUrl(store), store.mId, { eventType: "BILLING_DELETED", createdAt: this.webhookTime(), data: { billingKey, reason: "삭제 API 요청" } });
  }

  /* ----------------------------------------------------------------
    CASH RECEIPTS
  ---------------------------------------------------------------- */
  /* ----------------------------------------------------------------
    SIMULATION (/internal)
  ---------------------------------------------------------------- */
  /** The buyer authenticated in the payment window: IN_PROGRESS until confirmed. */
  public createWindowPayment(store: IFakeTossStore, input: IFakeTossWindowPayment) {
    this.assertNewOrder(store, input.orderId);
    const method = input.easyPay !== undefined ? "간편결제" : (input.method ?? "카드");
    this.assertAmounts(input.amount, input.taxFreeAmount, method !== "가상계좌");
    const easyPay = input.easyPay !== undefined ? FakeTossEasyPay.of(input.easyPay, input.amount) : null;
    if (typeof easyPay === "string") throw FakeTossError.invalid(easyPay);
    const payment = this.build(store, {
      orderId: input.orderId,
      orderName: input.orderName ?? "Fake order",
      amount: input.amount,
      taxFreeAmount: input.taxFreeAmount ?? 0,
      method,
      type: "NORMAL",
      status: "IN_PROGRESS",
    });
    if (method === "가상계좌") {
      const due: Date = new Date(this.env.now().getTime() + (input.validHours ?? 168) * 3_600_000);
      payment.virtualAccount = virtualAccount(input.bank ?? "88", input.customerName ?? "홍길동", this.kst(due));
      payment.secret = "ps_" + token(24);
    }
    payment.easyPay = easyPay;
    this.save(store, { payment, cardNumber: method !== "가상계좌" ? (input.cardNumber ?? FakeTossMagic.GOOD_CARD) : null });
    return { paymentKey: payment.paymentKey, orderId: payment.orderId, amount: payment.totalAmount };
  }

  /** The buyer registered a card in the billing auth window. */
  public issueAuthKey(store: IFakeTossStore, input: { customerKey: string; cardNumber?: string }) {
    const authKey = "bln_" + token(24);
    // FAKE DIFFERS: docs give no lifetime for an authKey; the fake keeps it sessionTtlMs
    store.authKeys.set(
      authKey,
      { customerKey: input.customerKey, cardNumber: input.cardNumber ?? FakeTossMagic.GOOD_CARD },
      this.env.sessionTtlMs,
    );
    return { authKey, customerKey: input.customerKey };
  }

  public deposit(store: IFakeTossStore, paymentKey: string, input: { amount?: number; depositorName?: string }) {
    const record = this.record(store, paymentKey);
    const payment = record.payment;
    if (payment.method !== "가상계좌" || payment.status !== "WAITING_FOR_DEPOSIT")
      throw FakeTossError.invalid("입금 대기 중인 가상계좌가 아닙니다.");
    // banks refuse any other sum for a Toss virtual account
    if (input.amount !== undefined && input.amount !== payment.totalAmount)
      throw FakeTossError.invalid("입금 금액이 일치하지 않습니다. (amount)");
    payment.status = "DONE";
    payment.approvedAt = this.kst();
    payment.lastTransactionKey = transactionKey();
    payment.virtualAccount!.depositorName = input.depositorName ?? payment.virtualAccount!.customerName;
    this.emit(store, payment);
    this.emitDeposit(store, payment);
    return clone(payment);
  }

  /** Let the deposit deadline (or the 10-minute approval window) pass now. */
  public expire(store: IFakeTossStore, paymentKey: string): ITossPayment {
    const record = this.record(store, paymentKey);
    if (!["WAITING_FOR_DEPOSIT", "IN_PROGRESS", "READY"].includes(record.payment.status))
      throw FakeTossError.ALREADY_PROCESSED_PAYMENT();
    this.markExpired(store, record);
    return clone(record.payment);
  }

  /** The window payment failed before approval (e.g. the buyer's authentication failed). */
  public abort(store: IFakeTossStore, paymentKey: string, failure: Partial<ITossError>): ITossPayment {
    const record = this.record(store, paymentKey);
    const payment = record.payment;
    if (payment.status !== "IN_PROGRESS" && payment.status !== "READY") throw FakeTossError.ALREADY_PROCESSED_PAYMENT();
    payment.status = "ABORTED";
    payment.failure = {
      code: failure.code ?? "PAY_PROCESS_ABORTED",
      message: failure.message ?? "결제 진행 중 승인에 실패하여 결제가 중단되었습니다.",
    };
    this.emit(store, payment);
    return clone(payment);
  }

  /** Send the payment's current state again (as the dashboard's "resend" does). */
  public resend(
    store: IFakeTossStore,
    paymentKey: string,
    eventType: "PAYMENT_STATUS_CHANGED" | "DEPOSIT_CALLBACK" = "PAYMENT_STATUS_CHANGED",
  ): { queued: boolean } {
    const payment = this.record(store, paymentKey).payment;
    const url = this.env.webhookUrl(store);
    if (eventType === "DEPOSIT_CALLBACK") {
      if (payment.secret === null) throw FakeTossError.invalid("가상계좌 결제가 아닙니다.");
      this.emitDeposit(store, payment);
    } else this.emit(store, payment);
    return { queued: url !== null };
  }

  /* ----------------------------------------------------------------
    INTERNALS
  ---------------------------------------------------------------- */
  private record(store: IFakeTossStore, paymentKey: string): IFakeTossPaymentRecord {
    const record = store.payments.get(paymentKey);
    if (record === undefined) throw FakeTossError.NOT_FOUND_PAYMENT();
    this.expireIfDue(store, record);
    return record;
  }

  /**
   * FAKE DIFFERS: deadlines are applied lazily, when the payment is next read or used,
   * not by a timer (so the webhook of an expiry goes out then).
   */
  private expireIfDue(store: IFakeTossStore, record: IFakeTossPaymentRecord): void {
    const p = record.payment;
    const now: number = this.env.now().getTime();
    if (p.status === "WAITING_FOR_DEPOSIT" && p.virtualAccount && Date.parse(p.virtualAccount.dueDate) <= now)
      this.markExpired(store, record);
    else if (
      (p.status === "IN_PROGRESS" || p.status === "READY") &&
      Date.parse(p.requestedAt) + this.env.sessionTtlMs <= now
    )
      this.markExpired(store, record);
  }

  private markExpired(store: IFakeTossStore, record: IFakeTossPaymentRecord): void {
    const p = record.payment;
    p.status = "EXPIRED";
    if (p.virtualAccount) p.virtualAccount.expired = true;
    p.failure = { code: "EXPIRED_PAYMENT", message: "결제가 만료되었습니다. 다시 시도해주세요." };
    this.emit(store, p);
  }

  /**
   * An order id can be reused only after its earlier payment ended without money moving
   * (ABORTED / EXPIRED) or was never approved (a superseded window attempt).
   */
  private assertNewOrder(store: IFakeTossStore, orderId: string): void {
    const key = store.orders.get(orderId);
    const previous = key !== undefined ? store.payments.get(key) : undefined;
    if (previous && ["DONE", "CANCELED", "PARTIAL_CANCELED", "WAITING_FOR_DEPOSIT"].includes(previous.payment.status))
      throw FakeTossError.DUPLICATED_ORDER_ID();
  }

  private assertAmounts(amount: number, taxFree: number | undefined, card: boolean): void {
    if (card && amount < CARD_MIN_AMOUNT) throw FakeTossError.BELOW_MINIMUM_AMOUNT();
    if (amount <= 0) throw FakeTossError.invalid("결제 금액은 0보다 커야 합니다. (amount)");
    if ((taxFree ?? 0) > amount) throw FakeTossError.invalid("면세 금액이 결제 금액보다 클 수 없습니다. (taxFreeAmount)");
  }

  private issueBilling(store: IFakeTossStore, customerKey: string, cardNumber: string): ITossBilling {
    const billing: ITossBilling = {
      mId: store.mId,
      customerKey,
      authenticatedAt: this.kst(),
      method: "카드",
      billingKey: token(44),
      cardCompany: "신한",
      cardNumber: maskCard(cardNumber),
      card: { issuerCode: "41", acquirerCode: "41", number: maskCard(cardNumber), cardType: "신용", ownerType: "개인" },
    };
    store.billings.set(billing.billingKey, { billing, cardNumber });
    return clone(billing);
  }

  private build(
    store: IFakeTossStore,
    p: {
      orderId: string;
      orderName: string;
      amount: number;
      taxFreeAmount: number;
      method: ITossPayment.Method;
      type: ITossPayment["type"];
      status: ITossPayment.Status;
    },
  ): ITossPayment {
    const paymentKey: string = token(32);
    return {
      mId: store.mId,
      version: VERSION,
      lastTransactionKey: p.status === "IN_PROGRESS" ? null : transactionKey(),
      paymentKey,
      orderId: p.orderId,
      orderName: p.orderName,
      status: p.status,
      requestedAt: this.kst(),
      approvedAt: null,
      useEscrow: false,
      cultureExpense: false,
      card: null,
      virtualAccount: null,
      transfer: null,
      mobilePhone: null,
      giftCertificate: null,
      cashReceipt: null,
      cashReceipts: null,
      discount: null,
      cancels: null,
      secret: null,
      type: p.type,
      easyPay: null,
      country: "KR",
      failure: null,
      isPartialCancelable: true,
      receipt: { url: `https://dashboard.tosspayments.com/receipt/redirection?transactionId=${paymentKey}&ref=PX` },
      checkout: { url: `https://api.tosspayments.com/v1/payments/${paymentKey}/checkout` },
      currency: "KRW",
      totalAmount: p.amount,
      balanceAmount: p.amount,
      ...vat(p.amount, p.taxFreeAmount),
      taxFreeAmount: p.taxFreeAmount,
      taxExemptionAmount: 0,
      method: p.method,
      metadata: null,
    };
  }

  private save(store: IFakeTossStore, record: IFakeTossPaymentRecord): void {
    store.payments.set(record.payment.paymentKey, record);
    store.orders.set(record.payment.orderId, record.payment.paymentKey);
  }

  /** `CANCEL_STATUS_CHANGED`: its `data` is the Cancel object alone (it names no payment). */
  public emitCancelStatus(store: IFakeTossStore, cancel: ITossPayment.ICancel): void {
    this.env.webhooks.send(this.env.webhookUrl(store), store.mId, { eventType: "CANCEL_STATUS_CHANGED", createdAt: this.webhookTime(), data: clone(cancel) });
  }

  private emit(store: IFakeTossStore, payment: ITossPayment): void {
    this.env.webhooks.send(this.env.webhookUrl(store), store.mId, {
      eventType: "PAYMENT_STATUS_CHANGED",
      createdAt: this.webhookTime(),
      data: clone(payment),
    });
  }

  private emitDeposit(store: IFakeTossStore, payment: ITossPayment): void {
    if (payment.secret === null) return;
    this.env.webhooks.send(this.env.webhookUrl(store), store.mId, {
      createdAt: this.webhookTime(),
      secret: payment.secret,
      status: payment.status,
      transactionKey: payment.lastTransactionKey ?? transactionKey(),
      orderId: payment.orderId,
    });
  }

  /** API timestamps: KST with offset, seconds, e.g. `2022-01-01T11:31:29+09:00`. */
  private kst(date: Date = this.env.now()): string {
    return new Date(date.getTime() + 9 * 3_600_000).toISOString().slice(0, 19) + "+09:00";
  }
  /** Webhook timestamps: KST without offset, microseconds, e.g. `2023-07-20T16:35:47.729000`. */
  private webhookTime(): string {
    return new Date(this.env.now().getTime() + 9 * 3_600_000).toISOString().slice(0, 23) + "000";
  }
}
