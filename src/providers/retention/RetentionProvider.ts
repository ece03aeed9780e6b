import { Inject, Injectable } from "@nestjs/common";

import { PaymentContext } from "../PaymentContext";
import { PersonalDataProvider } from "./PersonalDataProvider";

/**
 * Every table that grows with traffic is bounded: rows past their retention are deleted by
 * the workers, a batch per statement (short locks, no long transaction), oldest first.
 * Several instances may purge at once: a row deleted by one is simply not found by another.
 *
 * - inbound PG webhooks: `RETENTION_INBOUND_WEBHOOKS_DAYS` after receipt (they are retried
 *   for 7 days at most, so a retention of 8 days or more never cuts one short);
 * - outgoing events that are finished (delivered, dead, gone, skipped) and their delivery
 *   attempts: `RETENTION_WEBHOOK_EVENTS_DAYS` after the event (pending events are kept);
 * - idempotency keys: once expired (`IDEMPOTENCY_TTL_SECONDS`);
 * - prepared orders: once expired (`PREPARED_ORDER_TTL_SECONDS`);
 * - failed-password counters: once their window (`PASSWORD_FAILURE_WINDOW_SECONDS`) is over;
 * - access-trail entries: `RETENTION_ACCESS_TRAIL_DAYS` after the request, oldest first (the
 *   oldest kept entry then anchors the chain);
 * - payments' personal data: `RETENTION_PAYMENT_RECORDS_DAYS` after their last change
 *   (PersonalDataProvider), the records themselves kept.
 */
@Injectable()
export class RetentionProvider {
  /** Rows per statement. */
  public static readonly BATCH = 1_000;
  /** Statements per table and pass: a pass stays short; the next one goes on. */
  public static readonly BATCHES = 20;

  public constructor(
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    @Inject(PersonalDataProvider) private readonly personal: PersonalDataProvider,
  ) {}

  /** One pass over every table; returns how many rows each lost. */
  public async purge(): Promise<Record<string, number>> {
    const r = this.ctx.config.retention;
    const days = (d: number) => d * 86_400;
    const out: Record<string, number> = {};
    out.payment_webhooks = await this.batches(
      `DELETE FROM payment_webhooks WHERE ctid IN (
         SELECT ctid FROM payment_webhooks WHERE received_at < now() - make_interval(secs => $1) ORDER BY received_at LIMIT $2)`,
      [days(r.inbound_webhooks_days)],
    );
    out.webhook_events = await this.batches(
      // Deliveries go with their event, in the same statement (the foreign key is checked at its end).
      `WITH e AS (
         SELECT id FROM webhook_events WHERE status <> 'pending' AND created_at < now() - make_interval(secs => $1)
          ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED),
       d AS (DELETE FROM webhook_deliveries WHERE event_id IN (SELECT id FROM e))
       DELETE FROM webhook_events WHERE id IN (SELECT id FROM e)`,
      [days(r.webhook_events_days)],
    );
    out.idempotency_keys = await this.batches(
      `DELETE FROM idempotency_keys WHERE ctid IN (
         SELECT ctid FROM idempotency_keys WHERE expires_at < now() - make_interval(secs => $1) LIMIT $2)`,
      [0],
    );
    out.payment_prepared_orders = await this.batches(
      `DELETE FROM payment_prepared_orders WHERE ctid IN (
         SELECT ctid FROM payment_prepared_orders WHERE expires_at < now() - make_interval(secs => $1) LIMIT $2)`,
      [0],
    );
    out.password_failures = await this.batches(
      `DELETE FROM password_failures WHERE ctid IN (
         SELECT ctid FROM password_failures WHERE window_start < now() - make_interval(secs => $1) LIMIT $2)`,
      [this.ctx.config.password_failure_window_seconds],
    );
    out.access_trail = await this.batches(
      // Oldest first by `seq`, never leaving a gap in the chain: everything up to the newest
      // entry past its retention.
      `DELETE FROM access_trail WHERE seq IN (
         SELECT seq FROM access_trail WHERE seq <= (SELECT max(seq) FROM access_trail WHERE at < now() - make_interval(secs => $1)) ORDER BY seq LIMIT $2)`,
      [days(r.access_trail_days)],
    );
    out.payment_schedules = await this.batches(
      // A schedule that charges nothing more is kept as long as the payments it made.
      `DELETE FROM payment_schedules WHERE ctid IN (
         SELECT ctid FROM payment_schedules WHERE status IN ('cancelled', 'ended') AND updated_at < now() - make_interval(secs => $1) LIMIT $2)`,
      [days(r.payment_records_days)],
    );
    out.reconciliation_runs = await this.batches(
      `DELETE FROM reconciliation_runs WHERE ctid IN (
         SELECT ctid FROM reconciliation_runs WHERE ran_at < now() - make_interval(secs => $1) ORDER BY ran_at LIMIT $2)`,
      [days(r.inbound_webhooks_days)],
    );
    out.pg_calls = await this.batches(
      `DELETE FROM pg_calls WHERE id IN (SELECT id FROM pg_calls WHERE at < now() - make_interval(secs => $1) ORDER BY at LIMIT $2)`,
      [days(r.inbound_webhooks_days)],
    );
    out.console_sessions = await this.batches(
      `DELETE FROM console_sessions WHERE ctid IN (SELECT ctid FROM console_sessions WHERE expires_at < now() - make_interval(secs => $1) LIMIT $2)`,
      [0],
    );
    // Not deleted but stripped: payments past their retention lose their personal data.
    out.personal_data = await this.personal.eraseDue();
    return out;
  }

  private async batches(text: string, params: unknown[]): Promise<number> {
    let total = 0;
    for (let i = 0; i < RetentionProvider.BATCHES; ++i) {
      const deleted = await this.ctx.database.execute(text, [...params, RetentionProvider.BATCH]);
      total += deleted;
      if (deleted < RetentionProvider.BATCH) break;
    }
    return total;
  }
}
