import { compactDecrypt } from "jose";

import { TossPayoutApi } from "../../../../src/pg/toss/TossPayoutApi";
import { FakeToss } from "../../../../src/fakes/toss/FakeToss";
import { equal } from "../../../internal/pgs";
import { TestContext } from "../../../TestContext";

/**
 * The fake Toss's payouts API takes a POST body only in Toss's ENCRYPTION mode: a JWE under the
 * store's security key, each nonce once. A body under another key, the same JWE sent twice, or
 * a plain JSON body are refused; a good one is answered with a JWE of Toss's envelope.
 */
export async function test_fake_toss_payouts_refuse_a_wrong_key_a_replayed_nonce_and_a_plain_body(ctx: TestContext): Promise<void> {
  const key = Buffer.from(FakeToss.SANDBOX_SECURITY_KEY, "hex");
  const seller = { refSellerId: `ref-${crypto.randomUUID()}`, businessType: "INDIVIDUAL", individual: { name: "김판매", email: "s@example.com", phone: "01012345678" }, account: { bankCode: "004", accountNumber: "12345678901234", holderName: "김판매" } };
  const post = (body: string, encrypted = true) =>
    fetch(`${ctx.toss.host}/v2/sellers`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${ctx.toss.secretKey}:`).toString("base64")}`,
        "content-type": encrypted ? "text/plain" : "application/json",
        ...(encrypted ? { "TossPayments-api-security-mode": "ENCRYPTION" } : {}),
      },
      body,
    });
  const code = async (res: Response) => [res.status, ((await res.json()) as { error: { code: string } }).error.code];

  equal(await code(await post(await TossPayoutApi.encrypt(Buffer.alloc(32, 1), seller))), [400, "INVALID_ENCRYPTION"], "another key");
  equal(await code(await post(JSON.stringify(seller), false)), [400, "INVALID_REQUEST"], "a plain body");

  const jwe = await TossPayoutApi.encrypt(key, seller);
  const first = await post(jwe);
  equal(first.status, 200, "the first is taken");
  const opened = JSON.parse(new TextDecoder().decode((await compactDecrypt(await first.text(), key)).plaintext)) as { entityType: string; entityBody: { status: string; refSellerId: string } };
  equal([opened.entityType, opened.entityBody.status, opened.entityBody.refSellerId], ["seller", "APPROVAL_REQUIRED", seller.refSellerId], "answered as a JWE of the envelope");
  equal(await code(await post(jwe)), [400, "REPLAYED_NONCE"], "the same nonce twice");
}
