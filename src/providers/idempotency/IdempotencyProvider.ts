import { Inject, Injectable } from "@nestjs/common";
import { and, eq, lt, sql } from "drizzle-orm";
import crypto from "node:crypto";

import { idempotency_keys } from "../../db/schema";
import { PaymentError } from "../../utils/PaymentError";
import { PaymentContext } from "../PaymentContext";

/** What is kept for a key: the first answer, success or refusal (encrypted at rest). */
type Kept = { ok: true; body: unknown } | { ok: false; status: number; code: PaymentError["code"]; message: string };

/**
 * `Idempotency-Key` of money-moving calls. The first call with a key runs; every repeat
 * (same client, key, route and body) gets the first answer again without running anything;
 * a different body or route with the key is refused (409 IDEMPOTENCY_KEY_REUSED).
 *
 * The row is claimed (`INSERT … ON CONFLICT DO NOTHING`) before the work runs, so two
 * concurrent calls can never both run: the loser waits for the answer (bounded), then gets
 * it or 409 IDEMPOTENCY_IN_PROGRESS. Refusals (4xx) are kept so a repeat is refused the same
 * way; 5xx and PG_UNAVAILABLE release the key, as nothing final happened and a retry must run
 * (unless the error is `final`: a cancel whose outcome at the PG is unknown is never re-run).
 *
 * Called inside the controller method, so the replayed body goes out through the same
 * encrypted route as a first answer.
 */
@Injectable()
export class IdempotencyProvider {
  /** How long a repeat waits for the first call's answer. */
  public static readonly WAIT_MS = 10_000;
  /** A `running` row older than this belongs to a process that died: it may be taken over. */
  public static readonly ABANDONED_MS = 5 * 60_000;

  public constructor(@Inject(PaymentContext) private readonly ctx: PaymentContext) {}

  public async run<T>(client: string, key: string | null, route: string, input: unknown, work: () => Promise<T>): Promise<T> {
    if (key === null) return work();
    if (key.length < 1 || key.length > 255)
      throw new PaymentError(400, "INVALID_BODY", "The Idempotency-Key header must be 1 to 255 characters.");
    const hash = crypto.createHash("sha256").update(route).update("\n").update(JSON.stringify(input ?? null)).digest("hex");
    const deadline = Date.now() + IdempotencyProvider.WAIT_MS;
    for (;;) {
      if (await this.claim(client, key, route, hash)) return this.execute(client, key, work);
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
        throw new PaymentError(kept.status, kept.code, kept.message);
      }
      if (Date.now() - row.created_at.getTime() > IdempotencyProvider.ABANDONED_MS) {
        await this.release(client, key, row.created_at);
        continue;
      }
      if (Date.now() >= deadline)
        throw new PaymentError(409, "IDEMPOTENCY_IN_PROGRESS", "A request with this Idempotency-Key is still running; retry later for its answer.");
      await sleep(50);
    }
  }

  private async claim(client: string, key: string, route: string, hash: string): Promise<boolean> {
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
        created_at: now,
        expires_at: new Date(now.getTime() + this.ctx.config.idempotency_ttl_seconds * 1000),
      })
      .onConflictDoNothing()
      .returning({ key: idempotency_keys.key });
    return claimed.length === 1;
  }

  private async execute<T>(client: string, key: string, work: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await work();
    } catch (exp) {
      if (exp instanceof PaymentError && ((exp.status < 500 && exp.code !== "PG_UNAVAILABLE") || exp.final))
        await this.keep(client, key, { ok: false, status: exp.status, code: exp.code, message: exp.message });
      else await this.release(client, key);
      throw exp;
    }
    // The JSON round trip makes the kept body exactly what a repeat will get.
    await this.keep(client, key, { ok: true, body: JSON.parse(JSON.stringify(result ?? null)) });
    return result;
  }

  private async keep(client: string, key: string, kept: Kept): Promise<void> {
    await this.ctx.db
      .update(idempotency_keys)
      .set({
        status: "done",
        response_status: kept.ok ? null : kept.status, // a success is answered by its route (201 POST, 200 PUT)
        response_enc: this.ctx.ciphers.payment.encryptJson(kept),
      })
      .where(and(eq(idempotency_keys.client_id, client), eq(idempotency_keys.key, key)));
  }

  private async release(client: string, key: string, createdAt?: Date): Promise<void> {
    await this.ctx.db
      .delete(idempotency_keys)
      .where(
        and(
          eq(idempotency_keys.client_id, client),
          eq(idempotency_keys.key, key),
          createdAt !== undefined ? sql`${idempotency_keys.created_at} = ${createdAt}` : sql`${idempotency_keys.status} = 'running'`,
        ),
      );
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
