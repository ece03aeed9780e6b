import { ITossWebhook } from "../../api/structures/toss/ITossWebhook";

/**
 * Sends webhooks as Toss does: POST JSON, only an HTTP 200 counts as delivered, otherwise
 * retried after each of `delaysMs` (real: 1, 4, 16, 64, 256, 1024, 4096 minutes), then
 * given up. Never awaited by API handlers.
 *
 * FAKE DIFFERS: retry timers use the real clock (not the injectable `now`), and when all
 * retries fail the real service e-mails the merchant; the fake only marks `gave_up`.
 */
export class FakeTossWebhooks {
  private readonly log: FakeTossWebhooks.IDelivery[] = [];
  private readonly timers: Set<NodeJS.Timeout> = new Set();
  private sequence = 0;
  private closed = false;

  public constructor(
    private readonly props: {
      delaysMs: () => number[];
      timeoutMs: number;
      maxLog: number;
      now: () => Date;
    },
  ) {}

  public send(url: string | null, mId: string, body: ITossWebhook): void {
    if (url === null || this.closed) return;
    const delivery: FakeTossWebhooks.IDelivery = {
      id: ++this.sequence,
      mId,
      url,
      eventType: "eventType" in body ? body.eventType : "DEPOSIT_CALLBACK",
      body: JSON.parse(JSON.stringify(body)),
      attempts: [],
      delivered: false,
      gave_up: false,
    };
    this.log.push(delivery);
    if (this.log.length > this.props.maxLog) this.log.splice(0, this.log.length - this.props.maxLog);
    this.schedule(delivery, 0);
  }

  /** Newest last. */
  public deliveries(mId?: string): FakeTossWebhooks.IDelivery[] {
    return this.log.filter((d) => mId === undefined || d.mId === mId);
  }

  public close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private schedule(delivery: FakeTossWebhooks.IDelivery, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(delivery);
    }, delayMs);
    timer.unref(); // a pending retry must not keep a test process alive
    this.timers.add(timer);
  }

  private async attempt(delivery: FakeTossWebhooks.IDelivery): Promise<void> {
    if (this.closed) return;
    const record: FakeTossWebhooks.IAttempt = { at: this.props.now().toISOString(), status: null, error: null };
    delivery.attempts.push(record);
    try {
      const response = await fetch(delivery.url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(delivery.body),
        signal: AbortSignal.timeout(this.props.timeoutMs),
      });
      record.status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (exp) {
      record.error = exp instanceof Error ? exp.message : String(exp);
    }
    if (record.status === 200) {
      delivery.delivered = true;
      return;
    }
    const delays = this.props.delaysMs();
    const retry = delivery.attempts.length - 1; // retries already made
    if (retry >= delays.length) delivery.gave_up = true;
    else this.schedule(delivery, delays[retry]!);
  }
}
export namespace FakeTossWebhooks {
  export interface IDelivery {
    id: number;
    mId: string;
    url: string;
    eventType: "PAYMENT_STATUS_CHANGED" | "DEPOSIT_CALLBACK";
    body: ITossWebhook;
    attempts: IAttempt[];
    /** answered 200 */
    delivered: boolean;
    /** every retry failed */
    gave_up: boolean;
  }
  export interface IAttempt {
    /** ISO-8601, fake clock */
    at: string;
    /** HTTP status, null when no answer */
    status: number | null;
    error: string | null;
  }
}
