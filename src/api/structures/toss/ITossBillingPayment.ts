import { tags } from "typia";

/** Body of `POST /v1/billing/{billingKey}`: charge a billing key (approved immediately). */
export interface ITossBillingPayment {
  /** Must equal the customerKey the billing key was issued for. */
  customerKey: string & tags.MinLength<2> & tags.MaxLength<300>;
  amount: number & tags.Type<"uint64">;
  orderId: string & tags.MinLength<6> & tags.MaxLength<64>;
  orderName: string & tags.MaxLength<100>;
  customerEmail?: string & tags.Format<"email">;
  customerName?: string;
  customerMobilePhone?: string & tags.Pattern<"^[0-9]{8,15}$">;
  taxFreeAmount?: number & tags.Type<"uint64">;
  taxExemptionAmount?: number & tags.Type<"uint64">;
  cardInstallmentPlan?: number & tags.Type<"uint32"> & tags.Maximum<12>;
}
