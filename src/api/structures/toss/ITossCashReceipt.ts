import { tags } from "typia";

import { ITossError } from "./ITossError";

/**
 * Toss Payments v1 `CashReceipt` object (현금영수증): the answer of
 * `POST /v1/cash-receipts` and of its cancel, and an element of `Payment.cashReceipts`.
 */
export interface ITossCashReceipt {
  receiptKey: string;
  /** National Tax Service issue number. */
  issueNumber: string;
  receiptUrl: string;
  orderId: string;
  orderName: string;
  type: "소득공제" | "지출증빙";
  /** Merchant business registration number. */
  businessNumber: string;
  /** `CONFIRM` for an issue, `CANCEL` for a cancel. */
  transactionType: "CONFIRM" | "CANCEL";
  amount: number & tags.Type<"uint64">;
  taxFreeAmount: number & tags.Type<"uint64">;
  issueStatus: "IN_PROGRESS" | "COMPLETED" | "FAILED";
  failure: ITossError | null;
  /** Masked phone, card or business number the receipt is issued to. */
  customerIdentityNumber: string;
  requestedAt: string & tags.Format<"date-time">;
}
