import { Body, Controller, Get, HttpCode, Param, Post, Query } from "@nestjs/common";
import typia, { tags } from "typia";

import type { IPortOnePayment } from "../../../api/structures/portone/IPortOnePayment";
import { FakePortOneError } from "../FakePortOneError";
import { FakePortOneService, IFakePortOneStore } from "../FakePortOneService";
import { FakePortOneWebhooks } from "../FakePortOneWebhooks";
import { PortOneStore, sameStore, valid } from "./FakePortOneRequest";

type Money = number & tags.Type<"int64"> & tags.Minimum<0>;

/** `/payments/{paymentId}…` at the real paths; every successful call answers 200. */
@Controller("payments")
export class FakePortOnePaymentsController {
  public constructor(
    private readonly service: FakePortOneService,
    private readonly webhooks: FakePortOneWebhooks,
  ) {}

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

  @Post(":paymentId/virtual-account/close")
  @HttpCode(200)
  public closeVirtualAccount(@PortOneStore() store: IFakePortOneStore, @Param("paymentId") paymentId: string, @Body() body: unknown) {
    const input = valid(typia.validate<{ storeId?: string }>(body ?? {}));
    sameStore(store, input.storeId);
    return this.service.closeVirtualAccount(store, paymentId);
  }

  /** The payment's latest webhook sent again, as a new delivery of the same message. */
  @Post(":paymentId/resend-webhook")
  @HttpCode(200)
  public resendWebhook(@PortOneStore() store: IFakePortOneStore, @Param("paymentId") paymentId: string, @Body() body: unknown) {
    const input = valid(typia.validate<{ storeId?: string; webhookId?: string }>(body ?? {}));
    sameStore(store, input.storeId);
    const payment = this.service.get(store, paymentId);
    const sent = this.webhooks.resend(paymentId, store);
    if (sent === null) throw new FakePortOneError(404, "WEBHOOK_NOT_FOUND", "웹훅 내역이 존재하지 않습니다.");
    return {
      webhook: {
        id: sent.webhookId,
        url: sent.url,
        paymentStatus: payment.status,
        isAsync: true,
        currentExecutionCount: sent.attempts.length + 1,
        maxExecutionCount: 6,
        trigger: "MANUAL",
        triggeredAt: this.service.now().toISOString(),
      },
    };
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
