import { Webhook, WebhookVerificationError } from "standardwebhooks";

/**
 * PortOne V2 webhooks (version 2024-04-25): Standard Webhooks messages signed with the
 * store's webhook secret. The signature is checked on the raw body before anything else;
 * the body then only names a payment, which is re-read from PortOne.
 *
 * https://developers.portone.io/opi/ko/integration/webhook/readme-v2
 */
export namespace PortOneWebhook {
  export type Parsed =
    | { kind: "payment"; paymentId: string; storeId: string; type: string }
    | { kind: "billing_key"; billingKey: string; storeId: string; type: string }
    | { kind: "unknown"; storeId: string | null; type: string | null; reason: string };

  export const parse = (body: unknown): Parsed => {
    if (typeof body !== "object" || body === null) return { kind: "unknown", storeId: null, type: null, reason: "not a JSON object" };
    const b = body as { type?: unknown; data?: Record<string, unknown> };
    const type = typeof b.type === "string" ? b.type.slice(0, 100) : null;
    const storeId = typeof b.data?.storeId === "string" ? b.data.storeId : null;
    const paymentId = b.data?.paymentId;
    // Transaction.* name a payment (PayPending, CancelPending and the Dispute* events too: the
    // payment is re-read); BillingKey.* a billing key.
    if (type !== null && type.startsWith("Transaction.") && typeof paymentId === "string" && paymentId.length > 0 && paymentId.length <= 200 && storeId !== null)
      return { kind: "payment", paymentId, storeId, type };
    const billingKey = b.data?.billingKey;
    if (type !== null && type.startsWith("BillingKey.") && typeof billingKey === "string" && billingKey.length > 0 && billingKey.length <= 200 && storeId !== null)
      return { kind: "billing_key", billingKey, storeId, type };
    return { kind: "unknown", storeId, type, reason: type === null ? "no type" : `nothing to apply for ${type}` };
  };

  /**
   * Null when the message carries a valid signature of one of `secrets` made within the
   * tolerance of Standard Webhooks (5 minutes), else why not. A secret rotated at PortOne
   * signs with both for a while: any configured one that verifies is enough.
   */
  export const verify = (raw: string, headers: Record<string, unknown>, secrets: string[]): string | null => {
    const plain: Record<string, string> = {};
    for (const name of ["webhook-id", "webhook-timestamp", "webhook-signature"]) {
      const value = headers[name];
      if (typeof value === "string") plain[name] = value;
    }
    let reason = "no webhook secret configured for this store";
    for (const secret of secrets) {
      try {
        new Webhook(secret).verify(raw, plain);
        return null;
      } catch (exp) {
        reason = exp instanceof WebhookVerificationError ? exp.message : "the webhook secret is not valid base64";
      }
    }
    return reason;
  };
}
