import { DynamicModule, Module } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import { FastifyAdapter, NestFastifyApplication } from "@nestjs/platform-fastify";
import type { FastifyReply, FastifyRequest } from "fastify";

import { BoundedMap } from "../common/BoundedMap";
import { FailureRules } from "../common/FailureRules";
import { FakePortOneBillingKeysController } from "./controllers/FakePortOneBillingKeysController";
import { FakePortOneCashReceiptsController } from "./controllers/FakePortOneCashReceiptsController";
import { FakePortOneEscrowController } from "./controllers/FakePortOneEscrowController";
import { FAKE_PORTONE_STORES, FakePortOneBrowserController, type IFakePortOneStores } from "./controllers/FakePortOneBrowserController";
import { FakePortOneInternalController } from "./controllers/FakePortOneInternalController";
import { FakePortOneListingsController } from "./controllers/FakePortOneListingsController";
import { FakePortOnePaymentsController } from "./controllers/FakePortOnePaymentsController";
import { FakePortOneError, FakePortOneExceptionFilter } from "./FakePortOneError";
import { FakePortOneService, IFakePortOneStore } from "./FakePortOneService";
import { FakePortOneWebhooks } from "./FakePortOneWebhooks";

/**
 * A fake PortOne V2 server: the real paths, bodies, statuses and `{type, message}` errors of
 * the payments and billing-key APIs, webhooks signed with Standard Webhooks, `/internal/*`
 * simulations of the browser (FakePortOneInternalController), failure injection and a
 * declining card (FakePortOneService.DECLINED_CARD). Its own Nest (Fastify) app on its own
 * port. The official `@portone/server-sdk` runs unchanged against it.
 *
 * FAKE DIFFERS (global): state is in memory, bounded (`maxRecords` per kind and store) and
 * forgotten after `recordTtlMs`; only `Authorization: PortOne <API secret>` is accepted (not
 * the access tokens of `/login/api-secret`); only KRW card, easy-pay and virtual-account
 * payments. Its browser SDK and window: FakePortOneBrowserController.
 */
export class FakePortOne {
  /** SANDBOX ONLY: the default store, its API secret, webhook secret and channel key. Not real. */
  public static readonly SANDBOX = {
    storeId: "store-sandbox-payments-server",
    apiSecret: "portone_api_secret_sandbox_payments_server",
    webhookSecret: "whsec_c2FuZGJveC1wb3J0b25lLXdlYmhvb2stc2VjcmV0ISE=",
    channelKey: "channel-key-sandbox-payments-server",
  } as const;

  private app: NestFastifyApplication | null = null;
  private readonly stores: Map<string, IFakePortOneStore> = new Map();
  private readonly webhooks: FakePortOneWebhooks;
  private readonly service: FakePortOneService;
  private readonly failures = new FailureRules<FakePortOne.IFailure>();
  private clock: () => Date;
  private webhookUrl: string | null;
  private retryDelaysMs: number[];

  public constructor(private readonly options: FakePortOne.IOptions) {
    this.clock = options.now ?? (() => new Date());
    this.webhookUrl = options.webhookUrl ?? null;
    this.retryDelaysMs = options.webhookRetryDelaysMs ?? FakePortOne.RETRY_DELAYS_MS;
    this.webhooks = new FakePortOneWebhooks({
      delaysMs: () => this.retryDelaysMs,
      timeoutMs: options.webhookTimeoutMs ?? 30_000,
      maxLog: options.maxRecords ?? 100_000,
      now: () => this.clock(),
    });
    this.service = new FakePortOneService({
      now: () => this.clock(),
      webhooks: this.webhooks,
      webhookUrl: (store) => (store.webhookUrl !== undefined ? store.webhookUrl : this.webhookUrl),
    });
    for (const store of options.stores ?? [{ ...FakePortOne.SANDBOX }]) this.addStore(store);
  }

  /** e.g. `http://127.0.0.1:37004` */
  public get host(): string {
    return `http://${this.options.hostname ?? "127.0.0.1"}:${this.options.port}`;
  }

  public async open(): Promise<void> {
    if (this.app !== null) return;
    const app = await NestFactory.create<NestFastifyApplication>(
      FakePortOne.module(this.service, this.webhooks, { byStoreId: (id) => [...this.stores.values()].find((s) => s.storeId === id) ?? null }),
      new FastifyAdapter({ forceCloseConnections: true, bodyLimit: 1024 * 1024 }),
      { logger: false },
    );
    app.useGlobalFilters(new FakePortOneExceptionFilter());
    const fastify = app.getHttpAdapter().getInstance();
    // The official SDK posts its JSON without a content type (fetch then says text/plain).
    fastify.addContentTypeParser("text/plain", { parseAs: "string" }, (_request, body, done) => {
      try {
        done(null, body === "" ? undefined : JSON.parse(body as string));
      } catch {
        done(FakePortOneError.INVALID_REQUEST("본문이 올바른 JSON이 아닙니다."), undefined);
      }
    });
    fastify.addHook("onRequest", (request, reply) => this.onRequest(request as IPortOneRequest, reply));
    fastify.addHook("onSend", async (request, reply, payload) => {
      if ((request as IPortOneRequest).portoneAfter === "drop") request.raw.socket.destroy();
      return payload;
    });
    await app.listen(this.options.port, this.options.hostname ?? "127.0.0.1");
    this.app = app;
  }

  public async close(): Promise<void> {
    this.webhooks.close();
    this.failures.wakeAll(); // held answers go out now
    const app = this.app;
    this.app = null;
    if (app !== null) await app.close();
  }

  /* ----------------------------------------------------------------
    RUNTIME CONTROLS (tests)
  ---------------------------------------------------------------- */
  /** Add a failure rule; returns a function removing it. */
  public inject(failure: FakePortOne.IFailure): () => void {
    return this.failures.add(failure);
  }

  /** Where webhooks go: every store, or one store. `null` stops them. */
  /** Requests a `hang` failure holds right now. */
  public held(): number {
    return this.failures.holding;
  }

  public setWebhookUrl(url: string | null, storeId?: string): void {
    if (storeId === undefined) this.webhookUrl = url;
    else this.store(storeId).webhookUrl = url;
  }
  public setWebhookRetryDelays(delaysMs: number[]): void {
    this.retryDelaysMs = [...delaysMs];
  }
  public setClock(now: () => Date): void {
    this.clock = now;
  }
  /** Webhook deliveries (newest last), every attempt included. */
  public deliveries(storeId?: string): FakePortOneWebhooks.IDelivery[] {
    return this.webhooks.deliveries(storeId);
  }
  public addStore(store: FakePortOne.IStore): void {
    const max = this.options.maxRecords ?? 100_000;
    const ttlMs = this.options.recordTtlMs ?? 30 * 24 * 3_600_000;
    const now = () => this.clock().getTime();
    this.stores.set(store.apiSecret, {
      storeId: store.storeId,
      apiSecret: store.apiSecret,
      webhookSecret: store.webhookSecret,
      channelKey: store.channelKey,
      merchantId: store.merchantId ?? `merchant-${store.storeId}`,
      webhookUrl: store.webhookUrl,
      payments: new BoundedMap({ max, ttlMs, now }),
      preRegistered: new BoundedMap({ max, ttlMs, now }),
      billingKeys: new BoundedMap({ max, ttlMs, now }),
      cashReceipts: new BoundedMap({ max, ttlMs, now }),
    });
  }

  /* ----------------------------------------------------------------
    HOOKS: auth, failure injection
  ---------------------------------------------------------------- */
  private async onRequest(request: IPortOneRequest, reply: FastifyReply): Promise<void> {
    const path = request.url.split("?")[0]!;
    // The browser's script and window name their store by its id, as PortOne's do: no secret.
    if (BROWSER_PATHS.has(path)) return;
    const match = /^PortOne\s+(.+)$/.exec(request.headers.authorization ?? "");
    const store = match !== null ? this.stores.get(match[1]!.trim()) : undefined;
    if (store === undefined) return this.fail(reply, FakePortOneError.UNAUTHORIZED());
    request.portoneStore = store;
    if (path.startsWith("/internal/")) return;
    const failure = this.failures.take(request.method, path);
    if (failure === null) return;
    if ((failure.when ?? "before") === "after") {
      // The work is done, the answer is lost: the client sees an unknown outcome.
      if (failure.mode === "drop") request.portoneAfter = "drop";
      return;
    }
    if (failure.mode === "hang") await this.failures.sleep(failure.ms ?? 60_000);
    else if (failure.mode === "drop") request.raw.socket.destroy();
    else this.fail(reply, new FakePortOneError(failure.status ?? 500, failure.type ?? "INTERNAL", failure.message ?? "내부 오류가 발생했습니다."));
  }

  private fail(reply: FastifyReply, error: FakePortOneError): void {
    void reply.code(error.status).header("content-type", "application/json; charset=utf-8").send(error.body());
  }

  private store(storeId: string): IFakePortOneStore {
    for (const store of this.stores.values()) if (store.storeId === storeId) return store;
    throw new Error(`FakePortOne: no store ${storeId}`);
  }

  private static module(service: FakePortOneService, webhooks: FakePortOneWebhooks, stores: IFakePortOneStores): DynamicModule {
    return {
      module: FakePortOneModule,
      controllers: [FakePortOnePaymentsController, FakePortOneListingsController, FakePortOneBillingKeysController, FakePortOneInternalController, FakePortOneBrowserController, FakePortOneCashReceiptsController, FakePortOneEscrowController],
      providers: [
        { provide: FAKE_PORTONE_STORES, useValue: stores },
        { provide: FakePortOneService, useValue: service },
        { provide: FakePortOneWebhooks, useValue: webhooks },
      ],
    };
  }
}
export namespace FakePortOne {
  /** As PortOne documents (see FakePortOneWebhooks): 1, 4, 16, 64, 256 minutes. */
  export const RETRY_DELAYS_MS: number[] = [1, 4, 16, 64, 256].map((m) => m * 60_000);

  export interface IOptions {
    port: number;
    hostname?: string;
    /** Stores by API secret; default the one SANDBOX store. */
    stores?: IStore[];
    webhookUrl?: string | null;
    now?: () => Date;
    webhookRetryDelaysMs?: number[];
    webhookTimeoutMs?: number;
    maxRecords?: number;
    recordTtlMs?: number;
  }
  export interface IStore {
    storeId: string;
    apiSecret: string;
    webhookSecret: string;
    channelKey: string;
    merchantId?: string;
    webhookUrl?: string | null;
  }
  /**
   * Failure injection on the API (never `/internal/*`); the first matching rule applies.
   * `error` answers `status` (500) with `{type, message}`; `hang` holds the request `ms`;
   * `drop` closes the connection, before the work or (`when: "after"`) after it.
   */
  export interface IFailure {
    path: string;
    method?: "GET" | "POST";
    mode: "error" | "hang" | "drop";
    when?: "before" | "after";
    status?: number;
    type?: string;
    message?: string;
    ms?: number;
    times?: number;
  }
}

@Module({})
class FakePortOneModule {}

const BROWSER_PATHS: ReadonlySet<string> = new Set(["/v2/browser-sdk.js", "/window", "/window/result"]);

interface IPortOneRequest extends FastifyRequest {
  portoneStore?: IFakePortOneStore;
  portoneAfter?: "drop";
}
