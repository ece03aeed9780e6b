import type { Logger } from "pino";

import { Database } from "../db/Database";
import type { IPaymentConfiguration } from "../PaymentConfiguration";
import { PaymentGateways } from "../pg/PaymentGateways";
import { TossGateway } from "../pg/toss/TossGateway";
import { IamportGateway } from "../pg/iamport/IamportGateway";
import { PortOneGateway } from "../pg/portone/PortOneGateway";
import { AtRestCipher } from "../utils/AtRestCipher";
import { PasswordHasher } from "../utils/PasswordHasher";
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
  /** Set when shutting down: readiness answers 503 while in-flight requests finish. */
  public draining = false;

  public constructor(
    public readonly config: IPaymentConfiguration,
    public readonly database: Database,
    /** The server's pino logger (errors go through LogSafe). */
    public readonly logger: Logger,
  ) {
    this.metrics = new PaymentMetrics(database);
    this.webhookHosts = new WebhookUrlPolicy.HostLookups((outcome) => this.metrics.webhookHostLookups.inc({ outcome }));
    this.ciphers = {
      payment: new AtRestCipher(config.at_rest_keys.payment),
      billing: new AtRestCipher(config.at_rest_keys.billing),
    };
    this.hasher = new PasswordHasher(config.password_pepper);
    this.keyring = new ClientKeyring(config);
    this.gateways = new PaymentGateways(
      // One line per gateway, each built from its own configuration section.
      [
        TossGateway.create(config.toss, config.pg_timeout_ms),
        IamportGateway.create(config.iamport, config.pg_timeout_ms),
        PortOneGateway.create(config.portone, config.pg_timeout_ms),
      ],
      (call, seconds) => this.metrics.pgCalls.observe(call, seconds),
    );
  }

  public get db() {
    return this.database.db;
  }
}
