import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from "@nestjs/common";

import { PaymentContext } from "../PaymentContext";
import { WebhookDeliveryProvider } from "./WebhookDeliveryProvider";
import { WebhookMetrics } from "./WebhookMetrics";
import { PgWebhookInboxProvider } from "../inbox/PgWebhookInboxProvider";

/** The NOTIFY channel of committed outbox events. */
export const OUTBOX_CHANNEL = "payments_outbox";

/**
 * The background loops of one instance, started only when `config.workers`: outgoing
 * deliveries (woken by the database's NOTIFY when an event is committed, and polling every
 * `webhook.poll_interval_ms` for retries that fall due and in case a notification was missed;
 * at most `webhook.concurrency` in flight) and the sweep of inbound webhooks left deferred,
 * failed or unprocessed.
 * Shutdown stops claiming and waits (bounded) for deliveries in flight.
 */
@Injectable()
export class WebhookWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly inflight = new Set<Promise<void>>();
  private stopped = true;
  private deliveryTimer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  /** A NOTIFY arrived since the last claim began: claim again before sleeping. */
  private notified = false;
  private listener: { close(): Promise<void> } | null = null;

  public constructor(
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    @Inject(WebhookDeliveryProvider) private readonly deliveries: WebhookDeliveryProvider,
    @Inject(PgWebhookInboxProvider) private readonly inbox: PgWebhookInboxProvider,
    @Inject(WebhookMetrics) private readonly metrics: WebhookMetrics,
  ) {}

  public async onApplicationBootstrap(): Promise<void> {
    if (!this.ctx.config.workers) return;
    this.stopped = false;
    // webhook_events' insert trigger notifies OUTBOX_CHANNEL at commit (migration 0007).
    this.listener = await this.ctx.database.listen(
      OUTBOX_CHANNEL,
      () => {
        this.notified = true;
        this.wake?.();
      },
      (error) => {
        if (!this.ctx.outage.noted(error)) this.ctx.logger.warn({ worker: "webhooks", err: error }, "outbox notifications lost; polling until the listener reconnects");
      },
    );
    this.scheduleDelivery(0);
    this.scheduleSweep();
  }

  public async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.deliveryTimer) clearTimeout(this.deliveryTimer);
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    this.wake?.();
    await this.listener?.close();
    const bound = this.ctx.config.webhook.timeout_ms + 1_000;
    if (this.inflight.size)
      await Promise.race([Promise.allSettled([...this.inflight]), new Promise((r) => setTimeout(r, bound).unref())]);
    await this.inbox.drain(bound);
    this.deliveries.close();
  }

  private scheduleDelivery(ms: number): void {
    if (this.stopped) return;
    this.deliveryTimer = setTimeout(() => void this.deliverOnce(), ms);
  }

  private async deliverOnce(): Promise<void> {
    let claimed = 0;
    const room = this.ctx.config.webhook.concurrency - this.inflight.size;
    if (room > 0 && !this.stopped) {
      this.notified = false; // this claim sees every event committed before it
      try {
        const events = await this.deliveries.claim(room);
        claimed = events.length;
        for (const event of events) {
          const p = this.deliveries.deliver(event).catch((exp) => {
            if (!this.ctx.outage.noted(exp)) this.ctx.logger.error({ worker: "webhooks", event: event.id, err: exp }, "delivery failed");
          });
          this.inflight.add(p);
          void p.finally(() => {
            this.inflight.delete(p);
            // Claim again once half the slots are free (a claim per freed slot would cost a
            // query per event) or when idle (a settled event may unblock the next of its history).
            if (this.inflight.size <= this.ctx.config.webhook.concurrency / 2) this.wake?.();
          });
        }
      } catch (exp) {
        if (!this.stopped && !this.ctx.outage.noted(exp)) this.ctx.logger.error({ worker: "webhooks", err: exp }, "claim failed");
      }
    }
    if (this.stopped) return;
    // Full batch: more may be due at once; a notification during the claim: look again.
    // Otherwise wait for a notification, a freed slot or the poll interval.
    if (claimed > 0 && claimed === room) return this.scheduleDelivery(0);
    if (this.notified && room > 0) {
      this.metrics.wakeups.inc({ cause: "notify" });
      return this.scheduleDelivery(0);
    }
    const interval = this.ctx.config.webhook.poll_interval_ms;
    const cause = await new Promise<"notify" | "poll" | "slot">((resolve) => {
      const timer = setTimeout(() => done("poll"), interval);
      const done = (why: "notify" | "poll" | "slot") => {
        clearTimeout(timer);
        resolve(why);
      };
      this.wake = () => done(this.notified ? "notify" : "slot");
    });
    this.wake = null;
    if (cause !== "slot") this.metrics.wakeups.inc({ cause });
    this.scheduleDelivery(0);
  }

  private scheduleSweep(): void {
    if (this.stopped) return;
    const interval = Math.max(200, this.ctx.config.webhook.poll_interval_ms * 10);
    this.sweepTimer = setTimeout(async () => {
      try {
        // Bounded per tick: a row that keeps coming back must not starve the loop.
        for (let i = 0; i < 5 && !this.stopped && (await this.inbox.sweep()) > 0; ++i);
      } catch (exp) {
        if (!this.stopped && !this.ctx.outage.noted(exp)) this.ctx.logger.error({ worker: "webhooks", err: exp }, "inbound sweep failed");
      }
      this.scheduleSweep();
    }, interval);
  }
}
