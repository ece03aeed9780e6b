import http from "node:http";
import type { AddressInfo } from "node:net";

import api from "../../../../src/api";
import type { IPaymentHistory } from "../../../../src/api/structures/IPaymentHistory";
import type { IPaymentWebhook } from "../../../../src/api/structures/IPaymentWebhook";
import { WebhookReceiver } from "../../../../src/api/WebhookReceiver";
import { iamportOf, orderId, password, portoneInternal, tossOf } from "../../../internal/pgs";
import { TestContext } from "../../../TestContext";

/** A calling service's webhook endpoint, run inside the test. */
export interface IReceiver {
  url: string;
  port: number;
  /** Events answered 2xx, in arrival order (verified and decrypted with the SDK helper). */
  accepted: IPaymentWebhook[];
  /** Every request seen (also those answered with an error). */
  seen: number;
  /** Requests that failed verification. */
  rejected: string[];
  /** Delay before each answer, in ms (a slow receiver). */
  delayMs: number;
  /** Decide the answer of the next request (default 200). */
  answer: (event: IPaymentWebhook) => number;
  /** Stop listening (connections refused) / listen again on the same port. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export namespace WebhookKit {
  export const secrets = (ctx: TestContext): string[] => ctx.config.clients.find((c) => c.id === ctx.client.id)!.webhook_secrets ?? [];

  export const receiver = async (ctx: TestContext, port = 0): Promise<IReceiver> => {
    const r = { accepted: [] as IPaymentWebhook[], seen: 0, rejected: [] as string[], delayMs: 0, answer: (_: IPaymentWebhook) => 200 } as IReceiver;
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        ++r.seen;
        let event: IPaymentWebhook;
        try {
          // What a calling service writes: three lines.
          event = WebhookReceiver.accept({ secrets: secrets(ctx), encryption: { key: ctx.client.key, iv: ctx.client.iv } }, req.headers as Record<string, string>, Buffer.concat(chunks));
        } catch (exp) {
          r.rejected.push(String(exp));
          res.writeHead(400).end();
          return;
        }
        const status = r.answer(event);
        const reply = () => {
          if (status >= 200 && status < 300) r.accepted.push(event);
          res.writeHead(status).end();
        };
        if (r.delayMs > 0) setTimeout(reply, r.delayMs);
        else reply();
      });
    };
    let server = http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    r.port = (server.address() as AddressInfo).port;
    r.url = `http://127.0.0.1:${r.port}/hooks`;
    r.down = () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    r.up = async () => {
      server = http.createServer(handler);
      await new Promise<void>((resolve) => server.listen(r.port, "127.0.0.1", resolve));
    };
    r.close = () => (server.listening ? r.down() : Promise.resolve());
    return r;
  };

  /** Poll until `check` is truthy, at most `ms`. */
  export const until = async <T>(what: string, check: () => Promise<T> | T, ms = 15_000): Promise<NonNullable<T>> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await check();
      if (value) return value as NonNullable<T>;
      if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}${dump ? " " + JSON.stringify(await dump()) : ""}`);
      await sleep(25);
    }
  };
  /** Set by scenarios: what to print when a wait times out (queue state). */
  export let dump: (() => Promise<unknown>) | null = null;
  export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /** A Toss virtual account issued and registered (waiting for deposit), with a webhook URL. */
  export const tossVirtualAccount = async (ctx: TestContext, webhook_url: string | null, amount = 50_000) => {
    const id = orderId();
    const secret = password();
    const issued = await tossOf(ctx).createVirtualAccount(ctx.toss.storeId, {
      amount,
      orderId: id,
      orderName: "가상계좌 주문",
      customerName: "홍길동",
      bank: "88",
      validHours: 24,
    });
    const history: IPaymentHistory = await api.functional.payments.histories.create(ctx.connection, {
      vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: issued.paymentKey },
      source: { schema: "shop", table: "orders", id },
      price: amount,
      password: secret,
      webhook_url,
    });
    return { history, password: secret, paymentKey: issued.paymentKey, secret: issued.secret!, orderId: id };
  };

  /** An Iamport virtual account issued and registered, with a webhook URL. */
  export const iamportVbank = async (ctx: TestContext, webhook_url: string | null, amount = 33_000) => {
    const id = orderId();
    const secret = password();
    const issued = await iamportOf(ctx).createVbank(ctx.iamport.storeId, {
      merchant_uid: id,
      amount,
      vbank_code: "088",
      vbank_due: Math.floor(Date.now() / 1000) + 86_400,
      vbank_holder: "(주)테스트",
      name: "가상계좌 주문",
    });
    const history: IPaymentHistory = await api.functional.payments.histories.create(ctx.connection, {
      vendor: { code: "iamport", store_id: ctx.iamport.storeId, uid: issued.imp_uid },
      source: { schema: "shop", table: "orders", id },
      price: amount,
      password: secret,
      webhook_url,
    });
    return { history, password: secret, imp_uid: issued.imp_uid, orderId: id };
  };

  /** A PortOne V2 virtual account issued in its window and registered, with a webhook URL. */
  export const portoneVirtualAccount = async (ctx: TestContext, webhook_url: string | null, amount = 45_000) => {
    const id = orderId();
    const secret = password();
    await portoneInternal(ctx, `payments/${id}/window`, { orderName: "가상계좌 주문", totalAmount: amount, payMethod: "VIRTUAL_ACCOUNT" });
    const history: IPaymentHistory = await api.functional.payments.histories.create(ctx.connection, {
      vendor: { code: "portone", store_id: ctx.portone.storeId, uid: id },
      source: { schema: "shop", table: "orders", id },
      price: amount,
      password: secret,
      webhook_url,
    });
    return { history, password: secret, paymentId: id };
  };

  /** POST to Iamport's /internal simulation endpoints (token auth). */
  export const iamportInternal = async <T = unknown>(ctx: TestContext, path: string, body: unknown): Promise<T> => {
    const tokenRes = await fetch(`${ctx.iamport.host}/users/getToken`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ imp_key: ctx.iamport.impKey, imp_secret: ctx.iamport.impSecret }),
    });
    const token = ((await tokenRes.json()) as { response: { access_token: string } }).response.access_token;
    const res = await fetch(`${ctx.iamport.host}/internal/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { code: number; message: string | null; response: T };
    if (res.status !== 200 || json.code !== 0) throw new Error(`fake iamport /internal/${path}: ${res.status} ${JSON.stringify(json)}`);
    return json.response;
  };

  /** Outbox events of a history, from the database. */
  export const events = (ctx: TestContext, historyId: string) =>
    ctx.query<{ id: string; type: string; status: string; attempts: number }>(
      "SELECT id, type, status, attempts FROM webhook_events WHERE history_id = $1 ORDER BY seq",
      [historyId],
    );

  /** Inbound webhook rows naming a PG payment. */
  export const inbound = (ctx: TestContext, vendorUid: string) =>
    ctx.query<{ status: string; outcome: string | null; event_type: string | null }>(
      "SELECT status, outcome, event_type FROM payment_webhooks WHERE vendor_uid = $1 ORDER BY received_at",
      [vendorUid],
    );

  /** Inbound rows settle (anything but received/processing). */
  export const inboundSettled = async (ctx: TestContext, since: Date) =>
    (await ctx.query<{ n: number }>("SELECT count(*)::int AS n FROM payment_webhooks WHERE received_at >= $1 AND status IN ('received', 'processing')", [since]))[0]!.n === 0;
}
