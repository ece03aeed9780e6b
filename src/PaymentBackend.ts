import { NestFactory } from "@nestjs/core";
import crypto from "node:crypto";
import http from "node:http";
import net from "node:net";
import pino from "pino";
import { FastifyAdapter, NestFastifyApplication } from "@nestjs/platform-fastify";
import type { FastifyRequest } from "fastify";
import { AccessTrail } from "./providers/audit/AccessTrail";

import { Database } from "./db/Database";
import { IPaymentConfiguration, PaymentConfiguration } from "./PaymentConfiguration";
import { PaymentModule } from "./PaymentModule";
import { PaymentContext } from "./providers/PaymentContext";
import { ClientKeyring, INSTANCE_HEADER } from "./providers/security/ClientKeyring";
import { AccessLog } from "./utils/AccessLog";
import { DocsPage } from "./utils/DocsPage";
import { InputGuardPipe } from "./utils/InputGuardPipe";
import { LogSafe } from "./utils/LogSafe";
import { PaymentExceptionFilter } from "./utils/PaymentExceptionFilter";
import { Clock } from "./utils/Clock";

/**
 * By configuration, not by luck: these never print, whoever logs them. The wildcards make a
 * line cost several times what it would without them (measured by bench/logs.ts): kept.
 */
export const LOG_REDACTION = {
  paths: [
    "req.headers.authorization",
    "req.headers.cookie",
    'req.headers["idempotency-key"]',
    "*.password",
    "*.password_hash",
    "*.secret_key",
    "*.imp_secret",
    "*.operator_token",
    "*.card_number",
    "*.cardNumber",
    "*.data_enc",
    "*.payload_enc",
    "*.body_enc",
    "*.headers_enc",
  ],
  censor: "[redacted]",
};

/** Largest inbound PG webhook body accepted, in bytes. */
export const PG_WEBHOOK_BODY_LIMIT = 64 * 1024;

/**
 * payments-server as an object: `await new PaymentBackend(overrides).open()` starts it
 * in-process (migrating the database first), `close()` stops it gracefully. Embeddable in a
 * user's own test program.
 */
export class PaymentBackend {
  private app: NestFastifyApplication | null = null;
  private context: PaymentContext | null = null;
  private metricsServer: http.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  public readonly config: IPaymentConfiguration;

  public readonly logger: pino.Logger;
  /** The same stream and level without the redaction paths: access lines made of known scalars. */
  private readonly accessLogger: pino.Logger;

  /**
   * @param overrides Configuration set in code, over the environment.
   * @param options.logStream Where the JSON log lines go (default: stdout).
   * @param options.clock The clock schedules fall due by (default: real time), shared with the fakes in tests.
   */
  public constructor(overrides: Partial<IPaymentConfiguration> = {}, private readonly options: { logStream?: pino.DestinationStream; clock?: Clock } = {}) {
    this.config = PaymentConfiguration.load(overrides);
    // Under pm2, through process.stdout: pm2 hooks its writes to fill its per-app log files
    // (`pm2 logs`), while file descriptor 1 of a cluster worker is the pm2 daemon's own log.
    const stream = options.logStream ?? (process.env.pm_id !== undefined ? process.stdout : pino.destination({ dest: 1, sync: false }));
    // One logger for everything the server says (access lines, errors, workers, Nest itself).
    // Every error goes through LogSafe: never a query parameter, hash or ciphertext.
    this.logger = pino(
      {
        level: this.config.log_level,
        serializers: { err: LogSafe.error, error: LogSafe.error },
        redact: LOG_REDACTION,
      },
      stream,
    );
    this.accessLogger = pino({ level: this.config.log_level }, stream);
  }

  public async open(): Promise<void> {
    const database = await Database.open({
      url: this.config.database_url,
      pgliteDir: this.config.pglite_dir,
      poolSize: this.config.database_pool_size,
    });
    let app: NestFastifyApplication | null = null;
    let metricsServer: http.Server | null = null;
    let started: PaymentContext | null = null;
    try {
      await database.migrate();
      const context = new PaymentContext(this.config, database, this.logger, this.options.clock ?? new Clock());
      started = context;
      app = await NestFactory.create<NestFastifyApplication>(
        PaymentModule.forRoot(context),
        new FastifyAdapter({
          bodyLimit: 1 << 20,
          // Announced to clients (`Keep-Alive: timeout=…`): they drop an idle connection before
          // a draining instance closes it (DRAIN_GRACE_MS is longer).
          keepAliveTimeout: this.config.keep_alive_timeout_ms,
          // Structured access logs (pino, JSON lines): one line per request (AccessLog). Never bodies.
          loggerInstance: this.logger,
          logController: new AccessLog(this.accessLogger),
          genReqId: () => crypto.randomUUID(),
        }),
        // rawBody: inbound PG webhooks are stored exactly as received.
        // abortOnError false: a failure to start is thrown to the caller of open(), not a silent exit.
        { logger: new LogSafe.NestLogger(this.logger), rawBody: true, abortOnError: false },
      );
      // The PGs post a few kilobytes (Toss: one payment object; Iamport: three fields). The
      // routes are unauthenticated and every body is stored: nothing bigger is accepted.
      const fastify = app.getHttpAdapter().getInstance();
      fastify.addHook("onRoute", (route) => {
        if (route.url.startsWith("/payments/webhooks/")) route.bodyLimit = PG_WEBHOOK_BODY_LIMIT;
      });
      // With sql_statement_metrics, each request counts its own SQL statements
      // (Database.scope), observed per route.
      const metrics = context.metrics;
      if (this.config.sql_statement_metrics)
        fastify.addHook("onRequest", (request, _reply, done) => {
          const scope = { statements: 0 };
          (request as { sqlScope?: typeof scope }).sqlScope = scope;
          Database.scope.run(scope, done);
        });
      fastify.addHook("onResponse", (request, reply, done) => {
        const scope = (request as { sqlScope?: { statements: number } }).sqlScope;
        const labels = { route: request.routeOptions.url ?? "unmatched", method: request.method, status: String(reply.statusCode) };
        metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
        if (scope !== undefined) metrics.sqlStatements.observe(labels, scope.statements);
        const kind = AccessTrail.kindOf(request.routeOptions.url);
        if (kind !== null) context.trail.record(trailEntry(request, reply.statusCode, kind));
        done();
      });
      fastify.addHook("onSend", (request, reply, payload, done) => {
        if (context.draining) reply.header("connection", "close");
        // The record a trailed request answered, where its route names none (a registration, a read by source).
        if (reply.statusCode < 300 && typeof payload === "string" && typeof (request.params as { id?: unknown } | undefined)?.id !== "string" && AccessTrail.kindOf(request.routeOptions.url) !== null)
          (request as { answeredId?: string | null }).answeredId = AccessTrail.answeredId(payload, request.headers);
        done(null, payload);
      });
      const instance = context.keyring.instance;
      fastify.addHook("onRequest", (request, _reply, done) => {
        request.headers[INSTANCE_HEADER] = instance;
        done();
      });
      if (this.config.docs) DocsPage.register(fastify);
      app.useGlobalFilters(new PaymentExceptionFilter(context.outage));
      app.useGlobalPipes(new InputGuardPipe());
      // No enableShutdownHooks(): Nest would re-raise the signal after closing and the
      // process would die by it; the executables close the backend and exit 0 themselves.
      context.keyring.register();
      const server = app.getHttpServer() as http.Server;
      server.on("connection", (socket: net.Socket) => {
        this.sockets.add(socket);
        socket.once("close", () => this.sockets.delete(socket));
      });
      if (this.config.metrics_port !== null) {
        // One unauthenticated scrape target per pm2 worker: METRICS_PORT + its instance number.
        // Bound before the API listens: a worker that cannot serve its metrics does not start.
        const port = this.config.metrics_port + Number(process.env.NODE_APP_INSTANCE ?? 0);
        const scrape = http.createServer((request, response) => {
          if (request.url !== "/metrics") return void response.writeHead(404).end();
          context.metrics.registry.metrics().then(
            (text) => response.writeHead(200, { "content-type": context.metrics.registry.contentType }).end(text),
            () => response.writeHead(500).end(),
          );
        });
        await new Promise<void>((resolve, reject) => scrape.once("error", reject).listen(port, this.config.host, resolve));
        metricsServer = scrape;
      }
      await app.listen(this.config.port, this.config.host);
      this.metricsServer = metricsServer;
      this.app = app;
      this.context = context;
    } catch (exp) {
      // Nothing half-open is left behind: a failed start releases what it took.
      metricsServer?.close();
      await app?.close().catch(() => undefined);
      started?.keyring.unregister();
      await database.close();
      throw exp;
    }
  }

  /**
   * Graceful stop: readiness answers 503 at once and the listener stops accepting; requests
   * in flight finish (idle keep-alive connections are closed, busy ones after their answer);
   * then the workers stop and release what they hold, and the pool closes.
   */
  public async close(): Promise<void> {
    if (this.app === null || this.context === null) return;
    this.context.draining = true;
    await new Promise<void>((resolve) => {
      if (this.metricsServer === null) return resolve();
      this.metricsServer.close(() => resolve());
      this.metricsServer.closeAllConnections();
    });
    this.metricsServer = null;
    // Stop accepting, but do not cut idle keep-alive connections (Node's http close would): a
    // client may be writing its next request on one right now. Every answer from now on says
    // `Connection: close`; a client's idle connection is dropped by the client itself within
    // the keep-alive timeout we announced. Whatever is left after the grace is closed.
    const server = this.app.getHttpServer() as http.Server;
    net.Server.prototype.close.call(server);
    const deadline = Date.now() + this.config.drain_grace_ms;
    while (this.sockets.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    const fastify = this.app.getHttpAdapter().getInstance();
    await fastify.close();
    await this.app.close();
    await this.context.trail.flush();
    await this.context.pgCalls.flush();
    this.context.keyring.unregister();
    this.context.outage.close();
    await this.context.database.close();
    this.app = null;
    this.context = null;
  }

  /** The running instance's state (database, adapters): for tests and the monitor. */
  public get state(): PaymentContext {
    if (this.context === null) throw new Error("PaymentBackend is not open.");
    return this.context;
  }

  /** Base URL a caller on this machine uses. */
  public get host(): string {
    const host = this.config.host === "0.0.0.0" || this.config.host === "::" ? "127.0.0.1" : this.config.host;
    return `http://${host}:${this.config.port}`;
  }
}

/** A trailed request's entry: who (the client its key proved, or the operator), what, from where, and its outcome. */
const trailEntry = (request: FastifyRequest, status: number, kind: AccessTrail.Kind): AccessTrail.IEntry => {
  let client = "unknown";
  try {
    if (kind !== "operator") client = ClientKeyring.clientOfRequest(request.headers);
  } catch {
    // an unauthenticated request is recorded as unknown
  }
  const id = (request.params as { id?: unknown } | undefined)?.id;
  return {
    at: new Date(),
    actor_kind: kind === "operator" ? "operator" : "client",
    actor_id: kind === "operator" ? "operator" : client,
    action: request.method === "GET" || request.method === "PATCH" ? "read" : "change",
    method: request.method,
    route: request.routeOptions.url ?? request.url.split("?")[0]!,
    record_kind: kind,
    record_id: typeof id === "string" ? id : ((request as { answeredId?: string | null }).answeredId ?? null),
    address: request.ip ?? null,
    status,
  };
};
