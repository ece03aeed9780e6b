import { Body, Controller, Delete, Get, Headers, Inject, Param, Post, Put, Res } from "@nestjs/common";
import type { FastifyReply } from "fastify";

import { Answer, FakeIamportService } from "./FakeIamportService";

export const FAKE_IAMPORT_SERVICE = Symbol("FAKE_IAMPORT_SERVICE");
export const FAKE_IAMPORT_HANG = Symbol("FAKE_IAMPORT_HANG");

/** Holds a reply without answering (magic TIMEOUT card); the owner drops it later. */
export type HangFn = (reply: FastifyReply) => void;

type Headers_ = Record<string, unknown>;

/**
 * Routes of the real Iamport REST API, at the real paths. Plain Nest decorators on purpose:
 * validation failures must come back in Iamport's envelope, not in nestia's format.
 */
@Controller()
export class FakeIamportController {
  public constructor(
    @Inject(FAKE_IAMPORT_SERVICE) private readonly service: FakeIamportService,
    @Inject(FAKE_IAMPORT_HANG) private readonly hang: HangFn,
  ) {}

  @Post("users/getToken")
  public getToken(@Body() body: unknown, @Res() reply: FastifyReply): void {
    this.send(reply, this.service.getToken(body));
  }

  /* PAYMENTS */
  @Get("payments/find/:merchant_uid")
  public find(@Headers() h: Headers_, @Param("merchant_uid") merchant_uid: string, @Res() reply: FastifyReply): void {
    this.auth(h, reply, (owner) => this.service.findPayment(owner, merchant_uid));
  }

  @Get("payments/find/:merchant_uid/:payment_status")
  public findWithStatus(
    @Headers() h: Headers_,
    @Param("merchant_uid") merchant_uid: string,
    @Param("payment_status") status: string,
    @Res() reply: FastifyReply,
  ): void {
    this.auth(h, reply, (owner) => this.service.findPayment(owner, merchant_uid, status));
  }

  @Post("payments/cancel")
  public cancel(@Headers() h: Headers_, @Body() body: unknown, @Res() reply: FastifyReply): void {
    this.auth(h, reply, (owner) => this.service.cancel(owner, body));
  }

  @Get("payments/:imp_uid")
  public get(@Headers() h: Headers_, @Param("imp_uid") imp_uid: string, @Res() reply: FastifyReply): void {
    this.auth(h, reply, (owner) => this.service.getPayment(owner, imp_uid));
  }

  /* SUBSCRIBE */
  @Post("subscribe/payments/onetime")
  public onetime(@Headers() h: Headers_, @Body() body: unknown, @Res() reply: FastifyReply): void {
    this.auth(h, reply, (owner) => this.service.onetime(owner, body));
  }

  @Post("subscribe/payments/again")
  public again(@Headers() h: Headers_, @Body() body: unknown, @Res() reply: FastifyReply): void {
    this.auth(h, reply, (owner) => this.service.again(owner, body));
  }

  @Get("subscribe/customers/:customer_uid")
  public getCustomer(@Headers() h: Headers_, @Param("customer_uid") uid: string, @Res() reply: FastifyReply): void {
    this.auth(h, reply, (owner) => this.service.getCustomer(owner, uid));
  }

  @Post("subscribe/customers/:customer_uid")
  public createCustomer(
    @Headers() h: Headers_,
    @Param("customer_uid") uid: string,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ): void {
    this.auth(h, reply, (owner) => this.service.createCustomer(owner, uid, body));
  }

  @Delete("subscribe/customers/:customer_uid")
  public deleteCustomer(@Headers() h: Headers_, @Param("customer_uid") uid: string, @Res() reply: FastifyReply): void {
    this.auth(h, reply, (owner) => this.service.deleteCustomer(owner, uid));
  }

  /* VBANKS */
  @Post("vbanks")
  public createVbank(@Headers() h: Headers_, @Body() body: unknown, @Res() reply: FastifyReply): void {
    this.auth(h, reply, (owner) => this.service.createVbank(owner, body));
  }

  @Put("vbanks/:imp_uid")
  public updateVbank(
    @Headers() h: Headers_,
    @Param("imp_uid") imp_uid: string,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ): void {
    this.auth(h, reply, (owner) => this.service.updateVbank(owner, imp_uid, body ?? {}));
  }

  @Delete("vbanks/:imp_uid")
  public deleteVbank(@Headers() h: Headers_, @Param("imp_uid") imp_uid: string, @Res() reply: FastifyReply): void {
    this.auth(h, reply, (owner) => this.service.deleteVbank(owner, imp_uid));
  }

  /* RECEIPTS */
  @Get("receipts/:imp_uid")
  public getReceipt(@Headers() h: Headers_, @Param("imp_uid") imp_uid: string, @Res() reply: FastifyReply): void {
    this.auth(h, reply, (owner) => this.service.getReceipt(owner, imp_uid));
  }

  @Post("receipts/:imp_uid")
  public createReceipt(
    @Headers() h: Headers_,
    @Param("imp_uid") imp_uid: string,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ): void {
    this.auth(h, reply, (owner) => this.service.createReceipt(owner, imp_uid, body));
  }

  @Delete("receipts/:imp_uid")
  public deleteReceipt(@Headers() h: Headers_, @Param("imp_uid") imp_uid: string, @Res() reply: FastifyReply): void {
    this.auth(h, reply, (owner) => this.service.deleteReceipt(owner, imp_uid));
  }

  /* ----------------------------------------------------------------
    SIMULATION — NOT part of the real API. Authenticated with a token like the rest.

    POST /internal/payments/window             {merchant_uid, amount, pay_method?: "card"|"trans"|"vbank",
                                                name?, card_number?, buyer_*?, custom_data?, notice_url?,
                                                vbank_code?, vbank_due?, vbank_holder?}
         what the buyer's browser does in the payment window: a card/trans payment is
         approved ("paid", webhook) or declined per magic card; a vbank is issued ("ready", webhook).
    POST /internal/vbanks/:imp_uid/deposit     {amount?}  the buyer deposits (must be the exact amount) → paid + webhook
    POST /internal/vbanks/:imp_uid/expire      {}         the deadline passes (status stays "ready"); deposits refused
    POST /internal/payments/:imp_uid/fail      {reason?}  a "ready" payment fails (no webhook)
    POST /internal/payments/:imp_uid/cancel    {amount?, reason?}  cancel from the merchant console:
                                                           no checksum/refund account, webhook ALWAYS sent
    POST /internal/payments/:imp_uid/webhook   {}         resend the webhook of the current status;
                                                           answers {url, body} (url null: nowhere to send)
  ---------------------------------------------------------------- */
  @Post("internal/payments/window")
  public window(@Headers() h: Headers_, @Body() body: unknown, @Res() reply: FastifyReply): void {
    this.auth(h, reply, (owner) => this.service.window(owner, body));
  }

  @Post("internal/vbanks/:imp_uid/deposit")
  public deposit(
    @Headers() h: Headers_,
    @Param("imp_uid") imp_uid: string,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ): void {
    this.auth(h, reply, (owner) => this.service.deposit(owner, imp_uid, body));
  }

  @Post("internal/vbanks/:imp_uid/expire")
  public expire(@Headers() h: Headers_, @Param("imp_uid") imp_uid: string, @Res() reply: FastifyReply): void {
    this.auth(h, reply, (owner) => this.service.expire(owner, imp_uid));
  }

  @Post("internal/payments/:imp_uid/fail")
  public fail(
    @Headers() h: Headers_,
    @Param("imp_uid") imp_uid: string,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ): void {
    this.auth(h, reply, (owner) => this.service.failPayment(owner, imp_uid, body));
  }

  @Post("internal/payments/:imp_uid/cancel")
  public consoleCancel(
    @Headers() h: Headers_,
    @Param("imp_uid") imp_uid: string,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ): void {
    this.auth(h, reply, (owner) => this.service.consoleCancel(owner, imp_uid, body));
  }

  @Post("internal/payments/:imp_uid/webhook")
  public resend(@Headers() h: Headers_, @Param("imp_uid") imp_uid: string, @Res() reply: FastifyReply): void {
    this.auth(h, reply, (owner) => this.service.resend(owner, imp_uid));
  }

  /* ---------------------------------------------------------------- */
  private auth(headers: Headers_, reply: FastifyReply, task: (owner: string) => Answer<unknown>): void {
    const owner: string | null = this.service.authorize(headers);
    if (owner === null)
      return this.send(reply, {
        status: 401,
        body: { code: -1, message: "Unauthorized", response: null },
      });
    this.send(reply, task(owner));
  }

  private send(reply: FastifyReply, answer: Answer<unknown>): void {
    if (answer.hang === true) return this.hang(reply);
    void reply.status(answer.status).header("content-type", "application/json; charset=utf-8").send(answer.body);
  }
}
