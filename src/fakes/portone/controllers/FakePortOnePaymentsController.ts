import { Body, Controller, Get, HttpCode, Param, Post, Query } from "@nestjs/common";
import typia, { tags } from "typia";

import type { IPortOnePayment } from "../../../api/structures/portone/IPortOnePayment";
import { FakePortOneService, IFakePortOneStore } from "../FakePortOneService";
import { PortOneStore, sameStore, valid } from "./FakePortOneRequest";

type Money = number & tags.Type<"int64"> & tags.Minimum<0>;

/** `/payments/{paymentId}…` at the real paths; every successful call answers 200. */
@Controller("payments")
export class FakePortOnePaymentsController {
  public constructor(private readonly service: FakePortOneService) {}

  @Get(":paymentId")
  public get(@PortOneStore() store: IFakePortOneStore, @Param("paymentId") paymentId: string, @Query("storeId") storeId?: string): IPortOnePayment {
    sameStore(store, storeId);
    return this.service.get(store, paymentId);
  }

  @Post(":paymentId/pre-register")
  @HttpCode(200)
  public preRegister(@PortOneStore() store: IFakePortOneStore, @Param("paymentId") paymentId: string, @Body() body: unknown) {
    const input = valid(typia.validate<{ storeId?: string; totalAmount?: Money; taxFreeAmount?: Money; currency?: string }>(body));
    sameStore(store, input.storeId);
    return this.service.preRegister(store, paymentId, input);
  }

  @Post(":paymentId/cancel")
  @HttpCode(200)
  public cancel(@PortOneStore() store: IFakePortOneStore, @Param("paymentId") paymentId: string, @Body() body: unknown) {
    const input = valid(
      typia.validate<{
        storeId?: string;
        amount?: Money;
        taxFreeAmount?: Money;
        vatAmount?: Money;
        reason: string;
        requester?: "CUSTOMER" | "ADMIN";
        currentCancellableAmount?: Money;
        refundAccount?: { bank: string; number: string; holderName: string; holderPhoneNumber?: string };
        skipWebhook?: boolean;
      }>(body),
    );
    sameStore(store, input.storeId);
    return this.service.cancel(store, paymentId, input);
  }

  @Post(":paymentId/billing-key")
  @HttpCode(200)
  public payWithBillingKey(@PortOneStore() store: IFakePortOneStore, @Param("paymentId") paymentId: string, @Body() body: unknown) {
    const input = valid(
      typia.validate<{
        storeId?: string;
        billingKey: string;
        channelKey?: string;
        orderName: string;
        customer?: { id?: string };
        amount: { total: Money & tags.Minimum<1>; taxFree?: Money; vat?: Money };
        currency: string;
      }>(body),
    );
    sameStore(store, input.storeId);
    return this.service.payWithBillingKey(store, paymentId, input);
  }
}
