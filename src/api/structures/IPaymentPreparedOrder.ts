import { tags } from "typia";

import { IPaymentMoney } from "./IPaymentMoney";
import { IPaymentSettlement } from "./IPaymentSettlement";
import { IPaymentSource } from "./IPaymentSource";
import { IPaymentVendor } from "./IPaymentVendor";

/**
 * An order declared before the buyer pays: what the front end needs to open the PG's
 * window. A later registration (`POST /payments/histories`) of the same source must name
 * the same vendor and amount, or it is refused (422 PREPARED_ORDER_MISMATCH).
 */
export interface IPaymentPreparedOrder {
  id: string & tags.Format<"uuid">;
  vendor: IPaymentPreparedOrder.IVendor;
  source: IPaymentSource;
  /** Order id to give the PG's window (Toss `orderId`, Iamport `merchant_uid`, PortOne V2 `paymentId`): `source.id`. */
  order_id: string;
  /** Amount to give the PG's window, in the currency's minor unit. */
  amount: IPaymentMoney;
  currency: string;
  order_name: string;
  /**
   * What the browser SDK opens the window with: the Toss client key, or the PortOne V2
   * `channelKey`; `null` for Iamport or when not configured.
   */
  client_key: string | null;
  /**
   * The merchant's id for the browser SDK: the PortOne V2 `storeId` (`store-…`), or the Iamport
   * merchant code (`imp_...`) for `IMP.init`; `null` when not configured.
   */
  merchant_code: string | null;
  customer: IPaymentPreparedOrder.ICustomer | null;
  webhook_url: string | null;
  /** The split frozen for its registration; `null`: the platform's alone. */
  settlement: IPaymentSettlement.IPlanFrozen | null;
  created_at: string & tags.Format<"date-time">;
  /** After this, the order is no longer enforced and is forgotten. */
  expires_at: string & tags.Format<"date-time">;
}
export namespace IPaymentPreparedOrder {
  export interface IVendor {
    code: IPaymentVendor.Code;
    store_id: string & tags.MinLength<1> & tags.MaxLength<64>;
  }
  /** The buyer, for the PG's window (kept encrypted). */
  export interface ICustomer {
    name?: (string & tags.MaxLength<100>) | null;
    email?: (string & tags.Format<"email"> & tags.MaxLength<320>) | null;
    phone?: (string & tags.Pattern<"^[0-9+-]{8,20}$">) | null;
  }

  /** Declare an order. Preparing the same source again (before it is paid) replaces it. */
  export interface ICreate {
    vendor: IVendor;
    source: IPaymentSource;
    /** The amount the buyer must pay. */
    price: IPaymentMoney & tags.Minimum<1>;
    /** Only KRW is supported for now. */
    currency?: "KRW";
    order_name: string & tags.MinLength<1> & tags.MaxLength<100>;
    customer?: ICustomer | null;
    /** Where payments-server will post changes of the payment. */
    webhook_url?: (string & tags.Format<"uri"> & tags.MaxLength<2048>) | null;
    /** Password of the prepared order (kept as a hash). */
    password: string & tags.MinLength<8> & tags.MaxLength<256>;
    /** The marketplace split its registration takes, frozen now. */
    settlement?: IPaymentSettlement.IPlan | null;
  }
}
