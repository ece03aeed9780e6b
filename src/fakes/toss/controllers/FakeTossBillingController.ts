import { Body, Controller, Delete, HttpCode, Param, Post } from "@nestjs/common";
import typia from "typia";

import { ITossBilling } from "../../../api/structures/toss/ITossBilling";
import { ITossBillingAuthCard } from "../../../api/structures/toss/ITossBillingAuthCard";
import { ITossBillingIssue } from "../../../api/structures/toss/ITossBillingIssue";
import { ITossBillingPayment } from "../../../api/structures/toss/ITossBillingPayment";
import { ITossPayment } from "../../../api/structures/toss/ITossPayment";
import { FakeTossService, IFakeTossStore } from "../FakeTossService";
import { TossStore, valid } from "./FakeTossRequest";

/** `/v1/billing/*`. Toss v1 offers no GET for a billing key; it deletes one with DELETE. */
@Controller("v1/billing")
export class FakeTossBillingController {
  public constructor(private readonly service: FakeTossService) {}

  @Post("authorizations/card")
  @HttpCode(200)
  public card(@TossStore() store: IFakeTossStore, @Body() body: unknown): ITossBilling {
    return this.service.billingAuthCard(store, valid(typia.validate<ITossBillingAuthCard>(body)));
  }

  @Post("authorizations/issue")
  @HttpCode(200)
  public issue(@TossStore() store: IFakeTossStore, @Body() body: unknown): ITossBilling {
    return this.service.billingIssue(store, valid(typia.validate<ITossBillingIssue>(body)));
  }

  @Post(":billingKey")
  @HttpCode(200)
  public charge(
    @TossStore() store: IFakeTossStore,
    @Param("billingKey") billingKey: string,
    @Body() body: unknown,
  ): Promise<ITossPayment> {
    return this.service.billingCharge(store, billingKey, valid(typia.validate<ITossBillingPayment>(body)));
  }

  /** The billing key deleted (the merchant's request, or the customer's through it): `BILLING_DELETED` follows. */
  @Delete(":billingKey")
  @HttpCode(200)
  public delete(@TossStore() store: IFakeTossStore, @Param("billingKey") billingKey: string): { billingKey: string } {
    this.service.billingDelete(store, billingKey);
    return { billingKey };
  }
}
