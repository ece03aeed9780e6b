import { Body, Controller, Delete, Get, Headers, Inject, Param, Post, Res } from "@nestjs/common";
import type { FastifyReply } from "fastify";

import { FakeIamportService } from "../FakeIamportService";
import { FAKE_IAMPORT_HANG, FAKE_IAMPORT_SERVICE, FakeIamportReply, HangFn, Headers_ } from "./FakeIamportReply";

/** `/receipts/…`: cash receipts. At the real paths, answered in Iamport's envelope. */
@Controller()
export class FakeIamportReceiptsController extends FakeIamportReply {
  public constructor(@Inject(FAKE_IAMPORT_SERVICE) service: FakeIamportService, @Inject(FAKE_IAMPORT_HANG) hang: HangFn) {
    super(service, hang);
  }

  @Get("receipts/:imp_uid")
  public getReceipt(@Headers() h: Headers_, @Param("imp_uid") imp_uid: string, @Res() reply: FastifyReply): void {
    this.auth(h, reply, (owner) => this.service.receipts.get(owner, imp_uid));
  }

  @Post("receipts/:imp_uid")
  public createReceipt(
    @Headers() h: Headers_,
    @Param("imp_uid") imp_uid: string,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ): void {
    this.auth(h, reply, (owner) => this.service.receipts.create(owner, imp_uid, body));
  }

  @Delete("receipts/:imp_uid")
  public deleteReceipt(@Headers() h: Headers_, @Param("imp_uid") imp_uid: string, @Res() reply: FastifyReply): void {
    this.auth(h, reply, (owner) => this.service.receipts.delete(owner, imp_uid));
  }
}
