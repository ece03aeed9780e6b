import { CompactEncrypt, compactDecrypt } from "jose";
import crypto from "node:crypto";

import type { ITossBalance, ITossPayout, ITossPayoutCreate, ITossSeller, ITossSellerCreate, ITossV2Envelope, ITossV2Page } from "../../api/structures/toss/ITossPayout";
import { PgError } from "../PgError";
import { PgTransport } from "../PgTransport";
import { TossAdapter } from "./TossAdapter";

/**
 * HTTP client of Toss's payouts v2 API (`/v2/sellers`, `/v2/payouts`, `/v2/balances`). A POST
 * with a body is sent in Toss's ENCRYPTION mode: the JSON body as a compact JWE (`alg: dir`,
 * `enc: A256GCM`, with the `iat` and `nonce` headers Toss requires) under the store's security
 * key (64 hex characters, used as its 32 bytes), and its answer comes back encrypted the same
 * way. The JOSE work is the `jose` library's.
 */
export class TossPayoutApi {
  private readonly host: string;

  public constructor(private readonly props: TossPayoutApi.IProps) {
    this.host = props.host.replace(/\/+$/, "");
  }

  /** Whether a store has the security key payouts need. */
  public configured(storeId: string): boolean {
    return typeof this.props.stores[storeId]?.securityKey === "string";
  }

  public registerSeller(storeId: string, input: ITossSellerCreate): Promise<ITossSeller> {
    return this.send<ITossSeller>(storeId, "POST", "/v2/sellers", input);
  }

  public updateSeller(storeId: string, sellerId: string, input: ITossSellerCreate): Promise<ITossSeller> {
    return this.send<ITossSeller>(storeId, "POST", `/v2/sellers/${encodeURIComponent(sellerId)}`, input);
  }

  public getSeller(storeId: string, sellerId: string): Promise<ITossSeller> {
    return this.send<ITossSeller>(storeId, "GET", `/v2/sellers/${encodeURIComponent(sellerId)}`);
  }

  /** One page of the store's sellers, newest first. */
  public sellers(storeId: string, query: { limit: number; startingAfter: string | null }): Promise<ITossV2Page<ITossSeller>> {
    const q = new URLSearchParams({ limit: String(query.limit), ...(query.startingAfter !== null ? { startingAfter: query.startingAfter } : {}) });
    return this.send<ITossV2Page<ITossSeller>>(storeId, "GET", `/v2/sellers?${q.toString()}`);
  }

  public balance(storeId: string): Promise<ITossBalance> {
    return this.send<ITossBalance>(storeId, "GET", "/v2/balances");
  }

  public async requestPayouts(storeId: string, input: ITossPayoutCreate[]): Promise<ITossPayout[]> {
    const answer = await this.send<{ items: ITossPayout[] }>(storeId, "POST", "/v2/payouts", input);
    if (!Array.isArray(answer.items)) throw invalid("its payouts");
    return answer.items;
  }

  public getPayout(storeId: string, payoutId: string): Promise<ITossPayout> {
    return this.send<ITossPayout>(storeId, "GET", `/v2/payouts/${encodeURIComponent(payoutId)}`);
  }

  /** One page of the store's payouts, newest first. */
  public payouts(storeId: string, query: { limit: number; startingAfter: string | null }): Promise<ITossV2Page<ITossPayout>> {
    const q = new URLSearchParams({ limit: String(query.limit), ...(query.startingAfter !== null ? { startingAfter: query.startingAfter } : {}) });
    return this.send<ITossV2Page<ITossPayout>>(storeId, "GET", `/v2/payouts?${q.toString()}`);
  }

  /** A scheduled payout cancelled while still `REQUESTED`; no body, so no encryption. */
  public cancelPayout(storeId: string, payoutId: string): Promise<ITossPayout> {
    return this.send<ITossPayout>(storeId, "POST", `/v2/payouts/${encodeURIComponent(payoutId)}/cancel`);
  }

  private async send<T>(storeId: string, method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    const store = this.props.stores[storeId];
    if (store === undefined || store.securityKey === undefined)
      throw new PgError({ vendor: "toss.payments", kind: "unauthorized", pg_code: "UNKNOWN_STORE", message: `No Toss security key is configured for store "${storeId}".`, status: null });
    const key = Buffer.from(store.securityKey, "hex");
    const headers: Record<string, string> = { Authorization: `Basic ${Buffer.from(`${store.secretKey}:`).toString("base64")}` };
    let text: PgTransport.IRequest["text"];
    if (body !== undefined) {
      headers["TossPayments-api-security-mode"] = "ENCRYPTION";
      text = { contentType: "text/plain", value: await TossPayoutApi.encrypt(key, body) };
    }
    const answer = await PgTransport.send({ vendor: "toss.payments", name: "Toss", url: this.host + path, method, headers, text, timeoutMs: this.props.timeoutMs });
    const envelope = await TossPayoutApi.open(key, answer.text);
    if (answer.status >= 200 && answer.status < 300) {
      if (envelope === null || envelope.entityBody === null || typeof envelope.entityBody !== "object") throw invalid("an envelope with its entity");
      return envelope.entityBody as T;
    }
    throw TossAdapter.classify(answer.status, envelope?.error ?? null);
  }
}
export namespace TossPayoutApi {
  export interface IProps {
    host: string;
    timeoutMs: number;
    stores: Record<string, { secretKey: string; securityKey?: string }>;
  }

  /** A body as Toss's ENCRYPTION mode wants it: a compact JWE, with when it was made and a one-time nonce. */
  export const encrypt = (key: Uint8Array, body: unknown): Promise<string> =>
    new CompactEncrypt(new TextEncoder().encode(JSON.stringify(body)))
      .setProtectedHeader({ alg: "dir", enc: "A256GCM", iat: kstNow(), nonce: crypto.randomUUID() })
      .encrypt(key);

  /** An answer: plain JSON (a GET, or an error before decryption), else a JWE of it. */
  export const open = async (key: Uint8Array, text: string): Promise<ITossV2Envelope<unknown> | null> => {
    const trimmed = text.trim();
    if (trimmed.length === 0) return null;
    if (trimmed.startsWith("{")) return parse(trimmed);
    try {
      const { plaintext } = await compactDecrypt(trimmed, key);
      return parse(new TextDecoder().decode(plaintext));
    } catch {
      throw invalid("a JWE this store's security key opens");
    }
  };
}

/** ISO-8601 in Korea time, as Toss writes its times. */
const kstNow = (): string => `${new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 19)}+09:00`;

const parse = (text: string): ITossV2Envelope<unknown> | null => {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === "object" && v !== null ? (v as ITossV2Envelope<unknown>) : null;
  } catch {
    return null;
  }
};

const invalid = (what: string): PgError =>
  new PgError({ vendor: "toss.payments", kind: "unavailable", pg_code: "INVALID_RESPONSE", message: `Toss's payouts answer is not ${what}.`, status: 200 });
