import { Inject, Injectable } from "@nestjs/common";

import type { IOperatorConsole } from "../api/structures/IOperatorConsole";
import { and, eq, inArray } from "drizzle-orm";

import { webhook_events } from "../db/schema";
import { PaymentContext } from "../providers/PaymentContext";
import { WebhookOutbox } from "../providers/webhooks/WebhookOutbox";
import { PaymentError } from "../utils/PaymentError";

type Row = {
  id: string;
  client_id: string;
  vendor_code: string;
  vendor_store_id: string;
  vendor_uid: string;
  source_schema: string;
  source_table: string;
  source_id: string;
  price: string | number;
  refund: string | number;
  currency: string;
  status: string;
  created_at: Date | string;
  paid_at: Date | string | null;
};
const COLUMNS = "id, client_id, vendor_code, vendor_store_id, vendor_uid, source_schema, source_table, source_id, price, refund, currency, status, created_at, paid_at";
const iso = (d: Date | string): string => new Date(d).toISOString();

/**
 * What the console reads, through statements made for it: each filtered by indexed columns and
 * bounded (a range of days, a page), never a whole table. Personal data is never read: a
 * payment is its ids, amounts, states and times.
 */
@Injectable()
export class ConsoleQueries {
  public static readonly MAX_DAYS = 93;

  public constructor(@Inject(PaymentContext) private readonly ctx: PaymentContext) {}

  public async payments(input: IOperatorConsole.IPaymentSearch): Promise<IOperatorConsole.IPaymentPage> {
    const search = ConsoleQueries.search(input, this.ctx.gateways.codes(), new Date());
    const rows = await this.ctx.database.query<Row>(search.text, search.params);
    const data = rows.slice(0, search.limit).map(rowOf);
    const last = data[data.length - 1];
    return { data, cursor: rows.length > search.limit && last !== undefined ? `${last.created_at}|${last.id}` : null, from: search.from.toISOString(), to: search.to.toISOString() };
  }

  /**
   * The statement of a search (one more row than the page, to tell whether another follows):
   * a bounded range of days on the `created_at` index, each other filter an indexed column or
   * one checked on that range; an exact id (`q`) without a range is found whatever its age, by
   * its own indexes. The bench times this very statement as the search's floor.
   */
  public static search(input: IOperatorConsole.IPaymentSearch, codes: string[], now: Date): { text: string; params: unknown[]; limit: number; from: Date; to: Date } {
    const to = input.to !== undefined ? new Date(input.to) : now;
    const from = input.from !== undefined ? new Date(input.from) : new Date(to.getTime() - 7 * 86_400_000);
    if (from > to) throw new PaymentError(422, "INVALID_BODY", "from is after to.");
    if (to.getTime() - from.getTime() > ConsoleQueries.MAX_DAYS * 86_400_000) throw new PaymentError(422, "INVALID_BODY", `A search covers ${ConsoleQueries.MAX_DAYS} days at most.`);
    const limit = input.limit ?? 50;
    // An exact id is an index lookup whatever its age: a merchant asks about last year's order too.
    const anyDay = input.q !== undefined && input.from === undefined && input.to === undefined;
    const where: string[] = anyDay ? ["$1::timestamptz IS NOT NULL", "$2::timestamptz IS NOT NULL"] : ["created_at >= $1", "created_at <= $2"];
    const params: unknown[] = [from, to];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (input.q !== undefined) {
      const q = input.q.trim();
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(q);
      params.push(codes);
      const list = `$${params.length}`;
      // Each side of the OR has its index: the primary key, (vendor_code, vendor_uid, …), (source_id, …).
      add((n) => `(${uuid ? `id = ${n}::uuid OR ` : ""}(vendor_code = ANY(${list}::text[]) AND vendor_uid = ${n}) OR source_id = ${n})`, q);
    }
    if (input.client !== undefined) add((n) => `client_id = ${n}`, input.client);
    if (input.status !== undefined) add((n) => `status = ${n}`, input.status);
    if (input.vendor !== undefined) add((n) => `vendor_code = ${n}`, input.vendor);
    if (input.min_amount !== undefined) add((n) => `price >= ${n}`, input.min_amount);
    if (input.max_amount !== undefined) add((n) => `price <= ${n}`, input.max_amount);
    if (input.cursor !== undefined) {
      const [at, id] = input.cursor.split("|");
      if (at === undefined || id === undefined || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/i.test(id)) throw new PaymentError(422, "INVALID_BODY", "Not a cursor of this search.");
      params.push(new Date(at), id);
      where.push(`(created_at, id) < ($${params.length - 1}, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    return { text: `SELECT ${COLUMNS} FROM payment_histories WHERE ${where.join(" AND ")} ORDER BY created_at DESC, id DESC LIMIT $${params.length}`, params, limit, from, to };
  }

  public async story(id: string): Promise<IOperatorConsole.IPaymentStory> {
    const [row] = await this.ctx.database.query<Row & { cancelled_at: Date | null; updated_at: Date }>(`SELECT ${COLUMNS}, cancelled_at, updated_at FROM payment_histories WHERE id = $1`, [id]);
    if (row === undefined) throw new PaymentError(404, "NOT_FOUND", "No payment with this id.");
    const timeline: IOperatorConsole.ITimelineEntry[] = [{ at: iso(row.created_at), kind: "state", title: "recorded", detail: `${row.vendor_code} ${row.vendor_uid}`, tone: "neutral" }];
    if (row.paid_at !== null) timeline.push({ at: iso(row.paid_at), kind: "state", title: "paid", detail: `${Number(row.price)} ${row.currency}`, tone: "ok" });
    const [cancels, ledger, events, deliveries, inbound, calls] = await Promise.all([
      this.ctx.database.query<{ cancelled_at: Date; price: string; vendor_cancel_id: string }>("SELECT cancelled_at, price, vendor_cancel_id FROM payment_history_cancels WHERE history_id = $1", [id]),
      this.ctx.database.query<{ created_at: Date; kind: string; account: string; party_id: string | null; amount: string }>(
        "SELECT created_at, kind, account, party_id, amount::text FROM ledger_entries WHERE history_id = $1 ORDER BY id",
        [id],
      ),
      this.ctx.database.query<{ id: string; type: string; status: string; webhook_url: string | null; created_at: Date; delivered_at: Date | null }>(
        "SELECT id, type, status, webhook_url, created_at, delivered_at FROM webhook_events WHERE history_id = $1 ORDER BY seq",
        [id],
      ),
      this.ctx.database.query<{ event_id: string; attempt: number; attempted_at: Date; status_code: number | null; duration_ms: number; error: string | null }>(
        "SELECT d.event_id, d.attempt, d.attempted_at, d.status_code, d.duration_ms, d.error FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id WHERE e.history_id = $1",
        [id],
      ),
      this.ctx.database.query<{ event_type: string | null; status: string; outcome: string | null; received_at: Date }>(
        "SELECT event_type, status, outcome, received_at FROM payment_webhooks WHERE vendor_code = $1 AND vendor_uid = $2 ORDER BY received_at LIMIT 100",
        [row.vendor_code, row.vendor_uid],
      ),
      this.ctx.database.query<{ operation: string; outcome: string; duration_ms: number; at: Date }>(
        "SELECT operation, outcome, duration_ms, at FROM pg_calls WHERE vendor_code = $1 AND ref IN ($2, $3) ORDER BY at LIMIT 200",
        [row.vendor_code, row.vendor_uid, row.source_id],
      ),
    ]);
    for (const c of calls)
      timeline.push({ at: iso(c.at), kind: "pg_call", title: `PG ${c.operation}`, detail: `${c.outcome} in ${c.duration_ms} ms`, tone: c.outcome === "ok" ? "ok" : "failed" });
    for (const c of cancels) timeline.push({ at: iso(c.cancelled_at), kind: "cancel", title: "cancelled", detail: `${Number(c.price)} ${row.currency} (${c.vendor_cancel_id})`, tone: "neutral" });
    const journals = new Map<string, { at: Date; kind: string; lines: string[] }>();
    for (const e of ledger) {
      const key = `${iso(e.created_at)}|${e.kind}`;
      const j = journals.get(key) ?? { at: e.created_at, kind: e.kind, lines: [] };
      j.lines.push(`${e.party_id ?? e.account} ${Number(e.amount) > 0 ? "+" : ""}${e.amount}`);
      journals.set(key, j);
    }
    for (const j of journals.values()) timeline.push({ at: iso(j.at), kind: "ledger", title: `ledger: ${j.kind}`, detail: j.lines.join(", "), tone: "neutral" });
    for (const e of events) {
      const tone = e.status === "delivered" ? "ok" : e.status === "dead" || e.status === "gone" ? "failed" : "neutral";
      timeline.push({ at: iso(e.created_at), kind: "event", title: e.type, detail: `${e.status}${e.webhook_url !== null ? ` → ${e.webhook_url}` : ""}`, tone, event_id: e.id });
    }
    for (const d of deliveries) {
      const ok = d.status_code !== null && d.status_code >= 200 && d.status_code < 300;
      const type = events.find((e) => e.id === d.event_id)?.type ?? "";
      timeline.push({
        at: iso(d.attempted_at),
        kind: "delivery",
        title: `${type} attempt ${d.attempt}`,
        detail: `${d.status_code ?? d.error ?? "no answer"} in ${d.duration_ms} ms`,
        tone: ok ? "ok" : "failed",
        event_id: d.event_id,
      });
    }
    for (const w of inbound)
      timeline.push({ at: iso(w.received_at), kind: "pg_webhook", title: `PG webhook ${w.event_type ?? ""}`.trim(), detail: `${w.status}${w.outcome !== null ? `: ${w.outcome}` : ""}`, tone: w.status === "rejected" || w.status === "failed" ? "failed" : "neutral" });
    timeline.sort((a, b) => a.at.localeCompare(b.at));
    return { payment: rowOf(row), timeline };
  }

  public async webhooks(): Promise<IOperatorConsole.IWebhooks> {
    const [backlog] = await this.ctx.database.query<{ pending: number; oldest: Date | null; dead: number }>(
      `SELECT (SELECT count(*)::int FROM webhook_events WHERE status = 'pending') AS pending,
              (SELECT min(created_at) FROM webhook_events WHERE status = 'pending') AS oldest,
              (SELECT count(*)::int FROM webhook_events WHERE status = 'dead') AS dead`,
    );
    const endpoints = await this.ctx.database.query<{ client_id: string; webhook_url: string; attempts: number; failures: number }>(
      `SELECT e.client_id, e.webhook_url, count(*)::int AS attempts,
              count(*) FILTER (WHERE d.status_code IS NULL OR d.status_code < 200 OR d.status_code >= 300)::int AS failures
         FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
        WHERE d.attempted_at > now() - interval '24 hours'
        GROUP BY e.client_id, e.webhook_url ORDER BY failures DESC, attempts DESC LIMIT 100`,
    );
    const deadBy = await this.ctx.database.query<{ client_id: string; webhook_url: string; n: number }>(
      "SELECT client_id, webhook_url, count(*)::int AS n FROM webhook_events WHERE status = 'dead' GROUP BY client_id, webhook_url LIMIT 100",
    );
    const dead = await this.ctx.database.query<{ id: string; client_id: string; type: string; webhook_url: string; attempts: number; history_id: string | null; created_at: Date }>(
      "SELECT id, client_id, type, webhook_url, attempts, history_id, created_at FROM webhook_events WHERE status = 'dead' ORDER BY seq DESC LIMIT 50",
    );
    const rows = endpoints.map((e) => ({ ...e, dead: deadBy.find((d) => d.client_id === e.client_id && d.webhook_url === e.webhook_url)?.n ?? 0 }));
    for (const d of deadBy) if (!rows.some((r) => r.client_id === d.client_id && r.webhook_url === d.webhook_url)) rows.push({ client_id: d.client_id, webhook_url: d.webhook_url, attempts: 0, failures: 0, dead: d.n });
    return {
      pending: backlog?.pending ?? 0,
      lag_seconds: backlog?.oldest ? Math.max(0, Math.round((Date.now() - new Date(backlog.oldest).getTime()) / 1000)) : 0,
      dead: backlog?.dead ?? 0,
      endpoints: rows,
      dead_events: dead.map((d) => ({ ...d, created_at: iso(d.created_at) })),
    };
  }

  /** Send a dead (or any sent) event again, from its first attempt; same `webhook-id`. */
  public async replay(id: string): Promise<IOperatorConsole.IReplayed> {
    const rows = await this.ctx.db
      .update(webhook_events)
      .set(WebhookOutbox.RESEND)
      .where(and(eq(webhook_events.id, id), inArray(webhook_events.status, ["dead", "delivered", "gone"])))
      .returning({ id: webhook_events.id });
    if (rows.length === 0) throw new PaymentError(404, "WEBHOOK_EVENT_NOT_FOUND", "No sent or dead event with this id.");
    return { replayed: 1 };
  }

  /** Every dead event of one client endpoint, sent again in order. */
  public async replayDead(input: IOperatorConsole.IReplayEndpoint): Promise<IOperatorConsole.IReplayed> {
    const rows = await this.ctx.db
      .update(webhook_events)
      .set(WebhookOutbox.RESEND)
      .where(and(eq(webhook_events.client_id, input.client_id), eq(webhook_events.webhook_url, input.webhook_url), eq(webhook_events.status, "dead")))
      .returning({ id: webhook_events.id });
    return { replayed: rows.length };
  }

  public async inbox(input: IOperatorConsole.IInboxRequest): Promise<IOperatorConsole.IInbox> {
    const counts = await this.ctx.database.query<{ status: string; n: number }>(
      "SELECT status, count(*)::int AS n FROM payment_webhooks WHERE received_at > now() - interval '24 hours' GROUP BY status",
    );
    const rows = await this.ctx.database.query<{ id: string; vendor_code: string; event_type: string | null; vendor_uid: string | null; status: string; outcome: string | null; received_at: Date }>(
      input.status !== undefined
        ? "SELECT id, vendor_code, event_type, vendor_uid, status, outcome, received_at FROM payment_webhooks WHERE status = $1 ORDER BY received_at DESC LIMIT $2"
        : "SELECT id, vendor_code, event_type, vendor_uid, status, outcome, received_at FROM payment_webhooks ORDER BY received_at DESC LIMIT $1",
      input.status !== undefined ? [input.status, input.limit ?? 50] : [input.limit ?? 50],
    );
    return {
      counts: Object.fromEntries(counts.map((c) => [c.status, c.n])),
      data: rows.map((r) => ({ id: r.id, vendor: r.vendor_code, event_type: r.event_type, vendor_uid: r.vendor_uid, status: r.status, outcome: r.outcome, received_at: iso(r.received_at) })),
    };
  }
}

const rowOf = (r: Row): IOperatorConsole.IPaymentRow => ({
  id: r.id,
  client_id: r.client_id,
  vendor: { code: r.vendor_code, store_id: r.vendor_store_id, uid: r.vendor_uid },
  source: { schema: r.source_schema, table: r.source_table, id: r.source_id },
  price: Number(r.price),
  refund: Number(r.refund),
  currency: r.currency,
  status: r.status,
  created_at: iso(r.created_at),
  paid_at: r.paid_at === null ? null : iso(r.paid_at),
});
