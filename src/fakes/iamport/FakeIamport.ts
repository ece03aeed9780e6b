import "reflect-metadata";

import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  INestApplication,
  Module,
} from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import { FastifyAdapter, NestFastifyApplication } from "@nestjs/platform-fastify";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { AddressInfo } from "node:net";

import { FAKE_IAMPORT_MERCHANTS, FakeIamportBrowserController, IFakeIamportMerchants } from "./controllers/FakeIamportBrowserController";
import { FakeIamportInternalController } from "./controllers/FakeIamportInternalController";
import { FakeIamportPaymentsController } from "./controllers/FakeIamportPaymentsController";
import { FakeIamportReceiptsController } from "./controllers/FakeIamportReceiptsController";
import { FakeIamportEscrowsController } from "./controllers/FakeIamportEscrowsController";
import { FAKE_IAMPORT_HANG, FAKE_IAMPORT_SERVICE } from "./controllers/FakeIamportReply";
import { FakeIamportSubscribeController } from "./controllers/FakeIamportSubscribeController";
import { FakeIamportUsersController } from "./controllers/FakeIamportUsersController";
import { FakeIamportVbanksController } from "./controllers/FakeIamportVbanksController";
import { FakeIamportService } from "./FakeIamportService";
import { FakeIamportWebhooks } from "./FakeIamportWebhooks";

/**
 * A fake Iamport (PortOne V1) REST API server, for tests and local sandboxes.
 *
 * Real paths and envelopes (`/users/getToken`, `/payments/...`, `/subscribe/...`,
 * `/vbanks`, `/receipts`), in-memory bounded storage, webhooks to `notice_url` or the
 * configured URL, simulation endpoints under `/internal/...` (see FakeIamportInternalController),
 * magic card numbers ({@link FakeIamport.CARDS}) and runtime failure injection
 * ({@link FakeIamport.inject}).
 *
 * ```ts
 * const fake = new FakeIamport({ port: 37003 });
 * await fake.open();
 * // ... IamportAdapter({ host: fake.host, ... })
 * await fake.close();
 * ```
 */
export class FakeIamport {
  private app: INestApplication | null = null;
  private port: number;
  private clock: (() => Date) | null;
  private webhookUrl: string | null;
  private injections: (FakeIamport.IInjection & { id: number })[] = [];
  private sequence: number = 0;
  private readonly hanging = new Set<FastifyReply>();
  private readonly counts = new Map<string, number>();
  private readonly service: FakeIamportService;
  private readonly webhooks: FakeIamportWebhooks;
  private readonly merchants: IFakeIamportMerchants;

  public constructor(private readonly options: FakeIamport.IOptions) {
    this.port = options.port;
    this.clock = options.now ?? null;
    this.webhookUrl = options.webhookUrl ?? null;
    const keys = options.keys ?? [{ ...FakeIamport.SANDBOX_KEY, imp_code: FakeIamport.SANDBOX_IMP_CODE }];
    this.merchants = {
      ownerOf: (impCode) => keys.find((k) => k.imp_code === impCode)?.imp_key ?? null,
      all: () => keys.map((k) => ({ imp_code: k.imp_code ?? null, imp_key: k.imp_key })),
      webhooks: () => this.webhooks.deliveries(),
    };
    this.webhooks = new FakeIamportWebhooks({ timeoutMs: options.webhookTimeoutMs ?? 5_000, maxLog: 100 });
    this.service = new FakeIamportService({
      keys: () => keys,
      now: () => (this.clock ?? (() => new Date()))(),
      webhookUrl: () => this.webhookUrl,
      deliver: (url, body) => {
        if (this.dropping > 0) {
          --this.dropping;
          return;
        }
        this.webhooks.send(url, body);
      },
      tokenTtlSeconds: options.tokenTtlSeconds ?? 30 * 60,
      capacity: options.storage?.capacity ?? 10_000,
      ttlMs: options.storage?.ttlMs ?? 24 * 60 * 60 * 1000,
    });
  }

  /** e.g. `http://127.0.0.1:37003` (the real port once open, when `port` was 0). */
  public get host(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  public async open(): Promise<void> {
    if (this.app !== null) return;
    const service = this.service;
    const hang = (reply: FastifyReply) => this.hold(reply);
    @Module({
      controllers: [
        FakeIamportUsersController,
        FakeIamportPaymentsController,
        FakeIamportSubscribeController,
        FakeIamportVbanksController,
        FakeIamportReceiptsController,
        FakeIamportEscrowsController,
        FakeIamportInternalController,
        FakeIamportBrowserController,
      ],
      providers: [
        { provide: FAKE_IAMPORT_SERVICE, useValue: service },
        { provide: FAKE_IAMPORT_MERCHANTS, useValue: this.merchants },
        { provide: FAKE_IAMPORT_HANG, useValue: hang },
      ],
    })
    class FakeIamportModule {}

    const adapter = new FastifyAdapter({ bodyLimit: 1024 * 1024 });
    const app: NestFastifyApplication = await NestFactory.create<NestFastifyApplication>(
      FakeIamportModule,
      adapter,
      { logger: false },
    );
    app.useGlobalFilters(new EnvelopeFilter());
    adapter.getInstance().addHook("onRequest", (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
      const path: string = `${req.method} ${req.url.split("?")[0]}`;
      this.counts.set(path, (this.counts.get(path) ?? 0) + 1);
      const injection = this.match(req);
      if (injection === null) return done();
      if (injection.mode === "hang") return this.hold(reply);
      void reply
        .status(injection.status ?? 500)
        .header("content-type", "application/json; charset=utf-8")
        .send({ code: -1, message: "일시적인 장애가 발생하였습니다. (FAKE: injected failure)", response: null });
    });
    await app.listen(this.options.port, this.options.hostname ?? "127.0.0.1");
    this.port = (app.getHttpServer().address() as AddressInfo).port;
    this.app = app;
  }

  public async close(): Promise<void> {
    const app = this.app;
    if (app === null) return;
    this.app = null;
    for (const reply of this.hanging) reply.raw.destroy();
    this.hanging.clear();
    await app.close();
  }

  /* ----------------------------------------------------------------
    RUNTIME CONTROLS (tests)
  ---------------------------------------------------------------- */
  /**
   * Make matching requests fail: `mode: "error"` answers `status` (default 500) with the
   * envelope, `mode: "hang"` never answers (connection dropped after `hangMs` or at close).
   * Applies to the next `times` matching requests (default: until removed). Returns a
   * function removing it.
   */
  public inject(injection: FakeIamport.IInjection): () => void {
    const id: number = ++this.sequence;
    this.injections.push({ ...injection, id });
    return () => {
      this.injections = this.injections.filter((i) => i.id !== id);
    };
  }

  public clearInjections(): void {
    this.injections = [];
  }

  /** Failure injection: the next `count` webhooks are never sent (lost on the way, as the real ones can be). */
  public dropWebhooks(count: number): void {
    this.dropping = count;
  }
  private dropping = 0;

  /** Where webhooks go when a payment has no `notice_url`; `null` sends none. */
  public setWebhookUrl(url: string | null): void {
    this.webhookUrl = url;
  }

  public getWebhookUrl(): string | null {
    return this.webhookUrl;
  }

  /** Replace the clock (token expiry, timestamps, storage expiry); `null` restores the real one. */
  public setClock(now: (() => Date) | null): void {
    this.clock = now ?? this.options.now ?? null;
  }

  /** How many requests reached e.g. `"POST /users/getToken"` since open (for tests). */
  public requestCount(route: string): number {
    return this.counts.get(route) ?? 0;
  }

  /* ----------------------------------------------------------------
    INTERNALS
  ---------------------------------------------------------------- */
  private match(req: FastifyRequest): FakeIamport.IInjection | null {
    const path: string = req.url.split("?")[0]!;
    for (const inj of this.injections) {
      if (inj.method !== undefined && inj.method.toUpperCase() !== req.method) continue;
      const hit: boolean =
        typeof inj.path === "string"
          ? path === inj.path || path.startsWith(inj.path.endsWith("/") ? inj.path : inj.path + "/")
          : inj.path.test(path);
      if (!hit) continue;
      if (inj.times !== undefined) {
        inj.times -= 1;
        if (inj.times <= 0) this.injections = this.injections.filter((i) => i !== inj);
      }
      return inj;
    }
    return null;
  }

  private hold(reply: FastifyReply): void {
    this.hanging.add(reply);
    const timer = setTimeout(() => {
      this.hanging.delete(reply);
      reply.raw.destroy();
    }, this.options.hangMs ?? 30_000);
    timer.unref();
    reply.raw.on("close", () => {
      clearTimeout(timer);
      this.hanging.delete(reply);
    });
  }

  /** Last webhook deliveries (at most 100), newest last. */
  public get deliveries(): FakeIamportWebhooks.IDelivery[] {
    return this.webhooks.deliveries();
  }
}
export namespace FakeIamport {
  export interface IOptions {
    /** 0 picks a free port (read it back from `host` once open). */
    port: number;
    /** Bind address, default 127.0.0.1. */
    hostname?: string;
    /**
     * Accepted REST API key pairs, one per store, each with the merchant code a page gives
     * `IMP.init` (its browser window). Default: {@link SANDBOX_KEY} with {@link SANDBOX_IMP_CODE}.
     */
    keys?: { imp_key: string; imp_secret: string; imp_code?: string }[];
    /** Default notice URL for payments without their own `notice_url`. */
    webhookUrl?: string | null;
    /** Clock, for token-expiry tests. Default: real time. */
    now?: () => Date;
    /** Access token lifetime, default 1800 (30 minutes, as the real API). */
    tokenTtlSeconds?: number;
    /** Bounds of each in-memory table: entries (default 10,000) and lifetime after last write (default 24h). */
    storage?: { capacity?: number; ttlMs?: number };
    /** How long a "hang" holds the connection before dropping it (default 30s). */
    hangMs?: number;
    /** Webhook delivery timeout (default 5s). */
    webhookTimeoutMs?: number;
  }
  export interface IInjection {
    /** Exact path or path prefix (by segments), or a RegExp on the path. */
    path: string | RegExp;
    method?: string;
    mode: "error" | "hang";
    /** HTTP status of `error` (default 500). */
    status?: number;
    /** Only the next N matching requests. */
    times?: number;
  }
  export type IDelivery = FakeIamportWebhooks.IDelivery;

  /** SANDBOX ONLY: default credentials of the fake. Never valid at the real Iamport. */
  export const SANDBOX_KEY = {
    imp_key: "imp_key_sandbox_payments_server",
    imp_secret: "imp_secret_sandbox_payments_server",
  } as const;
  /** SANDBOX ONLY: the sandbox merchant's identification code, for `IMP.init`. */
  export const SANDBOX_IMP_CODE = "imp_sandbox_payments_server";

  /** Magic card numbers, see {@link FakeIamportService.CARDS}. */
  export const CARDS = FakeIamportService.CARDS;
}

/** Nest/Fastify errors (bad JSON, unknown route) answered in Iamport's envelope too. */
@Catch()
class EnvelopeFilter implements ExceptionFilter {
  public catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const status: number =
      exception instanceof HttpException
        ? exception.getStatus()
        : typeof (exception as { statusCode?: unknown })?.statusCode === "number"
          ? (exception as { statusCode: number }).statusCode
          : 500;
    const message: string = exception instanceof Error ? exception.message : "Internal Server Error";
    void reply
      .status(status)
      .header("content-type", "application/json; charset=utf-8")
      .send({ code: -1, message, response: null });
  }
}
