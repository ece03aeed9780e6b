import type { Logger } from "pino";

import { PaymentError } from "../utils/PaymentError";

/** SQLSTATE classes and codes that mean "the database is not there", not "this statement is wrong". */
const UNAVAILABLE_STATES = new Set(["57P01", "57P02", "57P03", "53300", "08000", "08001", "08003", "08004", "08006"]);
const UNAVAILABLE_ERRNOS = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "EAI_AGAIN"]);
const UNAVAILABLE_MESSAGES = [/connection terminated/i, /not currently accepting connections/i, /terminating connection/i, /timeout exceeded when trying to connect/i, /not queryable/i, /connection .*closed/i, /PGlite is closed/i];

/**
 * Whether the database answers. A failure that means it does not (refused, reset, shut down)
 * turns into `503 DATABASE_UNAVAILABLE` with `Retry-After` instead of a logged 500; the outage
 * is logged once when it starts and once when it ends (with how long and how many requests
 * it refused), not per request. While it lasts a probe asks the database every second.
 */
export class DatabaseOutage {
  /** Seconds a caller is told to wait before asking again. */
  public static readonly RETRY_AFTER_SECONDS = 2;
  private since: number | null = null;
  private refused = 0;
  private probe: NodeJS.Timeout | null = null;
  private closed = false;

  public constructor(
    private readonly ping: () => Promise<unknown>,
    private readonly logger: Logger,
    private readonly onChange: (down: boolean) => void = () => {},
  ) {}

  /** Whether an outage is going on. */
  public get down(): boolean {
    return this.since !== null;
  }

  /** Whether `exp` (or what caused it) says the database is unreachable. */
  public static is(exp: unknown): boolean {
    for (let e: unknown = exp, depth = 0; e !== null && e !== undefined && depth < 5; e = (e as { cause?: unknown }).cause, ++depth) {
      const { code, message } = e as { code?: unknown; message?: unknown };
      if (typeof code === "string" && (UNAVAILABLE_STATES.has(code) || UNAVAILABLE_ERRNOS.has(code))) return true;
      if (typeof message === "string" && UNAVAILABLE_MESSAGES.some((m) => m.test(message))) return true;
      if (e instanceof AggregateError && e.errors.some((inner) => DatabaseOutage.is(inner))) return true;
    }
    return false;
  }

  /**
   * The answer for a failure: `503 DATABASE_UNAVAILABLE` (and the outage noted) when the
   * database is unreachable, null otherwise.
   */
  public refuse(exp: unknown): PaymentError | null {
    if (!this.noted(exp)) return null;
    ++this.refused;
    return DatabaseOutage.error();
  }

  /** Note a failure seen by a worker: true (and nothing else to log) when it is the outage. */
  public noted(exp: unknown): boolean {
    if (!DatabaseOutage.is(exp)) return false;
    this.start(exp);
    return true;
  }

  public static error(): PaymentError {
    return new PaymentError(
      503,
      "DATABASE_UNAVAILABLE",
      "The database does not answer; nothing was changed by this request. Retry after the time in Retry-After.",
      false,
      null,
      DatabaseOutage.RETRY_AFTER_SECONDS,
    );
  }

  public close(): void {
    this.closed = true;
    if (this.probe !== null) clearTimeout(this.probe);
    this.probe = null;
  }

  private start(exp: unknown): void {
    if (this.since !== null || this.closed) return;
    this.since = Date.now();
    this.refused = 0;
    // The driver's own error, at the end of the causes: a query builder's wrapper quotes the
    // statement and its parameters (hashes, ciphertexts), which never reach a log line.
    let root = exp as { cause?: unknown; code?: unknown; message?: unknown } | null;
    while (root?.cause !== undefined && root.cause !== null) root = root.cause as typeof root;
    const code = typeof root?.code === "string" ? root.code : null;
    const reason = typeof root?.message === "string" && !root.message.startsWith("Failed query") ? root.message.slice(0, 200) : null;
    this.logger.warn({ event: "database.unavailable", code, reason }, "the database does not answer: requests get 503 DATABASE_UNAVAILABLE until it does");
    this.onChange(true);
    this.schedule();
  }

  private schedule(): void {
    if (this.closed) return;
    this.probe = setTimeout(() => {
      this.ping().then(
        () => this.end(),
        () => this.schedule(),
      );
    }, 1_000);
    this.probe.unref();
  }

  private end(): void {
    if (this.since === null) return;
    const downMs = Date.now() - this.since;
    this.since = null;
    this.probe = null;
    if (this.closed) return;
    this.logger.warn({ event: "database.available", down_ms: downMs, refused: this.refused }, "the database answers again");
    this.onChange(false);
  }
}
