import { tags } from "typia";

/** Body of `POST /v1/cash-receipts`: issue a cash receipt for a payment made outside Toss. */
export interface ITossCashReceiptCreate {
  amount: number & tags.Type<"uint64">;
  orderId: string & tags.MinLength<6> & tags.MaxLength<64>;
  orderName: string & tags.MaxLength<100>;
  /** Phone, cash-receipt card or business registration number. */
  customerIdentityNumber: string;
  type: "소득공제" | "지출증빙";
  taxFreeAmount?: number & tags.Type<"uint64">;
}
