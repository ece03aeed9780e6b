import { Body, Controller, HttpCode, Param, Patch, Post } from "@nestjs/common";
import typia, { tags } from "typia";

import type { IPortOnePayment } from "../../../api/structures/portone/IPortOnePayment";
import { FakePortOneError } from "../FakePortOneError";
import { FakePortOneService, IFakePortOneStore } from "../FakePortOneService";
import { PortOneStore, sameStore, valid } from "./FakePortOneRequest";

type Company = IPortOnePayment.IEscrow["company"];

interface ILogisticsBody {
  storeId?: string;
  sender?: { name?: string; phoneNumber?: string; zipcode?: string; relationship?: string };
  receiver?: { name?: string; phoneNumber?: string; zipcode?: string };
  logistics: {
    company:
      | "LOTTE" | "LOGEN" | "DONGWON" | "POST" | "CJ" | "HANJIN" | "DAESIN" | "ILYANG" | "KYUNGDONG" | "CHUNIL" | "POST_REGISTERED" | "GS" | "WOORI"
      | "HAPDONG" | "FEDEX" | "UPS" | "GSM_NTON" | "SUNGWON" | "LX_PANTOS" | "ACI" | "CJ_INTL" | "USPS" | "EMS" | "DHL" | "KGL" | "GOODSTOLUCK"
      | "KUNYOUNG" | "SLX" | "SF" | "ETC";
    invoiceNumber: string & tags.MinLength<1>;
    sentAt: string & tags.Format<"date-time">;
    receivedAt?: string & tags.Format<"date-time">;
  };
  sendEmail?: boolean;
  products?: { id: string; name: string; tag?: string; code?: string; amount: number & tags.Type<"int64">; quantity: number & tags.Type<"int32">; link?: string }[];
}

/**
 * PortOne V2's escrow at the real paths: the delivery registered (`POST`) and changed
 * (`PATCH`) at `/payments/{paymentId}/escrow/logistics`, the purchase confirmed at
 * `/payments/{paymentId}/escrow/complete`; the payment's `escrow` follows (`REGISTERED`,
 * `CONFIRMED`). A payment not paid is `PAYMENT_NOT_PAID`; one not made as escrow `INVALID_REQUEST`.
 *
 * FAKE DIFFERS: no `DELIVERED` state (the real one follows the carrier), and the buyer's own
 * confirmation or rejection at the PG's page is not simulated.
 */
@Controller()
export class FakePortOneEscrowController {
  public constructor(private readonly service: FakePortOneService) {}

  @Post("payments/:paymentId/escrow/logistics")
  @HttpCode(200)
  public register(@PortOneStore() store: IFakePortOneStore, @Param("paymentId") paymentId: string, @Body() body: unknown): { invoiceNumber: string; sentAt: string; appliedAt: string } {
    const input = valid(typia.validate<ILogisticsBody>(body));
    sameStore(store, input.storeId);
    const payment = this.escrowOf(store, paymentId);
    if (payment.escrow!.status !== "BEFORE_REGISTERED") throw new FakePortOneError(400, "INVALID_REQUEST", "이미 배송 정보가 등록된 결제건입니다.");
    const at = this.service.now().toISOString();
    this.service.save(store, { ...payment, escrow: { status: "REGISTERED", company: input.logistics.company as Company, invoiceNumber: input.logistics.invoiceNumber, sentAt: input.logistics.sentAt, appliedAt: at }, updatedAt: at });
    return { invoiceNumber: input.logistics.invoiceNumber, sentAt: input.logistics.sentAt, appliedAt: at };
  }

  @Patch("payments/:paymentId/escrow/logistics")
  @HttpCode(200)
  public modify(@PortOneStore() store: IFakePortOneStore, @Param("paymentId") paymentId: string, @Body() body: unknown): { invoiceNumber: string; sentAt: string; modifiedAt: string } {
    const input = valid(typia.validate<ILogisticsBody>(body));
    sameStore(store, input.storeId);
    const payment = this.escrowOf(store, paymentId);
    if (payment.escrow!.status !== "REGISTERED") throw new FakePortOneError(400, "INVALID_REQUEST", "배송 정보를 수정할 수 없는 상태입니다.");
    const at = this.service.now().toISOString();
    this.service.save(store, { ...payment, escrow: { ...payment.escrow!, company: input.logistics.company as Company, invoiceNumber: input.logistics.invoiceNumber, sentAt: input.logistics.sentAt }, updatedAt: at });
    return { invoiceNumber: input.logistics.invoiceNumber, sentAt: input.logistics.sentAt, modifiedAt: at };
  }

  @Post("payments/:paymentId/escrow/complete")
  @HttpCode(200)
  public complete(@PortOneStore() store: IFakePortOneStore, @Param("paymentId") paymentId: string, @Body() body: unknown): { completedAt: string } {
    const input = valid(typia.validate<{ storeId?: string; fromStore?: boolean }>(body ?? {}));
    sameStore(store, input.storeId);
    const payment = this.escrowOf(store, paymentId);
    if (payment.escrow!.status !== "REGISTERED" && payment.escrow!.status !== "DELIVERED") throw new FakePortOneError(400, "INVALID_REQUEST", "구매 확정할 수 없는 상태입니다.");
    const at = this.service.now().toISOString();
    this.service.save(store, { ...payment, escrow: { ...payment.escrow!, status: "CONFIRMED", isAutomaticallyConfirmed: false }, updatedAt: at });
    return { completedAt: at };
  }

  private escrowOf(store: IFakePortOneStore, paymentId: string): IPortOnePayment {
    const payment = this.service.get(store, paymentId);
    if (payment.status !== "PAID" && payment.status !== "PARTIAL_CANCELLED") throw new FakePortOneError(409, "PAYMENT_NOT_PAID", "결제가 완료되지 않았습니다.");
    if (payment.escrow === undefined) throw new FakePortOneError(400, "INVALID_REQUEST", "에스크로 결제건이 아닙니다.");
    return payment;
  }
}
