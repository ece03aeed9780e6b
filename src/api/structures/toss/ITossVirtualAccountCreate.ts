import { tags } from "typia";

/** Body of `POST /v1/virtual-accounts`: issue a virtual account (가상계좌) for an order. */
export interface ITossVirtualAccountCreate {
  amount: number & tags.Type<"uint64">;
  orderId: string & tags.MinLength<6> & tags.MaxLength<64>;
  orderName: string & tags.MaxLength<100>;
  customerName: string & tags.MaxLength<100>;
  /** Bank code, e.g. `"88"` (신한). */
  bank: string;
  /** Deposit window in hours (default 168, max 720). Ignored when `dueDate` is given. */
  validHours?: number & tags.Type<"uint32"> & tags.Minimum<1> & tags.Maximum<720>;
  /** Deposit deadline. */
  dueDate?: string & tags.Format<"date-time">;
  customerEmail?: string & tags.Format<"email">;
  customerMobilePhone?: string & tags.Pattern<"^[0-9]{8,15}$">;
  taxFreeAmount?: number & tags.Type<"uint64">;
  useEscrow?: boolean;
  cashReceipt?: {
    type: "소득공제" | "지출증빙" | "미발행";
    registrationNumber?: string;
  };
}
