import crypto from "node:crypto";
import { asc, gt, sql } from "drizzle-orm";
import type { Logger } from "pino";

import type { Database } from "../../db/Database";
import { ClientKeyring } from "../security/ClientKeyring";
import { access_trail } from "../../db/schema";

/**
 * The access trail's writer and checker. A request's entry is queued when it is answered and
 * written with whatever else finished meanwhile, every FLUSH_MS, in one transaction that holds
 * the trail's advisory lock: so the chain has one order across any number of instances, and a
 * read pays no SQL statement of its own. A crash loses at most the last FLUSH_MS of entries.
 */
export class AccessTrail {
  public static readonly FLUSH_MS = 50;
  public static readonly MAX_QUEUED = 100_000;
  private dropped = 0;
  /** Whether entries wait for the database: said once when it goes away, once when written. */
  private deferred = false;
  /** The `prev_hash` of the first entry ever written. */
  public static readonly GENESIS = "0".repeat(64);
  private queue: AccessTrail.IEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  public constructor(
    private readonly database: Database,
    private readonly logger: Logger,
  ) {}

  /** Queue an answered request's entry. */
  public record(entry: AccessTrail.IEntry): void {
    // A database away for long must not grow the process without bound: the oldest go, said once.
    if (this.queue.length >= AccessTrail.MAX_QUEUED) {
      this.queue.shift();
      if (this.dropped++ === 0) this.logger.error({ event: "access_trail.dropped" }, "access trail entries dropped: the database has been away too long");
    } else this.dropped = 0;
    this.queue.push(entry);
    this.timer ??= setTimeout(() => void this.flush(), AccessTrail.FLUSH_MS);
  }

  /** Write what is queued (the server calls it once more when it stops). */
  public flush(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return this.flushing;
    this.flushing = this.flushing
      .then(() => this.write(batch))
      .then(() => {
        if (!this.deferred) return;
        this.deferred = false;
        this.logger.info({ event: "access_trail.resumed", entries: batch.length }, "access trail entries kept while the database was away are written");
      })
      .catch((exp: unknown) => {
        // The database is away: the entries go back to the queue and are tried again. Said once
        // per outage, with the driver's code only (a query's text quotes its parameters).
        this.queue.unshift(...batch);
        this.timer ??= setTimeout(() => void this.flush(), 1_000);
        if (!this.deferred) this.logger.warn({ event: "access_trail.deferred", entries: batch.length, code: AccessTrail.rootCode(exp) }, "access trail entries kept until the database answers");
        this.deferred = true;
      });
    return this.flushing;
  }

  private static rootCode(exp: unknown): string | null {
    let root = exp as { cause?: unknown; code?: unknown } | null;
    while (root?.cause !== undefined && root.cause !== null) root = root.cause as typeof root;
    return typeof root?.code === "string" ? root.code : null;
  }

  /** Walk the whole chain in order: the first broken entry, if any, is named. */
  public async verify(): Promise<AccessTrail.IVerification> {
    let previous: string | null = null;
    let entries = 0;
    for (let after = 0; ; ) {
      const rows = await this.database.db.select().from(access_trail).where(gt(access_trail.seq, after)).orderBy(asc(access_trail.seq)).limit(5_000);
      for (const row of rows) {
        // After a purge the oldest kept entry anchors the chain.
        if (previous !== null && row.prev_hash !== previous) return { ok: false, entries, broken: { seq: row.seq, reason: "its prev_hash is not the hash of the entry before it (an entry was removed or reordered)" } };
        if (AccessTrail.hash(row.prev_hash, row) !== row.hash) return { ok: false, entries, broken: { seq: row.seq, reason: "its content does not match its hash (the entry was changed)" } };
        previous = row.hash;
        entries += 1;
      }
      if (rows.length < 5_000) return { ok: true, entries, broken: null };
      after = rows[rows.length - 1]!.seq;
    }
  }

  /**
   * What a route's requests read or change, by its template: payments (and their events),
   * cash receipts, billing keys, billing schedules, settlements and payouts, operator records; null for the rest
   * (health, metrics, PG webhooks, documentation).
   */
  public static kindOf(route: string | undefined): AccessTrail.Kind | null {
    if (route === undefined) return null;
    for (const [prefix, kind] of KINDS) if (route === prefix || route.startsWith(`${prefix}/`)) return kind;
    return null;
  }

  /**
   * The id an answer begins with (`{"id":"…"`): every record this server answers does. An
   * encrypted answer (a client's) is deciphered only in its first 64 bytes.
   */
  public static answeredId(payload: string, headers: Record<string, unknown>): string | null {
    try {
      let head = payload.slice(0, 64);
      if (!head.startsWith("{")) {
        const { key, iv } = ClientKeyring.closure({ headers: headers as never, body: "", direction: "encode" });
        const decipher = crypto.createDecipheriv(`aes-${key.length * 8}-cbc`, Buffer.from(key), Buffer.from(iv));
        decipher.setAutoPadding(false);
        head = Buffer.concat([decipher.update(Buffer.from(payload.slice(0, 88), "base64").subarray(0, 64)), decipher.final()]).toString("latin1");
      }
      return /^\{"id":"([0-9a-f-]{36})"/.exec(head)?.[1] ?? null;
    } catch {
      return null;
    }
  }

  /** SHA-256 (hex) of the previous hash and the entry's fields, in a fixed order. */
  public static hash(prev: string, e: { [K in keyof AccessTrail.IEntry]: AccessTrail.IEntry[K] extends string ? string : AccessTrail.IEntry[K] }): string {
    const fields = [e.at.toISOString(), e.actor_kind, e.actor_id, e.action, e.method, e.route, e.record_kind, e.record_id, e.address, e.status];
    return crypto.createHash("sha256").update(`${prev}\n${JSON.stringify(fields)}`).digest("hex");
  }

  private async write(batch: AccessTrail.IEntry[]): Promise<void> {
    await this.database.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended('access-trail', 0))`);
      const last = (await tx.execute(sql`SELECT hash FROM access_trail ORDER BY seq DESC LIMIT 1`)) as unknown as { rows: { hash: string }[] };
      let prev = last.rows[0]?.hash ?? AccessTrail.GENESIS;
      const rows = batch.map((e) => {
        const hash = AccessTrail.hash(prev, e);
        const row = { ...e, prev_hash: prev, hash };
        prev = hash;
        return row;
      });
      // One statement over arrays (13 parameters whatever the batch): unnest yields the rows in
      // the arrays' order, so `seq` follows the chain.
      const column = <T>(pick: (r: (typeof rows)[number]) => T) => sql.param(rows.map(pick));
      await tx.execute(sql`
        INSERT INTO access_trail (at, actor_kind, actor_id, action, method, route, record_kind, record_id, address, status, prev_hash, hash)
        SELECT * FROM unnest(
          ${column((r) => r.at.toISOString())}::timestamptz[], ${column((r) => r.actor_kind)}::text[], ${column((r) => r.actor_id)}::text[],
          ${column((r) => r.action)}::text[], ${column((r) => r.method)}::text[], ${column((r) => r.route)}::text[],
          ${column((r) => r.record_kind)}::text[], ${column((r) => r.record_id)}::text[], ${column((r) => r.address)}::text[],
          ${column((r) => r.status)}::int[], ${column((r) => r.prev_hash)}::text[], ${column((r) => r.hash)}::text[])`);
    });
  }
}
/** Route prefixes, most specific first. */
const KINDS: [string, AccessTrail.Kind][] = [
  ["/payments/histories/cash-receipts", "cash_receipt"],
  ["/payments/histories/escrow", "payment"],
  ["/payments/histories", "payment"],
  ["/payments/reservations", "billing_key"],
  ["/payments/schedules", "schedule"],
  ["/payments/settlements", "settlement"],
  ["/payments/erasures", "payment"],
  ["/operator", "operator"],
];

export namespace AccessTrail {
  export interface IEntry {
    at: Date;
    /** `workers`: the server itself (its erasure of personal data past retention). */
    actor_kind: "client" | "operator" | "workers";
    actor_id: string;
    action: "read" | "change";
    method: string;
    route: string;
    record_kind: Kind;
    record_id: string | null;
    address: string | null;
    status: number;
  }
  export type Kind = "payment" | "billing_key" | "schedule" | "cash_receipt" | "settlement" | "operator";
  export interface IVerification {
    ok: boolean;
    entries: number;
    broken: { seq: number; reason: string } | null;
  }
}
