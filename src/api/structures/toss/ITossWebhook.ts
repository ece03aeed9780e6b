import { ITossPayment } from "./ITossPayment";

/**
 * Body Toss Payments POSTs to the merchant's webhook URL. Only an HTTP 200 answer counts
 * as delivered; otherwise Toss retries 7 times after 1, 4, 16, 64, 256, 1024 and 4096 minutes.
 *
 * Never trust it as sent: re-fetch the payment (and for deposits compare `secret`).
 */
export type ITossWebhook = ITossWebhook.IPaymentStatusChanged | ITossWebhook.IDepositCallback | ITossWebhook.IBillingDeleted | ITossWebhook.ICancelStatusChanged;
export namespace ITossWebhook {
  /** `PAYMENT_STATUS_CHANGED`: any payment changed status; `data` is the whole Payment. */
  export interface IPaymentStatusChanged {
    eventType: "PAYMENT_STATUS_CHANGED";
    /**
     * Local (KST) time WITHOUT offset, microseconds, e.g. `2022-05-12T00:00:00.000000`:
     * the real service sends it so, which is why this is not typed `date-time`.
     */
    createdAt: string;
    data: ITossPayment;
  }
  /**
   * `CANCEL_STATUS_CHANGED`: an asynchronous cancel (overseas easy pay) ended, `DONE` or
   * `ABORTED`; `data` is the Cancel object, which names no payment.
   */
  export interface ICancelStatusChanged {
    eventType: "CANCEL_STATUS_CHANGED";
    /** Same format as {@link IPaymentStatusChanged.createdAt}. */
    createdAt: string;
    data: ITossPayment.ICancel;
  }
  /** `BILLING_DELETED`: a billing key was deleted (by the delete API, or by Toss). */
  export interface IBillingDeleted {
    eventType: "BILLING_DELETED";
    /** Same format as {@link IPaymentStatusChanged.createdAt}. */
    createdAt: string;
    data: { billingKey: string; reason: string | null };
  }
  /**
   * `DEPOSIT_CALLBACK`: virtual-account issue, deposit or cancel. Has no `eventType`;
   * recognise it by `secret` (equal to the payment's `secret`).
   */
  export interface IDepositCallback {
    /** Same format as {@link IPaymentStatusChanged.createdAt}. */
    createdAt: string;
    secret: string;
    status: ITossPayment.Status;
    transactionKey: string;
    orderId: string;
  }
}
