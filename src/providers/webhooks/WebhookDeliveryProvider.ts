import { AesPkcs5 } from "@nestia/fetcher/lib/AesPkcs5";
import { Inject, Injectable } from "@nestjs/common";
import { and, asc, eq, inArray, ne } from "drizzle-orm";
import http from "node:http";
import https from "node:https";
import crypto from "node:crypto";
import { Webhook } from "standardwebhooks";

import type { IPaymentCashReceipt } from "../../api/structures/IPaymentCashReceipt";
import type { IPaymentEscrow } from "../../api/structures/IPaymentEscrow";
import type { IPaymentSettlement } from "../../api/structures/IPaymentSettlement";
import type { IPaymentOrphan } from "../../api/structures/IPaymentOrphan";
import type { IPaymentSchedule } from "../../api/structures/IPaymentSchedule";
import type { IPaymentReservation } from "../../api/structures/IPaymentReservation";
import type { IPaymentWebhook } from "../../api/structures/IPaymentWebhook";
import { webhook_deliveries, webhook_events } from "../../db/schema";
import { PaymentError } from "../../utils/PaymentError";
import { PaymentContext } from "../PaymentContext";
import { WebhookOutbox } from "./WebhookOutbox";
import { PaymentHistoryReader } from "../histories/PaymentHistoryReader";
import { WebhookMetrics } from "./WebhookMetrics";
import { GroupWriter } from "../../utils/GroupWriter";
import { WebhookUrlPolicy } from "./WebhookUrlPolicy";

interface IRecordedAttempt {
  attempt: { id: string; event_id: string; attempt: number; attempted_at: Date; status_code: number | null; duration_ms: number; error: string | null };
  /** The event's new status, or null: still pending (a retry at `next_attempt_at`). */
  status: "delivered" | "dead" | null;
  next_attempt_at: Date | null;
}

export interface IClaimedEvent {
  id: string;
  seq: number;
  /** The history (payment events) or the payout (settlement events) the event is of. */
  history_id: string | null;
  payout_id: string | null;
  orphan_id: string | null;
  reservation_id: string | null;
  client_id: string;
  type: string;
  payload_enc: string;
  webhook_url: string;
  attempts: number;
  created_at: Date;
}

/**
 * Outgoing webhooks: claim due events (any number of instances share the queue), send one
 * (encrypted with the caller's transport key, signed by Standard Webhooks), record the
 * attempt and the event's next state. No transaction is held across the HTTP call: a claim
 * is a lease (`next_attempt_at` pushed past the delivery timeout), so an instance that dies
 * mid-delivery leaves the event due again once the lease runs out.
 */
@Injectable()
export class WebhookDeliveryProvider {
  private readonly agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

  public constructor(
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    @Inject(WebhookMetrics) private readonly metrics: WebhookMetrics,
    @Inject(PaymentHistoryReader) private readonly histories: PaymentHistoryReader,
  ) {}

  public close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  /**
   * Claim up to `limit` due events. Per history (or payout) only the lowest-`seq` pending
   * event is eligible, so a later change is never delivered before an earlier one is settled
   * (delivered, dead or gone).
   */
  public async claim(limit: number): Promise<IClaimedEvent[]> {
    const lease = Math.ceil((this.ctx.config.webhook.timeout_ms + this.ctx.config.webhook.connect_timeout_ms) / 1000) + 5;
    const rows = await this.ctx.database.query<IClaimedEvent>(
      `UPDATE webhook_events e SET attempts = e.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
        WHERE e.id IN (
          SELECT c.id FROM webhook_events c
           WHERE c.status = 'pending' AND c.next_attempt_at <= now()
             -- A scalar subquery, not NOT EXISTS: the planner keeps it a per-row index probe
             -- (an anti-join plan chosen on stale statistics took seconds on 8k pending rows).
             AND c.seq = CASE WHEN c.history_id IS NOT NULL
                   THEN (SELECT p.seq FROM webhook_events p
                          WHERE p.history_id = c.history_id AND p.status = 'pending' ORDER BY p.seq LIMIT 1)
                   WHEN c.payout_id IS NOT NULL
                   THEN (SELECT p.seq FROM webhook_events p
                          WHERE p.payout_id = c.payout_id AND p.status = 'pending' ORDER BY p.seq LIMIT 1)
                   WHEN c.orphan_id IS NOT NULL
                   THEN (SELECT p.seq FROM webhook_events p
                          WHERE p.orphan_id = c.orphan_id AND p.status = 'pending' ORDER BY p.seq LIMIT 1)
                   WHEN c.reservation_id IS NOT NULL
                   THEN (SELECT p.seq FROM webhook_events p
                          WHERE p.reservation_id = c.reservation_id AND p.status = 'pending' ORDER BY p.seq LIMIT 1)
                   ELSE (SELECT p.seq FROM webhook_events p
                          WHERE p.seller_id = c.seller_id AND p.status = 'pending' ORDER BY p.seq LIMIT 1) END
           ORDER BY c.next_attempt_at, c.seq
           LIMIT $1
           FOR UPDATE SKIP LOCKED)
        RETURNING e.id, e.seq, e.history_id, e.payout_id, e.orphan_id, e.reservation_id, e.client_id, e.type, e.payload_enc, e.webhook_url, e.attempts, e.created_at`,
      [limit, lease],
    );
    return rows.map((r) => ({ ...r, seq: Number(r.seq), attempts: Number(r.attempts), created_at: new Date(r.created_at) }));
  }

  /** Send one claimed event and record the attempt. Never throws. */
  public async deliver(event: IClaimedEvent): Promise<void> {
    const started = Date.now();
    let result: { status: number | null; error: string | null };
    try {
      const request = this.request(event);
      result = await this.post(event.webhook_url, request.headers, request.body);
    } catch (exp) {
      result = { status: null, error: exp instanceof Error ? exp.message : String(exp) };
    }
    const duration = Date.now() - started;
    this.metrics.duration.observe(duration / 1000);
    await this.record(event, result, duration);
  }

  /** The exact body and headers sent: body encrypted with the client's key, signature over that body. */
  public request(event: IClaimedEvent): { body: string; headers: Record<string, string> } {
    const key = this.ctx.keyring.key(event.client_id);
    if (key === undefined) throw new Error(`client "${event.client_id}" has no transport key any more`);
    const message: IPaymentWebhook | IPaymentCashReceipt.IWebhook | IPaymentEscrow.IWebhook | IPaymentSettlement.IPayoutWebhook | IPaymentOrphan.IWebhook | IPaymentReservation.IWebhook | IPaymentSchedule.IWebhook =
      event.history_id === null
        ? (() => {
            const payload = this.ctx.ciphers.payment.decryptJson<WebhookOutbox.IPayoutPayload | WebhookOutbox.IOrphanPayload | WebhookOutbox.IReservationPayload | WebhookOutbox.ISchedulePayload>(event.payload_enc);
            // A schedule's event also names the charge it is about.
            const charge = "charge" in payload ? { charge: payload.charge } : {};
            return { id: event.id, type: event.type, created_at: event.created_at.toISOString(), previous: payload.previous, current: payload.current, ...charge } as
              | IPaymentSettlement.IPayoutWebhook
              | IPaymentOrphan.IWebhook
              | IPaymentReservation.IWebhook
              | IPaymentSchedule.IWebhook;
          })()
        : (() => {
            // A payment's change, or its cash receipt's (which names its source itself).
            const payload = this.ctx.ciphers.payment.decryptJson<WebhookOutbox.IPayload | WebhookOutbox.IRelatedPayload>(event.payload_enc);
            return {
              id: event.id,
              type: event.type,
              created_at: event.created_at.toISOString(),
              source: "source" in payload ? payload.source : payload.current.source,
              previous: payload.previous,
              current: payload.current,
            } as IPaymentWebhook | IPaymentCashReceipt.IWebhook | IPaymentEscrow.IWebhook;
          })();
    const config = this.ctx.config.clients.find((c) => c.id === event.client_id);
    const plain = config?.webhook_body === "plain";
    const body = plain ? JSON.stringify(message) : AesPkcs5.encrypt(JSON.stringify(message), key.key, key.iv);
    const secrets = config?.webhook_secrets ?? [];
    if (secrets.length === 0) throw new Error(`client "${event.client_id}" has no webhook secret`);
    const now = new Date();
    // During a rotation every secret signs: receivers holding either one accept.
    const signature = secrets.map((s) => new Webhook(s).sign(event.id, now, body)).join(" ");
    return {
      body,
      headers: {
        "content-type": plain ? "application/json" : "text/plain",
        "webhook-id": event.id,
        "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
        "webhook-signature": signature,
        "user-agent": "payments-server-webhooks/1",
      },
    };
  }

  private post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number | null; error: string | null }> {
    const form = WebhookUrlPolicy.refuseForm(url);
    if ("reason" in form) return Promise.resolve({ status: null, error: `refused URL: ${form.reason}` });
    const target = form.url;
    const policy = this.ctx.config.webhook;
    return new Promise((resolve) => {
      let settled = false;
      const done = (r: { status: number | null; error: string | null }) => {
        if (settled) return;
        settled = true;
        clearTimeout(total);
        resolve(r);
      };
      const lib = target.protocol === "https:" ? https : http;
      const request = lib.request(target, {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        agent: target.protocol === "https:" ? this.agents.https : this.agents.http,
        // The address connected to is the one checked: no DNS rebinding between check and use.
        lookup: ((hostname: string, options: { all?: boolean }, cb: (...args: unknown[]) => void) => {
          WebhookUrlPolicy.resolve(policy, hostname).then(
            (addresses) => (options.all ? cb(null, addresses) : cb(null, addresses[0]!.address, addresses[0]!.family)),
            (exp: Error) => cb(new Error(`refused URL: ${exp.message}`)),
          );
        }) as never,
      });
      const total = setTimeout(() => request.destroy(new Error(`timeout after ${policy.timeout_ms} ms`)), policy.timeout_ms);
      request.on("socket", (socket) => {
        if (!socket.connecting) return;
        const connect = setTimeout(() => request.destroy(new Error(`connect timeout after ${policy.connect_timeout_ms} ms`)), policy.connect_timeout_ms);
        socket.once("connect", () => clearTimeout(connect));
        socket.once("close", () => clearTimeout(connect));
      });
      request.on("error", (exp) => done({ status: null, error: exp.message.slice(0, 500) }));
      // Redirects are answers, never followed (node:http does not follow them).
      request.on("response", (response) => {
        response.on("error", () => done({ status: response.statusCode ?? null, error: null }));
        response.on("end", () => done({ status: response.statusCode ?? null, error: null }));
        response.resume();
      });
      // An IP literal is not looked up: check it here.
      const bare = target.hostname.replace(/^\[|\]$/g, "");
      if (/^[\d.]+$|:/.test(bare)) {
        const reason = WebhookUrlPolicy.refuseAddress(policy, bare);
        if (reason !== null) {
          request.destroy();
          return done({ status: null, error: `refused URL: ${reason}` });
        }
      }
      request.end(body);
    });
  }

  private async record(event: IClaimedEvent, result: { status: number | null; error: string | null }, duration: number): Promise<void> {
    const delays = this.ctx.config.webhook.retry_delays_ms;
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    const gone = result.status === 410;
    const dead = !ok && !gone && event.attempts > delays.length;
    const outcome = ok ? "delivered" : gone ? "gone" : dead ? "dead" : "retry";
    this.metrics.deliveries.inc({ outcome });
    if (outcome !== "retry")
      this.ctx.logger[outcome === "delivered" ? "info" : "warn"]({ event: `webhook.${outcome}`, event_id: event.id, history_id: event.history_id, attempts: event.attempts, status_code: result.status }, `webhook ${outcome}`);
    const delay = dead || ok || gone ? 0 : delays[event.attempts - 1]! * (1 + Math.random() * this.ctx.config.webhook.jitter);
    const attempt = {
      id: crypto.randomUUID(),
      event_id: event.id,
      attempt: event.attempts,
      attempted_at: new Date(Date.now() - duration),
      status_code: result.status,
      duration_ms: duration,
      error: result.error ?? (ok ? null : `HTTP ${result.status}`),
    };
    if (gone) {
      await this.ctx.db.transaction(async (tx) => {
        await tx.insert(webhook_deliveries).values(attempt);
        // 410 stops the URL: this event and every other pending one for it.
        await tx
          .update(webhook_events)
          .set({ status: "gone" })
          .where(and(eq(webhook_events.id, event.id), eq(webhook_events.status, "pending"), eq(webhook_events.attempts, event.attempts)));
        await tx
          .update(webhook_events)
          .set({ status: "gone" })
          .where(and(eq(webhook_events.webhook_url, event.webhook_url), eq(webhook_events.status, "pending")));
      });
      return;
    }
    await this.outcomes.write({
      attempt,
      status: ok ? "delivered" : dead ? "dead" : null,
      next_attempt_at: ok || dead ? null : new Date(Date.now() + Math.round(delay)),
    });
  }

  /**
   * Attempts and their events' new states, written together: one statement for whatever
   * finished while the previous write ran (one per delivery when idle, a batch under load),
   * so a backlog does not cost a round trip per event. A delivery's `deliver()` resolves
   * once its own row is written; a crash before that leaves the event leased, then due again
   * (at least once). `attempts` guards against a replay made while the attempt was in flight.
   */
  private readonly outcomes = new GroupWriter<IRecordedAttempt>(async (batch) => {
    await this.ctx.database.query(
      `WITH r AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::timestamptz[], $5::int[], $6::int[], $7::text[], $8::text[], $9::timestamptz[])
           AS r(id, event_id, attempt, attempted_at, status_code, duration_ms, error, status, next_attempt_at)),
       d AS (
         INSERT INTO webhook_deliveries (id, event_id, attempt, attempted_at, status_code, duration_ms, error)
         SELECT id, event_id, attempt, attempted_at, status_code, duration_ms, error FROM r)
       UPDATE webhook_events e
          SET status = coalesce(r.status, e.status),
              delivered_at = CASE WHEN r.status = 'delivered' THEN now() ELSE e.delivered_at END,
              next_attempt_at = coalesce(r.next_attempt_at, e.next_attempt_at)
         FROM r
        WHERE e.id = r.event_id AND e.status = 'pending' AND e.attempts = r.attempt`,
      [
        batch.map((b) => b.attempt.id),
        batch.map((b) => b.attempt.event_id),
        batch.map((b) => b.attempt.attempt),
        batch.map((b) => b.attempt.attempted_at.toISOString()),
        batch.map((b) => b.attempt.status_code),
        batch.map((b) => b.attempt.duration_ms),
        batch.map((b) => b.attempt.error),
        batch.map((b) => b.status),
        batch.map((b) => (b.next_attempt_at === null ? null : b.next_attempt_at.toISOString())),
      ],
      "payments_webhook_record",
    );
  });

  /* ------------------------------------------------------------------ operations */

  /** Events of a history with every attempt, after the history's password. */
  public async list(client: string, id: string, password: string): Promise<IPaymentWebhook.IEvent[]> {
    await this.authorize(client, id, password);
    return this.events(id);
  }

  /** Reset one event (or every sent one) to pending with a fresh schedule; same `webhook-id`. */
  public async replay(client: string, id: string, input: IPaymentWebhook.IReplay): Promise<IPaymentWebhook.IEvent[]> {
    await this.authorize(client, id, input.password);
    const where = and(
      eq(webhook_events.history_id, id),
      ne(webhook_events.status, "skipped"),
      input.event_id !== undefined ? eq(webhook_events.id, input.event_id) : undefined,
    );
    const rows = await this.ctx.db
      .update(webhook_events)
      .set(WebhookOutbox.RESEND)
      .where(where)
      .returning({ id: webhook_events.id });
    if (input.event_id !== undefined && rows.length === 0)
      throw new PaymentError(404, "WEBHOOK_EVENT_NOT_FOUND", "This history has no such event to replay (or it has no webhook_url).");
    const ids = new Set(rows.map((r) => r.id));
    return (await this.events(id)).filter((e) => ids.has(e.id));
  }

  /** The same password check, limit and timing as a read of the history by id. */
  private async authorize(client: string, id: string, password: string): Promise<void> {
    await this.histories.unlockById(client, id, password);
  }

  private async events(historyId: string): Promise<IPaymentWebhook.IEvent[]> {
    const events = await this.ctx.db.select().from(webhook_events).where(eq(webhook_events.history_id, historyId)).orderBy(asc(webhook_events.seq));
    const deliveries = events.length
      ? await this.ctx.db
          .select()
          .from(webhook_deliveries)
          .where(inArray(webhook_deliveries.event_id, events.map((e) => e.id)))
          .orderBy(asc(webhook_deliveries.attempted_at), asc(webhook_deliveries.attempt))
      : [];
    return events.map((e) => ({
      id: e.id,
      type: e.type,
      status: e.status as IPaymentWebhook.IEvent["status"],
      webhook_url: e.webhook_url,
      attempts: e.attempts,
      next_attempt_at: e.status === "pending" ? e.next_attempt_at.toISOString() : null,
      created_at: e.created_at.toISOString(),
      delivered_at: e.delivered_at?.toISOString() ?? null,
      deliveries: deliveries
        .filter((d) => d.event_id === e.id)
        .map((d) => ({
          attempt: d.attempt,
          attempted_at: d.attempted_at.toISOString(),
          status_code: d.status_code,
          duration_ms: d.duration_ms,
          error: d.error,
        })),
    }));
  }
}
