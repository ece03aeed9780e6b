import api from "../../../../src/api";
import type { IPaymentSeller } from "../../../../src/api/structures/IPaymentSeller";
import type { IPaymentSettlement } from "../../../../src/api/structures/IPaymentSettlement";
import type { ITossPayout } from "../../../../src/api/structures/toss/ITossPayout";
import { eventually } from "../../../internal/lifecycle";
import { tossInternal } from "../../../internal/pgs";
import { SettlementKit as K } from "../../../internal/settlements";
import { TestContext } from "../../../TestContext";

/** A marketplace's sellers paid by the fake Toss: registered, approved, paid. */
export namespace PayoutKit {
  /** An account number the fake Toss fails every payout to (it starts `000`). */
  export const FAILING_ACCOUNT = "00012345678";
  export const GOOD_ACCOUNT = "12345678901234";

  /** A party registered as an individual seller at the fake Toss, approved there (heard by `seller.changed`). */
  export const approvedSeller = async (ctx: TestContext, party: string, props: { account?: string; webhook_url?: string } = {}): Promise<IPaymentSeller> => {
    const seller = await api.functional.payments.settlements.sellers.create(ctx.connection, {
      party_id: party,
      vendor: { code: "toss.payments", store_id: ctx.toss.storeId },
      business_type: "individual",
      individual: { name: "김판매", email: "seller@example.com", phone: "01012345678" },
      account: { bank_code: "004", account_number: props.account ?? GOOD_ACCOUNT, holder_name: "김판매" },
      webhook_url: props.webhook_url ?? null,
    });
    await tossInternal(ctx, `v2/sellers/${seller.pg_seller_id}/status`, { status: "APPROVED" });
    return sellerUntil(ctx, seller.id, "approved");
  };

  export const sellerUntil = (ctx: TestContext, id: string, status: IPaymentSeller.Status): Promise<IPaymentSeller> =>
    eventually(`the seller ${status}`, async () => {
      const s = await api.functional.payments.settlements.sellers.get(ctx.connection, id);
      return s.status === status ? s : null;
    });

  /** A supplier's share of a payment made five days ago (available today). */
  export const owed = (ctx: TestContext, party: string, share: number) =>
    K.paidDaysAgo(ctx, 5, share + 1_000, { parties: [{ id: party, role: "supplier", share: { type: "amount", amount: share } }] });

  export const payoutUntil = (ctx: TestContext, party: string, id: string, status: IPaymentSettlement.IPayout["status"]) =>
    eventually(`the payout ${status}`, async () => {
      const [row] = await ctx.query<{ status: string }>("SELECT status FROM settlement_payouts WHERE id = $1 AND party_id = $2", [id, party]);
      return row?.status === status ? row : null;
    });

  /** The fake Toss's payouts made under our batch id. */
  export const atToss = async (ctx: TestContext, ref: string): Promise<ITossPayout[]> => {
    const res = await fetch(`${ctx.toss.host}/v2/payouts?limit=1000`, { headers: { authorization: `Basic ${Buffer.from(`${ctx.toss.secretKey}:`).toString("base64")}` } });
    const body = (await res.json()) as { entityBody: { items: ITossPayout[] } };
    return body.entityBody.items.filter((p) => p.refPayoutId === ref);
  };

  /** Complete or fail a payout at the fake Toss now (`webhook: false`: its `payout.changed` is lost). */
  export const settle = (ctx: TestContext, pgPayoutId: string, outcome: "complete" | "fail", webhook = true) =>
    tossInternal(ctx, `v2/payouts/${pgPayoutId}/${outcome}`, { webhook });

  export const setBalance = async (ctx: TestContext, available: number): Promise<void> => {
    const res = await fetch(`${ctx.toss.host}/internal/v2/balance`, {
      method: "PUT",
      headers: { authorization: `Basic ${Buffer.from(`${ctx.toss.secretKey}:`).toString("base64")}`, "content-type": "application/json" },
      body: JSON.stringify({ available }),
    });
    if (res.status !== 200) throw new Error(`fake toss balance answered ${res.status}`);
  };

  /** The ledger still sums to zero in every journal transaction. */
  export const balanced = async (ctx: TestContext): Promise<boolean> => (await K.unbalanced(ctx)).length === 0;
}
