import type { IPaymentVendor } from "../api/structures/IPaymentVendor";
import { PgError } from "./PgError";

/**
 * The HTTP exchange every PG client makes, with one rule for what failed before an answer:
 * a request that cannot be sent (a header that is not printable ASCII) is `rejected` (nothing
 * reached the PG), a timeout or a broken connection is `unavailable` (the outcome is unknown:
 * never assumed failed). What an answer means is each client's own.
 */
export namespace PgTransport {
  export interface IRequest {
    vendor: IPaymentVendor.Code;
    /** The PG's name in messages. */
    name: string;
    url: string;
    method: string;
    headers: Record<string, string>;
    body?: object;
    /** The whole exchange, reading the answer included. */
    timeoutMs: number;
  }

  export interface IAnswer {
    status: number;
    text: string;
  }

  export const send = async (request: IRequest): Promise<IAnswer> => {
    for (const [name, value] of Object.entries(request.headers))
      if (!/^[\x20-\x7e]*$/.test(value))
        throw new PgError({ vendor: request.vendor, kind: "rejected", pg_code: "INVALID_REQUEST", message: `The ${name} header is not printable ASCII; nothing was sent.`, status: null });
    const headers = { accept: "application/json", ...(request.body !== undefined ? { "content-type": "application/json" } : {}), ...request.headers };
    let response: Response;
    try {
      response = await fetch(request.url, {
        method: request.method,
        headers,
        body: request.body !== undefined ? JSON.stringify(request.body) : undefined,
        signal: AbortSignal.timeout(request.timeoutMs),
      });
    } catch (exp) {
      const timeout = exp instanceof Error && (exp.name === "TimeoutError" || exp.name === "AbortError");
      throw new PgError({
        vendor: request.vendor,
        kind: "unavailable",
        pg_code: timeout ? "TIMEOUT" : "NETWORK",
        message: timeout ? `No answer from ${request.name} within ${request.timeoutMs} ms.` : `Could not reach ${request.name}: ${exp instanceof Error ? exp.message : String(exp)}`,
        status: null,
      });
    }
    try {
      return { status: response.status, text: await response.text() };
    } catch (exp) {
      // The body timed out or the connection broke mid-answer: the outcome is unknown.
      throw new PgError({
        vendor: request.vendor,
        kind: "unavailable",
        pg_code: exp instanceof Error && exp.name === "TimeoutError" ? "TIMEOUT" : "NETWORK",
        message: `${request.name}'s answer was cut off.`,
        status: response.status,
      });
    }
  };
}
