import crypto from "node:crypto";
import { Webhook } from "standardwebhooks";

/**
 * Sends webhooks as PortOne V2 (version 2024-04-25) does: a POST of
 * `{type, timestamp, data}` with the Standard Webhooks headers, signed with the store's
 * webhook secret; only a 2xx answer counts as delivered, otherwise retried after each of
 * `delaysMs`, then given up. Never awaited by API handlers.
 *
 * FAKE DIFFERS: PortOne's documentation does not give its retry schedule nor the form of its
 * `webhook-id`; the default schedule here (1, 2, 4, 8, 16 minutes) and the `msg_` ids are
 * guesses. Retry timers use the real clock.
 */
export class FakePortOneWebhooks {
  private readonly log: FakePortOneWebhooks.IDelivery[] = [];
  private readonly timers: Set<NodeJS.Timeout> = new Set();
  private sequence = 0;
  private closed = false;

  public constructor(
    private readonly props: { delaysMs: () => number[]; timeoutMs: number; maxLog: number; now: () => Date },
  ) {}

  public send(url: string | null, store: { storeId: string; webhookSecret: string }, type: string, data: Record<string, string>): void {
    if (url === null || this.closed) return;
    const body = { type, timestamp: this.props.now().toISOString(), data: { ...data, storeId: store.storeId } };
    const delivery: FakePortOneWebhooks.IDelivery = {
      id: ++this.sequence,
      webhookId: `msg_${crypto.randomUUID().replace(/-/g, "")}`,
      storeId: store.storeId,
      url,
      type,
      payload: JSON.stringify(body),
      secret: store.webhookSecret,
      attempts: [],
      delivered: false,
      gave_up: false,
    };
    this.log.push(delivery);
    if (this.log.length > this.props.maxLog) this.log.splice(0, this.log.length - this.props.maxLog);
    this.schedule(delivery, 0);
  }

  /** Newest last. */
  public deliveries(storeId?: string): FakePortOneWebhooks.IDelivery[] {
    return this.log.filter((d) => storeId === undefined || d.storeId === storeId);
  }

  /** The headers of a delivery signed now, as the sender makes them (tests forge from these). */
  public static sign(secret: string, webhookId: string, payload: string, at: Date): Record<string, string> {
    return {
      "content-type": "application/json",
      "webhook-id": webhookId,
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": new Webhook(secret).sign(webhookId, at, payload),
    };
  }

  public close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private schedule(delivery: FakePortOneWebhooks.IDelivery, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(delivery);
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private async attempt(delivery: FakePortOneWebhooks.IDelivery): Promise<void> {
    if (this.closed) return;
    const record: FakePortOneWebhooks.IAttempt = { at: this.props.now().toISOString(), status: null, error: null };
    delivery.attempts.push(record);
    try {
      // Signed at each attempt, as Standard Webhooks asks (the timestamp is the attempt's).
      const response = await fetch(delivery.url, {
        method: "POST",
        headers: FakePortOneWebhooks.sign(delivery.secret, delivery.webhookId, delivery.payload, new Date()),
        body: delivery.payload,
        signal: AbortSignal.timeout(this.props.timeoutMs),
      });
      record.status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (exp) {
      record.error = exp instanceof Error ? exp.message : String(exp);
    }
    if (record.status !== null && record.status >= 200 && record.status < 300) {
      delivery.delivered = true;
      return;
    }
    const delays = this.props.delaysMs();
    const retry = delivery.attempts.length - 1;
    if (retry >= delays.length) delivery.gave_up = true;
    else this.schedule(delivery, delays[retry]!);
  }
}
export namespace FakePortOneWebhooks {
  export interface IDelivery {
    id: number;
    webhookId: string;
    storeId: string;
    url: string;
    type: string;
    /** The exact JSON sent (the signed bytes). */
    payload: string;
    secret: string;
    attempts: IAttempt[];
    delivered: boolean;
    gave_up: boolean;
  }
  export interface IAttempt {
    at: string;
    status: number | null;
    error: string | null;
  }
}
