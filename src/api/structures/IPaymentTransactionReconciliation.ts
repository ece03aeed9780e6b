import { tags } from "typia";

import { IPaymentVendor } from "./IPaymentVendor";

/**
 * The payments each PG holds for a period compared with our histories, store by store,
 * through the PGs' listing APIs (Toss `GET /v1/transactions`, Iamport
 * `GET /payments/status/all`, PortOne V2 `GET /payments-by-cursor`): what one side has and
 * the other lacks, and what differs in amount or in state (status, refunded sum).
 */
export interface IPaymentTransactionReconciliation {
  from: string & tags.Format<"date-time">;
  to: string & tags.Format<"date-time">;
  stores: IPaymentTransactionReconciliation.IStore[];
}
export namespace IPaymentTransactionReconciliation {
  /** `POST /operator/reconciliations/transactions` */
  export interface IRequest {
    /** Payments made from this instant … */
    from: string & tags.Format<"date-time">;
    /** … to this one (at most 31 days after `from`). */
    to: string & tags.Format<"date-time">;
    /** Only this PG's stores (default: every store). */
    vendor?: IPaymentVendor.Code;
  }

  export interface IStore {
    code: IPaymentVendor.Code;
    store_id: string;
    /** Payments the PG listed for the period. */
    listed: number & tags.Type<"uint32">;
    /** Histories we hold for the period. */
    held: number & tags.Type<"uint32">;
    differences: IDifference[];
    /** Why the PG's listing could not be read, or null. */
    failed: string | null;
  }

  /**
   * - `missing_here`: the PG approved a payment no history holds (an orphan, or one not yet swept)
   * - `missing_at_pg`: a history the PG does not list
   * - `amount`: the totals differ
   * - `status`: the states differ (status, or the refunded sum)
   */
  export interface IDifference {
    kind: "missing_here" | "missing_at_pg" | "amount" | "status";
    uid: string;
    order_id: string;
    here: ISide | null;
    pg: ISide | null;
  }
  export interface ISide {
    status: string;
    /** Null where a listing of transactions did not include the approval. */
    amount: (number & tags.Type<"int64">) | null;
    refunded: number & tags.Type<"int64">;
  }
}
