import { Body, Controller, HttpCode, Param, Post } from "@nestjs/common";
import typia from "typia";

import { ITossCashReceipt } from "../../../api/structures/toss/ITossCashReceipt";
import { ITossCashReceiptCancel } from "../../../api/structures/toss/ITossCashReceiptCancel";
import { ITossCashReceiptCreate } from "../../../api/structures/toss/ITossCashReceiptCreate";
import { ITossPayment } from "../../../api/structures/toss/ITossPayment";
import { ITossVirtualAccountCreate } from "../../../api/structures/toss/ITossVirtualAccountCreate";
import { FakeTossService, IFakeTossStore } from "../FakeTossService";
import { TossStore, valid } from "./FakeTossRequest";

/** `/v1/virtual-accounts` and `/v1/cash-receipts`. */
@Controller("v1")
export class FakeTossMiscController {
  public constructor(private readonly service: FakeTossService) {}

  @Post("virtual-accounts")
  @HttpCode(200)
  public virtualAccount(@TossStore() store: IFakeTossStore, @Body() body: unknown): ITossPayment {
    return this.service.createVirtualAccount(store, valid(typia.validate<ITossVirtualAccountCreate>(body)));
  }

  @Post("cash-receipts")
  @HttpCode(200)
  public cashReceipt(@TossStore() store: IFakeTossStore, @Body() body: unknown): ITossCashReceipt {
    return this.service.createCashReceipt(store, valid(typia.validate<ITossCashReceiptCreate>(body)));
  }

  @Post("cash-receipts/:receiptKey/cancel")
  @HttpCode(200)
  public cancelCashReceipt(
    @TossStore() store: IFakeTossStore,
    @Param("receiptKey") receiptKey: string,
    @Body() body: unknown,
  ): ITossCashReceipt {
    // Toss accepts an empty body here (whole-receipt cancel)
    return this.service.cancelCashReceipt(store, receiptKey, valid(typia.validate<ITossCashReceiptCancel>(body ?? {})));
  }
}
