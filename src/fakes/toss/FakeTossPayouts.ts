import { CompactEncrypt, compactDecrypt } from "jose";
import crypto from "node:crypto";

import type { ITossBalance, ITossPayout, ITossPayoutCreate, ITossPayoutWebhook, ITossSeller, ITossSellerCreate, ITossV2Page } from "../../api/structures/toss/ITossPayout";
import { TossPayoutSignature } from "../../pg/toss/TossPayouts";
import { BoundedMap } from "../common/BoundedMap";
import { WebhookSender } from "../common/WebhookSender";
import { FakeTossError } from "./FakeTossError";
import { clone, token } from "./FakeTossParts";

/** A merchant's payouts v2 state: its sellers, payouts, balance and the nonces it has seen. */
export interface IFakeTossPayoutState {
  mId: string;
  /** 64 hex characters; null: the merchant has no payouts contract. */
  securityKey: string | null;
  sellers: Map<string, ITossSeller>;
  payouts: Map<string, ITossPayout>;
  balance: { available: number; pending: number };
  nonces: BoundedMap<string, true>;
  webhookUrl: () => string | null;
}

/**
 * Toss's payouts v2 (지급대행) as the fake serves it: sellers reviewed (a new seller waits for
 * approval; the console or `/internal` approves it), payouts requested in Toss's ENCRYPTION
 * mode (a JWE under the security key, each nonce once), paid on their day by the fake's clock,
 * and `payout.changed` / `seller.changed` webhooks signed with the security key.
 *
 * A payout to an account number starting `000` fails (FAKE: how a test makes a failed
 * payout; Toss fails a payout whose account cannot receive it).
 *
 * FAKE DIFFERS, where the documentation names no code: a body that does not decrypt is
 * `400 INVALID_ENCRYPTION`, a nonce seen before `400 REPLAYED_NONCE`, a second payout under
 * one `refPayoutId` `400 DUPLICATED_REF_PAYOUT_ID`, a payout beyond the available balance
 * `400 NOT_ENOUGH_BALANCE`, a cancel of a payout no longer waiting `400 NOT_CANCELABLE_PAYOUT`.
 * `iat` is only checked to be a time (its accepted skew is not documented). The balance is
 * what the merchant sets (`/internal/v2/balance`, default 1,000,000,000 won), not derived
 * from its sales; a partially approved seller's limit is not applied (payments-server refuses
 * a payout over it before sending).
 */
export class FakeTossPayouts {
  private readonly sender: WebhookSender<FakeTossPayouts.IDelivery>;

  public constructor(
    private readonly props: {
      now: () => Date;
      /** How long after its day began (or its request, if later) a payout is paid, by the fake's clock. */
      settleMs: number;
      delaysMs: () => number[];
      maxLog: number;
    },
  ) {
    this.sender = new WebhookSender({ delaysMs: props.delaysMs, timeoutMs: 30_000, maxLog: props.maxLog, now: props.now, delivered: (s) => s === 200 });
  }

  public close(): void {
    this.sender.close();
  }

  public deliveries(): FakeTossPayouts.IDelivery[] {
    return this.sender.deliveries();
  }

  /* ---------------------------- ENCRYPTION ---------------------------- */
  /** The JSON a ENCRYPTION-mode body carries, once per nonce. */
  public async decrypt(state: IFakeTossPayoutState, text: unknown, mode: unknown): Promise<unknown> {
    if (state.securityKey === null) throw new FakeTossError(403, "FORBIDDEN_REQUEST", "지급대행 계약이 필요합니다.");
    if (mode !== "ENCRYPTION" || typeof text !== "string") throw FakeTossError.invalid("ENCRYPTION 보안이 필요합니다. (TossPayments-api-security-mode)");
    let plaintext: Uint8Array;
    let header: Record<string, unknown>;
    try {
      const opened = await compactDecrypt(text.trim(), Buffer.from(state.securityKey, "hex"));
      plaintext = opened.plaintext;
      header = opened.protectedHeader as Record<string, unknown>;
    } catch {
      throw new FakeTossError(400, "INVALID_ENCRYPTION", "요청 본문을 복호화할 수 없습니다. 보안 키를 확인해주세요.");
    }
    if (header.alg !== "dir" || header.enc !== "A256GCM") throw new FakeTossError(400, "INVALID_ENCRYPTION", "alg는 dir, enc는 A256GCM이어야 합니다.");
    if (typeof header.iat !== "string" || Number.isNaN(Date.parse(header.iat))) throw new FakeTossError(400, "INVALID_ENCRYPTION", "iat 헤더가 필요합니다.");
    if (typeof header.nonce !== "string" || header.nonce.length < 8) throw new FakeTossError(400, "INVALID_ENCRYPTION", "nonce 헤더가 필요합니다.");
    if (state.nonces.get(header.nonce) !== undefined) throw new FakeTossError(400, "REPLAYED_NONCE", "이미 사용된 nonce 입니다.");
    state.nonces.set(header.nonce, true);
    try {
      return JSON.parse(new TextDecoder().decode(plaintext));
    } catch {
      throw FakeTossError.invalid("복호화된 본문이 JSON이 아닙니다.");
    }
  }

  /** An answer to an ENCRYPTION-mode request, encrypted the same way. */
  public encrypt(state: IFakeTossPayoutState, body: unknown): Promise<string> {
    return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(body)))
      .setProtectedHeader({ alg: "dir", enc: "A256GCM", iat: this.kst(), nonce: crypto.randomUUID() })
      .encrypt(Buffer.from(state.securityKey!, "hex"));
  }

  /* ------------------------------ SELLERS ------------------------------ */
  public registerSeller(state: IFakeTossPayoutState, input: ITossSellerCreate): ITossSeller {
    checkKind(input);
    if ([...state.sellers.values()].some((s) => s.refSellerId === input.refSellerId))
      throw new FakeTossError(400, "ALREADY_EXIST_SELLER", "이미 등록된 셀러입니다. (refSellerId)");
    const seller: ITossSeller = {
      id: `seller_${token(24).toLowerCase()}`,
      refSellerId: input.refSellerId,
      businessType: input.businessType,
      company: input.company ?? null,
      individual: input.individual ?? null,
      status: "APPROVAL_REQUIRED",
      account: input.account,
      metadata: input.metadata ?? null,
    };
    state.sellers.set(seller.id, seller);
    return clone(seller);
  }

  public updateSeller(state: IFakeTossPayoutState, id: string, input: ITossSellerCreate): ITossSeller {
    const seller = this.seller(state, id);
    checkKind(input);
    Object.assign(seller, { businessType: input.businessType, company: input.company ?? null, individual: input.individual ?? null, account: input.account, metadata: input.metadata ?? null });
    return clone(seller);
  }

  public seller(state: IFakeTossPayoutState, id: string): ITossSeller {
    const seller = state.sellers.get(id);
    if (seller === undefined) throw new FakeTossError(404, "NOT_FOUND_SELLER", "존재하지 않는 셀러입니다.");
    return seller;
  }

  public sellers(state: IFakeTossPayoutState, limit: number, startingAfter: string | null): ITossV2Page<ITossSeller> {
    return page([...state.sellers.values()].reverse(), limit, startingAfter);
  }

  /** The review's outcome (the console's buttons, `/internal`), announced by `seller.changed`. */
  public setSellerStatus(state: IFakeTossPayoutState, id: string, status: ITossSeller["status"]): ITossSeller {
    const seller = this.seller(state, id);
    if (seller.status !== status) {
      seller.status = status;
      this.announce(state, "seller.changed", seller);
    }
    return clone(seller);
  }

  /* ------------------------------ PAYOUTS ------------------------------ */
  public balance(state: IFakeTossPayoutState): ITossBalance {
    return { pendingAmount: { currency: "KRW", value: state.balance.pending }, availableAmount: { currency: "KRW", value: state.balance.available } };
  }

  public request(state: IFakeTossPayoutState, inputs: ITossPayoutCreate[]): { items: ITossPayout[] } {
    const today = this.today();
    const total = inputs.reduce((sum, p) => sum + p.amount.value, 0);
    for (const input of inputs) {
      const seller = this.seller(state, input.destination);
      if (seller.status !== "PARTIALLY_APPROVED" && seller.status !== "APPROVED")
        throw new FakeTossError(403, "FORBIDDEN_SELLER_PAYOUT", `Payout requests can only be made for sellers with a status of PARTIALLY_APPROVED or APPROVED (refPayoutId: ${input.refPayoutId})`);
      if ([...state.payouts.values()].some((p) => p.refPayoutId === input.refPayoutId))
        throw new FakeTossError(400, "DUPLICATED_REF_PAYOUT_ID", `이미 요청된 지급대행입니다. (refPayoutId: ${input.refPayoutId})`);
      if (input.scheduleType === "SCHEDULED" && (input.payoutDate === undefined || input.payoutDate === null || input.payoutDate <= today))
        throw FakeTossError.invalid("예약 지급은 내일 이후의 지급일이 필요합니다. (payoutDate)");
    }
    if (total > state.balance.available) throw new FakeTossError(400, "NOT_ENOUGH_BALANCE", "지급 가능한 잔액이 부족합니다.");
    state.balance.available -= total;
    const made = inputs.map((input) => {
      const payout: ITossPayout = {
        id: `FPA_${token(20)}`,
        refPayoutId: input.refPayoutId,
        destination: input.destination,
        scheduleType: input.scheduleType,
        payoutDate: input.scheduleType === "SCHEDULED" ? input.payoutDate! : today,
        amount: { currency: "KRW", value: input.amount.value },
        transactionDescription: input.transactionDescription,
        requestedAt: this.kst(),
        status: "REQUESTED",
        error: null,
        metadata: input.metadata ?? null,
      };
      state.payouts.set(payout.id, payout);
      return clone(payout);
    });
    return { items: made };
  }

  public payout(state: IFakeTossPayoutState, id: string): ITossPayout {
    this.advance(state);
    const payout = state.payouts.get(id);
    if (payout === undefined) throw new FakeTossError(404, "NOT_FOUND_PAYOUT", "존재하지 않는 지급대행입니다.");
    return payout;
  }

  public payouts(state: IFakeTossPayoutState, limit: number, startingAfter: string | null): ITossV2Page<ITossPayout> {
    this.advance(state);
    return page([...state.payouts.values()].reverse(), limit, startingAfter);
  }

  /** A scheduled payout is cancelled while it waits for its day. */
  public cancel(state: IFakeTossPayoutState, id: string): ITossPayout {
    const payout = this.payout(state, id);
    if (payout.status !== "REQUESTED" || payout.scheduleType !== "SCHEDULED" || payout.payoutDate <= this.today())
      throw new FakeTossError(400, "NOT_CANCELABLE_PAYOUT", "취소할 수 없는 지급대행입니다.");
    state.balance.available += payout.amount.value;
    this.finish(state, payout, "CANCELED", null);
    return clone(payout);
  }

  /** Pay (or fail) what is due by the fake's clock; also run on every read. */
  public advance(state: IFakeTossPayoutState): void {
    const now = this.props.now().getTime();
    const today = this.today();
    for (const p of state.payouts.values()) {
      if (p.status !== "REQUESTED" && p.status !== "IN_PROGRESS") continue;
      if (p.payoutDate > today) continue;
      const dayStart = Date.parse(`${p.payoutDate}T00:00:00+09:00`);
      if (now - Math.max(dayStart, Date.parse(p.requestedAt)) < this.props.settleMs) continue;
      this.settle(state, p, true);
    }
  }

  /** Complete or fail a payout now (the console's buttons, `/internal`); `announce: false` loses its webhook. */
  public settle(state: IFakeTossPayoutState, p: ITossPayout, announce: boolean, fail?: { code: string; message: string }): ITossPayout {
    if (p.status !== "REQUESTED" && p.status !== "IN_PROGRESS") throw new FakeTossError(400, "NOT_CANCELABLE_PAYOUT", `이미 ${p.status} 상태인 지급대행입니다.`);
    const account = state.sellers.get(p.destination)?.account.accountNumber ?? "";
    const error = fail ?? (account.startsWith("000") ? { code: "INVALID_ACCOUNT", message: "입금할 수 없는 계좌입니다." } : null);
    if (error !== null) state.balance.available += p.amount.value; // the money comes back to the merchant
    this.finish(state, p, error !== null ? "FAILED" : "COMPLETED", error, announce);
    return clone(p);
  }

  private finish(state: IFakeTossPayoutState, p: ITossPayout, status: ITossPayout["status"], error: ITossPayout["error"], announce = true): void {
    p.status = status;
    p.error = error;
    if (announce) this.announce(state, "payout.changed", p);
  }

  private announce(state: IFakeTossPayoutState, eventType: ITossPayoutWebhook["eventType"], entity: ITossPayout | ITossSeller): void {
    const url = state.webhookUrl();
    if (url === null || state.securityKey === null) return;
    const body: ITossPayoutWebhook = {
      eventType,
      createdAt: this.kst(),
      version: "2022-11-16",
      eventId: crypto.randomUUID(),
      entityType: eventType === "payout.changed" ? "payout" : "seller",
      entityBody: clone(entity),
    };
    const raw = JSON.stringify(body);
    const key = state.securityKey;
    this.sender.send({ mId: state.mId, eventType, body }, url, () => {
      const time = this.kst();
      // Two values, as while Toss rotates its key: one verifies.
      const other = crypto.randomBytes(32).toString("base64");
      return {
        headers: { "Content-Type": "application/json", "tosspayments-webhook-transmission-time": time, "tosspayments-webhook-signature": `v1:${other},v1:${TossPayoutSignature.sign(key, raw, time)}` },
        body: raw,
      };
    });
  }

  private kst(at: Date = this.props.now()): string {
    return `${new Date(at.getTime() + 9 * 3_600_000).toISOString().slice(0, 19)}+09:00`;
  }

  private today(): string {
    return new Date(this.props.now().getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
  }
}
export namespace FakeTossPayouts {
  export interface IDelivery extends WebhookSender.IDelivery {
    mId: string;
    eventType: ITossPayoutWebhook["eventType"];
    body: ITossPayoutWebhook;
  }
}

const checkKind = (input: ITossSellerCreate): void => {
  if (input.businessType === "INDIVIDUAL" ? !input.individual : !input.company)
    throw FakeTossError.invalid(input.businessType === "INDIVIDUAL" ? "개인 셀러는 individual이 필요합니다." : "사업자 셀러는 company가 필요합니다.");
};

const page = <T extends { id: string }>(newestFirst: T[], limit: number, startingAfter: string | null): ITossV2Page<T> => {
  const from = startingAfter === null ? 0 : newestFirst.findIndex((x) => x.id === startingAfter) + 1;
  const items = newestFirst.slice(from, from + limit).map(clone);
  const hasNext = from + limit < newestFirst.length;
  return { hasNext, lastCursor: items.length > 0 ? items[items.length - 1]!.id : null, items };
};
