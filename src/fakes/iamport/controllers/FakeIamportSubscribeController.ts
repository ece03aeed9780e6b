import { Body, Controller, Delete, Get, Headers, Inject, Param, Post, Res } from "@nestjs/common";
import type { FastifyReply } from "fastify";

import { FakeIamportService } from "../FakeIamportService";
import { FAKE_IAMPORT_HANG, FAKE_IAMPORT_SERVICE, FakeIamportReply, HangFn, Headers_ } from "./FakeIamportReply";

/** `/subscribe/…`: billing keys (customers) and their charges. At the real paths, answered in Iamport's envelope. */
@Controller()
export class FakeIamportSubscribeController extends FakeIamportReply {
  public constructor(@Inject(FAKE_IAMPORT_SERVICE) service: FakeIamportService, @Inject(FAKE_IAMPORT_HANG) hang: HangFn) {
    super(service, hang);
  }

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
}
