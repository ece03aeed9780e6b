import { Body, Controller, Headers, Inject, Param, Post, Res } from "@nestjs/common";
import type { FastifyReply } from "fastify";

import { FakeIamportService } from "../FakeIamportService";
import { FAKE_IAMPORT_HANG, FAKE_IAMPORT_SERVICE, FakeIamportReply, HangFn, Headers_ } from "./FakeIamportReply";

/**
 * FAKE DIFFERS: simulations, not part of the real API; authenticated with a token like the rest.
 *
 * POST /internal/payments/window             {merchant_uid, amount, pay_method?: "card"|"trans"|"vbank",
 *                                             name?, card_number?, buyer_*?, custom_data?, notice_url?,
 *                                             vbank_code?, vbank_due?, vbank_holder?}
 *      what the buyer's browser does in the payment window: a card/trans payment is
 *      approved ("paid", webhook) or declined per magic card; a vbank is issued ("ready", webhook).
 * POST /internal/vbanks/:imp_uid/deposit     {amount?}  the buyer deposits (must be the exact amount) → paid + webhook
 * POST /internal/vbanks/:imp_uid/expire      {}         the deadline passes (status stays "ready"); deposits refused
 * POST /internal/payments/:imp_uid/fail      {reason?}  a "ready" payment fails (no webhook)
 * POST /internal/payments/:imp_uid/cancel    {amount?, reason?}  cancel from the merchant console:
 *                                                        no checksum/refund account, webhook ALWAYS sent
 * POST /internal/payments/:imp_uid/webhook   {}         resend the webhook of the current status;
 *                                                        answers {url, body} (url null: nowhere to send)
 */
@Controller()
export class FakeIamportInternalController extends FakeIamportReply {
  public constructor(@Inject(FAKE_IAMPORT_SERVICE) service: FakeIamportService, @Inject(FAKE_IAMPORT_HANG) hang: HangFn) {
    super(service, hang);
  }

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
}
