import { randomUUID } from "node:crypto";
import { createServer, IncomingMessage, ServerResponse } from "node:http";
import { AddressInfo } from "node:net";

import { ITossWebhook } from "../../../../../src/api/structures/toss/ITossWebhook";
import { PgError } from "../../../../../src/pg/PgError";
import { TossAdapter } from "../../../../../src/pg/toss/TossAdapter";
import { TestContext } from "../../../../TestContext";

/** Helpers shared by the fake-Toss scenarios (no scenario here). */
export namespace TossKit {
  export const adapter = (ctx: TestContext, timeoutMs: number = 5_000, secretKey: string = ctx.toss.secretKey) =>
    new TossAdapter({ host: ctx.toss.host, stores: { [ctx.toss.storeId]: { secretKey } }, timeoutMs });

  export const orderId = (): string => `test-${randomUUID()}`;

  export const authorization = (secretKey: string): string =>
    `Basic ${Buffer.from(`${secretKey}:`).toString("base64")}`;

  /** Raw HTTP, for status codes and error bodies exactly as sent. */
  export const raw = async (
    ctx: TestContext,
    method: "GET" | "POST",
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    secretKey: string = ctx.toss.secretKey,
  ): Promise<{ status: number; body: any; headers: Headers }> => {
    const response = await fetch(ctx.toss.host + path, {
      method,
      headers: {
        Authorization: authorization(secretKey),
        ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: response.status, body: json, headers: response.headers };
  };

  /** A `/internal/*` simulation call that must succeed. */
  export const internal = async <T = any>(
    ctx: TestContext,
    path: string,
    body: unknown = {},
    secretKey: string = ctx.toss.secretKey,
  ): Promise<T> => {
    const r = await raw(ctx, "POST", `/internal${path}`, body, {}, secretKey);
    if (r.status !== 200) throw new Error(`/internal${path} answered ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body as T;
  };

  export function assert(condition: unknown, message: string): asserts condition {
    if (!condition) throw new Error(message);
  }
  export const equals = <T>(actual: T, expected: T, what: string): void => {
    if (JSON.stringify(actual) !== JSON.stringify(expected))
      throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  };

  /** The call must fail with a PgError of that kind and code. */
  export const rejects = async (
    promise: Promise<unknown>,
    kind: PgError["props"]["kind"],
    code: string,
    what: string,
  ): Promise<PgError> => {
    try {
      await promise;
    } catch (exp) {
      if (!(exp instanceof PgError)) throw new Error(`${what}: expected PgError, got ${String(exp)}`);
      if (exp.props.kind !== kind || exp.props.pg_code !== code)
        throw new Error(`${what}: expected ${kind}/${code}, got ${exp.props.kind}/${exp.props.pg_code} (${exp.message})`);
      return exp;
    }
    throw new Error(`${what}: expected ${kind}/${code}, but it succeeded`);
  };

  /** Raw error answer check: status and Toss `{code, message}`, nothing else. */
  export const errorBody = (r: { status: number; body: any }, status: number, code: string, what: string): void => {
    if (r.status !== status || r.body?.code !== code || typeof r.body?.message !== "string")
      throw new Error(`${what}: expected ${status} ${code}, got ${r.status} ${JSON.stringify(r.body)}`);
    const keys = Object.keys(r.body).sort().join(",");
    if (keys !== "code,message") throw new Error(`${what}: error body must be {code, message}, got keys ${keys}`);
  };

  export const card = {
    cardExpirationYear: "29",
    cardExpirationMonth: "12",
    customerIdentityNumber: "881212",
  } as const;

  export const keyIn = (
    ctx: TestContext,
    amount: number,
    cardNumber: string = "4330123412341234",
    id: string = orderId(),
    idempotencyKey?: string,
  ) => adapter(ctx).keyIn(ctx.toss.storeId, { amount, orderId: id, orderName: "테스트 상품", cardNumber, ...card }, idempotencyKey);

  /* ----------------------------------------------------------------
    WEBHOOKS
  ---------------------------------------------------------------- */
  export interface IReceiver {
    url: string;
    received: ITossWebhook[];
    /** status answered per request number (0-based); default 200 */
    answer: (index: number) => number;
    waitFor(predicate: (all: ITossWebhook[]) => boolean, what: string, timeoutMs?: number): Promise<void>;
    close(): Promise<void>;
  }

  /** A local webhook endpoint on 127.0.0.1 and a random port. */
  export const receiver = async (answer: (index: number) => number = () => 200): Promise<IReceiver> => {
    const received: ITossWebhook[] = [];
    let count = 0;
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        try {
          received.push(JSON.parse(Buffer.concat(chunks).toString("utf8")));
        } catch {}
        res.statusCode = self.answer(count++);
        res.end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const self: IReceiver = {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/toss`,
      received,
      answer,
      waitFor: async (predicate, what, timeoutMs = 10_000) => {
        const until = Date.now() + timeoutMs;
        while (!predicate(received)) {
          if (Date.now() > until)
            throw new Error(`webhook never came: ${what}; received ${JSON.stringify(received.map(summary))}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      },
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
    return self;
  };

  /**
   * Run `task` against a merchant of its own whose webhooks go to a fresh receiver, so that
   * payments-server (the context's merchant) never sees these test webhooks. Restores after.
   */
  export const withWebhooks = async (
    ctx: TestContext,
    task: (props: { receiver: IReceiver; secretKey: string; adapter: TossAdapter }) => Promise<void>,
    answer?: (index: number) => number,
  ): Promise<void> => {
    const secretKey = `test_sk_webhook_${randomUUID()}`;
    const rcv = await receiver(answer);
    ctx.toss.fake.addStore(secretKey, { mId: "webhook-test" });
    ctx.toss.fake.setWebhookUrl(rcv.url, secretKey);
    try {
      await task({ receiver: rcv, secretKey, adapter: adapter(ctx, 5_000, secretKey) });
    } finally {
      ctx.toss.fake.setWebhookUrl(null, secretKey);
      ctx.toss.fake.removeStore(secretKey);
      await rcv.close();
    }
  };

  export const summary = (w: ITossWebhook): string =>
    !("eventType" in w) ? `DEPOSIT_CALLBACK:${w.status}` : w.eventType === "BILLING_DELETED" ? `BILLING_DELETED:${w.data.billingKey}` : w.eventType === "CANCEL_STATUS_CHANGED" ? `CANCEL_STATUS_CHANGED:${w.data.cancelStatus}` : `${w.eventType}:${w.data.status}`;
}
