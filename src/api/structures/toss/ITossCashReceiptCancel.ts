import { tags } from "typia";

/** Body of `POST /v1/cash-receipts/{receiptKey}/cancel`; no amount cancels the whole receipt. */
export interface ITossCashReceiptCancel {
  amount?: number & tags.Type<"uint64">;
}
