import { equal } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * The console's routes refuse what they cannot answer with a typed `{code, message}`, never a
 * 500: an unknown query field, a cursor of no search, a reversed or too long range, an id that
 * is not one, a body that is not JSON or carries unknown fields, a refund of nothing.
 */
export async function test_console_bad_input_gets_typed_errors_and_changes_nothing(ctx: TestContext): Promise<void> {
  const base = `${ctx.connection.host}/console/api`;
  const signIn = await fetch(`${base}/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: ctx.config.operator_token }) });
  const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
  const ask = async (path: string, init: RequestInit = {}): Promise<[number, string]> => {
    const r = await fetch(`${base}/${path}`, { ...init, headers: { cookie, ...(init.headers ?? {}) } });
    const body = (await r.json()) as { code?: string; message?: string };
    equal(typeof body.message, "string", `${path}: a message`);
    return [r.status, body.code ?? ""];
  };
  const day = 86_400_000;
  const cases: [string, RequestInit, number][] = [
    ["payments?unknown=1", {}, 400],
    ["payments?limit=0", {}, 400],
    ["payments?cursor=nonsense", {}, 422],
    [`payments?from=${new Date(Date.now()).toISOString()}&to=${new Date(Date.now() - day).toISOString()}`, {}, 422],
    [`payments?from=${new Date(Date.now() - 200 * day).toISOString()}`, {}, 422],
    ["payments?vendor=paypal", {}, 400],
    ["payments/not-a-uuid", {}, 400],
    [`payments/${crypto.randomUUID()}`, {}, 404],
    [`payments/${crypto.randomUUID()}/cancel`, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" }, 400],
    [`payments/${crypto.randomUUID()}/cancel`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ reason: "x", extra: true }) }, 400],
    [`payments/${crypto.randomUUID()}/cancel`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ reason: "x", amount: 0 }) }, 400],
    [`payments/${crypto.randomUUID()}/cancel`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ reason: "x" }) }, 404],
    [`webhooks/${crypto.randomUUID()}/replay`, { method: "POST" }, 404],
    ["webhooks/replay-dead", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ client_id: "x" }) }, 400],
    ["inbox?status=lost", {}, 400],
    ["health?hours=1000", {}, 400],
  ];
  for (const [path, init, status] of cases) {
    const [got, code] = await ask(path, init);
    equal([path, got], [path, status], `${path} answered ${status} (${code})`);
  }
}
