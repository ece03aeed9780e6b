import { Body, Controller, Inject, Post, Res } from "@nestjs/common";
import type { FastifyReply } from "fastify";

import { FakeIamportService } from "../FakeIamportService";
import { FAKE_IAMPORT_HANG, FAKE_IAMPORT_SERVICE, FakeIamportReply, HangFn } from "./FakeIamportReply";

/** `/users/getToken`: a REST key pair for an access token. At the real paths, answered in Iamport's envelope. */
@Controller()
export class FakeIamportUsersController extends FakeIamportReply {
  public constructor(@Inject(FAKE_IAMPORT_SERVICE) service: FakeIamportService, @Inject(FAKE_IAMPORT_HANG) hang: HangFn) {
    super(service, hang);
  }

  @Post("users/getToken")
  public getToken(@Body() body: unknown, @Res() reply: FastifyReply): void {
    this.send(reply, this.service.getToken(body));
  }
}
