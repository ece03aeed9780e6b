import crypto from "node:crypto";
import { Webhook } from "standardwebhooks";

import { WebhookSender } from "../common/WebhookSender";

/**
 * Sends webhooks as PortOne V2 (version 2024-04-25) does: a POST of
 * `{type, timestamp, data}` with the Standard Webhooks headers, signed with the store's
 * webhook secret at each attempt; only a 2xx answer counts as delivered, otherwise retried
 * after each of `delaysMs`, then given up. Never awaited by API handlers.
 *
 * PortOne documents up to 5 resends after 1, 4, 16, 64 and 256 minutes, with jitter, and 30 s
 * to connect and to answer (the defaults of FakePortOne). FAKE DIFFERS: no jitter, and the form
 * of its `webhook-id` is not documented: the `msg_` ids are a guess.
 */
export class FakePortOneWebhooks {
  private readonly sender: WebhookSender<FakePortOneWebhooks.IDelivery>;

  public constructor(props: { delaysMs: () => number[]; timeoutMs: number; maxLog: number; now: () => Date }) {
    this.sender = new WebhookSender({ ...props, delivered: (status) => status >= 200 && status < 300 });
  }

  public send(url: string | null, store: { storeId: string; webhookSecret: string }, type: string, data: Record<string, string>): void {
    if (url === null) return;
    const payload = JSON.stringify({ type, timestamp: new Date().toISOString(), data: { ...data, storeId: store.storeId } });
    const webhookId = `msg_${crypto.randomUUID().replace(/-/g, "")}`;
    // Signed at each attempt with the real clock: receivers check the timestamp against theirs.
    this.sender.send({ webhookId, storeId: store.storeId, type, payload, secret: store.webhookSecret }, url, () => ({
      headers: FakePortOneWebhooks.sign(store.webhookSecret, webhookId, payload, new Date()),
      body: payload,
    }));
  }

  /**
   * Send a payment's latest webhook again (`POST /payments/{id}/resend-webhook`), as a new
   * delivery of the same message: its id and body are the first's.
   */
  public resend(paymentId: string, store: { storeId: string; webhookSecret: string }): FakePortOneWebhooks.IDelivery | null {
    const latest = this.deliveries(store.storeId)
      .filter((d) => (JSON.parse(d.payload) as { data?: { paymentId?: string } }).data?.paymentId === paymentId)
      .pop();
    if (latest === undefined) return null;
    this.sender.send({ ...latest, secret: store.webhookSecret }, latest.url, () => ({
      headers: FakePortOneWebhooks.sign(store.webhookSecret, latest.webhookId, latest.payload, new Date()),
      body: latest.payload,
    }));
    return latest;
  }

  /** Newest last. */
  public deliveries(storeId?: string): FakePortOneWebhooks.IDelivery[] {
    return this.sender.deliveries((d) => storeId === undefined || d.storeId === storeId);
  }

  /** The headers of a delivery signed at `at`, as the sender makes them (tests forge from these). */
  public static sign(secret: string, webhookId: string, payload: string, at: Date): Record<string, string> {
    return {
      "content-type": "application/json",
      "webhook-id": webhookId,
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": new Webhook(secret).sign(webhookId, at, payload),
    };
  }

  public close(): void {
    this.sender.close();
  }
}
export namespace FakePortOneWebhooks {
  export interface IDelivery extends WebhookSender.IDelivery {
    webhookId: string;
    storeId: string;
    type: string;
    /** The exact JSON sent (the signed bytes). */
    payload: string;
    secret: string;
  }
  export type IAttempt = WebhookSender.IAttempt;
}
