import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from "@nestjs/common";
import typia from "typia";

import { ITossCashReceipt } from "../../../api/structures/toss/ITossCashReceipt";
import { ITossCashReceiptCancel } from "../../../api/structures/toss/ITossCashReceiptCancel";
import { ITossCashReceiptCreate } from "../../../api/structures/toss/ITossCashReceiptCreate";
import { ITossPayment } from "../../../api/structures/toss/ITossPayment";
import { ITossSettlement } from "../../../api/structures/toss/ITossSettlement";
import { ITossTransaction } from "../../../api/structures/toss/ITossTransaction";
import { ITossVirtualAccountCreate } from "../../../api/structures/toss/ITossVirtualAccountCreate";
import { FakeTossListings } from "../FakeTossListings";
import { FakeTossService, IFakeTossStore } from "../FakeTossService";
import { TossStore, valid } from "./FakeTossRequest";

/** The settlement report's fee and per-line corrections, set by the fake's owner. */
export const FAKE_TOSS_SETTLEMENT = Symbol("FAKE_TOSS_SETTLEMENT");
export interface IFakeTossSettlementTerms {
  feeBasisPoints: () => number;
  overrides: ReadonlyMap<string, Partial<ITossSettlement>>;
}

/** `/v1/virtual-accounts`, `/v1/cash-receipts`, `/v1/settlements` and `/v1/transactions`. */
@Controller("v1")
export class FakeTossMiscController {
  public constructor(
    private readonly service: FakeTossService,
    @Inject(FAKE_TOSS_SETTLEMENT) private readonly terms: IFakeTossSettlementTerms,
  ) {}

  @Get("settlements")
  public settlements(@TossStore() store: IFakeTossStore, @Query() query: Record<string, string>): ITossSettlement[] {
    const input = valid(
      typia.validate<ITossSettlement.IQuery>({
        ...query,
        ...(query.page !== undefined ? { page: Number(query.page) } : {}),
        ...(query.size !== undefined ? { size: Number(query.size) } : {}),
      }),
    );
    return FakeTossListings.settlements(store, input, this.terms.feeBasisPoints(), this.terms.overrides);
  }

  @Get("transactions")
  public transactions(@TossStore() store: IFakeTossStore, @Query() query: Record<string, string>): ITossTransaction[] {
    const input = valid(typia.validate<ITossTransaction.IQuery>({ ...query, ...(query.limit !== undefined ? { limit: Number(query.limit) } : {}) }));
    return FakeTossListings.transactions(store, input);
  }

  @Post("virtual-accounts")
  @HttpCode(200)
  public virtualAccount(@TossStore() store: IFakeTossStore, @Body() body: unknown): ITossPayment {
    return this.service.createVirtualAccount(store, valid(typia.validate<ITossVirtualAccountCreate>(body)));
  }

  @Post("cash-receipts")
  @HttpCode(200)
  public cashReceipt(@TossStore() store: IFakeTossStore, @Body() body: unknown): ITossCashReceipt {
    return this.service.cashReceipts.create(store, valid(typia.validate<ITossCashReceiptCreate>(body)));
  }

  @Post("cash-receipts/:receiptKey/cancel")
  @HttpCode(200)
  public cancelCashReceipt(
    @TossStore() store: IFakeTossStore,
    @Param("receiptKey") receiptKey: string,
    @Body() body: unknown,
  ): ITossCashReceipt {
    // Toss accepts an empty body here (whole-receipt cancel)
    return this.service.cashReceipts.cancel(store, receiptKey, valid(typia.validate<ITossCashReceiptCancel>(body ?? {})));
  }
}
