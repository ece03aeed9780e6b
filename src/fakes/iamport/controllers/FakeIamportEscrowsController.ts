import { Body, Controller, Get, Headers, Inject, Param, Post, Put, Res } from "@nestjs/common";
import type { FastifyReply } from "fastify";

import { FakeIamportService } from "../FakeIamportService";
import { FAKE_IAMPORT_HANG, FAKE_IAMPORT_SERVICE, FakeIamportReply, HangFn, Headers_ } from "./FakeIamportReply";

/** `/escrows/logis/…`: escrow deliveries. At the real paths, answered in Iamport's envelope. */
@Controller()
export class FakeIamportEscrowsController extends FakeIamportReply {
  public constructor(@Inject(FAKE_IAMPORT_SERVICE) service: FakeIamportService, @Inject(FAKE_IAMPORT_HANG) hang: HangFn) {
    super(service, hang);
  }

  @Get("escrows/logis/:imp_uid")
  public get(@Headers() h: Headers_, @Param("imp_uid") imp_uid: string, @Res() reply: FastifyReply): void {
    this.auth(h, reply, (owner) => this.service.escrows.get(owner, imp_uid));
  }

  @Post("escrows/logis/:imp_uid")
  public register(@Headers() h: Headers_, @Param("imp_uid") imp_uid: string, @Body() body: unknown, @Res() reply: FastifyReply): void {
    this.auth(h, reply, (owner) => this.service.escrows.save(owner, imp_uid, body, false));
  }

  @Put("escrows/logis/:imp_uid")
  public change(@Headers() h: Headers_, @Param("imp_uid") imp_uid: string, @Body() body: unknown, @Res() reply: FastifyReply): void {
    this.auth(h, reply, (owner) => this.service.escrows.save(owner, imp_uid, body, true));
  }
}
