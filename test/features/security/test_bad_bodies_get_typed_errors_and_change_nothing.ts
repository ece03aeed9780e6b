import { AesPkcs5 } from "@nestia/fetcher/lib/AesPkcs5";

import { CLIENT_HEADER } from "../../../src/providers/security/ClientKeyring";
import { equal, orderId } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * What a buggy or hostile caller sends: each gets a typed 4xx `{code, message}` (never a
 * 500, never a stack trace) and the database is left exactly as it was.
 */
export async function test_bad_bodies_get_typed_errors_and_change_nothing(ctx: TestContext): Promise<void> {
  const before = await counts(ctx);
  const valid = {
    vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: "tviva_whatever" },
    source: { schema: "shop", table: "orders", id: orderId() },
    price: 1_000,
    password: "a-long-enough-password",
  };
  const encrypt = (value: unknown, key = ctx.client.key, iv = ctx.client.iv) => AesPkcs5.encrypt(JSON.stringify(value), key, iv);
  const post = async (body: string, headers: Record<string, string> = {}, path = "/payments/histories") => {
    const res = await fetch(ctx.host + path, {
      method: path.endsWith("histories") ? "POST" : "PATCH",
      headers: { "content-type": "text/plain", [CLIENT_HEADER]: ctx.client.id, ...headers },
      body,
    });
    const text = await res.text();
    let json: { code?: unknown; message?: unknown };
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`not a JSON error body (${res.status}): ${text}`);
    }
    if (typeof json.message !== "string" || /at \w+ \(|node_modules|\.ts:\d+/.test(text))
      throw new Error(`error body must be {code, message} with no stack: ${text}`);
    equal(Object.keys(json).sort(), ["code", "message"], "error body keys");
    return { status: res.status, code: json.code, message: json.message };
  };

  // Not ciphertext at all.
  const garbage = await post("this is not base64 ciphertext");
  equal([garbage.status, garbage.code], [401, "ENCRYPTION_FAILED"], "malformed body");
  // Encrypted with another key.
  const wrongKey = await post(encrypt(valid, "x".repeat(32), "y".repeat(16)));
  equal([wrongKey.status, wrongKey.code], [401, "ENCRYPTION_FAILED"], "wrong key");
  // An unknown client: the very same answer as a wrong key or bad padding.
  const unknownClient = await post(encrypt(valid), { [CLIENT_HEADER]: "no-such-client" });
  equal(unknownClient, wrongKey, "unknown client answer = wrong key answer");
  equal(garbage, wrongKey, "malformed answer = wrong key answer");
  // The right key, but the plaintext is not JSON.
  const notJson = await post(AesPkcs5.encrypt("{not json", ctx.client.key, ctx.client.iv));
  equal(notJson, wrongKey, "undecodable plaintext = wrong key answer");

  // Wrongly typed bodies, correctly encrypted: 400 INVALID_BODY naming the field.
  for (const [what, body, field] of [
    ["price as a string", { ...valid, price: "1000" }, "body.price"],
    ["negative price", { ...valid, price: -5 }, "body.price"],
    ["zero price", { ...valid, price: 0 }, "body.price"],
    ["fractional price", { ...valid, price: 10.5 }, "body.price"],
    ["unknown vendor", { ...valid, vendor: { ...valid.vendor, code: "paypal" } }, "body.vendor.code"],
    ["missing password", { ...valid, password: undefined }, "body.password"],
    ["bad source id", { ...valid, source: { ...valid.source, id: "has spaces and ü" } }, "body.source.id"],
  ] as const) {
    const answer = await post(encrypt(body));
    equal([answer.status, answer.code], [400, "INVALID_BODY"], what);
    if (!String(answer.message).includes(field)) throw new Error(`${what}: message should name ${field}: ${answer.message}`);
  }

  // Plain JSON where ciphertext is expected.
  const plain = await fetch(ctx.host + "/payments/histories", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(valid),
  });
  equal([plain.status, ((await plain.json()) as { code: string }).code], [400, "INVALID_CONTENT_TYPE"], "plain JSON body");
  // A read by an id that is not a uuid.
  const badId = await post(encrypt({ password: "x" }), {}, "/payments/histories/not-a-uuid");
  equal([badId.status, badId.code], [400, "INVALID_BODY"], "non-uuid id");
  // No such route.
  const noRoute = await fetch(ctx.host + "/payments/nothing-here");
  equal(noRoute.status, 404, "unknown route status");
  equal(((await noRoute.json()) as { code: string }).code, "ROUTE_NOT_FOUND", "unknown route code");

  equal(await counts(ctx), before, "the database is unchanged");
}

const counts = async (ctx: TestContext) =>
  (
    await ctx.query<{ h: number; c: number; r: number }>(
      `SELECT (SELECT count(*)::int FROM payment_histories) AS h,
              (SELECT count(*)::int FROM payment_history_cancels) AS c,
              (SELECT count(*)::int FROM payment_reservations) AS r`,
    )
  )[0];
