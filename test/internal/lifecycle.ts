import type { IConnection } from "@nestia/fetcher";
import crypto from "node:crypto";

import api from "../../src/api";
import type { IPaymentHistory } from "../../src/api/structures/IPaymentHistory";
import type { IPaymentSource } from "../../src/api/structures/IPaymentSource";
import type { IPaymentVendor } from "../../src/api/structures/IPaymentVendor";
import { TestContext } from "../TestContext";
import { iamportCardPaid, iamportOf, orderId, password, portoneCardPaid, portoneOf, tossCardPaid, tossOf } from "./pgs";

/** Helpers of the lifecycle scenarios: payments to cancel, polling, raw PG reads. */
export interface IPaid {
  history: IPaymentHistory;
  source: IPaymentSource;
  secret: string;
  /** Toss paymentKey / Iamport imp_uid / PortOne V2 paymentId. */
  uid: string;
}

/** A card payment made at the PG and registered. */
export const paidByCard = async (ctx: TestContext, vendor: IPaymentVendor.Code, amount: number): Promise<IPaid> => {
  const id = orderId();
  const secret = password();
  const source = { schema: "shop", table: "orders", id };
  const uid =
    vendor === "toss.payments"
      ? (await tossCardPaid(ctx, id, amount)).paymentKey
      : vendor === "iamport"
        ? (await iamportCardPaid(ctx, id, amount)).imp_uid
        : (await portoneCardPaid(ctx, id, amount)).id;
  const history = await api.functional.payments.histories.create(ctx.connection, {
    vendor: { code: vendor, store_id: storeOf(ctx, vendor), uid },
    source,
    price: amount,
    password: secret,
  });
  return { history, source, secret, uid };
};

export const storeOf = (ctx: TestContext, vendor: IPaymentVendor.Code): string =>
  vendor === "toss.payments" ? ctx.toss.storeId : vendor === "iamport" ? ctx.iamport.storeId : ctx.portone.storeId;

/** The PG's own record of a payment: `[cancel count, refunded sum, status]`. */
export const atPg = async (ctx: TestContext, vendor: IPaymentVendor.Code, uid: string) => {
  if (vendor === "toss.payments") {
    const p = await tossOf(ctx).getPayment(ctx.toss.storeId, uid);
    return { cancels: (p.cancels ?? []).length, refunded: p.totalAmount - p.balanceAmount, status: p.status as string };
  }
  if (vendor === "portone") {
    const p = await portoneOf(ctx).getPayment(ctx.portone.storeId, uid);
    return { cancels: (p.cancellations ?? []).length, refunded: p.amount.cancelled, status: p.status as string };
  }
  const p = await iamportOf(ctx).getPayment(ctx.iamport.storeId, uid);
  return { cancels: p.cancel_history.length, refunded: p.cancel_amount, status: p.status as string };
};

/** The stored row of a history and its cancel rows. */
export const dbOf = async (ctx: TestContext, sourceId: string) => {
  const [row] = await ctx.query<{ id: string; status: string; refund: string | number; paid_at: Date | null; cancelled_at: Date | null; vendor_uid: string }>(
    "SELECT id, status, refund, paid_at, cancelled_at, vendor_uid FROM payment_histories WHERE source_id = $1",
    [sourceId],
  );
  if (row === undefined) return null;
  const cancels = await ctx.query<{ n: number }>("SELECT count(*)::int AS n FROM payment_history_cancels WHERE history_id = $1", [row.id]);
  return { ...row, refund: Number(row.refund), cancels: cancels[0]!.n };
};

/** A connection sending `Idempotency-Key`. */
export const withKey = (ctx: TestContext, key: string): IConnection => ({
  ...ctx.connection,
  headers: { ...ctx.connection.headers, "Idempotency-Key": key },
});
export const newKey = (): string => `key-${crypto.randomUUID()}`;

/** Poll until `probe` returns a value (bounded), e.g. until the reconciler settled a row. */
export const eventually = async <T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

/** POST to the fake Iamport's /internal simulation endpoint (token auth like its API). */
export const iamportInternal = async <T>(ctx: TestContext, path: string, body: unknown): Promise<T> => {
  const token = await fetch(`${ctx.iamport.host}/users/getToken`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ imp_key: ctx.iamport.impKey, imp_secret: ctx.iamport.impSecret }),
  }).then((r) => r.json() as Promise<{ response: { access_token: string } }>);
  const res = await fetch(`${ctx.iamport.host}/internal/${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token.response.access_token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { code: number; message: string; response: T };
  if (res.status !== 200 || json.code !== 0) throw new Error(`fake iamport /internal/${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json.response;
};
