import { Controller, Delete, Get, Param, Query } from "@nestjs/common";

import type { IPortOneBillingKey } from "../../../api/structures/portone/IPortOneBillingKey";
import { FakePortOneService, IFakePortOneStore } from "../FakePortOneService";
import { PortOneStore, sameStore } from "./FakePortOneRequest";

/** `/billing-keys/{billingKey}` at the real path: read and delete. */
@Controller("billing-keys")
export class FakePortOneBillingKeysController {
  public constructor(private readonly service: FakePortOneService) {}

  @Get(":billingKey")
  public get(@PortOneStore() store: IFakePortOneStore, @Param("billingKey") billingKey: string, @Query("storeId") storeId?: string): IPortOneBillingKey {
    sameStore(store, storeId);
    return this.service.getBillingKey(store, billingKey);
  }

  /** The merchant (or the customer, through the merchant) deletes the key: `BillingKey.Deleted` follows. */
  @Delete(":billingKey")
  public delete(@PortOneStore() store: IFakePortOneStore, @Param("billingKey") billingKey: string, @Query("storeId") storeId?: string): { deletedAt: string } {
    sameStore(store, storeId);
    return this.service.deleteBillingKey(store, billingKey);
  }
}
