import { tags } from "typia";

/**
 * One transaction of Toss's transaction list (`GET /v1/transactions`): an approval, or a
 * cancel of a payment, each with its own `transactionKey`, the payment's status after it and
 * the amount it moved. https://docs.tosspayments.com/reference#거래-조회
 */
export interface ITossTransaction {
  mId: string;
  transactionKey: string;
  paymentKey: string;
  orderId: string;
  method: string | null;
  customerKey: string | null;
  useEscrow: boolean;
  receiptUrl: string | null;
  /** The payment's status after this transaction (`DONE`, `CANCELED`, `PARTIAL_CANCELED`, `WAITING_FOR_DEPOSIT`...). */
  status: string;
  /** ISO-8601 with offset. */
  transactionAt: string;
  currency: string;
  amount: number & tags.Type<"int64">;
}
export namespace ITossTransaction {
  export interface IQuery {
    /** ISO-8601 date-time; without an offset it is Korea time. */
    startDate: string & tags.MinLength<10> & tags.MaxLength<40>;
    endDate: string & tags.MinLength<10> & tags.MaxLength<40>;
    /** Cursor: the transactions after this `transactionKey`. */
    startingAfter?: string & tags.MaxLength<300>;
    /** At most 5,000 (default 100). */
    limit?: number & tags.Type<"uint32"> & tags.Minimum<1> & tags.Maximum<5000>;
  }
}
