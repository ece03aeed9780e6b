import { Body, Controller, Get, Headers, Inject, Param, Post, Query, Res } from "@nestjs/common";
import type { FastifyReply } from "fastify";

import { FakeIamportListings } from "../FakeIamportListings";
import { FakeIamportService } from "../FakeIamportService";
import { FAKE_IAMPORT_HANG, FAKE_IAMPORT_SERVICE, FakeIamportReply, HangFn, Headers_ } from "./FakeIamportReply";

/** `/payments/…`: read, find by order, list by status, cancel. At the real paths, answered in Iamport's envelope. */
@Controller()
export class FakeIamportPaymentsController extends FakeIamportReply {
  public constructor(@Inject(FAKE_IAMPORT_SERVICE) service: FakeIamportService, @Inject(FAKE_IAMPORT_HANG) hang: HangFn) {
    super(service, hang);
  }

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

  @Get("payments/status/:payment_status")
  public byStatus(@Headers() h: Headers_, @Param("payment_status") status: string, @Query() query: Record<string, string>, @Res() reply: FastifyReply): void {
    this.auth(h, reply, (owner) => FakeIamportListings.byStatus(this.service.list(owner), status, query, this.service.unix()));
  }

  @Post("payments/cancel")
  public cancel(@Headers() h: Headers_, @Body() body: unknown, @Res() reply: FastifyReply): void {
    this.auth(h, reply, (owner) => this.service.cancel(owner, body));
  }

  @Get("payments/:imp_uid")
  public get(@Headers() h: Headers_, @Param("imp_uid") imp_uid: string, @Res() reply: FastifyReply): void {
    this.auth(h, reply, (owner) => this.service.getPayment(owner, imp_uid));
  }
}
