import { IIamportPayment } from "./IIamportPayment";

/**
 * What Iamport POSTs (JSON) to the `notice_url` when a payment changes: paid, virtual
 * account issued (`ready`), deposited (`paid`), cancelled. It carries no proof: the
 * receiver must re-fetch the payment with `GET /payments/{imp_uid}`.
 */
export interface IIamportWebhook {
  imp_uid: string;
  merchant_uid: string;
  status: IIamportPayment.Status;
  /** Set on cancel notifications: the `cancellation_id` of the new cancel history entry. */
  cancellation_id?: string;
}
