import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from "@nestjs/common";
import { and, eq, lt, sql } from "drizzle-orm";
import crypto from "node:crypto";
import { v7 as timeOrderedId } from "uuid";

import type { Database } from "../../db/Database";
import type { DrizzleTx } from "../../db/Database";
import { idempotency_keys } from "../../db/schema";
import { PaymentError } from "../../utils/PaymentError";
import { PaymentContext } from "../PaymentContext";

/** What is kept for a key: the first answer, success or refusal (encrypted at rest). */
type Kept =
  | { ok: true; body: unknown }
  | { ok: false; status: number; code: PaymentError["code"]; message: string; details?: Record<string, unknown> | null };
type KeyRow = typeof idempotency_keys.$inferSelect;

/** Arbitrary, fixed: the advisory-lock namespace of the instances' leases. */
const LEASE_NAMESPACE = 72_410_932;

/**
 * `Idempotency-Key` of money-moving calls. The first call with a key runs; every repeat
 * (same client, key, route and body) gets the first answer again without running anything;
 * a different body or route with the key is refused (409 IDEMPOTENCY_KEY_REUSED).
 *
 * The row is claimed (`INSERT … ON CONFLICT DO NOTHING`) before the work runs, so two
 * concurrent calls can never both run: the loser waits for the answer (bounded), then gets
 * it or 409 IDEMPOTENCY_IN_PROGRESS. Refusals (4xx) and `final` errors are kept so a repeat
 * gets them again.
 *
 * A call that leaves no answer (the PG did not answer, the database failed, the process died)
 * is resumed by its repeat, never refused: the claim chose the id of the record the call
 * creates and names its owner's lease, so a repeat takes over as soon as the owner is gone
 * (at once, not after a timer) and finds the record the first run made. Where it can, the
 * work keeps its answer in the transaction of the state it answers for (`IScope.keep`).
 *
 * Called inside the controller method, so the replayed body goes out through the same
 * encrypted route as a first answer.
 */
@Injectable()
export class IdempotencyProvider implements OnModuleInit, OnApplicationShutdown {
  /** How long a repeat waits for the first call's answer. */
  public static readonly WAIT_MS = 10_000;
  private lease: Database.Lease | null = null;
  /**
   * Keys this process is claiming or running now, with how many of its calls hold each (its
   * lease outlives each of them): marked before the claim, so that no call of this process
   * ever sees its own fresh claim as abandoned.
   */
  private readonly running = new Map<string, number>();

  public constructor(@Inject(PaymentContext) private readonly ctx: PaymentContext) {}

  public async onModuleInit(): Promise<void> {
    this.lease = await this.ctx.database.lease(LEASE_NAMESPACE);
  }

  public async onApplicationShutdown(): Promise<void> {
    await this.lease?.close();
    this.lease = null;
  }

  public async run<T>(client: string, key: string | null, route: string, input: unknown, work: (scope: IdempotencyProvider.IScope) => Promise<T>): Promise<T> {
    if (key === null) return work(IdempotencyProvider.unkeyed());
    if (key.length < 1 || key.length > 255)
      throw new PaymentError(400, "INVALID_BODY", "The Idempotency-Key header must be 1 to 255 characters.");
    const hash = crypto.createHash("sha256").update(route).update("\n").update(JSON.stringify(input ?? null)).digest("hex");
    const deadline = Date.now() + IdempotencyProvider.WAIT_MS;
    for (;;) {
      const recordId = timeOrderedId();
      this.hold(client, key);
      let claimed: boolean;
      try {
        claimed = await this.claim(client, key, route, hash, recordId);
      } finally {
        this.unhold(client, key);
      }
      if (claimed) return this.execute(client, key, recordId, false, work);
      const [row] = await this.ctx.db
        .select()
        .from(idempotency_keys)
        .where(and(eq(idempotency_keys.client_id, client), eq(idempotency_keys.key, key)));
      if (row === undefined) continue; // released meanwhile: claim it
      if (row.route !== route || row.request_hash !== hash)
        throw new PaymentError(409, "IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was used for another request; use a new key for a new request.");
      if (row.status === "done" && row.response_enc !== null) {
        const kept = this.ctx.ciphers.payment.decryptJson<Kept>(row.response_enc);
        if (kept.ok) return kept.body as T;
        throw new PaymentError(kept.status, kept.code, kept.message, false, kept.details ?? null);
      }
      if (row.status !== "running" || !(await this.ownerAlive(client, key, row))) {
        this.hold(client, key);
        let resumed: string | null;
        try {
          resumed = await this.takeOver(row);
        } finally {
          this.unhold(client, key);
        }
        if (resumed !== null) return this.execute(client, key, resumed, true, work);
        continue;
      }
      if (Date.now() >= deadline)
        throw new PaymentError(409, "IDEMPOTENCY_IN_PROGRESS", "A request with this Idempotency-Key is still running; retry later for its answer.");
      await sleep(50);
    }
  }

  /** The scope of a call without a key: a fresh record id, nothing to keep. */
  public static unkeyed(): IdempotencyProvider.IScope {
    return { record_id: timeOrderedId(), resumed: false, key: null, keep: async () => {}, answer: () => null };
  }

  private async claim(client: string, key: string, route: string, hash: string, recordId: string): Promise<boolean> {
    const now = new Date();
    // An expired key is as good as absent.
    await this.ctx.db
      .delete(idempotency_keys)
      .where(and(eq(idempotency_keys.client_id, client), eq(idempotency_keys.key, key), lt(idempotency_keys.expires_at, now)));
    const claimed = await this.ctx.db
      .insert(idempotency_keys)
      .values({
        client_id: client,
        key,
        route,
        request_hash: hash,
        status: "running",
        record_id: recordId,
        owner: this.owner(),
        created_at: now,
        expires_at: new Date(now.getTime() + this.ctx.config.idempotency_ttl_seconds * 1000),
      })
      .onConflictDoNothing()
      .returning({ key: idempotency_keys.key });
    return claimed.length === 1;
  }

  /** A `running` key's owner: this process while it runs the key, another while its lease is held. */
  private async ownerAlive(client: string, key: string, row: KeyRow): Promise<boolean> {
    if (row.owner === null) return false;
    if (row.owner === this.owner()) return this.running.has(local(client, key));
    return this.lease!.alive(row.owner);
  }

  /** Take a key whose run left no answer; its record id, or null when another repeat took it first. */
  private async takeOver(row: KeyRow): Promise<string | null> {
    const recordId = row.record_id ?? timeOrderedId();
    const taken = await this.ctx.db
      .update(idempotency_keys)
      .set({ status: "running", owner: this.owner(), record_id: recordId })
      .where(
        and(
          eq(idempotency_keys.client_id, row.client_id),
          eq(idempotency_keys.key, row.key),
          eq(idempotency_keys.status, row.status),
          row.owner === null ? sql`${idempotency_keys.owner} IS NULL` : eq(idempotency_keys.owner, row.owner),
        ),
      )
      .returning({ key: idempotency_keys.key });
    if (taken.length === 0) return null;
    this.ctx.logger.info({ event: "idempotency.resumed", record_id: recordId, previous: row.status }, "a repeat resumes a call that left no answer");
    return recordId;
  }

  private async execute<T>(client: string, key: string, recordId: string, resumed: boolean, work: (scope: IdempotencyProvider.IScope) => Promise<T>): Promise<T> {
    this.hold(client, key);
    let keptInWork = false;
    const scope: IdempotencyProvider.IScope = {
      record_id: recordId,
      resumed,
      key: { client, key },
      keep: async (tx, body) => {
        await this.keep(client, key, { ok: true, body: JSON.parse(JSON.stringify(body ?? null)) }, tx);
        keptInWork = true;
      },
      answer: (body) => {
        keptInWork = true;
        return this.ctx.ciphers.payment.encryptJson({ ok: true, body: JSON.parse(JSON.stringify(body ?? null)) } satisfies Kept);
      },
    };
    try {
      let result: T;
      try {
        result = await work(scope);
      } catch (exp) {
        if (exp instanceof PaymentError && ((exp.status < 500 && exp.status >= 400 && exp.code !== "PAYMENT_PENDING") || exp.final))
          await this.keep(client, key, { ok: false, status: exp.status, code: exp.code, message: exp.message, details: exp.details });
        else await this.leave(client, key).catch(() => undefined); // the database may be what failed: the lease tells then
        throw exp;
      }
      // The JSON round trip makes the kept body exactly what a repeat will get.
      if (!keptInWork) await this.keep(client, key, { ok: true, body: JSON.parse(JSON.stringify(result ?? null)) });
      return result;
    } finally {
      this.unhold(client, key);
    }
  }

  private async keep(client: string, key: string, kept: Kept, tx?: DrizzleTx): Promise<void> {
    await (tx ?? this.ctx.db)
      .update(idempotency_keys)
      .set({
        status: "done",
        owner: null,
        response_status: kept.ok ? null : kept.status, // a success is answered by its route (201 POST, 200 PUT)
        response_enc: this.ctx.ciphers.payment.encryptJson(kept),
      })
      .where(and(eq(idempotency_keys.client_id, client), eq(idempotency_keys.key, key)));
  }

  /**
   * No answer to keep (the PG did not answer, the server failed): the key waits, with its
   * record id, for a repeat of the same request to resume it.
   */
  private async leave(client: string, key: string): Promise<void> {
    await this.ctx.db
      .update(idempotency_keys)
      .set({ status: "pending", owner: null })
      .where(and(eq(idempotency_keys.client_id, client), eq(idempotency_keys.key, key), eq(idempotency_keys.status, "running")));
  }

  private hold(client: string, key: string): void {
    const name = local(client, key);
    this.running.set(name, (this.running.get(name) ?? 0) + 1);
  }

  private unhold(client: string, key: string): void {
    const name = local(client, key);
    const held = (this.running.get(name) ?? 1) - 1;
    if (held > 0) this.running.set(name, held);
    else this.running.delete(name);
  }

  private owner(): string {
    if (this.lease === null) throw new Error("IdempotencyProvider used before its module was initialised");
    return this.lease.owner;
  }
}

export namespace IdempotencyProvider {
  /** What the work of a call knows of its key. */
  export interface IScope {
    /** The id of the record the call creates, chosen with the key: a repeat finds it by this id. */
    readonly record_id: string;
    /** A repeat taking over a call that left no answer: the record may exist already. */
    readonly resumed: boolean;
    /** The key, or null for a call without one. */
    readonly key: { client: string; key: string } | null;
    /** Keep `body` as the key's answer inside `tx`, the transaction of the state it answers for. */
    keep(tx: DrizzleTx, body: unknown): Promise<void>;
    /**
     * The key's answer as a ciphertext for the caller's own statement to store (`status =
     * 'done'`, `response_enc`, `owner = NULL`) in the same statement as its state; null without a key.
     */
    answer(body: unknown): string | null;
  }
}

const local = (client: string, key: string): string => `${client}\n${key}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
