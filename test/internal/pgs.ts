import { HttpError } from "@nestia/fetcher";
import crypto from "node:crypto";

import type { IPaymentError } from "../../src/api/structures/IPaymentError";
import type { IPortOneBillingKey } from "../../src/api/structures/portone/IPortOneBillingKey";
import type { IPortOnePayment } from "../../src/api/structures/portone/IPortOnePayment";
import { IamportAdapter } from "../../src/pg/iamport/IamportAdapter";
import { PortOneAdapter } from "../../src/pg/portone/PortOneAdapter";
import { TossAdapter } from "../../src/pg/toss/TossAdapter";
import { TestContext } from "../TestContext";

/**
 * What a calling service's own front end and back end do at the PG before they ask
 * payments-server to record the result: tests play that part with the real-API adapters,
 * pointed at the fakes.
 */
export const tossOf = (ctx: TestContext) =>
  new TossAdapter({ host: ctx.toss.host, stores: { [ctx.toss.storeId]: { secretKey: ctx.toss.secretKey } }, timeoutMs: 5_000 });
export const iamportOf = (ctx: TestContext) =>
  new IamportAdapter({
    host: ctx.iamport.host,
    stores: { [ctx.iamport.storeId]: { impKey: ctx.iamport.impKey, impSecret: ctx.iamport.impSecret } },
    timeoutMs: 5_000,
  });

export const portoneOf = (ctx: TestContext) =>
  new PortOneAdapter({ host: ctx.portone.host, stores: { [ctx.portone.storeId]: { storeId: ctx.portone.portoneStoreId, apiSecret: ctx.portone.apiSecret } }, timeoutMs: 5_000 });

/** A fresh order id (= source.id) fit for every PG. */
export const orderId = (): string => `order-${crypto.randomUUID()}`;
export const password = (): string => crypto.randomBytes(18).toString("base64url");

/** POST to a fake's /internal simulation endpoint with the fake's own auth. */
export const tossInternal = async <T>(ctx: TestContext, path: string, body: unknown): Promise<T> => {
  const res = await fetch(`${ctx.toss.host}/internal/${path}`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${ctx.toss.secretKey}:`).toString("base64")}`,
      "content-type": "application/json",
    },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (res.status !== 200) throw new Error(`fake toss /internal/${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
};

/** Expect the call to fail with this HTTP status and our machine code; returns the message. */
export const expectError = async (status: number, code: string | string[], task: () => Promise<unknown>): Promise<string> =>
  (await expectErrorBody(status, code, task)).message;

/** Expect the call to fail with this HTTP status and our machine code; returns the whole body. */
export const expectErrorBody = async (status: number, code: string | string[], task: () => Promise<unknown>): Promise<IPaymentError> => {
  try {
    await task();
  } catch (exp) {
    if (!(exp instanceof HttpError)) throw exp;
    let body: IPaymentError;
    try {
      body = JSON.parse(exp.message);
    } catch {
      throw new Error(`expected a {code, message} body, got: ${exp.message}`);
    }
    const codes = typeof code === "string" ? [code] : code;
    if (exp.status !== status || !codes.includes(body.code ?? ""))
      throw new Error(`expected ${status} ${code}, got ${exp.status} ${body.code}: ${body.message}`);
    if (typeof body.message !== "string" || body.message.length === 0) throw new Error(`${code} came without a message`);
    return body;
  }
  throw new Error(`expected ${status} ${code}, but the call succeeded`);
};

export const assert = (condition: unknown, message: string): void => {
  if (!condition) throw new Error(message);
};
export const equal = <T>(actual: T, expected: T, what: string): void => {
  if (JSON.stringify(actual) !== JSON.stringify(expected))
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
};

/** Rows of a source in the database: "nothing was stored" checks. */
export const rowsOfSource = async (ctx: TestContext, table: "payment_histories" | "payment_reservations", sourceId: string) =>
  (await ctx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE source_id = $1`, [sourceId]))[0]!.n;

/** A buyer paid `amount` for `orderId` by card at Toss (key-in, approved): its payment. */
export const tossCardPaid = (ctx: TestContext, orderId: string, amount: number) =>
  tossOf(ctx).keyIn(ctx.toss.storeId, {
    amount,
    orderId,
    orderName: "Card order",
    cardNumber: "4330123412341234",
    cardExpirationYear: "28",
    cardExpirationMonth: "12",
    customerIdentityNumber: "880311",
  });

/** A buyer paid `amount` for `merchant_uid` by card at Iamport (approved): its payment. */
export const iamportCardPaid = (ctx: TestContext, merchant_uid: string, amount: number) =>
  iamportOf(ctx).onetime(ctx.iamport.storeId, {
    card_number: "1234-1234-1234-1234",
    expiry: "2028-12",
    birth: "880311",
    merchant_uid,
    amount,
    name: "Card order",
  });

/** What the buyer's browser does at the fake PortOne (its /internal simulations); throws on a refusal. */
export const portoneInternal = async <T>(ctx: TestContext, path: string, body: unknown = {}): Promise<T> => {
  const res = await fetch(`${ctx.portone.host}/internal/${path}`, {
    method: "POST",
    headers: { authorization: `PortOne ${ctx.portone.apiSecret}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (res.status !== 200) throw new Error(`fake PortOne /internal/${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
};

/** The buyer completed PortOne's payment window for `paymentId` (our order id) by card: its payment. */
export const portoneCardPaid = (ctx: TestContext, paymentId: string, amount: number, cardNumber?: string) =>
  portoneInternal<IPortOnePayment>(ctx, `payments/${encodeURIComponent(paymentId)}/window`, {
    orderName: "Card order",
    totalAmount: amount,
    payMethod: "CARD",
    ...(cardNumber !== undefined ? { cardNumber } : {}),
  });

/** The buyer completed PortOne's billing-key window: the issued key. */
export const portoneBillingKey = (ctx: TestContext, cardNumber?: string) =>
  portoneInternal<IPortOneBillingKey>(ctx, "billing-keys", cardNumber !== undefined ? { cardNumber } : {});
