import { IIamportUser } from "../../../../src/api/structures/iamport/IIamportUser";
import { TestContext } from "../../../TestContext";
import { IamportTestUtil as U } from "./IamportTestUtil";

/** getToken: JSON and form bodies, same token until expiry, extension, Bearer/bare, 401s. */
export async function test_fake_iamport_token(ctx: TestContext): Promise<void> {
  const creds = { imp_key: ctx.iamport.impKey, imp_secret: ctx.iamport.impSecret };
  const fake = ctx.iamport.fake;
  // other scenarios may have left a token (possibly extended by their clock games):
  // run this one on a clock past its expiry, so that a fresh token is issued
  const current = await U.raw<IIamportUser.IAccessToken>(ctx, "POST", "/users/getToken", creds);
  U.equal([current.status, current.body.code], [200, 0], "getToken envelope");
  const start: number = Math.max(Date.now(), current.body.response.expired_at * 1000) + 1000;
  fake.setClock(() => new Date(start));
  try {
    await scenario(ctx, creds, start);
  } finally {
    fake.setClock(null);
  }
}

async function scenario(
  ctx: TestContext,
  creds: { imp_key: string; imp_secret: string },
  start: number,
): Promise<void> {
  const fake = ctx.iamport.fake;
  const first = await U.raw<IIamportUser.IAccessToken>(ctx, "POST", "/users/getToken", creds);
  U.equal(first.status, 200, "getToken status");
  U.equal(first.body.code, 0, "getToken code");
  const t = first.body.response;
  U.equal(t.now, Math.floor(start / 1000), "now is the server clock");
  U.assert(typeof t.access_token === "string" && t.access_token.length >= 20, "access_token must be a long string");
  U.equal(t.expired_at - t.now, 30 * 60, "token lifetime (seconds)");

  // form-urlencoded gives the same token: one token per key until it expires
  const form = await U.raw<IIamportUser.IAccessToken>(
    ctx,
    "POST",
    "/users/getToken",
    new URLSearchParams(creds).toString(),
    null,
    { "content-type": "application/x-www-form-urlencoded" },
  );
  U.equal(form.body.code, 0, "form getToken code");
  U.equal(form.body.response.access_token, t.access_token, "same token reused");

  // wrong secret, missing fields
  U.refused(await U.raw(ctx, "POST", "/users/getToken", { ...creds, imp_secret: "wrong" }), 401, -1, "wrong secret");
  U.refused(await U.raw(ctx, "POST", "/users/getToken", { imp_key: creds.imp_key }), 400, -1, "missing secret");

  // protected routes: Bearer and bare token accepted, unknown or absent refused
  const path = "/payments/imp_000000000000";
  U.refused(await U.raw(ctx, "GET", path, undefined, t.access_token), 404, 1, "Bearer token reaches the route");
  U.refused(
    await U.raw(ctx, "GET", path, undefined, null, { authorization: t.access_token }),
    404,
    1,
    "bare token reaches the route",
  );
  U.refused(await U.raw(ctx, "GET", path, undefined, "0".repeat(40)), 401, -1, "unknown token");
  U.refused(await U.raw(ctx, "GET", path), 401, -1, "no token");

  // expiry, driven by the fake's clock
  const base: number = t.now * 1000;
  {
    // 29m30s later: less than a minute left → same token, extended by 5 minutes
    fake.setClock(() => new Date(base + (29 * 60 + 30) * 1000));
    const extended = await U.raw<IIamportUser.IAccessToken>(ctx, "POST", "/users/getToken", creds);
    U.equal(extended.body.response.access_token, t.access_token, "token extended, not replaced");
    U.equal(extended.body.response.expired_at, t.expired_at + 5 * 60, "extended by 5 minutes");

    // after expiry: refused, and getToken issues a new one
    fake.setClock(() => new Date((t.expired_at + 5 * 60 + 1) * 1000));
    U.refused(await U.raw(ctx, "GET", path, undefined, t.access_token), 401, -1, "expired token");
    const renewed = await U.raw<IIamportUser.IAccessToken>(ctx, "POST", "/users/getToken", creds);
    U.assert(renewed.body.response.access_token !== t.access_token, "a new token after expiry");
    U.refused(await U.raw(ctx, "GET", path, undefined, renewed.body.response.access_token), 404, 1, "new token works");
  }
}
