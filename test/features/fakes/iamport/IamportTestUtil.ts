import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

import { IIamportResponse } from "../../../../src/api/structures/iamport/IIamportResponse";
import { IIamportWebhook } from "../../../../src/api/structures/iamport/IIamportWebhook";
import { IamportAdapter } from "../../../../src/pg/iamport/IamportAdapter";
import { PgError } from "../../../../src/pg/PgError";
import { TestContext } from "../../../TestContext";

/** Helpers of the fake-Iamport scenarios (no scenario in here). */
export namespace IamportTestUtil {
  export const adapter = (ctx: TestContext, timeoutMs: number = 5_000): IamportAdapter =>
    new IamportAdapter({
      host: ctx.iamport.host,
      stores: { [ctx.iamport.storeId]: { impKey: ctx.iamport.impKey, impSecret: ctx.iamport.impSecret } },
      timeoutMs,
    });

  export const uid = (prefix: string): string => `${prefix}_${Date.now()}_${randomBytes(4).toString("hex")}`;

  /** A valid (approved) card of the sandbox. */
  export const CARD = {
    card_number: "4092-0230-1234-1234",
    expiry: "2099-12",
    birth: "900101",
    pwd_2digit: "00",
  };

  export interface IRaw<T = any> {
    status: number;
    body: IIamportResponse<T>;
  }

  export const raw = async <T = any>(
    ctx: TestContext,
    method: string,
    path: string,
    body?: object | string,
    token?: string | null,
    headers: Record<string, string> = {},
  ): Promise<IRaw<T>> => {
    const h: Record<string, string> = { ...headers };
    if (body !== undefined && h["content-type"] === undefined) h["content-type"] = "application/json";
    if (token) h.authorization = token.includes(" ") ? token : `Bearer ${token}`;
    const res = await fetch(ctx.iamport.host + path, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text: string = await res.text();
    let parsed: IIamportResponse<T>;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`${method} ${path}: answer is not JSON (HTTP ${res.status}): ${text.slice(0, 200)}`);
    }
    return { status: res.status, body: parsed };
  };

  export const token = async (ctx: TestContext): Promise<string> => {
    const r = await raw(ctx, "POST", "/users/getToken", {
      imp_key: ctx.iamport.impKey,
      imp_secret: ctx.iamport.impSecret,
    });
    if (r.status !== 200 || r.body.code !== 0) throw new Error(`getToken failed: ${JSON.stringify(r)}`);
    return r.body.response.access_token;
  };

  /** Call an authenticated route and demand success (HTTP 200, code 0). */
  export const ok = async <T = any>(
    ctx: TestContext,
    method: string,
    path: string,
    body?: object,
  ): Promise<T> => {
    const r = await raw<T>(ctx, method, path, body, await token(ctx));
    if (r.status !== 200 || r.body.code !== 0)
      throw new Error(`${method} ${path} should succeed, got HTTP ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.response;
  };

  export const assert = (condition: unknown, message: string): void => {
    if (!condition) throw new Error(message);
  };

  export const equal = <T>(actual: T, expected: T, what: string): void => {
    if (JSON.stringify(actual) !== JSON.stringify(expected))
      throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  };

  /** Assert a raw envelope failure. */
  export const refused = (r: IRaw, status: number, code: number | "nonzero", what: string): void => {
    if (r.status !== status || (code === "nonzero" ? r.body.code === 0 : r.body.code !== code) || r.body.response !== null)
      throw new Error(`${what}: expected HTTP ${status} code ${code} response null, got HTTP ${r.status} ${JSON.stringify(r.body)}`);
    if (typeof r.body.message !== "string" || r.body.message.length === 0)
      throw new Error(`${what}: a failure must carry a message`);
  };

  /** Assert the promise rejects with a PgError of this kind (and pg_code when given). */
  export const pgError = async (
    task: Promise<unknown>,
    kind: PgError["props"]["kind"],
    what: string,
    pg_code?: string,
  ): Promise<PgError> => {
    try {
      await task;
    } catch (exp) {
      if (!(exp instanceof PgError)) throw new Error(`${what}: expected PgError ${kind}, got ${String(exp)}`);
      if (exp.props.kind !== kind || (pg_code !== undefined && exp.props.pg_code !== pg_code))
        throw new Error(`${what}: expected PgError ${kind}${pg_code ? ` ${pg_code}` : ""}, got ${exp.message}`);
      if (exp.props.vendor !== "iamport") throw new Error(`${what}: vendor must be iamport`);
      return exp;
    }
    throw new Error(`${what}: expected PgError ${kind}, but it succeeded`);
  };

  /** A tiny webhook receiver on 127.0.0.1, port 0. */
  export interface IReceiver {
    url: string;
    received: IIamportWebhook[];
    /** Resolves with the first received body matching, waiting at most `ms`. */
    wait(predicate: (w: IIamportWebhook) => boolean, ms?: number): Promise<IIamportWebhook>;
    close(): Promise<void>;
  }
  export const receiver = async (): Promise<IReceiver> => {
    const received: IIamportWebhook[] = [];
    const waiters: (() => void)[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        try {
          if (!String(req.headers["content-type"]).includes("application/json"))
            throw new Error("webhook must be JSON");
          received.push(JSON.parse(Buffer.concat(chunks).toString("utf8")));
        } catch (exp) {
          received.push({ imp_uid: "INVALID", merchant_uid: String(exp), status: "failed" });
        }
        res.writeHead(200).end("OK");
        waiters.splice(0).forEach((w) => w());
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port: number = (server.address() as AddressInfo).port;
    return {
      url: `http://127.0.0.1:${port}/iamport/webhook`,
      received,
      wait: (predicate, ms = 5_000) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`no matching webhook within ${ms}ms; received ${JSON.stringify(received)}`)),
            ms,
          );
          const check = (): void => {
            const found = received.find(predicate);
            if (found !== undefined) {
              clearTimeout(timer);
              resolve(found);
            } else waiters.push(check);
          };
          check();
        }),
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  };

  /** Point the fake's default webhook URL at a fresh receiver for the duration of `task`. */
  export const withReceiver = async <T>(
    ctx: TestContext,
    task: (r: IReceiver) => Promise<T>,
  ): Promise<T> => {
    const r = await receiver();
    const previous = ctx.iamport.fake.getWebhookUrl();
    ctx.iamport.fake.setWebhookUrl(r.url);
    try {
      return await task(r);
    } finally {
      ctx.iamport.fake.setWebhookUrl(previous);
      await r.close();
    }
  };

  /** Deliveries the fake recorded (synchronously, at the event) for one payment. */
  export const deliveriesOf = (ctx: TestContext, imp_uid: string): IIamportWebhook[] =>
    ctx.iamport.fake.deliveries.filter((d) => d.body.imp_uid === imp_uid).map((d) => d.body);
}
