import { Body, Controller, Delete, Headers, Inject, Param, Post, Put, Res } from "@nestjs/common";
import type { FastifyReply } from "fastify";

import { FakeIamportService } from "../FakeIamportService";
import { FAKE_IAMPORT_HANG, FAKE_IAMPORT_SERVICE, FakeIamportReply, HangFn, Headers_ } from "./FakeIamportReply";

/** `/vbanks`: virtual accounts issued, changed, closed. At the real paths, answered in Iamport's envelope. */
@Controller()
export class FakeIamportVbanksController extends FakeIamportReply {
  public constructor(@Inject(FAKE_IAMPORT_SERVICE) service: FakeIamportService, @Inject(FAKE_IAMPORT_HANG) hang: HangFn) {
    super(service, hang);
  }

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
}
