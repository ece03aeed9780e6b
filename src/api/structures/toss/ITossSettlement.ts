import { tags } from "typia";

/**
 * One line of Toss's settlement report (`GET /v1/settlements`): a sale, or a cancel as its
 * own line with negative amounts. https://docs.tosspayments.com/reference#정산-조회
 */
export interface ITossSettlement {
  mId: string;
  paymentKey: string;
  transactionKey: string;
  orderId: string;
  currency: string;
  method: string | null;
  /** Sold (positive) or cancelled (negative) amount. */
  amount: number & tags.Type<"int64">;
  interestFee: number & tags.Type<"int64">;
  fees: { type: string; fee: number & tags.Type<"int64"> }[];
  supplyAmount: number & tags.Type<"int64">;
  vat: number & tags.Type<"int64">;
  /** What Toss pays the merchant for this line: amount minus fees. */
  payOutAmount: number & tags.Type<"int64">;
  approvedAt: string;
  /** `YYYY-MM-DD`: the day of the sale or cancel. */
  soldDate: string;
  /** `YYYY-MM-DD`: the day Toss pays it out. */
  paidOutDate: string;
}
export namespace ITossSettlement {
  export interface IQuery {
    startDate: string & tags.Format<"date">;
    endDate: string & tags.Format<"date">;
    dateType?: "soldDate" | "paidOutDate";
    page?: number & tags.Type<"uint32"> & tags.Minimum<1>;
    size?: number & tags.Type<"uint32"> & tags.Minimum<1> & tags.Maximum<5000>;
  }
}
