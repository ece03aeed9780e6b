import type { Logger } from "pino";

import { Database } from "../db/Database";
import { DatabaseOutage } from "../db/DatabaseOutage";
import type { IPaymentConfiguration } from "../PaymentConfiguration";
import { PaymentGateways } from "../pg/PaymentGateways";
import { PgRegistry } from "../pg/PgRegistry";
import { AtRestCipher } from "../utils/AtRestCipher";
import { PasswordHasher } from "../utils/PasswordHasher";
import { Clock } from "../utils/Clock";
import { PgCallLog } from "./monitors/PgCallLog";
import { AccessTrail } from "./audit/AccessTrail";
import { PaymentMetrics } from "./PaymentMetrics";
import { ClientKeyring } from "./security/ClientKeyring";
import { WebhookUrlPolicy } from "./webhooks/WebhookUrlPolicy";

/**
 * Everything one server instance holds: configuration, database, keys and PG adapters.
 * Built once by PaymentBackend and given to Nest as a provider, so that several instances
 * can live in one process (tests run two against one database).
 */
export class PaymentContext {
  public readonly ciphers: { payment: AtRestCipher; billing: AtRestCipher };
  public readonly hasher: PasswordHasher;
  public readonly keyring: ClientKeyring;
  public readonly gateways: PaymentGateways;
  public readonly metrics: PaymentMetrics;
  /** Webhook hosts looked up at registration, their answers kept a while. */
  public readonly webhookHosts: WebhookUrlPolicy.HostLookups;
  /** When this instance was built (it listens right after). */
  public readonly started_at = new Date();
  /** Whether the database answers: an outage is answered 503 and logged once. */
  public readonly outage: DatabaseOutage;
  /** Who read or changed which record (appended as requests are answered). */
  public readonly trail: AccessTrail;
  /** The PG calls that name a payment, for the console's timelines. */
  public readonly pgCalls: PgCallLog;
  /** Set when shutting down: readiness answers 503 while in-flight requests finish. */
  public draining = false;

  public constructor(
    public readonly config: IPaymentConfiguration,
    public readonly database: Database,
    /** The server's pino logger (errors go through LogSafe). */
    public readonly logger: Logger,
    /** What schedules fall due by: real time, or the sandbox's movable clock. */
    public readonly clock: Clock = new Clock(),
  ) {
    this.metrics = new PaymentMetrics(database);
    this.trail = new AccessTrail(database, logger);
    this.pgCalls = new PgCallLog(database, logger);
    this.outage = new DatabaseOutage(() => database.query("SELECT 1"), logger, (down) => this.metrics.databaseUp.set(down ? 0 : 1));
    this.metrics.databaseUp.set(1);
    this.webhookHosts = new WebhookUrlPolicy.HostLookups((outcome) => this.metrics.webhookHostLookups.inc({ outcome }));
    this.ciphers = {
      payment: new AtRestCipher(config.at_rest_keys.payment),
      billing: new AtRestCipher(config.at_rest_keys.billing),
    };
    this.hasher = new PasswordHasher(config.password_pepper);
    this.keyring = new ClientKeyring(config);
    this.gateways = new PaymentGateways(
      // Every registered gateway, each built from its own configuration section.
      PgRegistry.gateways(config, config.pg_timeout_ms),
      ({ ref, ...call }, seconds) => {
        this.metrics.pgCalls.observe(call, seconds);
        if (ref !== null) this.pgCalls.record({ ...call, ref }, seconds);
      },
      {
        threshold: config.pg_breaker_threshold,
        minCooldownMs: 1_000,
        maxCooldownMs: 10_000,
        // A PG outage is logged once when it starts and once when it ends, not per call.
        onChange: (vendor, open) => {
          this.metrics.pgCircuitOpen.set({ vendor }, open ? 1 : 0);
          this.logger.warn(
            { event: open ? "pg.circuit_opened" : "pg.circuit_closed", vendor },
            open ? `${vendor} keeps failing: its calls are held back and probed` : `${vendor} answers again`,
          );
        },
      },
    );
  }

  public get db() {
    return this.database.db;
  }
}
