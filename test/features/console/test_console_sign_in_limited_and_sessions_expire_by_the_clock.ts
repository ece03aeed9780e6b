import { PaymentBackend } from "../../../src/PaymentBackend";
import { SandboxClock } from "../../internal/clock";
import { equal } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * The console's sign-in over its JSON routes: a wrong token is 401 and logs nothing secret;
 * after `max_failed_sign_ins` failures from one address even the right token is refused (429)
 * until the window passes; a session is a cookie (HttpOnly, SameSite=Strict, path /console)
 * that reads the routes, and expires by the server's clock `session_minutes` later; sign-out
 * ends it at once; unknown fields are refused. A server with the console off (production's
 * default) serves neither its page nor its sign-in.
 */
export async function test_console_sign_in_limited_and_sessions_expire_by_the_clock(ctx: TestContext): Promise<void> {
  const base = `${ctx.connection.host}/console/api`;
  const signIn = (body: unknown, address?: string) =>
    fetch(`${base}/session`, { method: "POST", headers: { "content-type": "application/json", ...(address ? { "x-forwarded-for": address } : {}) }, body: JSON.stringify(body) });
  const read = (cookie: string) => fetch(`${base}/payments`, { headers: { cookie } });

  equal((await signIn({ token: ctx.config.operator_token, role: "operator" })).status, 400, "unknown fields refused");
  const good = await signIn({ name: "viewer", token: "test-viewer-token-123" });
  equal(good.status, 201, "signed in");
  const setCookie = good.headers.get("set-cookie") ?? "";
  equal(/HttpOnly/.test(setCookie) && /SameSite=Strict/.test(setCookie) && /Path=\/console/.test(setCookie), true, "a guarded cookie");
  const cookie = setCookie.split(";")[0]!;
  equal((await read(cookie)).status, 200, "the session reads");
  equal((await fetch(`${base}/payments`)).status, 401, "no session, no read");

  await SandboxClock.withClock(ctx, async () => {
    await SandboxClock.moveTo(ctx, new Date(Date.now() + (ctx.config.console.session_minutes + 1) * 60_000));
    equal((await read(cookie)).status, 401, "expired by the server's clock");
  });

  const again = (await signIn({ token: ctx.config.operator_token })).headers.get("set-cookie")!.split(";")[0]!;
  equal((await read(again)).status, 200, "signed in with the operator token");
  await fetch(`${base}/session`, { method: "DELETE", headers: { cookie: again } });
  equal((await read(again)).status, 401, "signed out at once");

  // Failures are counted per address; the test server trusts no proxy, so all come from 127.0.0.1.
  const statuses: number[] = [];
  for (let i = 0; i < ctx.config.console.max_failed_sign_ins; ++i) statuses.push((await signIn({ name: "viewer", token: `wrong-token-${i}-xxxxxxxx` })).status);
  equal(new Set(statuses), new Set([401]), "wrong tokens refused");
  equal((await signIn({ name: "viewer", token: "test-viewer-token-123" })).status, 429, "then even the right one, for a while");

  // A production server serves no console unless told to (a second instance: PostgreSQL only).
  if (ctx.databaseUrl !== null) {
    const production = new PaymentBackend({ ...ctx.config, port: ctx.config.port + 52, workers: false, sandbox: false, console: { ...ctx.config.console, enabled: false } });
    await production.open();
    try {
      equal((await fetch(`${production.host}/console`)).status, 404, "no console page");
      equal((await fetch(`${production.host}/console/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: ctx.config.operator_token }) })).status, 404, "no sign-in");
    } finally {
      await production.close();
    }
  }
}
