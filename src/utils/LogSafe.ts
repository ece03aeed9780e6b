import type { LoggerService } from "@nestjs/common";
import type { Logger } from "pino";

/**
 * What of an error may reach a log line. The query layer puts the SQL and every parameter in
 * its error message (`Failed query: … params: …`): record password hashes, at-rest
 * ciphertexts, webhook URLs and source ids, any of which a client can trigger. PostgreSQL
 * quotes the offending value in some messages (`invalid input syntax for type uuid: "…"`).
 * Logs keep the kind of failure, its database code and the stack frames, never a value.
 */
export namespace LogSafe {
  export interface ISafeError {
    type: string;
    message: string;
    code?: string;
    stack?: string;
  }

  /** pino's `err` serializer: every logged error goes through it. */
  export const error = (exp: unknown): ISafeError => {
    if (!(exp instanceof Error)) return { type: typeof exp, message: text(String(exp)) };
    const database = databaseCause(exp);
    const message = database !== null ? `database error ${database.code}: ${quoted(database.message)}` : text(exp.message);
    const frames = (exp.stack ?? "")
      .split("\n")
      .filter((line) => /^\s+at /.test(line))
      .join("\n");
    return {
      type: exp.name,
      message,
      ...(database !== null ? { code: database.code } : {}),
      stack: `${exp.name}: ${message}${frames ? `\n${frames}` : ""}`,
    };
  };

  /** A free text (a framework's log message) with any query and parameters cut out. */
  export const text = (message: string): string =>
    message.replace(/Failed query:[\s\S]*?params:[^\n]*/g, "Failed query: [query and parameters not logged]");

  /** PostgreSQL's own message without the values it quotes. */
  const quoted = (message: string): string => text(message).replace(/"[^"]*"/g, '"…"');

  /** The driver's error (SQLSTATE code) under the query layer's wrapper, if this is one. */
  const databaseCause = (exp: Error): { code: string; message: string } | null => {
    for (let e: unknown = exp, depth = 0; e instanceof Error && depth < 8; e = (e as { cause?: unknown }).cause, ++depth) {
      const code = (e as { code?: unknown }).code;
      if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return { code, message: e.message };
    }
    return /^Failed query:/.test(exp.message) ? { code: "unknown", message: "" } : null;
  };

  /** Nest's own log lines, into the same pino logger, scrubbed like the rest. */
  export class NestLogger implements LoggerService {
    public constructor(private readonly logger: Logger) {}
    public log(message: unknown, context?: string): void {
      this.logger.info({ context }, text(String(message)));
    }
    public error(message: unknown, stack?: string, context?: string): void {
      if (message instanceof Error) this.logger.error({ context, err: message }, "error");
      else this.logger.error({ context, ...(stack ? { stack: text(stack) } : {}) }, text(String(message)));
    }
    public warn(message: unknown, context?: string): void {
      this.logger.warn({ context }, text(String(message)));
    }
    public debug(message: unknown, context?: string): void {
      this.logger.debug({ context }, text(String(message)));
    }
    public verbose(message: unknown, context?: string): void {
      this.logger.trace({ context }, text(String(message)));
    }
  }
}
