import http from "node:http";
import https from "node:https";

import type { IPaymentVendor } from "../api/structures/IPaymentVendor";
import { PgError } from "./PgError";

/**
 * The HTTP exchange every PG client makes, with one rule for what failed before an answer:
 * a request that cannot be sent (a header that is not printable ASCII) is `rejected` (nothing
 * reached the PG), a timeout or a broken connection is `unavailable` (the outcome is unknown:
 * never assumed failed). What an answer means is each client's own.
 *
 * Plain `node:http(s)` over kept-alive agents, one timer per exchange: measured in bench/,
 * `fetch` (undici's web streams, an `AbortSignal.timeout` per call) cost about 9 % of a
 * registration's CPU.
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
    /** A body sent as it is (a JWE), with its content type, instead of `body`. */
    text?: { contentType: string; value: string };
    /** The whole exchange, reading the answer included. */
    timeoutMs: number;
  }

  export interface IAnswer {
    status: number;
    text: string;
  }

  // Idle sockets are closed before the PGs' own keep-alive timeouts would cut them mid-request.
  const agents = {
    "http:": new http.Agent({ keepAlive: true, keepAliveMsecs: 1_000, maxSockets: 256, timeout: 30_000 }),
    "https:": new https.Agent({ keepAlive: true, keepAliveMsecs: 1_000, maxSockets: 256, timeout: 30_000 }),
  };

  export const send = (request: IRequest): Promise<IAnswer> => {
    for (const [name, value] of Object.entries(request.headers))
      if (!/^[\x20-\x7e]*$/.test(value))
        return Promise.reject(
          new PgError({ vendor: request.vendor, kind: "rejected", pg_code: "INVALID_REQUEST", message: `The ${name} header is not printable ASCII; nothing was sent.`, status: null }),
        );
    const target = new URL(request.url);
    const payload = request.text !== undefined ? request.text.value : request.body !== undefined ? JSON.stringify(request.body) : undefined;
    const contentType = request.text !== undefined ? request.text.contentType : "application/json";
    const headers: Record<string, string> = {
      accept: "application/json",
      ...(payload !== undefined ? { "content-type": contentType, "content-length": String(Buffer.byteLength(payload)) } : {}),
      ...request.headers,
    };
    return new Promise<IAnswer>((resolve, reject) => {
      let status: number | null = null;
      let settled = false;
      const fail = (pg_code: "TIMEOUT" | "NETWORK", message: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(new PgError({ vendor: request.vendor, kind: "unavailable", pg_code, message, status }));
      };
      const lib = target.protocol === "https:" ? https : http;
      const req = lib.request(target, { method: request.method, headers, agent: target.protocol === "https:" ? agents["https:"] : agents["http:"] }, (res) => {
        status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ status: status!, text: Buffer.concat(chunks).toString("utf8") });
        });
        // The body broke off or timed out mid-answer: the outcome is unknown.
        res.on("error", () => fail("NETWORK", `${request.name}'s answer was cut off.`));
        res.on("aborted", () => fail("NETWORK", `${request.name}'s answer was cut off.`));
      });
      const timer = setTimeout(() => {
        fail("TIMEOUT", status === null ? `No answer from ${request.name} within ${request.timeoutMs} ms.` : `${request.name}'s answer was cut off.`);
        req.destroy();
      }, request.timeoutMs);
      req.on("error", (exp) => fail("NETWORK", status === null ? `Could not reach ${request.name}: ${exp.message}` : `${request.name}'s answer was cut off.`));
      req.end(payload);
    });
  };
}
