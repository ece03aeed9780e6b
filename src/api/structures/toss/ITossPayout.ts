import { tags } from "typia";

/*
 * Toss Payments' payouts v2 (지급대행): sellers, payouts and the balance, as
 * https://docs.tosspayments.com/reference/additional and the payouts guide define them.
 * Every v2 answer is an envelope `{version, traceId, entityType, entityBody, error}`.
 */

/** The v2 answer envelope: `entityBody` on success, `error` on failure. */
export interface ITossV2Envelope<T> {
  version: string;
  traceId: string;
  entityType: string | null;
  entityBody: T | null;
  error: { code: string; message: string } | null;
}

/** A seller's bank account. */
export interface ITossSellerAccount {
  /** Toss's two- or three-digit bank code, e.g. `"004"`. */
  bankCode: string & tags.Pattern<"^[0-9]{2,3}$">;
  accountNumber: string & tags.Pattern<"^[0-9]{6,20}$">;
  holderName: string & tags.MinLength<1> & tags.MaxLength<60>;
}

/** `POST /v2/sellers` (and `POST /v2/sellers/{id}` to change one): sent as a JWE. */
export interface ITossSellerCreate {
  /** The marketplace's own id of the seller. */
  refSellerId: string & tags.MinLength<1> & tags.MaxLength<100>;
  businessType: ITossSeller.BusinessType;
  /** For `INDIVIDUAL_BUSINESS` and `CORPORATE`. */
  company?: ITossSeller.ICompany | null;
  /** For `INDIVIDUAL`. */
  individual?: ITossSeller.IIndividual | null;
  account: ITossSellerAccount;
  metadata?: Record<string, string> | null;
}

export interface ITossSeller {
  /** Toss's id, `seller_…`. */
  id: string;
  refSellerId: string;
  businessType: ITossSeller.BusinessType;
  company: ITossSeller.ICompany | null;
  individual: ITossSeller.IIndividual | null;
  status: ITossSeller.Status;
  account: ITossSellerAccount;
  metadata: Record<string, string> | null;
}
export namespace ITossSeller {
  export type BusinessType = "INDIVIDUAL" | "INDIVIDUAL_BUSINESS" | "CORPORATE";
  /**
   * - `APPROVAL_REQUIRED`: registered, not payable yet
   * - `PARTIALLY_APPROVED`: payable up to a limit
   * - `KYC_REQUIRED`: payouts held until the seller passes KYC
   * - `APPROVED`: payable without limit
   */
  export type Status = "APPROVAL_REQUIRED" | "PARTIALLY_APPROVED" | "KYC_REQUIRED" | "APPROVED";
  export interface ICompany {
    name: string & tags.MinLength<1> & tags.MaxLength<60>;
    representativeName: string & tags.MinLength<1> & tags.MaxLength<40>;
    businessRegistrationNumber: string & tags.Pattern<"^[0-9]{10}$">;
    email: string & tags.Format<"email">;
    phone: string & tags.Pattern<"^[0-9]{8,11}$">;
  }
  export interface IIndividual {
    name: string & tags.MinLength<1> & tags.MaxLength<40>;
    email: string & tags.Format<"email">;
    phone: string & tags.Pattern<"^[0-9]{8,11}$">;
  }
}

/** One payout of `POST /v2/payouts` (the body is an array of them, sent as a JWE). */
export interface ITossPayoutCreate {
  /** The marketplace's own id of the payout: one payout per id. */
  refPayoutId: string & tags.MinLength<1> & tags.MaxLength<100>;
  /** The seller's Toss id. */
  destination: string & tags.MinLength<1>;
  /** `EXPRESS`: now; `SCHEDULED`: on `payoutDate`. */
  scheduleType: "EXPRESS" | "SCHEDULED";
  payoutDate?: (string & tags.Format<"date">) | null;
  amount: { currency: "KRW"; value: number & tags.Type<"uint64"> & tags.Minimum<1> };
  transactionDescription: string & tags.MinLength<1> & tags.MaxLength<7>;
  metadata?: Record<string, string> | null;
}

export interface ITossPayout {
  /** Toss's id of the payout. */
  id: string;
  refPayoutId: string;
  destination: string;
  scheduleType: "EXPRESS" | "SCHEDULED";
  payoutDate: string;
  amount: { currency: "KRW"; value: number };
  transactionDescription: string;
  requestedAt: string;
  /** `REQUESTED → IN_PROGRESS → COMPLETED | FAILED`, or `CANCELED` while still requested. */
  status: "REQUESTED" | "IN_PROGRESS" | "COMPLETED" | "FAILED" | "CANCELED";
  error: { code: string; message: string } | null;
  metadata: Record<string, string> | null;
}

/** `GET /v2/balances`: what the marketplace can pay its sellers now, and what is still settling. */
export interface ITossBalance {
  pendingAmount: { currency: "KRW"; value: number };
  availableAmount: { currency: "KRW"; value: number };
}

/** A page of `GET /v2/payouts` or `GET /v2/sellers`, newest first. */
export interface ITossV2Page<T> {
  hasNext: boolean;
  lastCursor: string | null;
  items: T[];
}

/** The body of a `payout.changed` or `seller.changed` webhook, signed with the security key. */
export interface ITossPayoutWebhook {
  eventType: "payout.changed" | "seller.changed";
  createdAt: string;
  version: string;
  eventId: string;
  entityType: "payout" | "seller";
  entityBody: ITossPayout | ITossSeller;
}
