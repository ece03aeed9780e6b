/**
 * A PG that pays a marketplace's sellers for it (Toss's 지급대행), behind the gateway seam:
 * sellers registered with their bank accounts, payouts requested under our own reference
 * (one payout per reference at the PG, so a retry never pays twice), read back, cancelled
 * while the PG allows it. A gateway without it has none (`PgGateway.payouts` null, no
 * `payouts` capability).
 */
export interface PgPayouts {
  registerSeller(storeId: string, ref: string, seller: IPgSellerDetails): Promise<IPgSeller>;
  updateSeller(storeId: string, sellerId: string, ref: string, seller: IPgSellerDetails): Promise<IPgSeller>;
  getSeller(storeId: string, sellerId: string): Promise<IPgSeller>;
  /** The seller registered under our reference, or null (a registration whose answer was lost). */
  findSellerByRef(storeId: string, ref: string): Promise<IPgSeller | null>;
  /** What the store can pay out now. */
  balance(storeId: string): Promise<{ available: number; pending: number }>;
  /** Request one payout; `payout_date` null pays at once. */
  request(storeId: string, order: IPgPayoutOrder): Promise<IPgPayout>;
  get(storeId: string, payoutId: string): Promise<IPgPayout>;
  /** The payout made under our reference, or null when the PG holds none (looked up in its recent payouts). */
  findByRef(storeId: string, ref: string): Promise<IPgPayout | null>;
  cancel(storeId: string, payoutId: string): Promise<IPgPayout>;
}

export interface IPgSellerDetails {
  business_type: "individual" | "individual_business" | "corporation";
  individual: { name: string; email: string; phone: string } | null;
  company: { name: string; representative_name: string; business_registration_number: string; email: string; phone: string } | null;
  account: { bank_code: string; account_number: string; holder_name: string };
}

export interface IPgSeller {
  seller_id: string;
  ref: string;
  status: "approval_required" | "partially_approved" | "kyc_required" | "approved";
}

export interface IPgPayoutOrder {
  ref: string;
  seller_id: string;
  amount: number;
  /** `YYYY-MM-DD` (Korean day) or null: at once. */
  payout_date: string | null;
  description: string;
}

export interface IPgPayout {
  payout_id: string;
  ref: string;
  status: "requested" | "in_progress" | "completed" | "failed" | "cancelled";
  amount: number;
  payout_date: string;
  failure: { code: string; message: string } | null;
}
