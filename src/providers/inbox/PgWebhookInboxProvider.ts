import { Inject, Injectable } from "@nestjs/common";
import { and, eq, ne } from "drizzle-orm";
import crypto from "node:crypto";

import type { IPaymentVendor } from "../../api/structures/IPaymentVendor";
import { payment_histories, payment_webhooks } from "../../db/schema";
import type { IPgPaymentSnapshot } from "../../pg/IPgPaymentSnapshot";
import type { PgPaymentData } from "../../pg/PaymentGateways";
import { PgError } from "../../pg/PgError";
import { PaymentHistoryProvider } from "../histories/PaymentHistoryProvider";
import { PreparedOrderCompletion } from "../prepared/PreparedOrderCompletion";
import { ReservationRevocation } from "../reservations/ReservationRevocation";
import { PayoutExecutionProvider } from "../payouts/PayoutExecutionProvider";
import { PaymentSellerProvider } from "../payouts/PaymentSellerProvider";
import { InputGuardPipe } from "../../utils/InputGuardPipe";
import { LogSafe } from "../../utils/LogSafe";
import { PaymentError } from "../../utils/PaymentError";
import { PaymentContext } from "../PaymentContext";
import { WebhookOutbox } from "../webhooks/WebhookOutbox";

type Vendor = IPaymentVendor.Code;
/** The outcome of a webhook for a prepared order that its caller may still register itself. */
const AWAITING_REGISTRATION = "prepared order: awaiting its caller's registration";
type Status = "received" | "processing" | "applied" | "unchanged" | "deferred" | "ignored" | "rejected" | "failed";
export interface IInboxOutcome {
  status: Status;
  outcome: string;
  vendor_uid?: string | null;
}

/**
 * Inbound PG webhooks: stored raw (encrypted) first, answered 200, then processed. Nothing
 * in a body is trusted: it only names a payment, which is re-read from its PG and settled
 * (settle compares with the stored state and writes an outbox event only on change, so
 * the same webhook twice changes nothing twice). Rows left `failed`, `deferred` (payment
 * not registered yet) or unprocessed by a crash are taken again by {@link sweep}.
 */
@Injectable()
export class PgWebhookInboxProvider {
  private readonly running = new Set<Promise<void>>();

  public constructor(
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    @Inject(PaymentHistoryProvider) private readonly histories: PaymentHistoryProvider,
    @Inject(PreparedOrderCompletion) private readonly completion: PreparedOrderCompletion,
    @Inject(ReservationRevocation) private readonly revocations: ReservationRevocation,
    @Inject(PayoutExecutionProvider) private readonly executions: PayoutExecutionProvider,
    @Inject(PaymentSellerProvider) private readonly sellers: PaymentSellerProvider,
  ) {}

  /**
   * Store the raw webhook that arrived at `/payments/webhooks/<path>`; processing starts right
   * after, without holding up the PG's answer.
   */
  public async receive(path: string, headers: Record<string, unknown>, raw: string, body: unknown): Promise<{ id: string; vendor: Vendor }> {
    const gateway = this.ctx.gateways.byWebhookPath(path);
    if (gateway === null) throw new PaymentError(404, "ROUTE_NOT_FOUND", `No PG sends its webhooks to /payments/webhooks/${path}.`);
    const vendor = gateway.code;
    // What no PG sends (a NUL, which PostgreSQL cannot store as text; absurd nesting) is
    // refused before anything is stored.
    const problem = InputGuardPipe.inspect(body);
    if (problem !== null) throw new PaymentError(400, "INVALID_BODY", `Invalid body: ${problem}`);
    const id = crypto.randomUUID();
    const parsed = gateway.webhook.parse(body);
    // A PG that signs its webhooks: a request whose signature fails is kept in the log as
    // `rejected` and applied never; the PG retries a genuine one it sees refused.
    const refusal = gateway.webhook.authenticate(raw, headers, body);
    const received_at = new Date();
    await this.ctx.db.insert(payment_webhooks).values({
      id,
      vendor_code: vendor,
      vendor_uid: parsed.kind === "payment" ? parsed.uid : null,
      event_type: parsed.event_type,
      headers_enc: this.ctx.ciphers.payment.encryptJson(headers),
      body_enc: this.ctx.ciphers.payment.encryptJson(raw),
      received_at,
      status: refusal === null ? "received" : "rejected",
      ...(refusal !== null ? { outcome: `signature: ${refusal}`.slice(0, 500), processed_at: received_at } : {}),
    });
    if (refusal !== null) {
      this.ctx.metrics.inboundOutcomes.inc({ vendor, outcome: "rejected" });
      throw new PaymentError(401, "INVALID_SIGNATURE", `The webhook's signature does not verify (${refusal}); it was logged and not applied.`);
    }
    // Bounded: a burst of webhooks must not take every DB connection from the API. Past the
    // backlog cap a row stays `received` and the sweep takes it (it is stored: nothing is lost).
    if (this.queue.length < 10_000) this.queue.push(() => this.process(id, vendor, body));
    this.pump();
    return { id, vendor };
  }

  private readonly queue: (() => Promise<void>)[] = [];
  private active = 0;
  private pump(): void {
    const limit = Math.max(2, Math.floor(this.ctx.config.database_pool_size / 2));
    while (this.active < limit && this.queue.length) {
      const task = this.queue.shift()!;
      ++this.active;
      this.track(
        task().finally(() => {
          --this.active;
          this.pump();
        }),
      );
    }
  }

  /** Wait for processing started by this instance (graceful shutdown), at most `ms`. */
  public async drain(ms: number): Promise<void> {
    this.queue.length = 0; // not started: left `received` for the sweep of another instance
    if (this.running.size === 0) return;
    await Promise.race([Promise.allSettled([...this.running]), new Promise((r) => setTimeout(r, ms).unref())]);
  }

  /**
   * Take again, across instances (`FOR UPDATE SKIP LOCKED`, then a `processing` lease):
   * deferred rows whose payment is now registered, failed rows after a back-off as long as
   * their age, and rows a crashed instance left `received`/`processing` for over a minute;
   * all of them for a week after receipt.
   */
  public async sweep(limit = 20): Promise<number> {
    const minBackoff = Math.max(1, Math.round((this.ctx.config.webhook.retry_delays_ms[0] ?? 1000) / 1000));
    const rows = await this.ctx.database.query<{ id: string; vendor_code: Vendor; body_enc: string; received_at: Date | string }>(
      `UPDATE payment_webhooks w SET status = 'processing', processed_at = now()
        WHERE w.id IN (
          SELECT c.id FROM payment_webhooks c
           -- A week bounds the retries and the work of the sweep: a forged event for a payment
           -- that never comes, or one failing for good, stays logged but is not taken again.
           WHERE c.received_at > now() - interval '7 days' AND ((c.status = 'deferred' AND EXISTS (
                    SELECT 1 FROM payment_histories h
                     WHERE h.vendor_code = c.vendor_code AND h.vendor_uid = c.vendor_uid AND h.status <> 'pending'))
              OR (c.status = 'deferred' AND c.outcome = $3 AND c.received_at < now() - make_interval(secs => $4::int))
              OR (c.status = 'failed' AND c.processed_at < now() - make_interval(secs => least(3600, greatest($2::int,
                    extract(epoch FROM c.processed_at - c.received_at)))))
              OR (c.status IN ('received', 'processing') AND coalesce(c.processed_at, c.received_at) < now() - interval '60 seconds'))
           ORDER BY c.received_at LIMIT $1
           FOR UPDATE SKIP LOCKED)
        RETURNING w.id, w.vendor_code, w.body_enc, w.received_at`,
      [limit, minBackoff, AWAITING_REGISTRATION, this.ctx.config.prepared_completion_grace_seconds],
    );
    for (const row of rows) {
      const raw = this.ctx.ciphers.payment.decryptJson<string>(row.body_enc);
      let body: unknown;
      try {
        body = this.ctx.gateways.get(row.vendor_code).webhook.decode(raw);
      } catch {
        body = null;
      }
      await this.process(row.id, row.vendor_code, body, new Date(row.received_at));
    }
    return rows.length;
  }

  private track(p: Promise<void>): void {
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
  }

  /** Never throws: a failure is recorded on the row for the sweep. */
  private async process(id: string, vendor: Vendor, body: unknown, receivedAt: Date = new Date()): Promise<void> {
    let result: IInboxOutcome;
    try {
      result = await this.handle(vendor, body, receivedAt);
    } catch (exp) {
      const message = exp instanceof PgError ? `${exp.props.kind} ${exp.props.pg_code}: ${exp.message}` : LogSafe.error(exp).message;
      if (!(exp instanceof PgError) && !this.ctx.outage.noted(exp)) this.ctx.logger.error({ worker: "inbox", webhook: id, err: exp }, "inbound webhook failed");
      result = { status: "failed", outcome: message.slice(0, 500) };
    }
    this.ctx.metrics.inboundOutcomes.inc({ vendor, outcome: result.status });
    if (result.status === "ignored") this.ctx.logger.info({ worker: "inbox", webhook: id }, `inbound webhook ignored: ${result.outcome}`);
    try {
      await this.ctx.db
        .update(payment_webhooks)
        .set({
          status: result.status,
          outcome: result.outcome,
          processed_at: new Date(),
          ...(result.vendor_uid !== undefined ? { vendor_uid: result.vendor_uid } : {}),
        })
        .where(eq(payment_webhooks.id, id));
    } catch (exp) {
      // Left received/processing: the sweep takes it again after its lease.
      if (!this.ctx.outage.noted(exp)) this.ctx.logger.error({ worker: "inbox", webhook: id, err: exp }, "could not record an inbound webhook's outcome");
    }
  }

  private async handle(vendor: Vendor, body: unknown, receivedAt: Date): Promise<IInboxOutcome> {
    const webhook = this.ctx.gateways.get(vendor).webhook;
    const event = webhook.parse(body);
    if (event.kind === "unknown") return { status: "ignored", outcome: event.reason };
    if (event.kind === "billing_key") return this.revocations.heard(vendor, event);
    if (event.kind === "payout") return this.executions.heard(vendor, event);
    if (event.kind === "seller") return this.sellers.heard(vendor, event.seller_id);
    if (event.kind === "cancel") {
      const found = await this.paymentOfCancel(vendor, event.cancel_id, event.at);
      if (found === null) return { status: "deferred", outcome: "the cancel is not found at the PG" };
      return { ...(await this.payment(vendor, found.uid, found.order_id, receivedAt)), vendor_uid: found.uid };
    }
    if (event.kind === "payment") return this.payment(vendor, event.uid, event.order_id, receivedAt);
    // Named by our order id only: the order names candidates; only the PG's proof proves the call.
    const rows = await this.ctx.db
      .select()
      .from(payment_histories)
      .where(and(eq(payment_histories.vendor_code, vendor), eq(payment_histories.source_id, event.order_id)));
    for (const row of rows) {
      const stored = this.ctx.ciphers.payment.decryptJson<PgPaymentData | null>(row.data_enc);
      if (row.status === "pending" || stored === null) continue;
      if (!event.proven(stored)) continue;
      // The stored proof matches; the PG's must too (it is the truth, ours may be stale).
      return { ...(await this.apply(row, (data) => (event.proven(data) ? null : "proof differs at the PG"))), vendor_uid: row.vendor_uid };
    }
    // Registered under this order id but no proof matches: forged.
    if (rows.some((r) => r.status !== "pending")) return { status: "rejected", outcome: "proof does not match the payment" };
    // Not registered (or registering): kept, never applied by itself; the registration
    // reads the PG's state anyway. No PG call: a flood of forgeries must not load the PG.
    return { status: "deferred", outcome: "no registered payment for this order id" };
  }

  /** A payment an event names: re-read and settled if we hold it, else as a payment nobody registered yet. */
  private async payment(vendor: Vendor, uid: string, orderId: string | null, receivedAt: Date): Promise<IInboxOutcome> {
    const row = await this.findByUid(vendor, uid);
    if (row === null) return this.unregistered(vendor, uid, orderId, receivedAt);
    if (row.status === "pending") return { status: "deferred", outcome: "registration in progress" };
    return this.apply(row, () => null);
  }

  /** The payment of a cancel an event names alone: one we recorded, else as each store's PG shows it. */
  private async paymentOfCancel(vendor: Vendor, cancelId: string, at: string | null): Promise<{ uid: string; order_id: string } | null> {
    const [known] = await this.ctx.database.query<{ vendor_uid: string; source_id: string }>(
      `SELECT h.vendor_uid, h.source_id FROM payment_history_cancels c JOIN payment_histories h ON h.id = c.history_id
        WHERE c.vendor_cancel_id = $1 AND h.vendor_code = $2 LIMIT 1`,
      [cancelId, vendor],
    );
    if (known !== undefined) return { uid: known.vendor_uid, order_id: known.source_id };
    for (const store of this.ctx.gateways.stores().filter((s) => s.code === vendor)) {
      const found = await this.ctx.gateways.paymentOfCancel(store, cancelId, at);
      if (found !== null) return found;
    }
    return null;
  }

  private async findByUid(vendor: Vendor, uid: string) {
    const [row] = await this.ctx.db
      .select()
      .from(payment_histories)
      .where(and(eq(payment_histories.vendor_code, vendor), eq(payment_histories.vendor_uid, uid)))
      .limit(1);
    return row ?? null;
  }

  /**
   * A payment we do not hold (yet). If an open prepared order expects it (the order id the
   * event names), the server registers it from the PG's record; otherwise it is kept
   * `deferred`, applied by the sweep if it is registered later, and the PG is not asked: a
   * flood of forged ids must not turn into PG calls.
   */
  private async unregistered(vendor: Vendor, uid: string, orderId: string | null, receivedAt: Date): Promise<IInboxOutcome> {
    if (orderId === null) return { status: "deferred", outcome: "payment not registered" };
    // Its caller registers it in the ordinary way first: the server steps in after the grace
    // (the sweep takes the row again then), never racing a registration on its way.
    if (Date.now() - receivedAt.getTime() < this.ctx.config.prepared_completion_grace_seconds * 1000)
      return (await this.completion.expects(vendor, orderId))
        ? { status: "deferred", outcome: AWAITING_REGISTRATION }
        : { status: "deferred", outcome: "payment not registered" };
    const completed = await this.completion.complete(vendor, uid, orderId);
    if (completed === null) return { status: "deferred", outcome: "payment not registered" };
    if ("refused" in completed) return { status: "rejected", outcome: `prepared order not completed: ${completed.refused.code}` };
    return { status: "applied", outcome: `prepared order registered: now ${completed.history.status}`, vendor_uid: completed.history.vendor.uid };
  }

  /**
   * Re-read from the PG, check it is still our payment, settle; `applied` only when it
   * changed. Also the sweep's, for a history its PG's listing shows in another state.
   */
  public async apply(row: typeof payment_histories.$inferSelect, check: (data: PgPaymentData) => string | null): Promise<IInboxOutcome> {
    const fetched: { data: PgPaymentData; snapshot: IPgPaymentSnapshot } = await this.ctx.gateways.fetch({
      code: row.vendor_code,
      store_id: row.vendor_store_id,
      uid: row.vendor_uid,
    } as IPaymentVendor);
    if (fetched.snapshot.order_id !== row.source_id) return { status: "rejected", outcome: "order id differs at the PG" };
    const refusal = check(fetched.data);
    if (refusal !== null) return { status: "rejected", outcome: refusal };
    if (fetched.snapshot.amount !== row.price) return { status: "rejected", outcome: `amount at the PG ${fetched.snapshot.amount} differs from ${row.price}` };
    const changed = await this.ctx.db.transaction(async (tx) => {
      const [locked] = await tx.select().from(payment_histories).where(and(eq(payment_histories.id, row.id), ne(payment_histories.status, "pending"))).for("update");
      if (locked === undefined) return null;
      const previous = await this.histories.snapshotOf(tx, locked);
      const current = await this.histories.settle(tx, row.id, fetched.data, fetched.snapshot);
      return WebhookOutbox.changed(previous, current) ? current.status : false;
    });
    if (changed === null) return { status: "deferred", outcome: "registration in progress" };
    return changed === false ? { status: "unchanged", outcome: `already ${row.status}` } : { status: "applied", outcome: `now ${changed}` };
  }
}
