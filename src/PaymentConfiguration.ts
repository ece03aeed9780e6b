import dotenv from "dotenv";

import { ENVIRONMENT } from "./PaymentEnvironment";
import typia, { tags } from "typia";

import { type IPgConfigurations, PG_REGISTRY, PgRegistry } from "./pg/PgRegistry";
import type { IEnvironmentReader } from "./utils/EnvironmentReader";
import { type IPgEdgeConfiguration, PgEdgeConfiguration } from "./providers/edge/PgEdgeConfiguration";
import { CashReceiptConfiguration, type ICashReceiptConfiguration } from "./providers/receipts/CashReceiptConfiguration";
import { type ISubscriptionConfiguration, SubscriptionConfiguration } from "./providers/subscriptions/SubscriptionConfiguration";
import { type IPayoutConfiguration, PayoutConfiguration } from "./providers/payouts/PayoutConfiguration";
import { type IConsoleConfiguration, ConsoleConfiguration } from "./console/ConsoleConfiguration";
import type { IPaymentVendor } from "./api/structures/IPaymentVendor";

/**
 * Typed configuration, read once from the environment (and `.env`, which never overrides
 * a variable already set). Every value has a sandbox default so that `npm start` needs
 * nothing; production sets real keys. Checked at start: each missing or wrong variable is
 * named in one error.
 */
export interface IPaymentConfiguration extends IPgConfigurations {
  /** HTTP port of payments-server. */
  port: number & tags.Type<"uint32"> & tags.Maximum<65535>;
  /** Host to listen on. */
  host: string;
  /** PostgreSQL URL; `null` selects the embedded PGlite database. */
  database_url: string | null;
  /** Data folder of the embedded PGlite database (ignored when `database_url` is set). */
  pglite_dir: string;
  /** Pool size of the `pg` driver. */
  database_pool_size: number & tags.Type<"uint32"> & tags.Minimum<1>;
  /**
   * Calling services and their transport keys (AES-256-CBC: key 32 bytes, iv 16 bytes,
   * as ASCII strings, exactly as @nestia/fetcher takes them). Selected by the
   * `x-payments-client` header; a request without it uses `default_client`.
   * Rotation: add a second client id with the new key, move the caller, remove the old one.
   */
  clients: IPaymentConfiguration.IClient[] & tags.MinItems<1>;
  /** Client id used when a request carries no `x-payments-client` header; `null` to require it. */
  default_client: string | null;
  /**
   * At-rest keys (AES-256-GCM), 32 bytes each as 64 hex chars, one per column family.
   * `payment`: PG payment objects; `billing`: billing-key objects.
   */
  at_rest_keys: { payment: string & tags.Pattern<"^[0-9a-fA-F]{64}$">; billing: string & tags.Pattern<"^[0-9a-fA-F]{64}$"> };
  /** Server-side secret mixed into every record-password hash (HMAC key), 64 hex chars. */
  password_pepper: string & tags.Pattern<"^[0-9a-fA-F]{64}$">;
  /** Failed password attempts allowed per record and window before 429. */
  password_max_failures: number & tags.Type<"uint32"> & tags.Minimum<1>;
  password_failure_window_seconds: number & tags.Type<"uint32"> & tags.Minimum<1>;
  /** Marketplace settlements: default delays per role, and the days business-day delays skip. */
  settlement: {
    delays: IPaymentConfiguration.ISettlementDelays;
    /** Korean public holidays (YYYY-MM-DD), skipped with weekends by business-day delays. */
    holidays: (string & tags.Format<"date">)[];
  };
  /** Timeout of one PG call, in milliseconds. */
  pg_timeout_ms: number & tags.Type<"uint32"> & tags.Minimum<100>;
  /** Log level of pino. */
  log_level: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** Sandbox mode: start the fake PGs in-process and point the adapters at them. */
  sandbox: boolean;
  /** Serve the API documentation at /docs (Swagger UI, offline) and /docs/openapi.json. */
  docs: boolean;
  /**
   * Count each HTTP request's SQL statements (`payments_http_request_sql_statements`). Off
   * by default outside the sandbox: following a request through its awaits (AsyncLocalStorage)
   * costs about a tenth of a read's CPU on Node 20 (measured by bench/).
   */
  sql_statement_metrics: boolean;
  /** How long an idempotency key and its answer are kept, in seconds (default 24 h). */
  idempotency_ttl_seconds: number & tags.Type<"uint32"> & tags.Minimum<1>;
  /** How long a prepared order waits for its payment, in seconds (default 1 h). */
  prepared_order_ttl_seconds: number & tags.Type<"uint32"> & tags.Minimum<1>;
  /**
   * How long after the PG reports a prepared order paid its caller has to register it before
   * the server registers it itself, in seconds (default 60).
   */
  prepared_completion_grace_seconds: number & tags.Type<"uint32">;
  /** The sweep of the PGs' listings, orphans and the daily reconciliation of transactions. */
  edge: IPgEdgeConfiguration;
  cash_receipt: ICashReceiptConfiguration;
  subscription: ISubscriptionConfiguration;
  /** Seller payouts a PG executes (src/providers/payouts/PayoutConfiguration.ts). */
  payout: IPayoutConfiguration;
  /** The operator console (src/console/ConsoleConfiguration.ts). */
  console: IConsoleConfiguration;
  /** Run the background workers (reconciler, webhook delivery, purges) in this process. */
  workers: boolean;
  /** How often the reconciler looks for payments left pending, in milliseconds. */
  reconcile_interval_ms: number & tags.Type<"uint32"> & tags.Minimum<10>;
  /** A payment pending longer than this (ms) is re-read from its PG and settled. */
  reconcile_after_ms: number & tags.Type<"uint32">;
  /** PG calls the reconciler makes at once, per PG and instance. */
  reconcile_concurrency: number & tags.Type<"uint32"> & tags.Minimum<1> & tags.Maximum<64>;
  /** Calls in a row without an answer after which a PG's circuit breaker holds calls back. */
  pg_breaker_threshold: number & tags.Type<"uint32"> & tags.Minimum<1>;
  webhook: {
    /**
     * Delays before each retry of an undelivered event, in milliseconds; after the last,
     * the event is dead-lettered. Default: exponential over about three days.
     */
    retry_delays_ms: (number & tags.Type<"uint32">)[];
    /** Random extra delay, as a fraction of each delay (0.2 = up to +20%). */
    jitter: number & tags.Minimum<0> & tags.Maximum<1>;
    /** Connect and total timeouts of one delivery, in milliseconds. */
    connect_timeout_ms: number & tags.Type<"uint32"> & tags.Minimum<10>;
    timeout_ms: number & tags.Type<"uint32"> & tags.Minimum<10>;
    /** How often a worker looks for due events, in milliseconds. */
    poll_interval_ms: number & tags.Type<"uint32"> & tags.Minimum<5>;
    /** Events one worker delivers at once. */
    concurrency: number & tags.Type<"uint32"> & tags.Minimum<1>;
    /** Allow loopback targets (127.0.0.0/8, ::1, localhost). Default: only in sandbox. */
    allow_loopback: boolean;
    /** Allow private and link-local targets (10/8, 172.16/12, 192.168/16, 169.254/16, fc00::/7, fe80::/10). */
    allow_private: boolean;
  };
  /**
   * Bearer token of the operators: `GET /monitors/performance`, `/monitors/system` and
   * `/metrics` need `Authorization: Bearer <token>`. Not a client's transport key.
   */
  operator_token: string & tags.MinLength<16>;
  /** A port for `/metrics` without the credential (one scrape per pm2 worker: port + instance number); `null` = none. */
  metrics_port: (number & tags.Type<"uint32"> & tags.Maximum<65535>) | null;
  /**
   * How long an idle keep-alive connection stays open, in ms; announced to clients
   * (`Keep-Alive: timeout=…`), who drop it first. Behind a load balancer, make it longer than
   * the balancer's idle timeout (and DRAIN_GRACE_MS longer still).
   */
  keep_alive_timeout_ms: number & tags.Type<"uint32"> & tags.Minimum<1000>;
  /**
   * On shutdown, how long idle keep-alive connections are left to their clients (who drop
   * them within the announced keep-alive timeout) before they are closed, in ms.
   */
  drain_grace_ms: number & tags.Type<"uint32">;
  /** How long finished records are kept before the workers purge them, in days. */
  retention: {
    /** Inbound PG webhooks (raw bodies, outcomes), counted from receipt. */
    inbound_webhooks_days: number & tags.Type<"uint32"> & tags.Minimum<1>;
    /** Outgoing events no longer pending (delivered, dead, gone, skipped) and their attempts. */
    webhook_events_days: number & tags.Type<"uint32"> & tags.Minimum<1>;
    /** Access-trail entries, counted from the request (2 years by default). */
    access_trail_days: number & tags.Type<"uint32"> & tags.Minimum<1>;
    /**
     * Payment and supply records (histories, their cash receipts): their personal data is
     * erased this long after the payment's last change (5 years: 전자상거래법 시행령 제6조).
     */
    payment_records_days: number & tags.Type<"uint32"> & tags.Minimum<1>;
    /**
     * Complaint and dispute records: a payment with a dispute keeps its personal data this long
     * after its last change, when that is longer than `payment_records_days` (3 years: ibid.).
     */
    complaint_records_days: number & tags.Type<"uint32"> & tags.Minimum<1>;
  };
  /** Ports of the fake PGs in sandbox mode. */
  fake_toss_port: number & tags.Type<"uint32"> & tags.Maximum<65535>;
  fake_iamport_port: number & tags.Type<"uint32"> & tags.Maximum<65535>;
  fake_portone_port: number & tags.Type<"uint32"> & tags.Maximum<65535>;
  /** Port of the sandbox's demo shop (a caller of this server, for the browser checkout). */
  sandbox_shop_port: number & tags.Type<"uint32"> & tags.Maximum<65535>;
}
export namespace IPaymentConfiguration {
  export interface IClient {
    id: string & tags.Pattern<"^[A-Za-z0-9._-]{1,64}$">;
    /** 32 printable ASCII characters: their bytes are the AES-256 key. */
    key: string & tags.Pattern<"^[\\x21-\\x7e]{32}$">;
    /** 16 printable ASCII characters: their bytes are the CBC iv. */
    iv: string & tags.Pattern<"^[\\x21-\\x7e]{16}$">;
    /**
     * Standard Webhooks secrets (`whsec_` + base64) signing the webhooks sent to this client.
     * Two at once during a rotation: every delivery carries a signature by each.
     */
    webhook_secrets?: (string & tags.Pattern<"^whsec_[A-Za-z0-9+/=]{16,}$">)[];
    /** This client's default settlement delay per role, in days (over `settlement.delays`). */
    settlement_delays?: Partial<IPaymentConfiguration.ISettlementDelays>;
    /**
     * The body of the webhooks sent to this client. `encrypted` (default): the event encrypted
     * with the transport key, as `payment-backend` receivers expect, so that buyer data (PG
     * objects, virtual accounts) stays encrypted end to end whatever the receiver's TLS.
     * `plain`: the event as JSON, which the official Standard Webhooks libraries verify with
     * their ordinary `verify()`; its receiver should then be reached over https.
     */
    webhook_body?: "encrypted" | "plain";
    /**
     * The PG stores whose payments are this client's: a paid payment nobody registered at one
     * of them (an orphan) is announced to this client (`payment.orphaned`).
     */
    stores?: { code: IPaymentVendor.Code; store_id: string & tags.MinLength<1> }[];
    /**
     * What becomes of this client's orphans: `announce` (default) only tells; `cancel` also
     * refunds each in full at its PG, with a reason, and announces that too.
     */
    orphan_policy?: "announce" | "cancel";
    /**
     * Where events that belong to none of this client's records are sent (orphans), signed and
     * retried like every webhook; none: they are kept as records only (operator route).
     */
    events_url?: string & tags.Format<"uri">;
    /**
     * Cash receipts issued by the workers when a payment in cash (virtual account, transfer)
     * is paid: `never` (default: only those the shop or its buyer asks for), `always`, or
     * `threshold` (at or above `threshold` won, default 100,000: what a business bound to
     * issue must issue unasked). Unasked, one goes to the National Tax Service's number for
     * receipts nobody asked for (010-000-1234, income deduction).
     */
    cash_receipt_policy?: { issue: "never" | "always" | "threshold"; threshold?: number & tags.Type<"uint32"> };
    /** This client's retry ladder of declined schedule charges, in days (over `subscription.retry_days`). */
    subscription_retry_days?: (number & tags.Type<"uint32"> & tags.Minimum<1> & tags.Maximum<60>)[];
  }
  /** Default days before a role's share becomes payable, when a plan names no delay. */
  export interface ISettlementDelays {
    supplier: number & tags.Type<"uint32"> & tags.Maximum<90>;
    partner: number & tags.Type<"uint32"> & tags.Maximum<90>;
    other: number & tags.Type<"uint32"> & tags.Maximum<90>;
  }
}

/**
 * SANDBOX DEFAULTS. Public, committed, and only fit for local use and tests:
 * production must override every key (the server refuses to start with them when
 * NODE_ENV=production).
 */
export const SANDBOX = {
  client: {
    id: "default",
    key: "sandbox-transport-key-32-bytes!!",
    iv: "sandbox-iv-16byt",
    webhook_secrets: ["whsec_c2FuZGJveC13ZWJob29rLXNlY3JldC0wMQ=="],
  },
  at_rest_payment: "00".repeat(31) + "01",
  at_rest_billing: "00".repeat(31) + "02",
  password_pepper: "00".repeat(31) + "03",
  operator_token: "sandbox-operator-token",
  /** Each PG's, from its configuration section (its folder under src/pg). */
  ...PgRegistry.SANDBOX,
} as const;

export { ENVIRONMENT } from "./PaymentEnvironment";

export class ConfigurationError extends Error {
  public constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigurationError";
  }
}

export namespace PaymentConfiguration {
  /**
   * Read and check the configuration. `env` defaults to `process.env` after `.env` is
   * loaded; `overrides` lets an embedding program (tests, PaymentBackend) set values in code.
   */
  export const load = (
    overrides: Partial<IPaymentConfiguration> = {},
    env: NodeJS.ProcessEnv = loadEnv(),
  ): IPaymentConfiguration => {
    const problems: string[] = [];
    const json = <T>(name: keyof typeof ENVIRONMENT, fallback: T): T => {
      const text = env[name];
      if (text === undefined || text === "") return fallback;
      try {
        return JSON.parse(text) as T;
      } catch {
        problems.push(`${name}: not valid JSON`);
        return fallback;
      }
    };
    const int = (name: keyof typeof ENVIRONMENT, fallback: number): number => {
      const text = env[name];
      if (text === undefined || text === "") return fallback;
      const value = Number(text);
      if (Number.isInteger(value)) return value;
      problems.push(`${name}: "${text}" is not an integer`);
      return fallback; // reported once, here, not again by the type check

    };
    const bool = (name: keyof typeof ENVIRONMENT, fallback: boolean): boolean => {
      const text = env[name];
      if (text === undefined || text === "") return fallback;
      if (text !== "true" && text !== "false") problems.push(`${name}: "${text}" is not true or false`);
      return text === "true";
    };
    const reader: IEnvironmentReader = { env, json: json as IEnvironmentReader["json"], int: int as IEnvironmentReader["int"] };
    const production = env.NODE_ENV === "production";
    const sandbox = env.SANDBOX !== undefined && env.SANDBOX !== "" ? env.SANDBOX === "true" : !production;
    const config: IPaymentConfiguration = {
      port: int("PORT", 37001),
      // The sandbox runs with public keys: only this machine may reach it unless HOST says otherwise.
      host: env.HOST || (sandbox ? "127.0.0.1" : "0.0.0.0"),
      database_url: env.DATABASE_URL || null,
      pglite_dir: env.PGLITE_DIR || "./.data/pglite",
      database_pool_size: int("DATABASE_POOL_SIZE", 10),
      clients: json("PAYMENTS_CLIENTS", [{ ...SANDBOX.client, webhook_secrets: [...SANDBOX.client.webhook_secrets] }]),
      default_client:
        env.PAYMENTS_DEFAULT_CLIENT === undefined ? SANDBOX.client.id : env.PAYMENTS_DEFAULT_CLIENT || null,
      at_rest_keys: {
        payment: env.AT_REST_KEY_PAYMENT || SANDBOX.at_rest_payment,
        billing: env.AT_REST_KEY_BILLING || SANDBOX.at_rest_billing,
      },
      password_pepper: env.PASSWORD_PEPPER || SANDBOX.password_pepper,
      password_max_failures: int("PASSWORD_MAX_FAILURES", 10),
      password_failure_window_seconds: int("PASSWORD_FAILURE_WINDOW_SECONDS", 600),
      // Each gateway's own section, declared in its folder under src/pg.
      ...PgRegistry.read(reader),
      settlement: {
        delays: json("SETTLEMENT_DELAYS", { supplier: 3, partner: 7, other: 0 }),
        holidays: (env.SETTLEMENT_HOLIDAYS ?? "").split(",").map((d) => d.trim()).filter((d) => d !== ""),
      },
      pg_timeout_ms: int("PG_TIMEOUT_MS", 10_000),
      log_level: (env.LOG_LEVEL || "info") as IPaymentConfiguration["log_level"],
      idempotency_ttl_seconds: int("IDEMPOTENCY_TTL_SECONDS", 86_400),
      prepared_order_ttl_seconds: int("PREPARED_ORDER_TTL_SECONDS", 3_600),
      prepared_completion_grace_seconds: int("PREPARED_COMPLETION_GRACE_SECONDS", 60),
      edge: PgEdgeConfiguration.read(reader),
      cash_receipt: CashReceiptConfiguration.read(reader),
      subscription: SubscriptionConfiguration.read(reader),
      payout: PayoutConfiguration.read(reader),
      console: ConsoleConfiguration.read(reader, sandbox),
      workers: bool("WORKERS", true),
      reconcile_interval_ms: int("RECONCILE_INTERVAL_MS", 30_000),
      reconcile_after_ms: int("RECONCILE_AFTER_MS", 60_000),
      reconcile_concurrency: int("RECONCILE_CONCURRENCY", 8),
      pg_breaker_threshold: int("PG_BREAKER_THRESHOLD", 5),
      webhook: {
        retry_delays_ms:
          env.WEBHOOK_RETRY_DELAYS_MS !== undefined && env.WEBHOOK_RETRY_DELAYS_MS !== ""
            ? env.WEBHOOK_RETRY_DELAYS_MS.split(",").map((x) => Number(x.trim()))
            : [30e3, 120e3, 600e3, 1_800e3, 3_600e3, 10_800e3, 21_600e3, 43_200e3, 86_400e3, 86_400e3],
        jitter: env.WEBHOOK_JITTER ? Number(env.WEBHOOK_JITTER) : 0.2,
        connect_timeout_ms: int("WEBHOOK_CONNECT_TIMEOUT_MS", 3_000),
        timeout_ms: int("WEBHOOK_TIMEOUT_MS", 10_000),
        poll_interval_ms: int("WEBHOOK_POLL_INTERVAL_MS", 500),
        concurrency: int("WEBHOOK_CONCURRENCY", 16),
        allow_loopback: bool("WEBHOOK_ALLOW_LOOPBACK", sandbox),
        allow_private: bool("WEBHOOK_ALLOW_PRIVATE", false),
      },
      operator_token: env.OPERATOR_TOKEN || SANDBOX.operator_token,
      metrics_port: env.METRICS_PORT ? int("METRICS_PORT", 0) : null,
      keep_alive_timeout_ms: int("KEEP_ALIVE_TIMEOUT_MS", 4_000),
      drain_grace_ms: int("DRAIN_GRACE_MS", 5_000),
      retention: {
        inbound_webhooks_days: int("RETENTION_INBOUND_WEBHOOKS_DAYS", 90),
        webhook_events_days: int("RETENTION_WEBHOOK_EVENTS_DAYS", 90),
        access_trail_days: int("RETENTION_ACCESS_TRAIL_DAYS", 730),
        payment_records_days: int("RETENTION_PAYMENT_RECORDS_DAYS", 1_827),
        complaint_records_days: int("RETENTION_COMPLAINT_RECORDS_DAYS", 1_096),
      },
      sandbox,
      docs: bool("DOCS", sandbox),
      sql_statement_metrics: bool("SQL_STATEMENT_METRICS", sandbox),
      fake_toss_port: int(...PG_REGISTRY.toss.configuration.FAKE_PORT),
      fake_iamport_port: int(...PG_REGISTRY.iamport.configuration.FAKE_PORT),
      fake_portone_port: int(...PG_REGISTRY.portone.configuration.FAKE_PORT),
      sandbox_shop_port: int("SANDBOX_SHOP_PORT", 37005),
      ...overrides,
    };
    const checked = typia.validate<IPaymentConfiguration>(config);
    if (checked.success === false)
      for (const e of checked.errors)
        problems.push(`${describe(e.path)}: expected ${e.expected}, got ${JSON.stringify(e.value)}`);
    if (config.default_client !== null && !config.clients.some((c) => c.id === config.default_client))
      problems.push(`PAYMENTS_DEFAULT_CLIENT: "${config.default_client}" is not one of PAYMENTS_CLIENTS`);
    if (new Set(config.clients.map((c) => c.id)).size !== config.clients.length)
      problems.push("PAYMENTS_CLIENTS: client ids must be unique");
    const owned = config.clients.flatMap((c) => (c.stores ?? []).map((s) => `${s.code}/${s.store_id}`));
    if (new Set(owned).size !== owned.length) problems.push("PAYMENTS_CLIENTS: a store is named by two clients (an orphan has one owner)");
    if (production) {
      // Refuse the public sandbox secrets where real money moves.
      if (config.clients.some((c) => c.key === SANDBOX.client.key)) problems.push("PAYMENTS_CLIENTS: sandbox key in production");
      if (config.at_rest_keys.payment === SANDBOX.at_rest_payment) problems.push("AT_REST_KEY_PAYMENT: sandbox key in production");
      if (config.at_rest_keys.billing === SANDBOX.at_rest_billing) problems.push("AT_REST_KEY_BILLING: sandbox key in production");
      if (config.password_pepper === SANDBOX.password_pepper) problems.push("PASSWORD_PEPPER: sandbox key in production");
      if (config.operator_token === SANDBOX.operator_token) problems.push("OPERATOR_TOKEN: sandbox token in production");
    }
    if (problems.length) throw new ConfigurationError(problems);
    return config;
  };

  const loadEnv = (): NodeJS.ProcessEnv => {
    dotenv.config({ quiet: true });
    return process.env;
  };

  /** typia path `$input.toss.stores["x"].secret_key` → the variable a user sets. */
  const describe = (path: string): string => {
    const p = path.replace(/^\$input\.?/, "");
    const table: [RegExp, string][] = [
      [/^port/, "PORT"], [/^host/, "HOST"], [/^database_url/, "DATABASE_URL"], [/^pglite_dir/, "PGLITE_DIR"],
      [/^database_pool_size/, "DATABASE_POOL_SIZE"], [/^clients/, "PAYMENTS_CLIENTS"],
      [/^default_client/, "PAYMENTS_DEFAULT_CLIENT"], [/^at_rest_keys\.payment/, "AT_REST_KEY_PAYMENT"],
      [/^at_rest_keys\.billing/, "AT_REST_KEY_BILLING"], [/^password_pepper/, "PASSWORD_PEPPER"],
      [/^password_max_failures/, "PASSWORD_MAX_FAILURES"], [/^password_failure_window/, "PASSWORD_FAILURE_WINDOW_SECONDS"],
      ...PgRegistry.PATHS,
      [/^settlement\.delays/, "SETTLEMENT_DELAYS"], [/^settlement\.holidays/, "SETTLEMENT_HOLIDAYS"],
      [/^pg_timeout_ms/, "PG_TIMEOUT_MS"], [/^log_level/, "LOG_LEVEL"],
      [/^idempotency_ttl/, "IDEMPOTENCY_TTL_SECONDS"], [/^prepared_order_ttl/, "PREPARED_ORDER_TTL_SECONDS"],
      [/^prepared_completion_grace/, "PREPARED_COMPLETION_GRACE_SECONDS"],
      ...PgEdgeConfiguration.PATHS, ...CashReceiptConfiguration.PATHS, ...SubscriptionConfiguration.PATHS, ...PayoutConfiguration.PATHS, ...ConsoleConfiguration.PATHS, [/^workers/, "WORKERS"], [/^reconcile_interval/, "RECONCILE_INTERVAL_MS"], [/^reconcile_after/, "RECONCILE_AFTER_MS"],
      [/^reconcile_concurrency/, "RECONCILE_CONCURRENCY"], [/^pg_breaker/, "PG_BREAKER_THRESHOLD"],
      [/^webhook\.retry/, "WEBHOOK_RETRY_DELAYS_MS"], [/^webhook\.jitter/, "WEBHOOK_JITTER"],
      [/^webhook\.connect/, "WEBHOOK_CONNECT_TIMEOUT_MS"], [/^webhook\.timeout/, "WEBHOOK_TIMEOUT_MS"],
      [/^webhook\.poll/, "WEBHOOK_POLL_INTERVAL_MS"], [/^webhook\.concurrency/, "WEBHOOK_CONCURRENCY"],
      [/^webhook\.allow_loopback/, "WEBHOOK_ALLOW_LOOPBACK"], [/^webhook\.allow_private/, "WEBHOOK_ALLOW_PRIVATE"],
      [/^operator_token/, "OPERATOR_TOKEN"], [/^metrics_port/, "METRICS_PORT"],
      [/^drain_grace/, "DRAIN_GRACE_MS"], [/^keep_alive/, "KEEP_ALIVE_TIMEOUT_MS"],
      [/^retention\.inbound/, "RETENTION_INBOUND_WEBHOOKS_DAYS"], [/^retention\.webhook_events/, "RETENTION_WEBHOOK_EVENTS_DAYS"],
      [/^retention\.access_trail/, "RETENTION_ACCESS_TRAIL_DAYS"], [/^retention\.payment_records/, "RETENTION_PAYMENT_RECORDS_DAYS"],
      [/^retention\.complaint_records/, "RETENTION_COMPLAINT_RECORDS_DAYS"],
      [/^docs/, "DOCS"], [/^sql_statement_metrics/, "SQL_STATEMENT_METRICS"], [/^fake_toss_port/, "FAKE_TOSS_PORT"], [/^fake_iamport_port/, "FAKE_IAMPORT_PORT"],
      [/^fake_portone_port/, "FAKE_PORTONE_PORT"], [/^sandbox_shop_port/, "SANDBOX_SHOP_PORT"],
    ];
    const found = table.find(([r]) => r.test(p));
    return found ? `${found[1]} (${p})` : p;
  };
}
