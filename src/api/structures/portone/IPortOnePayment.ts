import { tags } from "typia";

/**
 * A PortOne V2 payment (`GET /payments/{paymentId}`), the fields payments-server reads and
 * keeps. PortOne adds fields without notice and asks integrations to ignore unknown ones:
 * they are kept as they come. `id` is the merchant's own `paymentId` (our `source.id`).
 *
 * https://developers.portone.io/api/rest-v2/payment (type `Payment`)
 */
export interface IPortOnePayment {
  status: IPortOnePayment.Status;
  /** The merchant's `paymentId`: payments-server gives `source.id`. */
  id: string;
  /** PortOne's id of the latest attempt. */
  transactionId: string;
  merchantId?: string;
  /** PortOne's store id (`store-…`). */
  storeId: string;
  method?: IPortOnePayment.IMethod;
  channel?: { type?: string; id?: string; key?: string; name?: string; pgProvider?: string; pgMerchantId?: string };
  version?: "V1" | "V2";
  billingKey?: string;
  requestedAt: string;
  updatedAt: string;
  statusChangedAt: string;
  orderName: string;
  amount: IPortOnePayment.IAmount;
  currency: string;
  customer?: { id?: string; name?: string; email?: string; phoneNumber?: string };
  customData?: string;
  paidAt?: string;
  pgTxId?: string;
  receiptUrl?: string;
  /** An escrow payment's delivery and purchase confirmation (`PaymentEscrow`, by `status`). */
  escrow?: IPortOnePayment.IEscrow;
  cancelledAt?: string;
  failedAt?: string;
  failure?: { reason?: string; pgCode?: string; pgMessage?: string };
  cancellations?: IPortOnePayment.ICancellation[];
  /** Chargebacks raised against a paid payment. */
  disputes?: IPortOnePayment.IDispute[];
}
export namespace IPortOnePayment {
  export type Status = "READY" | "PAY_PENDING" | "VIRTUAL_ACCOUNT_ISSUED" | "PAID" | "FAILED" | "PARTIAL_CANCELLED" | "CANCELLED";

  /** A dispute (`Dispute`): `UNRESOLVED` until PortOne reports it `RESOLVED`. */
  export interface IDispute {
    status: "UNRESOLVED" | "RESOLVED";
    pgDisputeId?: string;
    reason: string;
    createdAt: string;
    resolvedAt?: string;
  }

  export interface IAmount {
    total: number & tags.Type<"int64">;
    taxFree: number & tags.Type<"int64">;
    vat?: number & tags.Type<"int64">;
    supply?: number & tags.Type<"int64">;
    discount: number & tags.Type<"int64">;
    paid: number & tags.Type<"int64">;
    cancelled: number & tags.Type<"int64">;
    cancelledTaxFree: number & tags.Type<"int64">;
  }

  export interface IEscrow {
    status: "BEFORE_REGISTERED" | "REGISTERED" | "DELIVERED" | "CONFIRMED" | "REJECTED" | "CANCELLED" | "REJECT_CONFIRMED";
    company?: string;
    invoiceNumber?: string;
    sentAt?: string & tags.Format<"date-time">;
    appliedAt?: string & tags.Format<"date-time">;
    isAutomaticallyConfirmed?: boolean;
  }
  /** Card (`approvalNumber`, a masked number) or virtual account; others kept as they come. */
  export type IMethod = ICard | IVirtualAccount | IEasyPay | IOtherMethod;
  /**
   * Any other method PortOne names (its `PaymentMethod` members), kept as it comes. Its `type`
   * lists them, so that no member of the union overlaps another's (a schema validator then
   * knows which one a payment's method is).
   */
  export interface IOtherMethod {
    type: "PaymentMethodConvenienceStore" | "PaymentMethodCrypto" | "PaymentMethodGiftCertificate" | "PaymentMethodMobile" | "PaymentMethodTransfer";
  }
  /** Easy pay (간편결제): the service (`TOSSPAY`, `KAKAOPAY`, …) and what paid inside it. */
  export interface IEasyPay {
    type: "PaymentMethodEasyPay";
    /** PortOne's `EasyPayProvider`. */
    provider?: string;
    easyPayMethod?: ICard | { type: "PaymentMethodEasyPayMethodCharge" } | { type: "PaymentMethodTransfer"; bank?: string };
  }
  export interface ICard {
    type: "PaymentMethodCard";
    card?: { publisher?: string; issuer?: string; brand?: string; type?: string; bin?: string; name?: string; number?: string };
    approvalNumber?: string;
    installment?: { month: number; isInterestFree: boolean };
  }
  export interface IVirtualAccount {
    type: "PaymentMethodVirtualAccount";
    /** PortOne's bank enum, e.g. `SHINHAN`. */
    bank?: string;
    accountNumber: string;
    accountType?: "FIXED" | "NORMAL";
    remitteeName?: string;
    remitterName?: string;
    expiredAt?: string;
    issuedAt?: string;
  }

  export interface ICancellation {
    status: "REQUESTED" | "FAILED" | "SUCCEEDED";
    id: string;
    pgCancellationId?: string;
    totalAmount: number & tags.Type<"int64">;
    taxFreeAmount: number & tags.Type<"int64">;
    vatAmount: number & tags.Type<"int64">;
    reason: string;
    cancelledAt?: string;
    requestedAt: string;
  }
}
