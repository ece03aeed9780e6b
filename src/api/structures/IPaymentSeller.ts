import { tags } from "typia";

import { IPaymentVendor } from "./IPaymentVendor";

/**
 * A settlement party registered as a seller at a PG that pays sellers for the marketplace
 * (Toss Payments' 지급대행): its payout batches are then executed by the PG. Its business and
 * bank account details are encrypted at rest, never logged, and only ever shown masked.
 */
export interface IPaymentSeller {
  id: string & tags.Format<"uuid">;
  /** The settlement party (`IPaymentSettlement.IParty.id`) it pays. */
  party_id: string;
  vendor: { code: IPaymentVendor.Code; store_id: string };
  /** The seller's id at the PG (Toss `seller_…`). */
  pg_seller_id: string;
  business_type: IPaymentSeller.BusinessType;
  /**
   * As the PG reviews it: `approval_required` (not payable yet), `partially_approved`
   * (payable up to `payout_limit` per payout), `kyc_required` (payouts held until the seller
   * passes the PG's KYC), `approved` (no limit).
   */
  status: IPaymentSeller.Status;
  /** The most one payout may pay while `partially_approved`, else null. */
  payout_limit: number | null;
  /** The name (a person's or a company's), masked. */
  name: string;
  /** The business registration number, masked (null for an individual). */
  business_registration_number: string | null;
  account: { bank_code: string; account_number: string; holder_name: string };
  /** Where `seller.status_changed` is announced. */
  webhook_url: string | null;
  created_at: string & tags.Format<"date-time">;
  updated_at: string & tags.Format<"date-time">;
}
export namespace IPaymentSeller {
  /** `individual` (개인), `individual_business` (개인사업자), `corporation` (법인). */
  export type BusinessType = "individual" | "individual_business" | "corporation";
  export type Status = "approval_required" | "partially_approved" | "kyc_required" | "approved";

  export interface IPerson {
    name: string & tags.MinLength<1> & tags.MaxLength<40>;
    email: string & tags.Format<"email"> & tags.MaxLength<100>;
    /** Digits only. */
    phone: string & tags.Pattern<"^[0-9]{8,11}$">;
  }
  export interface ICompany {
    name: string & tags.MinLength<1> & tags.MaxLength<60>;
    representative_name: string & tags.MinLength<1> & tags.MaxLength<40>;
    /** 사업자등록번호, ten digits. */
    business_registration_number: string & tags.Pattern<"^[0-9]{10}$">;
    email: string & tags.Format<"email"> & tags.MaxLength<100>;
    phone: string & tags.Pattern<"^[0-9]{8,11}$">;
  }
  export interface IAccount {
    /** The bank's code as the PG names banks (Toss: e.g. `"004"` for KB국민은행). */
    bank_code: string & tags.Pattern<"^[0-9]{2,3}$">;
    account_number: string & tags.Pattern<"^[0-9]{6,20}$">;
    holder_name: string & tags.MinLength<1> & tags.MaxLength<60>;
  }

  /**
   * Register a party as a seller at a PG. `individual` is given for an individual, `company`
   * for an individual business or a corporation.
   */
  export interface ICreate {
    party_id: string & tags.MinLength<1> & tags.MaxLength<64> & tags.Pattern<"^[\\x21-\\x7e]+$">;
    vendor: { code: IPaymentVendor.Code; store_id: string & tags.MinLength<1> & tags.MaxLength<64> };
    business_type: BusinessType;
    individual?: IPerson | null;
    company?: ICompany | null;
    account: IAccount;
    webhook_url?: (string & tags.Format<"uri"> & tags.MaxLength<2048>) | null;
  }

  /** Change a seller's details (what is given replaces what was), e.g. a new bank account. */
  export interface IUpdate {
    individual?: IPerson | null;
    company?: ICompany | null;
    account?: IAccount;
    webhook_url?: (string & tags.Format<"uri"> & tags.MaxLength<2048>) | null;
  }

  export interface IRequest {
    page?: number & tags.Type<"uint32"> & tags.Minimum<1>;
    limit?: number & tags.Type<"uint32"> & tags.Minimum<1> & tags.Maximum<100>;
  }
  export interface IPage {
    data: IPaymentSeller[];
    page: number;
    limit: number;
    total: number;
  }

  /**
   * What payments-server POSTs to a seller's `webhook_url` when the PG changes its status
   * (`seller.status_changed`): the wire format and signature of `IPaymentWebhook`.
   */
  export interface IWebhook {
    id: string & tags.Format<"uuid">;
    type: "seller.status_changed";
    created_at: string & tags.Format<"date-time">;
    previous: IPaymentSeller;
    current: IPaymentSeller;
  }
}
