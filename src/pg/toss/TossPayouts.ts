import crypto from "node:crypto";

import type { ITossPayout, ITossSeller, ITossSellerCreate } from "../../api/structures/toss/ITossPayout";
import type { IPgPayout, IPgPayoutOrder, IPgSeller, IPgSellerDetails, PgPayouts } from "../PgPayouts";
import type { TossPayoutApi } from "./TossPayoutApi";

/**
 * Toss's payouts v2 (지급대행) behind the seam. Our payout batch id is Toss's `refPayoutId`;
 * Toss has no lookup by it (documentation silent), so `findByRef` reads its recent payouts,
 * newest first, a bounded number of pages.
 */
export class TossPayouts implements PgPayouts {
  public constructor(private readonly api: TossPayoutApi) {}

  public async registerSeller(storeId: string, ref: string, seller: IPgSellerDetails): Promise<IPgSeller> {
    return sellerOf(await this.api.registerSeller(storeId, body(ref, seller)));
  }

  public async updateSeller(storeId: string, sellerId: string, ref: string, seller: IPgSellerDetails): Promise<IPgSeller> {
    return sellerOf(await this.api.updateSeller(storeId, sellerId, body(ref, seller)));
  }

  public async getSeller(storeId: string, sellerId: string): Promise<IPgSeller> {
    return sellerOf(await this.api.getSeller(storeId, sellerId));
  }

  public async findSellerByRef(storeId: string, ref: string): Promise<IPgSeller | null> {
    let cursor: string | null = null;
    for (let page = 0; page < 10; ++page) {
      const p = await this.api.sellers(storeId, { limit: 100, startingAfter: cursor });
      const found = p.items.find((x) => x.refSellerId === ref);
      if (found !== undefined) return sellerOf(found);
      if (!p.hasNext || p.lastCursor === null) return null;
      cursor = p.lastCursor;
    }
    return null;
  }

  public async balance(storeId: string): Promise<{ available: number; pending: number }> {
    const b = await this.api.balance(storeId);
    return { available: b.availableAmount.value, pending: b.pendingAmount.value };
  }

  public async request(storeId: string, order: IPgPayoutOrder): Promise<IPgPayout> {
    const [made] = await this.api.requestPayouts(storeId, [
      {
        refPayoutId: order.ref,
        destination: order.seller_id,
        scheduleType: order.payout_date === null ? "EXPRESS" : "SCHEDULED",
        ...(order.payout_date !== null ? { payoutDate: order.payout_date } : {}),
        amount: { currency: "KRW", value: order.amount },
        transactionDescription: order.description,
      },
    ]);
    if (made === undefined) throw new Error("Toss answered a payout request without its payout");
    return payoutOf(made);
  }

  public async get(storeId: string, payoutId: string): Promise<IPgPayout> {
    return payoutOf(await this.api.getPayout(storeId, payoutId));
  }

  public async findByRef(storeId: string, ref: string): Promise<IPgPayout | null> {
    let cursor: string | null = null;
    for (let page = 0; page < 10; ++page) {
      const p = await this.api.payouts(storeId, { limit: 100, startingAfter: cursor });
      const found = p.items.find((x) => x.refPayoutId === ref);
      if (found !== undefined) return payoutOf(found);
      if (!p.hasNext || p.lastCursor === null) return null;
      cursor = p.lastCursor;
    }
    return null;
  }

  public async cancel(storeId: string, payoutId: string): Promise<IPgPayout> {
    return payoutOf(await this.api.cancelPayout(storeId, payoutId));
  }
}

/**
 * `payout.changed` and `seller.changed` are signed: `tosspayments-webhook-signature` holds
 * `v1:<base64>` values (two while a key rotates), each an HMAC-SHA256 of
 * `{body}:{tosspayments-webhook-transmission-time}` under the security key. The documentation
 * does not say whether the key is taken as its text or its hex bytes: we take its text.
 */
export namespace TossPayoutSignature {
  export const sign = (securityKey: string, raw: string, transmissionTime: string): string =>
    crypto.createHmac("sha256", securityKey).update(`${raw}:${transmissionTime}`).digest("base64");

  export const verify = (securityKey: string, raw: string, headers: Record<string, unknown>): boolean => {
    const time = headers["tosspayments-webhook-transmission-time"];
    const header = headers["tosspayments-webhook-signature"];
    if (typeof time !== "string" || typeof header !== "string") return false;
    const expected = crypto.createHmac("sha256", securityKey).update(`${raw}:${time}`).digest();
    return header.split(",").some((part) => {
      const m = /^\s*v1:(.+?)\s*$/.exec(part);
      if (m === null) return false;
      const given = Buffer.from(m[1]!, "base64");
      return given.length === expected.length && crypto.timingSafeEqual(given, expected);
    });
  };
}

const TYPES = { individual: "INDIVIDUAL", individual_business: "INDIVIDUAL_BUSINESS", corporation: "CORPORATE" } as const;
const STATUSES: Record<ITossSeller.Status, IPgSeller["status"]> = {
  APPROVAL_REQUIRED: "approval_required",
  PARTIALLY_APPROVED: "partially_approved",
  KYC_REQUIRED: "kyc_required",
  APPROVED: "approved",
};
const PAYOUT_STATUSES: Record<ITossPayout["status"], IPgPayout["status"]> = {
  REQUESTED: "requested",
  IN_PROGRESS: "in_progress",
  COMPLETED: "completed",
  FAILED: "failed",
  CANCELED: "cancelled",
};

const body = (ref: string, s: IPgSellerDetails): ITossSellerCreate => ({
  refSellerId: ref,
  businessType: TYPES[s.business_type],
  ...(s.company !== null
    ? {
        company: {
          name: s.company.name,
          representativeName: s.company.representative_name,
          businessRegistrationNumber: s.company.business_registration_number,
          email: s.company.email,
          phone: s.company.phone,
        },
      }
    : {}),
  ...(s.individual !== null ? { individual: { ...s.individual } } : {}),
  account: { bankCode: s.account.bank_code, accountNumber: s.account.account_number, holderName: s.account.holder_name },
});

const sellerOf = (s: ITossSeller): IPgSeller => ({ seller_id: s.id, ref: s.refSellerId, status: STATUSES[s.status] ?? "approval_required" });

const payoutOf = (p: ITossPayout): IPgPayout => ({
  payout_id: p.id,
  ref: p.refPayoutId,
  status: PAYOUT_STATUSES[p.status] ?? "in_progress",
  amount: p.amount.value,
  payout_date: p.payoutDate,
  failure: p.error !== null && p.error !== undefined ? { code: p.error.code, message: p.error.message } : null,
});
