import crypto from "node:crypto";
import { Body, Controller, Get, HttpCode, Param, Post } from "@nestjs/common";
import { FakeTossEasyPay } from "../FakeTossEasyPay";
import typia, { tags } from "typia";

import { ITossPayment } from "../../../api/structures/toss/ITossPayment";
import { ITossPaymentCancel } from "../../../api/structures/toss/ITossPaymentCancel";
import { FakeTossService, IFakeTossStore } from "../FakeTossService";
import { FakeTossWebhooks } from "../FakeTossWebhooks";
import { TossStore, valid } from "./FakeTossRequest";

/**
 * SIMULATION ENDPOINTS: not part of Toss. They stand for what happens outside the API
 * (the buyer in the payment window, the bank, the merchant's dashboard). Same Basic auth
 * as the API; every answer 200, errors in Toss's `{code, message}` form.
 *
 * - `POST /internal/payments` `{orderId, amount, orderName?, method?: "카드"|"가상계좌",
 *   cardNumber?, bank?, customerName?, validHours?, taxFreeAmount?}`
 *   → `{paymentKey, orderId, amount}`: authenticated in the window, status IN_PROGRESS,
 *   to be approved by `POST /v1/payments/confirm` within 10 minutes (sessionTtlMs).
 *   Magic card numbers take effect at confirm; a 가상계좌 confirm issues the account.
 * - `POST /internal/billing/auth` `{customerKey, cardNumber?}` → `{authKey, customerKey}`:
 *   the billing auth window's success redirect, for `POST /v1/billing/authorizations/issue`.
 * - `POST /internal/virtual-accounts/:paymentKey/deposit` `{amount?, depositorName?}`
 *   → Payment (DONE); webhooks PAYMENT_STATUS_CHANGED and DEPOSIT_CALLBACK.
 * - `POST /internal/virtual-accounts/:paymentKey/expire` `{}` → Payment (EXPIRED); also
 *   expires an IN_PROGRESS window payment.
 * - `POST /internal/payments/:paymentKey/abort` `{code?, message?}` → Payment (ABORTED).
 * - `POST /internal/payments/:paymentKey/cancel` ITossPaymentCancel → Payment: the merchant
 *   cancels in Toss's dashboard (not through our server), so only the webhook tells us.
 * - `POST /internal/webhooks/resend` `{paymentKey, eventType?}` → `{queued}`.
 * - `GET  /internal/webhooks` → deliveries of this merchant, with every attempt.
 */
@Controller("internal")
export class FakeTossInternalController {
  public constructor(
    private readonly service: FakeTossService,
    private readonly webhooks: FakeTossWebhooks,
  ) {}

  @Post("payments")
  @HttpCode(200)
  public payment(@TossStore() store: IFakeTossStore, @Body() body: unknown) {
    return this.service.createWindowPayment(
      store,
      valid(
        typia.validate<{
          orderId: string & tags.MinLength<6> & tags.MaxLength<64>;
          orderName?: string;
          amount: number & tags.Type<"uint64">;
          method?: "카드" | "가상계좌" | "간편결제";
          easyPay?: { provider: FakeTossEasyPay.Code; amount?: number & tags.Type<"uint64">; discountAmount?: number & tags.Type<"uint64"> };
          cardNumber?: string & tags.Pattern<"^[0-9]{13,20}$">;
          bank?: string;
          customerName?: string;
          validHours?: number & tags.Type<"uint32"> & tags.Minimum<1>;
          taxFreeAmount?: number & tags.Type<"uint64">;
        }>(body),
      ),
    );
  }

  @Post("billing/auth")
  @HttpCode(200)
  public billingAuth(@TossStore() store: IFakeTossStore, @Body() body: unknown) {
    return this.service.issueAuthKey(
      store,
      valid(
        typia.validate<{
          customerKey: string & tags.MinLength<2> & tags.MaxLength<300>;
          cardNumber?: string & tags.Pattern<"^[0-9]{13,20}$">;
        }>(body),
      ),
    );
  }

  @Post("virtual-accounts/:paymentKey/deposit")
  @HttpCode(200)
  public deposit(
    @TossStore() store: IFakeTossStore,
    @Param("paymentKey") paymentKey: string,
    @Body() body: unknown,
  ): ITossPayment {
    const input = valid(
      typia.validate<{ amount?: number & tags.Type<"uint64">; depositorName?: string }>(body ?? {}),
    );
    return this.service.deposit(store, paymentKey, input);
  }

  @Post("virtual-accounts/:paymentKey/expire")
  @HttpCode(200)
  public expire(@TossStore() store: IFakeTossStore, @Param("paymentKey") paymentKey: string): ITossPayment {
    return this.service.expire(store, paymentKey);
  }

  @Post("payments/:paymentKey/abort")
  @HttpCode(200)
  public abort(
    @TossStore() store: IFakeTossStore,
    @Param("paymentKey") paymentKey: string,
    @Body() body: unknown,
  ): ITossPayment {
    const input = valid(typia.validate<{ code?: string; message?: string }>(body ?? {}));
    return this.service.abort(store, paymentKey, input);
  }

  @Post("payments/:paymentKey/cancel")
  @HttpCode(200)
  public cancel(
    @TossStore() store: IFakeTossStore,
    @Param("paymentKey") paymentKey: string,
    @Body() body: unknown,
  ): ITossPayment {
    return this.service.cancel(store, paymentKey, valid(typia.validate<ITossPaymentCancel>(body)));
  }

  /**
   * An asynchronous cancel (Toss's overseas easy pay) ends: `DONE` applies it (the payment's
   * balance and status change) and `ABORTED` leaves the payment as it was; either way only
   * `CANCEL_STATUS_CHANGED` tells, with the Cancel object. FAKE DIFFERS: the cancel's
   * `IN_PROGRESS` interval is not kept (the request and its end are one call).
   */
  @Post("payments/:paymentKey/cancel-async")
  @HttpCode(200)
  public cancelAsync(@TossStore() store: IFakeTossStore, @Param("paymentKey") paymentKey: string, @Body() body: unknown): ITossPayment {
    const input = valid(typia.validate<ITossPaymentCancel & { outcome: "DONE" | "ABORTED" }>(body));
    const { outcome, ...cancel } = input;
    if (outcome === "DONE") {
      const payment = this.service.cancel(store, paymentKey, cancel, false);
      this.service.emitCancelStatus(store, payment.cancels![payment.cancels!.length - 1]!);
      return payment;
    }
    const payment = this.service.get(store, paymentKey);
    this.service.emitCancelStatus(store, {
      transactionKey: crypto.randomBytes(16).toString("hex").toUpperCase(),
      cancelReason: cancel.cancelReason,
      cancelAmount: cancel.cancelAmount ?? payment.balanceAmount,
      taxFreeAmount: 0,
      taxExemptionAmount: 0,
      refundableAmount: payment.balanceAmount,
      easyPayDiscountAmount: 0,
      canceledAt: new Date().toISOString(),
      receiptKey: null,
      cancelStatus: "ABORTED",
      cancelRequestId: null,
    });
    return payment;
  }

  @Post("webhooks/resend")
  @HttpCode(200)
  public resend(@TossStore() store: IFakeTossStore, @Body() body: unknown) {
    const input = valid(
      typia.validate<{ paymentKey: string; eventType?: "PAYMENT_STATUS_CHANGED" | "DEPOSIT_CALLBACK" }>(body),
    );
    return this.service.resend(store, input.paymentKey, input.eventType);
  }

  @Get("webhooks")
  public deliveries(@TossStore() store: IFakeTossStore): FakeTossWebhooks.IDelivery[] {
    return this.webhooks.deliveries(store.mId);
  }
}
