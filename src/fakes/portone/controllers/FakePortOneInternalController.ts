import { Body, Controller, Get, HttpCode, Param, Post } from "@nestjs/common";
import typia, { tags } from "typia";

import type { IPortOneBillingKey } from "../../../api/structures/portone/IPortOneBillingKey";
import type { IPortOnePayment } from "../../../api/structures/portone/IPortOnePayment";
import { FakePortOneService, IFakePortOneStore } from "../FakePortOneService";
import { FakePortOneWebhooks } from "../FakePortOneWebhooks";
import { PortOneEnums } from "../PortOneEnums";
import { PortOneStore, valid } from "./FakePortOneRequest";

/**
 * FAKE DIFFERS: `/internal/*` exists only in the fake. It plays the buyer's browser (the
 * payment and billing-key windows, a deposit) and shows the webhooks sent, with the same
 * `Authorization: PortOne <secret>` as the API.
 */
@Controller("internal")
export class FakePortOneInternalController {
  public constructor(
    private readonly service: FakePortOneService,
    private readonly webhooks: FakePortOneWebhooks,
  ) {}

  /** The payment window completed (`PortOne.requestPayment`): a card paid or declined, a virtual account issued. */
  @Post("payments/:paymentId/window")
  @HttpCode(200)
  public window(@PortOneStore() store: IFakePortOneStore, @Param("paymentId") paymentId: string, @Body() body: unknown): IPortOnePayment {
    const input = valid(
      typia.validate<{
        orderName: string & tags.MinLength<1>;
        totalAmount: number & tags.Type<"int64"> & tags.Minimum<1>;
        currency?: "KRW";
        payMethod: "CARD" | "VIRTUAL_ACCOUNT" | "EASY_PAY";
        easyPay?: { easyPayProvider?: PortOneEnums.EasyPayProvider };
        cardNumber?: string & tags.Pattern<"^[0-9]{15,16}$">;
        /** `PortOne.requestPayment({ isEscrow: true })`. */
        isEscrow?: boolean;
      }>(body),
    );
    const { easyPay, ...rest } = input;
    return this.service.window(store, paymentId, { ...rest, ...(easyPay?.easyPayProvider !== undefined ? { easyPayProvider: easyPay.easyPayProvider } : {}) });
  }

  /** The buyer deposited into the payment's virtual account. */
  @Post("payments/:paymentId/deposit")
  @HttpCode(200)
  public deposit(@PortOneStore() store: IFakePortOneStore, @Param("paymentId") paymentId: string): IPortOnePayment {
    return this.service.deposit(store, paymentId);
  }

  /** The virtual account's deadline passed unpaid. */
  @Post("payments/:paymentId/expire")
  @HttpCode(200)
  public expire(@PortOneStore() store: IFakePortOneStore, @Param("paymentId") paymentId: string): IPortOnePayment {
    return this.service.expire(store, paymentId);
  }

  /** The window opened and left (`READY`), or the PG took the payment and has not answered (`pending`: `PAY_PENDING`). */
  @Post("payments/:paymentId/open")
  @HttpCode(200)
  public open(@PortOneStore() store: IFakePortOneStore, @Param("paymentId") paymentId: string, @Body() body: unknown): IPortOnePayment {
    const input = valid(
      typia.validate<{ orderName: string & tags.MinLength<1>; totalAmount: number & tags.Type<"int64"> & tags.Minimum<1>; pending?: boolean }>(body),
    );
    return this.service.open(store, paymentId, { orderName: input.orderName, totalAmount: input.totalAmount, pending: input.pending ?? false });
  }

  /** The card company raises a chargeback (`Transaction.DisputeCreated`). */
  @Post("payments/:paymentId/dispute")
  @HttpCode(200)
  public dispute(@PortOneStore() store: IFakePortOneStore, @Param("paymentId") paymentId: string, @Body() body: unknown): IPortOnePayment {
    const input = valid(typia.validate<{ reason?: string & tags.MaxLength<200> }>(body ?? {}));
    return this.service.openDispute(store, paymentId, input.reason ?? "고객 이의 제기");
  }

  /** The open dispute ends, won or lost (`Transaction.DisputeResolved`; lost: the payment is cancelled). */
  @Post("payments/:paymentId/dispute/resolve")
  @HttpCode(200)
  public resolve(@PortOneStore() store: IFakePortOneStore, @Param("paymentId") paymentId: string, @Body() body: unknown): IPortOnePayment {
    const input = valid(typia.validate<{ lost: boolean }>(body));
    return this.service.resolveDispute(store, paymentId, input.lost);
  }

  /** The billing-key window completed (`PortOne.requestIssueBillingKey`). */
  @Post("billing-keys")
  @HttpCode(200)
  public issueBillingKey(@PortOneStore() store: IFakePortOneStore, @Body() body: unknown): IPortOneBillingKey {
    const input = valid(typia.validate<{ cardNumber?: string & tags.Pattern<"^[0-9]{15,16}$">; customerId?: string }>(body ?? {}));
    return this.service.issueBillingKey(store, input);
  }

  /** The billing-key window opened (`BillingKey.Ready`), not completed yet. */
  @Post("billing-keys/ready")
  @HttpCode(200)
  public billingKeyReady(@PortOneStore() store: IFakePortOneStore): { billingKey: string } {
    return this.service.billingKeyReady(store);
  }

  /** The key's card replaced (`BillingKey.Updated`). */
  @Post("billing-keys/:billingKey/update")
  @HttpCode(200)
  public updateBillingKey(@PortOneStore() store: IFakePortOneStore, @Param("billingKey") billingKey: string, @Body() body: unknown): IPortOneBillingKey {
    const input = valid(typia.validate<{ cardNumber: string & tags.Pattern<"^[0-9]{15,16}$"> }>(body));
    return this.service.updateBillingKey(store, billingKey, input.cardNumber);
  }

  /** This store's webhook deliveries, oldest first (signatures and secrets left out). */
  @Get("webhooks")
  public deliveries(@PortOneStore() store: IFakePortOneStore) {
    return this.webhooks.deliveries(store.storeId).map(({ secret: _, ...d }) => d);
  }
}
