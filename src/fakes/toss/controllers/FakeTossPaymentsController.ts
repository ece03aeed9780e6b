import { Body, Controller, Get, HttpCode, Param, Post } from "@nestjs/common";
import typia from "typia";

import { ITossKeyInPayment } from "../../../api/structures/toss/ITossKeyInPayment";
import { ITossPayment } from "../../../api/structures/toss/ITossPayment";
import { ITossPaymentCancel } from "../../../api/structures/toss/ITossPaymentCancel";
import { ITossPaymentConfirm } from "../../../api/structures/toss/ITossPaymentConfirm";
import { FakeTossService, IFakeTossStore } from "../FakeTossService";
import { TossStore, valid } from "./FakeTossRequest";

/** `/v1/payments/*` at the real paths. Toss answers 200 to every successful POST. */
@Controller("v1/payments")
export class FakeTossPaymentsController {
  public constructor(private readonly service: FakeTossService) {}

  @Post("key-in")
  @HttpCode(200)
  public keyIn(@TossStore() store: IFakeTossStore, @Body() body: unknown): Promise<ITossPayment> {
    return this.service.keyIn(store, valid(typia.validate<ITossKeyInPayment>(body)));
  }

  @Post("confirm")
  @HttpCode(200)
  public confirm(@TossStore() store: IFakeTossStore, @Body() body: unknown): Promise<ITossPayment> {
    return this.service.confirm(store, valid(typia.validate<ITossPaymentConfirm>(body)));
  }

  @Get("orders/:orderId")
  public getByOrder(@TossStore() store: IFakeTossStore, @Param("orderId") orderId: string): ITossPayment {
    return this.service.getByOrder(store, orderId);
  }

  @Get(":paymentKey")
  public get(@TossStore() store: IFakeTossStore, @Param("paymentKey") paymentKey: string): ITossPayment {
    return this.service.get(store, paymentKey);
  }

  /** The older approval form, still served by Toss. */
  @Post(":paymentKey")
  @HttpCode(200)
  public approve(
    @TossStore() store: IFakeTossStore,
    @Param("paymentKey") paymentKey: string,
    @Body() body: unknown,
  ): Promise<ITossPayment> {
    const input = valid(typia.validate<ITossPaymentConfirm.ILegacy>(body));
    return this.service.confirm(store, { paymentKey, ...input });
  }

  @Post(":paymentKey/cancel")
  @HttpCode(200)
  public cancel(
    @TossStore() store: IFakeTossStore,
    @Param("paymentKey") paymentKey: string,
    @Body() body: unknown,
  ): ITossPayment {
    return this.service.cancel(store, paymentKey, valid(typia.validate<ITossPaymentCancel>(body)));
  }
}
