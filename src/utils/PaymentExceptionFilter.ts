import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from "@nestjs/common";
import type { FastifyReply, FastifyRequest } from "fastify";

import { DatabaseOutage } from "../db/DatabaseOutage";
import { ENCRYPTION_FAILED } from "../providers/security/ClientKeyring";
import { PaymentError } from "./PaymentError";

/**
 * Every error leaves as `{code, message}` with a stable code; nothing else (no stack, no
 * framework body) reaches a caller. Unexpected errors are logged and answered 500 INTERNAL.
 */
@Catch()
export class PaymentExceptionFilter implements ExceptionFilter {
  public constructor(private readonly outage: DatabaseOutage | null = null) {}

  public catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const error = PaymentExceptionFilter.plainBody(this.translate(exception), host.switchToHttp().getRequest<FastifyRequest>()?.body);
    // An unexpected failure and a PG refusing our credentials (an operator's to fix) are logged
    // with the stack, under the request's id (the access line's `reqId`), through the server's
    // logger: LogSafe keeps query parameters out of it. A known condition (a PG or the database
    // not answering, a shutdown) is not a bug: its own tracker logs it once, not per request.
    if (error.code === "INTERNAL" || error.code === "PG_MISCONFIGURED")
      host.switchToHttp().getRequest<FastifyRequest>().log.error({ err: exception, code: error.code }, `answered ${error.status} ${error.code}`);
    if (error.retryAfter !== null) void reply.header("retry-after", String(error.retryAfter));
    void reply
      .status(error.status)
      .header("content-type", "application/json; charset=utf-8")
      .send(JSON.stringify({ ...error.details, code: error.code, message: error.message }));
  }

  /**
   * A body that is plain JSON where an encrypted one is expected is told so, not taken for a
   * wrong key: it is the first thing a newcomer with curl or Swagger's "Try it out" sends.
   */
  private static plainBody(error: PaymentError, body: unknown): PaymentError {
    if (error.code !== "ENCRYPTION_FAILED" || typeof body !== "string" || !/^\s*[[{]/.test(body)) return error;
    return new PaymentError(
      401,
      "ENCRYPTION_FAILED",
      "The request body is plain JSON, and the routes under /payments take it encrypted: AES-256-CBC with your client's transport key and iv, base64, Content-Type: text/plain (the SDK does it; the README shows it with openssl).",
    );
  }

  private translate(exp: unknown): PaymentError {
    if (exp instanceof PaymentError) return exp;
    const unavailable = this.outage?.refuse(exp) ?? null;
    if (unavailable !== null) return unavailable;
    // A body that decrypted to garbage fails in JSON.parse: the same as a wrong key.
    if (exp instanceof SyntaxError) return ENCRYPTION_FAILED();
    if ((exp instanceof HttpException ? exp.getStatus() : (exp as { statusCode?: unknown })?.statusCode) === 413)
      return new PaymentError(413, "PAYLOAD_TOO_LARGE", "The request body is larger than this route accepts.");
    if (exp instanceof HttpException) {
      const status = exp.getStatus();
      const body = exp.getResponse() as string | { message?: unknown; errors?: TypiaError[]; path?: string; expected?: string };
      const message = typeof body === "string" ? body : String(body.message ?? exp.message);
      if (message.startsWith("Failed to decrypt")) return ENCRYPTION_FAILED();
      if (message.includes('is not "text/plain"'))
        return new PaymentError(400, "INVALID_CONTENT_TYPE", 'Encrypted routes take a text/plain body (base64 of the AES-256-CBC ciphertext).');
      if (status === 400 && typeof body === "object" && Array.isArray(body.errors))
        return new PaymentError(400, "INVALID_BODY", describe(body.errors));
      if (status === 400 && typeof body === "object" && body.path !== undefined)
        return new PaymentError(400, "INVALID_BODY", describe([{ path: body.path, expected: body.expected ?? "?" }]));
      if (status === 404) return new PaymentError(404, "ROUTE_NOT_FOUND", message);
      if (status < 500) return new PaymentError(status, "INVALID_BODY", message);
    }
    // Fastify's own errors (unparsable JSON, body too large) carry a statusCode.
    const statusCode = (exp as { statusCode?: unknown })?.statusCode;
    if (typeof statusCode === "number" && statusCode >= 400 && statusCode < 500)
      return new PaymentError(statusCode, "INVALID_BODY", (exp as Error).message);
    return new PaymentError(500, "INTERNAL", "An internal error occurred; it has been logged.");
  }
}

interface TypiaError {
  path: string;
  expected: string;
}
const describe = (errors: TypiaError[]): string =>
  "Invalid body: " +
  errors
    .slice(0, 10)
    .map((e) => {
      const path = e.path.replace(/^\$input/, "body");
      // validateEquals reports a field the DTO does not declare as "expected undefined".
      return e.expected === "undefined" ? `${path} is not a known field` : `${path} must be ${e.expected}`;
    })
    .join("; ");
