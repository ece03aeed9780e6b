import { Body, Controller, Get, HttpCode, Param, Post, Query } from "@nestjs/common";
import crypto from "node:crypto";
import typia, { tags } from "typia";

import type { IPortOnePayment } from "../../../api/structures/portone/IPortOnePayment";
import { FakePortOneError } from "../FakePortOneError";
import { FakePortOneService, IFakePortOneStore } from "../FakePortOneService";
import { PortOneStore, sameStore, valid } from "./FakePortOneRequest";

/** A receipt as `GET /payments/{paymentId}/cash-receipt` answers it (`IssuedCashReceipt` / `CancelledCashReceipt`). */
export interface IFakePortOneCashReceipt {
  status: "ISSUED" | "CANCELLED";
  merchantId: string;
  storeId: string;
  paymentId: string;
  channel: { type: "TEST"; id: string; key: string; name: string; pgProvider: string; pgMerchantId: string };
  amount: number;
  taxFreeAmount: number;
  vatAmount: number;
  currency: "KRW";
  orderName: string;
  isManual: boolean;
  type: "PERSONAL" | "CORPORATE";
  pgReceiptId: string;
  issueNumber: string;
  url: string;
  issuedAt: string;
  cancelledAt?: string;
}

/**
 * PortOne V2's cash receipts at the real paths: issue (`POST /cash-receipts`), read and cancel
 * in full (`/payments/{paymentId}/cash-receipt`). A payment of this store must be paid in cash
 * (virtual account or transfer) and the channel key the store's.
 *
 * FAKE DIFFERS: no manual issue for a payment PortOne does not hold (the real API takes any
 * `paymentId` for an outside payment); the identifier is checked for digits only.
 */
@Controller()
export class FakePortOneCashReceiptsController {
  public constructor(private readonly service: FakePortOneService) {}

  @Post("cash-receipts")
  @HttpCode(200)
  public issue(@PortOneStore() store: IFakePortOneStore, @Body() body: unknown): { cashReceipt: { issueNumber: string; url: string; pgReceiptId: string } } {
    const input = valid(
      typia.validate<{
        storeId?: string;
        paymentId: string & tags.MinLength<1>;
        channelKey: string;
        type: "PERSONAL" | "CORPORATE";
        orderName: string;
        currency: "KRW";
        amount: { total: number & tags.Type<"int64"> & tags.Minimum<1>; taxFree?: number & tags.Type<"int64">; vat?: number & tags.Type<"int64"> };
        customer: { identityNumber: string & tags.Pattern<"^[0-9]{10,19}$">; name?: string; email?: string; phoneNumber?: string };
        productType?: "PHYSICAL" | "DIGITAL";
        paidAt?: string & tags.Format<"date-time">;
      }>(body),
    );
    sameStore(store, input.storeId);
    if (input.channelKey !== store.channelKey) throw new FakePortOneError(404, "CHANNEL_NOT_FOUND", "요청된 채널이 존재하지 않습니다.");
    const payment = this.service.get(store, input.paymentId);
    if (payment.status !== "PAID" && payment.status !== "PARTIAL_CANCELLED") throw FakePortOneError.PAYMENT_NOT_PAID();
    const method = (payment.method as IPortOnePayment.IMethod | undefined)?.type;
    if (method !== "PaymentMethodVirtualAccount" && method !== "PaymentMethodTransfer")
      throw FakePortOneError.INVALID_REQUEST("현금영수증은 가상계좌, 계좌이체 결제에만 발급할 수 있습니다.");
    const held = store.cashReceipts.get(input.paymentId);
    if (held !== undefined && held.status === "ISSUED") throw new FakePortOneError(409, "CASH_RECEIPT_ALREADY_ISSUED", "현금영수증이 이미 발급되었습니다.");
    const taxFree = input.amount.taxFree ?? 0;
    const receipt: IFakePortOneCashReceipt = {
      status: "ISSUED",
      merchantId: store.merchantId,
      storeId: store.storeId,
      paymentId: input.paymentId,
      channel: { type: "TEST", id: "channel-sandbox", key: store.channelKey, name: "sandbox", pgProvider: "TOSSPAYMENTS", pgMerchantId: "tosstest" },
      amount: input.amount.total,
      taxFreeAmount: taxFree,
      vatAmount: input.amount.vat ?? Math.floor((input.amount.total - taxFree) / 11),
      currency: "KRW",
      orderName: input.orderName,
      isManual: false,
      type: input.type,
      pgReceiptId: `cr-${crypto.randomUUID()}`,
      issueNumber: String(crypto.randomInt(100_000_000, 999_999_999)),
      url: `https://fake-portone.example/cash-receipts/${encodeURIComponent(input.paymentId)}`,
      issuedAt: new Date().toISOString(),
    };
    store.cashReceipts.set(input.paymentId, receipt);
    return { cashReceipt: { issueNumber: receipt.issueNumber, url: receipt.url, pgReceiptId: receipt.pgReceiptId } };
  }

  @Get("payments/:paymentId/cash-receipt")
  public get(@PortOneStore() store: IFakePortOneStore, @Param("paymentId") paymentId: string, @Query("storeId") storeId?: string): IFakePortOneCashReceipt {
    sameStore(store, storeId);
    const receipt = store.cashReceipts.get(paymentId);
    if (receipt === undefined) throw new FakePortOneError(404, "CASH_RECEIPT_NOT_FOUND", "현금영수증이 존재하지 않습니다.");
    return receipt;
  }

  @Post("payments/:paymentId/cash-receipt/cancel")
  @HttpCode(200)
  public cancel(@PortOneStore() store: IFakePortOneStore, @Param("paymentId") paymentId: string, @Query("storeId") storeId?: string): { cancelledAmount: number; cancelledAt: string } {
    sameStore(store, storeId);
    const receipt = store.cashReceipts.get(paymentId);
    if (receipt === undefined) throw new FakePortOneError(404, "CASH_RECEIPT_NOT_FOUND", "현금영수증이 존재하지 않습니다.");
    if (receipt.status !== "ISSUED") throw new FakePortOneError(404, "CASH_RECEIPT_NOT_ISSUED", "현금영수증이 발급되지 않았습니다.");
    const cancelledAt = new Date().toISOString();
    store.cashReceipts.set(paymentId, { ...receipt, status: "CANCELLED", cancelledAt });
    return { cancelledAmount: receipt.amount, cancelledAt };
  }
}
