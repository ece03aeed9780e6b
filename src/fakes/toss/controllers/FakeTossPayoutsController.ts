import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Put, Query, Res } from "@nestjs/common";
import type { FastifyReply } from "fastify";
import typia, { tags } from "typia";

import type { ITossPayoutCreate, ITossSeller, ITossSellerCreate, ITossV2Envelope } from "../../../api/structures/toss/ITossPayout";
import { FakeTossError } from "../FakeTossError";
import { FakeTossPayouts } from "../FakeTossPayouts";
import type { IFakeTossStore } from "../FakeTossService";
import { TossStore, valid } from "./FakeTossRequest";

/**
 * Toss's payouts v2: `/v2/sellers`, `/v2/payouts`, `/v2/balances`. Every answer is Toss's v2
 * envelope; the answer to an ENCRYPTION-mode request is a JWE of it. FAKE DIFFERS: an error
 * is answered as plain JSON even to an encrypted request.
 */
@Controller("v2")
export class FakeTossPayoutsController {
  public constructor(@Inject(FakeTossPayouts) private readonly payouts: FakeTossPayouts) {}

  @Post("sellers")
  public async register(@TossStore() store: IFakeTossStore, @Body() body: unknown, @Headers("tosspayments-api-security-mode") mode: unknown, @Res() reply: FastifyReply): Promise<void> {
    await this.answer(reply, "seller", true, store, async () =>
      this.payouts.registerSeller(store.payout, valid(typia.validate<ITossSellerCreate>(await this.payouts.decrypt(store.payout, body, mode)))),
    );
  }

  @Post("sellers/:id")
  public async update(@TossStore() store: IFakeTossStore, @Param("id") id: string, @Body() body: unknown, @Headers("tosspayments-api-security-mode") mode: unknown, @Res() reply: FastifyReply): Promise<void> {
    await this.answer(reply, "seller", true, store, async () =>
      this.payouts.updateSeller(store.payout, id, valid(typia.validate<ITossSellerCreate>(await this.payouts.decrypt(store.payout, body, mode)))),
    );
  }

  @Get("sellers")
  public async sellers(@TossStore() store: IFakeTossStore, @Query() query: Record<string, string>, @Res() reply: FastifyReply): Promise<void> {
    await this.answer(reply, "seller", false, store, async () => this.payouts.sellers(store.payout, limit(query), query.startingAfter ?? null));
  }

  @Get("sellers/:id")
  public async seller(@TossStore() store: IFakeTossStore, @Param("id") id: string, @Res() reply: FastifyReply): Promise<void> {
    await this.answer(reply, "seller", false, store, async () => this.payouts.seller(store.payout, id));
  }

  @Get("balances")
  public async balance(@TossStore() store: IFakeTossStore, @Res() reply: FastifyReply): Promise<void> {
    await this.answer(reply, "balance", false, store, async () => this.payouts.balance(store.payout));
  }

  @Post("payouts")
  public async request(@TossStore() store: IFakeTossStore, @Body() body: unknown, @Headers("tosspayments-api-security-mode") mode: unknown, @Res() reply: FastifyReply): Promise<void> {
    await this.answer(reply, "payout", true, store, async () =>
      this.payouts.request(store.payout, valid(typia.validate<ITossPayoutCreate[] & tags.MinItems<1> & tags.MaxItems<100>>(await this.payouts.decrypt(store.payout, body, mode)))),
    );
  }

  @Get("payouts")
  public async list(@TossStore() store: IFakeTossStore, @Query() query: Record<string, string>, @Res() reply: FastifyReply): Promise<void> {
    await this.answer(reply, "payout", false, store, async () => this.payouts.payouts(store.payout, limit(query), query.startingAfter ?? null));
  }

  @Get("payouts/:id")
  public async get(@TossStore() store: IFakeTossStore, @Param("id") id: string, @Res() reply: FastifyReply): Promise<void> {
    await this.answer(reply, "payout", false, store, async () => this.payouts.payout(store.payout, id));
  }

  /** No body: not in ENCRYPTION mode, as Toss documents for the cancel. */
  @Post("payouts/:id/cancel")
  public async cancel(@TossStore() store: IFakeTossStore, @Param("id") id: string, @Res() reply: FastifyReply): Promise<void> {
    await this.answer(reply, "payout", false, store, async () => this.payouts.cancel(store.payout, id));
  }

  private async answer(reply: FastifyReply, entityType: string, encrypted: boolean, store: IFakeTossStore, work: () => Promise<unknown>): Promise<void> {
    const envelope = (entityBody: unknown, error: { code: string; message: string } | null): ITossV2Envelope<unknown> => ({
      version: "2022-11-16",
      traceId: crypto.randomUUID().replaceAll("-", ""),
      entityType: error === null ? entityType : null,
      entityBody: error === null ? entityBody : null,
      error,
    });
    try {
      const body = envelope(await work(), null);
      if (encrypted) await reply.code(200).header("content-type", "text/plain; charset=utf-8").send(await this.payouts.encrypt(store.payout, body));
      else await reply.code(200).header("content-type", "application/json; charset=utf-8").send(JSON.stringify(body));
    } catch (exp) {
      if (!(exp instanceof FakeTossError)) throw exp;
      await reply.code(exp.status).header("content-type", "application/json; charset=utf-8").send(JSON.stringify(envelope(null, exp.body())));
    }
  }
}

/** `/internal/v2/*`: what Toss's reviewers and banks do, for tests and the console. */
@Controller("internal/v2")
export class FakeTossPayoutsInternalController {
  public constructor(@Inject(FakeTossPayouts) private readonly payouts: FakeTossPayouts) {}

  @Post("sellers/:id/status")
  @HttpCode(200)
  public status(@TossStore() store: IFakeTossStore, @Param("id") id: string, @Body() body: unknown): ITossSeller {
    const input = valid(typia.validate<{ status: ITossSeller["status"] }>(body));
    return this.payouts.setSellerStatus(store.payout, id, input.status);
  }

  /** Complete or fail a payout now; `webhook: false` loses its `payout.changed`. */
  @Post("payouts/:id/:outcome")
  @HttpCode(200)
  public settle(@TossStore() store: IFakeTossStore, @Param("id") id: string, @Param("outcome") outcome: string, @Body() body: unknown) {
    const input = valid(typia.validate<{ webhook?: boolean; code?: string; message?: string }>(body ?? {}));
    if (outcome !== "complete" && outcome !== "fail") throw FakeTossError.invalid("complete 또는 fail");
    const fail = outcome === "fail" ? { code: input.code ?? "INVALID_ACCOUNT", message: input.message ?? "입금할 수 없는 계좌입니다." } : undefined;
    return this.payouts.settle(store.payout, this.payouts.payout(store.payout, id), input.webhook ?? true, fail);
  }

  @Put("balance")
  public balance(@TossStore() store: IFakeTossStore, @Body() body: unknown) {
    const input = valid(typia.validate<{ available: number & tags.Type<"uint64">; pending?: number & tags.Type<"uint64"> }>(body));
    store.payout.balance = { available: input.available, pending: input.pending ?? store.payout.balance.pending };
    return this.payouts.balance(store.payout);
  }
}

const limit = (query: Record<string, string>): number => {
  const n = Number(query.limit ?? 100);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw FakeTossError.invalid("(limit)");
  return n;
};
