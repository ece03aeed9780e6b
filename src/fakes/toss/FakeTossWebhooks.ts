import { ITossWebhook } from "../../api/structures/toss/ITossWebhook";
import { WebhookSender } from "../common/WebhookSender";

/**
 * Sends webhooks as Toss does: POST JSON, only an HTTP 200 counts as delivered, otherwise
 * retried after each of `delaysMs` (real: 1, 4, 16, 64, 256, 1024, 4096 minutes), then
 * given up. Never awaited by API handlers.
 *
 * FAKE DIFFERS: when all retries fail the real service e-mails the merchant; the fake only
 * marks `gave_up`.
 */
export class FakeTossWebhooks {
  private readonly sender: WebhookSender<FakeTossWebhooks.IDelivery>;

  public constructor(props: { delaysMs: () => number[]; timeoutMs: number; maxLog: number; now: () => Date }) {
    this.sender = new WebhookSender({ ...props, delivered: (status) => status === 200 });
  }

  public send(url: string | null, mId: string, body: ITossWebhook): void {
    if (url === null) return;
    const copy: ITossWebhook = JSON.parse(JSON.stringify(body));
    this.sender.send({ mId, eventType: "eventType" in body ? body.eventType : "DEPOSIT_CALLBACK", body: copy }, url, () => ({
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(copy),
    }));
  }

  /** Newest last. */
  public deliveries(mId?: string): FakeTossWebhooks.IDelivery[] {
    return this.sender.deliveries((d) => mId === undefined || d.mId === mId);
  }

  public close(): void {
    this.sender.close();
  }
}
export namespace FakeTossWebhooks {
  export interface IDelivery extends WebhookSender.IDelivery {
    mId: string;
    eventType: "PAYMENT_STATUS_CHANGED" | "DEPOSIT_CALLBACK" | "BILLING_DELETED" | "CANCEL_STATUS_CHANGED";
    body: ITossWebhook;
  }
  export type IAttempt = WebhookSender.IAttempt;
}
