import { tags } from "typia";

import { ITossCashReceipt } from "./ITossCashReceipt";
import { ITossError } from "./ITossError";

/**
 * Toss Payments v1 `Payment` object, API version `2022-11-16`.
 *
 * Returned by confirm, key-in, billing charge, virtual-account issue, cancel and the two
 * GETs, and sent as `data` of the `PAYMENT_STATUS_CHANGED` webhook. Amounts are in the
 * currency's unit; for KRW (the only currency payments-server handles) integers.
 *
 * @reference https://docs.tosspayments.com/reference#payment-객체
 */
export interface ITossPayment {
  /** Merchant id of the store the payment belongs to. */
  mId: string;
  /** API version of the object's shape. */
  version: string;
  /** Key of the latest transaction (approval or cancel) on this payment. */
  lastTransactionKey: string | null;
  /** Toss's identifier of the payment. */
  paymentKey: string;
  /** The merchant's order id (payments-server: `source.id`). */
  orderId: string;
  orderName: string;
  status: ITossPayment.Status;
  /** When the buyer started the payment. */
  requestedAt: string & tags.Format<"date-time">;
  /** When approved; for virtual accounts, when issued (`WAITING_FOR_DEPOSIT`) or deposited. */
  approvedAt: (string & tags.Format<"date-time">) | null;
  useEscrow: boolean | null;
  cultureExpense: boolean;
  card: ITossPayment.ICard | null;
  virtualAccount: ITossPayment.IVirtualAccount | null;
  transfer: ITossPayment.ITransfer | null;
  mobilePhone: ITossPayment.IMobilePhone | null;
  giftCertificate: ITossPayment.IGiftCertificate | null;
  cashReceipt: ITossPayment.ICashReceipt | null;
  /** History of cash receipts (issues and cancels) of this payment. */
  cashReceipts: ITossCashReceipt[] | null;
  discount: ITossPayment.IDiscount | null;
  /** Cancels, oldest first; `null` while none. */
  cancels: ITossPayment.ICancel[] | null;
  /**
   * Virtual accounts only: shared secret that `DEPOSIT_CALLBACK` webhooks carry, so the
   * merchant can tell a real callback from a forged one.
   */
  secret: string | null;
  type: "NORMAL" | "BILLING" | "BRANDPAY";
  easyPay: ITossPayment.IEasyPay | null;
  /** ISO-3166 alpha-2 country of the payment. */
  country: string;
  failure: ITossError | null;
  isPartialCancelable: boolean;
  receipt: { url: string } | null;
  checkout: { url: string } | null;
  /** ISO-4217, e.g. `KRW`. */
  currency: string;
  totalAmount: number & tags.Type<"uint64">;
  /** totalAmount minus everything cancelled. */
  balanceAmount: number & tags.Type<"uint64">;
  suppliedAmount: number & tags.Type<"uint64">;
  vat: number & tags.Type<"uint64">;
  taxFreeAmount: number & tags.Type<"uint64">;
  taxExemptionAmount: number & tags.Type<"uint64">;
  /** Korean method name; `null` when the buyer never chose one (e.g. expired). */
  method: ITossPayment.Method | null;
  metadata?: Record<string, string> | null;
}
export namespace ITossPayment {
  export type Status =
    | "READY"
    | "IN_PROGRESS"
    | "WAITING_FOR_DEPOSIT"
    | "DONE"
    | "CANCELED"
    | "PARTIAL_CANCELED"
    | "ABORTED"
    | "EXPIRED";
  export type Method =
    | "카드"
    | "가상계좌"
    | "간편결제"
    | "휴대폰"
    | "계좌이체"
    | "문화상품권"
    | "도서문화상품권"
    | "게임문화상품권";

  /** Card payment details. */
  export interface ICard {
    amount: number & tags.Type<"uint64">;
    /** Issuer code (two digits, Toss's institution code table). */
    issuerCode: string;
    acquirerCode: string | null;
    /** Masked card number. */
    number: string;
    /** 0 for a lump-sum payment. */
    installmentPlanMonths: number & tags.Type<"uint32">;
    approveNo: string;
    useCardPoint: boolean;
    cardType: "신용" | "체크" | "기프트" | "미확인";
    ownerType: "개인" | "법인" | "미확인";
    acquireStatus: "READY" | "REQUESTED" | "COMPLETED" | "CANCEL_REQUESTED" | "CANCELED";
    isInterestFree: boolean;
    interestPayer: "BUYER" | "CARD_COMPANY" | "MERCHANT" | null;
  }

  /** Virtual account (가상계좌) details. */
  export interface IVirtualAccount {
    accountType: "일반" | "고정";
    accountNumber: string;
    /** Bank code (Toss's institution code table, e.g. `88` 신한). */
    bankCode: string;
    customerName: string;
    /** Deposit deadline. */
    dueDate: string & tags.Format<"date-time">;
    refundStatus: "NONE" | "PENDING" | "FAILED" | "PARTIAL_FAILED" | "COMPLETED";
    expired: boolean;
    settlementStatus: "INCOMPLETED" | "COMPLETED";
    /** Account refunds went to, once a deposited payment was cancelled. */
    refundReceiveAccount: IRefundReceiveAccount | null;
    depositorName?: string | null;
  }
  export interface IRefundReceiveAccount {
    bankCode: string;
    accountNumber: string;
    holderName: string;
  }

  /** Bank transfer (계좌이체) details. */
  export interface ITransfer {
    bankCode: string;
    settlementStatus: "INCOMPLETED" | "COMPLETED";
  }
  /** Mobile phone (휴대폰) details. */
  export interface IMobilePhone {
    customerMobilePhone: string;
    settlementStatus: "INCOMPLETED" | "COMPLETED";
    receiptUrl: string;
  }
  /** Gift certificate (상품권) details. */
  export interface IGiftCertificate {
    approveNo: string;
    settlementStatus: "INCOMPLETED" | "COMPLETED";
  }
  /** The payment's current cash receipt. */
  export interface ICashReceipt {
    type: "소득공제" | "지출증빙";
    receiptKey: string;
    issueNumber: string;
    receiptUrl: string;
    amount: number & tags.Type<"uint64">;
    taxFreeAmount: number & tags.Type<"uint64">;
  }
  export interface IDiscount {
    amount: number & tags.Type<"uint64">;
  }
  export interface IEasyPay {
    /** e.g. 토스페이, 네이버페이. */
    provider: string;
    amount: number & tags.Type<"uint64">;
    discountAmount: number & tags.Type<"uint64">;
  }

  /** One cancel (full or partial) of a payment. */
  export interface ICancel {
    /** Unique key of this cancel transaction. */
    transactionKey: string;
    cancelReason: string;
    cancelAmount: number & tags.Type<"uint64">;
    taxFreeAmount: number & tags.Type<"uint64">;
    taxExemptionAmount: number & tags.Type<"uint64">;
    /** What can still be cancelled after this one. */
    refundableAmount: number & tags.Type<"uint64">;
    easyPayDiscountAmount: number & tags.Type<"uint64">;
    canceledAt: string & tags.Format<"date-time">;
    receiptKey: string | null;
    cancelStatus: "DONE" | "IN_PROGRESS" | "ABORTED";
    cancelRequestId: string | null;
  }
}
