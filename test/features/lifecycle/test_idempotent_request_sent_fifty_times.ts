import api from "../../../src/api";
import { equal, expectError } from "../../internal/pgs";
import { atPg, dbOf, newKey, paidByCard, withKey } from "../../internal/lifecycle";
import { TestContext } from "../../TestContext";

/**
 * A caller's retry logic fires the same partial refund 50 times at once with one
 * Idempotency-Key: the PG sees one cancel (Iamport has no idempotency of its own, so this is
 * the server's doing), all 50 get the same answer, and a different body with the key is 409.
 */
export async function test_idempotent_request_sent_fifty_times(ctx: TestContext): Promise<void> {
  for (const vendor of ["iamport", "toss.payments"] as const) {
    const paid = await paidByCard(ctx, vendor, 20_000);
    const key = newKey();
    const connection = withKey(ctx, key);
    const requestCancels = () => ctx.iamport.fake.requestCount("POST /payments/cancel");
    const before = requestCancels();
    const body = { source: paid.source, password: paid.secret, price: 1_000, reason: "Coupon" };
    const answers = await Promise.all(Array.from({ length: 50 }, () => api.functional.payments.histories.cancel(connection, body)));

    equal(answers.length, 50, `${vendor}: 50 answers`);
    for (const a of answers) equal(a, answers[0], `${vendor}: identical answers`);
    equal([answers[0]!.refund, answers[0]!.cancels.length], [1_000, 1], `${vendor}: one cancel in the answer`);
    const pg = await atPg(ctx, vendor, paid.uid);
    equal([pg.cancels, pg.refunded], [1, 1_000], `${vendor}: one cancel at the PG`);
    if (vendor === "iamport") equal(requestCancels() - before, 1, "iamport: exactly one cancel call reached the PG");
    const row = await dbOf(ctx, paid.source.id);
    equal([row?.refund, row?.cancels], [1_000, 1], `${vendor}: one cancel recorded`);

    // later repeat: still the stored answer
    equal(await api.functional.payments.histories.cancel(connection, body), answers[0], `${vendor}: a later repeat`);
    // same key, another body
    await expectError(409, "IDEMPOTENCY_KEY_REUSED", () => api.functional.payments.histories.cancel(connection, { ...body, price: 2_000 }));
    // same key, another route
    await expectError(409, "IDEMPOTENCY_KEY_REUSED", () =>
      api.functional.payments.histories.create(connection, {
        vendor: { code: vendor, store_id: "x", uid: "y" },
        source: paid.source,
        price: 1,
        password: paid.secret,
      }),
    );
    equal((await atPg(ctx, vendor, paid.uid)).cancels, 1, `${vendor}: still one cancel at the PG`);

    // a refusal is kept too: the repeat is refused the same way without running again
    const refusedKey = withKey(ctx, newKey());
    const over = { ...body, price: 999_999 };
    const first = await expectError(422, "CANCEL_EXCEEDS_BALANCE", () => api.functional.payments.histories.cancel(refusedKey, over));
    const again = await expectError(422, "CANCEL_EXCEEDS_BALANCE", () => api.functional.payments.histories.cancel(refusedKey, over));
    equal(again, first, `${vendor}: same refusal`);
  }
  // keys are kept encrypted
  const [kept] = await ctx.query<{ response_enc: string }>("SELECT response_enc FROM idempotency_keys WHERE response_enc IS NOT NULL LIMIT 1");
  equal(kept?.response_enc.startsWith("v1."), true, "kept answers are encrypted");
}
