/**
 * A PortOne V2 webhook, version 2024-04-25: a Standard Webhooks message
 * (`webhook-id`, `webhook-timestamp`, `webhook-signature` headers; HMAC-SHA256 with the
 * store's webhook secret) that only names the payment or billing key.
 *
 * https://developers.portone.io/opi/ko/integration/webhook/readme-v2
 */
export interface IPortOneWebhook {
  /** e.g. `Transaction.Paid`, `Transaction.VirtualAccountIssued`, `Transaction.Cancelled`, `BillingKey.Issued`. */
  type: string;
  timestamp: string;
  data: {
    paymentId?: string;
    transactionId?: string;
    cancellationId?: string;
    billingKey?: string;
    storeId: string;
  };
}
