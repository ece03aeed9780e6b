import { DynamicModule, Module } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import { FastifyAdapter, NestFastifyApplication } from "@nestjs/platform-fastify";
import type { FastifyReply, FastifyRequest } from "fastify";

import { FakeTossBillingController } from "./controllers/FakeTossBillingController";
import { FAKE_TOSS_STORES, FakeTossBrowserController, IFakeTossStores } from "./controllers/FakeTossBrowserController";
import { FakeTossInternalController } from "./controllers/FakeTossInternalController";
import { FAKE_TOSS_SETTLEMENT, FakeTossMiscController, IFakeTossSettlementTerms } from "./controllers/FakeTossMiscController";
import type { ITossSettlement } from "../../api/structures/toss/ITossSettlement";
import { FakeTossPaymentsController } from "./controllers/FakeTossPaymentsController";
import { FakeTossError, FakeTossExceptionFilter } from "./FakeTossError";
import { FakeTossService, IFakeTossStore } from "./FakeTossService";
import { BoundedMap } from "../common/BoundedMap";
import { FailureRules } from "../common/FailureRules";
import { FakeTossWebhooks } from "./FakeTossWebhooks";
import { FakeTossPayouts } from "./FakeTossPayouts";
import { FakeTossPayoutsController, FakeTossPayoutsInternalController } from "./controllers/FakeTossPayoutsController";
import { FakeTossPayoutsConsoleController } from "./controllers/FakeTossPayoutsConsoleController";

/**
 * A fake Toss Payments v1 server: the real paths, bodies, statuses and error codes, plus
 * `/internal/*` simulation endpoints (see FakeTossInternalController) and magic card
 * numbers (see FakeTossMagic). Its own Nest (Fastify) app on its own port, embeddable.
 *
 * ```ts
 * const fake = new FakeToss({ port: 37002 });
 * await fake.open();   // TossAdapter({ host: fake.host, ... })
 * await fake.close();
 * ```
 *
 * FAKE DIFFERS (global): state is in memory, bounded (`maxRecords` per kind and merchant,
 * oldest evicted) and forgotten after `recordTtlMs`; the real service keeps payments.
 */
export class FakeToss {
  /** SANDBOX ONLY: the default merchant's secret key. Not a real Toss key. */
  public static readonly SANDBOX_SECRET_KEY = "test_sk_sandbox_payments_server";
  /** SANDBOX ONLY: the matching client key (browsers; the fake's API never checks it). */
  public static readonly SANDBOX_CLIENT_KEY = "test_ck_sandbox_payments_server";
  /** SANDBOX ONLY: the default merchant's payouts security key (64 hex). */
  public static readonly SANDBOX_SECURITY_KEY = "5a4e5d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0918273645546372819a";

  private apiRequests = 0;
  private app: NestFastifyApplication | null = null;
  private readonly stores: Map<string, IFakeTossStore> = new Map();
  private readonly webhooks: FakeTossWebhooks;
  private readonly service: FakeTossService;
  private readonly payouts: FakeTossPayouts;
  private payoutTimer: NodeJS.Timeout | null = null;
  private readonly failures: FailureRules<FakeToss.IFailure>;
  private clock: () => Date;
  private webhookUrl: string | null;
  private retryDelaysMs: number[];
  private settlementFeeBasisPoints: number;
  private readonly settlementOverrides = new Map<string, Partial<ITossSettlement>>();

  public constructor(private readonly options: FakeToss.IOptions) {
    this.settlementFeeBasisPoints = options.settlementFeeBasisPoints ?? 340;
    this.clock = options.now ?? (() => new Date());
    this.webhookUrl = options.webhookUrl ?? null;
    this.retryDelaysMs = options.webhookRetryDelaysMs ?? FakeToss.REAL_RETRY_DELAYS_MS;
    this.failures = new FailureRules(options.failures ?? []);
    this.webhooks = new FakeTossWebhooks({
      delaysMs: () => this.retryDelaysMs,
      timeoutMs: options.webhookTimeoutMs ?? 10_000,
      maxLog: options.maxRecords ?? 100_000,
      now: () => this.clock(),
    });
    this.payouts = new FakeTossPayouts({
      now: () => this.clock(),
      settleMs: options.payoutSettleMs ?? 5_000,
      delaysMs: () => this.retryDelaysMs,
      maxLog: options.maxRecords ?? 100_000,
    });
    this.service = new FakeTossService({
      now: () => this.clock(),
      webhooks: this.webhooks,
      webhookUrl: (store) => (store.webhookUrl !== undefined ? store.webhookUrl : this.webhookUrl),
      sessionTtlMs: options.sessionTtlMs ?? 10 * 60_000,
      hang: (ms) => this.failures.sleep(ms ?? options.magicHangMs ?? 60_000),
    });
    const stores = options.stores ?? { [FakeToss.SANDBOX_SECRET_KEY]: { mId: "tosspayments", clientKey: FakeToss.SANDBOX_CLIENT_KEY, securityKey: FakeToss.SANDBOX_SECURITY_KEY } };
    for (const [secretKey, store] of Object.entries(stores)) this.addStore(secretKey, store);
  }

  /** e.g. `http://127.0.0.1:37002` */
  public get host(): string {
    return `http://${this.options.hostname ?? "127.0.0.1"}:${this.options.port}`;
  }

  public async open(): Promise<void> {
    if (this.app !== null) return;
    const app = await NestFactory.create<NestFastifyApplication>(
      FakeToss.module(this.service, this.webhooks, this.payouts, { feeBasisPoints: () => this.settlementFeeBasisPoints, overrides: this.settlementOverrides }, {
        byClientKey: (clientKey) => [...this.stores.values()].find((s) => s.clientKey === clientKey) ?? null,
        all: () => [...this.stores.values()],
      }),
      new FastifyAdapter({ forceCloseConnections: true, bodyLimit: 1024 * 1024 }),
      { logger: false },
    );
    app.useGlobalFilters(new FakeTossExceptionFilter());
    const fastify = app.getHttpAdapter().getInstance();
    fastify.addHook("onRequest", (request, reply) => this.onRequest(request, reply));
    fastify.addHook("onSend", (request, reply, payload) => this.onSend(request, reply, payload));
    fastify.addHook("onResponse", async (request) => this.release(request as ITossRequest));
    // A caller that gives up while its request is held: Fastify never runs that request, so it
    // is abandoned, as at Toss when nothing was processed yet; its key answers the next try.
    fastify.addHook("onRequestAbort", async (request) => this.release(request as ITossRequest));
    await app.listen(this.options.port, this.options.hostname ?? "127.0.0.1");
    this.app = app;
    // Payouts are paid on their day by the fake's clock, read or not.
    this.payoutTimer = setInterval(() => {
      for (const store of this.stores.values()) this.payouts.advance(store.payout);
    }, 250);
    this.payoutTimer.unref();
  }

  public async close(): Promise<void> {
    this.webhooks.close();
    this.payouts.close();
    if (this.payoutTimer !== null) clearInterval(this.payoutTimer);
    this.failures.wakeAll(); // held answers go out now
    const app = this.app;
    this.app = null;
    if (app !== null) await app.close();
  }

  /* ----------------------------------------------------------------
    RUNTIME CONTROLS (tests)
  ---------------------------------------------------------------- */
  /** How many API requests (`/v1/*`, failed ones included) reached the fake since it opened (tests, bench). */
  public get requests(): number {
    return this.apiRequests;
  }

  /** The cash receipts issued for `orderId` at any merchant (tests: one, however often it was asked). */
  public cashReceiptsOf(orderId: string): { receiptKey: string; amount: number; remaining: number }[] {
    return [...this.stores.values()].flatMap((s) =>
      [...s.receipts.values()].filter((e) => e.receipt.orderId === orderId).map((e) => ({ receiptKey: e.receipt.receiptKey, amount: e.receipt.amount, remaining: e.remaining })),
    );
  }

  /** Add a failure rule; returns a function removing it. */
  public inject(failure: FakeToss.IFailure): () => void {
    return this.failures.add(failure);
  }
  public clearFailures(): void {
    this.failures.clear();
  }

  /** Where webhooks go: every merchant, or only the merchant of `secretKey`. `null` stops them. */
  public setWebhookUrl(url: string | null, secretKey?: string): void {
    if (secretKey === undefined) this.webhookUrl = url;
    else this.store(secretKey).webhookUrl = url;
  }
  public getWebhookUrl(secretKey?: string): string | null {
    const store = secretKey !== undefined ? this.store(secretKey) : undefined;
    return store?.webhookUrl !== undefined ? store.webhookUrl : this.webhookUrl;
  }
  public setWebhookRetryDelays(delaysMs: number[]): void {
    this.retryDelaysMs = [...delaysMs];
  }
  public getWebhookRetryDelays(): number[] {
    return [...this.retryDelaysMs];
  }
  /** The fee of the settlement report, in basis points of each line's amount. */
  public setSettlementFee(basisPoints: number): void {
    this.settlementFeeBasisPoints = basisPoints;
  }
  /**
   * Change what the settlement report says of one line (a sale by its paymentKey, a cancel by
   * its transactionKey): how a test plants a disagreement between Toss and the ledger.
   */
  public overrideSettlement(key: string, patch: Partial<ITossSettlement>): void {
    this.settlementOverrides.set(key, patch);
  }
  /** Move the fake's clock (deadlines, expiry, timestamps). */
  public setClock(now: () => Date): void {
    this.clock = now;
  }
  /** Webhook deliveries (newest last), every attempt included. */
  public deliveries(): FakeTossWebhooks.IDelivery[] {
    return this.webhooks.deliveries();
  }
  /** Forget a merchant and everything it had. */
  public removeStore(secretKey: string): void {
    this.stores.delete(secretKey);
  }
  /** Register another merchant at runtime. */
  public addStore(secretKey: string, store: FakeToss.IStore): void {
    const max: number = this.options.maxRecords ?? 100_000;
    const ttlMs: number = this.options.recordTtlMs ?? 30 * 24 * 3_600_000;
    const now = () => this.clock().getTime();
    this.stores.set(secretKey, {
      secretKey,
      mId: store.mId,
      clientKey: store.clientKey ?? null,
      webhookUrl: store.webhookUrl,
      payments: new BoundedMap({ max, ttlMs, now }),
      orders: new BoundedMap({ max, ttlMs, now }),
      authKeys: new BoundedMap({ max, ttlMs, now }),
      billings: new BoundedMap({ max, ttlMs, now }),
      receipts: new BoundedMap({ max, ttlMs, now }),
      // Toss keeps an idempotency key 15 days
      idempotency: new BoundedMap({ max, ttlMs: this.options.idempotencyTtlMs ?? 15 * 24 * 3_600_000, now }),
      payout: {
        mId: store.mId,
        securityKey: store.securityKey ?? null,
        sellers: new Map(),
        payouts: new Map(),
        balance: { available: 1_000_000_000, pending: 0 },
        nonces: new BoundedMap({ max, ttlMs: 24 * 3_600_000, now }),
        webhookUrl: () => this.getWebhookUrl(secretKey),
      },
    });
  }

  /* ----------------------------------------------------------------
    HOOKS: auth, idempotency, failure injection
  ---------------------------------------------------------------- */
  private async onRequest(raw: FastifyRequest, reply: FastifyReply): Promise<void> {
    const request = raw as ITossRequest;
    const path: string = request.url.split("?")[0]!;
    // `/v2/standard` is the browser SDK's script, not an API.
    const api = path.startsWith("/v1/") || /^\/v2\/(sellers|payouts|balances)(\/|$)/.test(path);
    if (!api && !path.startsWith("/internal/")) return;
    if (api) ++this.apiRequests;

    const store = this.authenticate(request.headers.authorization);
    if (store === null) return this.fail(reply, FakeTossError.UNAUTHORIZED_KEY());
    request.tossStore = store;
    if (path.startsWith("/internal/")) return; // simulations are never failed nor deduplicated

    // Idempotency-Key: per merchant and key, the first answer is replayed for 15 days.
    const key = request.headers["idempotency-key"];
    const idempotencyKey =
      request.method === "POST" && typeof key === "string" && key.length !== 0 ? key : null;
    if (idempotencyKey !== null && idempotencyKey.length > 300)
      return this.fail(reply, FakeTossError.invalid("멱등키는 300자 이하여야 합니다. (Idempotency-Key)"));
    if (idempotencyKey !== null) {
      let entry = store.idempotency.get(idempotencyKey);
      // a concurrent duplicate waits for the first request, then gets its answer
      while (entry !== undefined && !entry.done) {
        await entry.wait;
        entry = store.idempotency.get(idempotencyKey);
      }
      if (entry !== undefined && entry.done) {
        void reply
          .code(entry.status)
          .header("content-type", "application/json; charset=utf-8")
          .header("idempotent-replayed", "true") // FAKE DIFFERS: marker header for tests
          .send(entry.body);
        return;
      }
    }

    // The key is in progress from the moment the request arrives, held or not: a retry waits
    // for this request's answer instead of running beside it.
    if (idempotencyKey !== null) {
      let resolve!: () => void;
      const wait = new Promise<void>((r) => (resolve = r));
      store.idempotency.set(idempotencyKey, { done: false, wait });
      request.tossIdempotency = { store, key: idempotencyKey, resolve };
    }

    const failure = this.failures.take(request.method, path);
    if (failure !== null && (failure.when ?? "before") === "before") {
      if (failure.mode === "hang") await this.failures.sleep(failure.ms ?? 60_000);
      else if (failure.mode === "drop") {
        this.release(request); // never processed: the key is free again
        request.raw.socket.destroy();
        return;
      } else {
        this.release(request);
        return this.fail(reply, failureError(failure));
      }
    } else if (failure !== null) request.tossAfter = failure;
  }

  private async onSend(raw: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    const request = raw as ITossRequest;
    const slot = request.tossIdempotency;
    if (slot !== undefined) {
      // 5xx are not remembered: nothing was done, so a retry must be able to run
      if (reply.statusCode < 500 && typeof payload === "string")
        slot.store.idempotency.set(slot.key, { done: true, status: reply.statusCode, body: payload });
      else slot.store.idempotency.delete(slot.key);
      this.release(request);
    }
    // "after" failures: the work is done (and remembered for the idempotency key), the
    // answer is lost: the client sees an unknown outcome.
    const after = request.tossAfter;
    if (after !== undefined) {
      request.tossAfter = undefined;
      if (after.mode === "hang") await this.failures.sleep(after.ms ?? 60_000);
      else if (after.mode === "drop") request.raw.socket.destroy();
      else {
        const error = failureError(after);
        reply.code(error.status).header("content-type", "application/json; charset=utf-8");
        return JSON.stringify(error.body());
      }
    }
    return payload;
  }

  private release(request: ITossRequest): void {
    const slot = request.tossIdempotency;
    if (slot === undefined) return;
    request.tossIdempotency = undefined;
    const entry = slot.store.idempotency.get(slot.key);
    if (entry !== undefined && !entry.done) slot.store.idempotency.delete(slot.key);
    slot.resolve();
  }

  private authenticate(header: string | undefined): IFakeTossStore | null {
    const match = /^Basic\s+(.+)$/i.exec(header ?? "");
    if (match === null) return null;
    const decoded: string = Buffer.from(match[1]!, "base64").toString("utf8");
    const colon: number = decoded.indexOf(":");
    if (colon === -1) return null;
    return this.stores.get(decoded.slice(0, colon)) ?? null;
  }

  private fail(reply: FastifyReply, error: FakeTossError): void {
    void reply.code(error.status).header("content-type", "application/json; charset=utf-8").send(error.body());
  }

  private store(secretKey: string): IFakeTossStore {
    const store = this.stores.get(secretKey);
    if (store === undefined) throw new Error(`FakeToss: no merchant with secret key ${secretKey}`);
    return store;
  }

  private static module(service: FakeTossService, webhooks: FakeTossWebhooks, payouts: FakeTossPayouts, terms: IFakeTossSettlementTerms, stores: IFakeTossStores): DynamicModule {
    return {
      module: FakeTossModule,
      controllers: [
        FakeTossPaymentsController,
        FakeTossBillingController,
        FakeTossMiscController,
        FakeTossInternalController,
        FakeTossBrowserController,
        FakeTossPayoutsController,
        FakeTossPayoutsInternalController,
        FakeTossPayoutsConsoleController,
      ],
      providers: [
        { provide: FakeTossService, useValue: service },
        { provide: FakeTossWebhooks, useValue: webhooks },
        { provide: FakeTossPayouts, useValue: payouts },
        { provide: FAKE_TOSS_SETTLEMENT, useValue: terms },
        { provide: FAKE_TOSS_STORES, useValue: stores },
      ],
    };
  }
}
export namespace FakeToss {
  /** Toss's real schedule: 1, 4, 16, 64, 256, 1024, 4096 minutes. */
  export const REAL_RETRY_DELAYS_MS: number[] = [1, 4, 16, 64, 256, 1024, 4096].map((m) => m * 60_000);

  export interface IOptions {
    port: number;
    /** Bind address, default 127.0.0.1. */
    hostname?: string;
    /**
     * Merchants by secret key. Default: one SANDBOX merchant, secret key
     * {@link FakeToss.SANDBOX_SECRET_KEY}, mId `tosspayments`.
     */
    stores?: Record<string, IStore>;
    /** Where webhooks go unless a merchant has its own; none by default. */
    webhookUrl?: string | null;
    /** Clock of timestamps and deadlines; default real time. */
    now?: () => Date;
    /** Retry delays after a failed webhook attempt; default {@link REAL_RETRY_DELAYS_MS}. */
    webhookRetryDelaysMs?: number[];
    /** Per webhook attempt; default 10 s. */
    webhookTimeoutMs?: number;
    /** Bound per kind (payments, billing keys, ...) and merchant; default 100 000. */
    maxRecords?: number;
    /** How long records are kept; default 30 days. */
    recordTtlMs?: number;
    /** Default 15 days, as Toss. */
    idempotencyTtlMs?: number;
    /** Window payments must be confirmed within this; default 10 minutes, as Toss. */
    sessionTtlMs?: number;
    /** How long the timeout magic card holds its answer; default 60 s. */
    magicHangMs?: number;
    /** Fee of the settlement report, basis points of each line (default 340: 3.4 %). */
    settlementFeeBasisPoints?: number;
    /** How long after its day began (or its request) a payout is paid, by the fake's clock; default 5 s. */
    payoutSettleMs?: number;
    /** Failure rules active from the start (more via {@link FakeToss.inject}). */
    failures?: IFailure[];
  }
  export interface IStore {
    mId: string;
    /** The key a merchant's page gives `TossPayments(clientKey)` (the browser window); none: no window. */
    clientKey?: string;
    /** This merchant's webhook URL (overrides `IOptions.webhookUrl`). */
    webhookUrl?: string | null;
    /** Its payouts (지급대행) security key, 64 hex; none: no payouts contract. */
    securityKey?: string;
  }
  /**
   * Failure injection on `/v1/*` (never `/internal/*`). The first matching rule applies.
   * - `error`: answer `status` (default 500) with `{code, message}` (default
   *   FAILED_INTERNAL_SYSTEM_PROCESSING).
   * - `hang`: hold the request (`when: before`) or its answer (`when: after`) `ms` (default
   *   60 s), then go on normally.
   * - `drop`: close the connection without an answer.
   * `when: "before"` (default): the request is not processed. `"after"`: it is processed
   * (money moves, the idempotency key remembers the real answer) and only the answer fails.
   */
  export interface IFailure {
    /** Path prefix, e.g. `/v1/payments/confirm`; `/v1/` matches every v1 API call, `/v2/` the payouts API. */
    path: string;
    method?: "GET" | "POST";
    mode: "error" | "hang" | "drop";
    when?: "before" | "after";
    status?: number;
    code?: string;
    message?: string;
    ms?: number;
    /** Affects only the next `times` matching requests; default every one. */
    times?: number;
  }
}

@Module({})
class FakeTossModule {}

interface ITossRequest extends FastifyRequest {
  tossStore?: IFakeTossStore;
  tossIdempotency?: { store: IFakeTossStore; key: string; resolve: () => void };
  tossAfter?: FakeToss.IFailure;
}

const failureError = (f: FakeToss.IFailure): FakeTossError =>
  f.code !== undefined || f.status !== undefined
    ? new FakeTossError(
        f.status ?? 500,
        f.code ?? "FAILED_INTERNAL_SYSTEM_PROCESSING",
        f.message ?? "내부 시스템 처리 작업이 실패했습니다. 잠시 후 다시 시도해주세요.",
      )
    : FakeTossError.FAILED_INTERNAL_SYSTEM_PROCESSING();
