import { HttpError } from "@nestia/fetcher";

import api from "../../../src/api";
import type { IPaymentSeller } from "../../../src/api/structures/IPaymentSeller";
import type { ITossSeller } from "../../../src/api/structures/toss/ITossPayout";
import { equal } from "../../internal/pgs";
import { SettlementKit as K } from "../../internal/settlements";
import { TestContext } from "../../TestContext";

/**
 * Toss registers a seller but its answer is lost: the marketplace gets `502 PG_UNAVAILABLE` and
 * nothing is recorded. Its retry is refused by Toss as a duplicate of our reference, so the
 * server finds the seller there by that reference and takes it as registered: one seller at
 * Toss, one here.
 */
export async function test_payouts_seller_registration_whose_answer_was_lost_is_found_on_retry(ctx: TestContext): Promise<void> {
  const party = K.party("supplier");
  const input: IPaymentSeller.ICreate = {
    party_id: party,
    vendor: { code: "toss.payments", store_id: ctx.toss.storeId },
    business_type: "individual",
    individual: { name: "박판매", email: "park@example.com", phone: "01098765432" },
    account: { bank_code: "088", account_number: "99887766554433", holder_name: "박판매" },
  };
  const lost = ctx.toss.fake.inject({ path: "/v2/sellers", method: "POST", mode: "drop", when: "after", times: 1 });
  try {
    await api.functional.payments.settlements.sellers.create(ctx.connection, input).then(
      () => {
        throw new Error("the first registration's answer was lost: it cannot have succeeded here");
      },
      (exp: unknown) => equal(exp instanceof HttpError ? [exp.status, JSON.parse(exp.message).code] : exp, [502, "PG_UNAVAILABLE"], "an unknown outcome"),
    );
  } finally {
    lost();
  }
  equal((await ctx.query<{ n: number }>("SELECT count(*)::int AS n FROM settlement_sellers WHERE party_id = $1", [party]))[0]!.n, 0, "nothing recorded");
  const seller = await api.functional.payments.settlements.sellers.create(ctx.connection, input);
  const res = await fetch(`${ctx.toss.host}/v2/sellers?limit=1000`, { headers: { authorization: `Basic ${Buffer.from(`${ctx.toss.secretKey}:`).toString("base64")}` } });
  const atToss = ((await res.json()) as { entityBody: { items: ITossSeller[] } }).entityBody.items.filter((s) => s.individual?.name === "박판매" && s.account.accountNumber === "99887766554433");
  equal(atToss.map((s) => s.id), [seller.pg_seller_id], "one seller at Toss, the one recorded");
}
