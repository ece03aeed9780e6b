import fc from "fast-check";
import crypto from "node:crypto";

import { orderId } from "../../internal/pgs";
import { IRawAnswer, Raw } from "../../internal/raw";
import { TestContext } from "../../TestContext";

/** Generated requests per run; the seed is fixed, so every run sends the same ones. */
const RUNS = 3_000;
const SEED = 20_261_123;

/**
 * What any client can send, generated: for every route (the SDK's, the plain PG webhook
 * routes, the monitors), valid bodies with one field replaced, removed or added, whole
 * arbitrary JSON values, undecodable plaintexts, deep nesting, odd headers. The server must
 * answer each with something below 500 (a typed `{code, message}` when it refuses) and never
 * drop the connection.
 */
export async function test_fuzzed_requests_never_answer_5xx(ctx: TestContext): Promise<void> {
  const routes = templates(ctx);
  const statuses = new Map<number, number>();
  let sent = 0;
  const failures: string[] = [];

  await fc.assert(
    fc.asyncProperty(request(routes, (text) => Raw.encrypt(ctx, text)), async (req) => {
      ++sent;
      let answer: IRawAnswer;
      try {
        answer = await Raw.send(ctx, req);
      } catch (exp) {
        failures.push(`${req.method} ${req.path}: connection failed (${String(exp)})`);
        return false;
      }
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      if (answer.status >= 500) failures.push(`${req.method} ${req.path} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
      else if (answer.status >= 400 && !Raw.isTypedError(answer)) failures.push(`${req.method} ${req.path} answered ${answer.status} without {code, message}: ${answer.text.slice(0, 300)}`);
      else return true;
      return false;
    }),
    { seed: SEED, numRuns: RUNS, endOnFailure: true },
  ).catch((exp) => {
    throw new Error(`${failures.slice(0, 5).join("\n")}\n${String(exp).slice(0, 2_000)}`);
  });
  const summary = [...statuses.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(" ");
  console.log(`       fuzz: ${sent} requests, 0 answers ≥ 500, 0 resets (${summary})`);
  if (sent < RUNS) throw new Error(`only ${sent} requests were sent`);
}

interface IRoute {
  method: string;
  path: () => string;
  /** How the body travels: encrypted JSON, plain JSON, form, or none. */
  kind: "encrypted" | "json" | "form" | "none";
  template: unknown;
}

const uuid = () => crypto.randomUUID();

/** A valid-looking body for each route: the fuzzer's starting points. */
const templates = (ctx: TestContext): IRoute[] => {
  const source = { schema: "shop", table: "orders", id: orderId() };
  const toss = { code: "toss.payments", store_id: ctx.toss.storeId, uid: "tviva_fuzz" };
  const iamport = { code: "iamport", store_id: ctx.iamport.storeId, uid: "imp_fuzz" };
  return [
    { method: "POST", path: () => "/payments/histories", kind: "encrypted", template: { vendor: toss, source, price: 1_000, password: "fuzz-password", webhook_url: null } },
    { method: "POST", path: () => "/payments/histories/prepare", kind: "encrypted", template: { vendor: { code: "iamport", store_id: ctx.iamport.storeId }, source, price: 1_000, order_name: "Fuzz", customer: { name: "A", email: "a@b.co", phone: "010-1234-5678" }, password: "fuzz-password" } },
    { method: "PUT", path: () => "/payments/histories/cancel", kind: "encrypted", template: { source, password: "fuzz-password", price: 100, reason: "fuzz", refund_account: { bank: "88", number: "1234567", holder: "A" }, account: null } },
    { method: "PATCH", path: () => "/payments/histories/get", kind: "encrypted", template: { source, password: "fuzz-password" } },
    { method: "PATCH", path: () => "/payments/histories/get", kind: "encrypted", template: { ...source, password: "fuzz-password" } },
    { method: "PATCH", path: () => `/payments/histories/${uuid()}`, kind: "encrypted", template: { password: "fuzz-password" } },
    { method: "PATCH", path: () => `/payments/histories/${uuid()}/webhooks`, kind: "encrypted", template: { password: "fuzz-password" } },
    { method: "PUT", path: () => `/payments/histories/${uuid()}/webhooks/replay`, kind: "encrypted", template: { password: "fuzz-password", event_id: uuid() } },
    { method: "POST", path: () => "/payments/reservations", kind: "encrypted", template: { vendor: iamport, source, title: "Fuzz", password: "fuzz-password" } },
    { method: "POST", path: () => "/payments/reservations", kind: "encrypted", template: { vendor: toss, source, title: "Fuzz", password: "fuzz-password", customer_key: "customer-1" } },
    { method: "POST", path: () => "/payments/reservations/charge", kind: "encrypted", template: { reservation: { source, password: "fuzz-password" }, source, price: 1_000, order_name: "Fuzz", password: "fuzz-password" } },
    { method: "PATCH", path: () => "/payments/reservations/get", kind: "encrypted", template: { source, password: "fuzz-password" } },
    { method: "PATCH", path: () => `/payments/reservations/${uuid()}`, kind: "encrypted", template: { password: "fuzz-password" } },
    { method: "POST", path: () => "/payments/webhooks/toss", kind: "json", template: { eventType: "PAYMENT_STATUS_CHANGED", createdAt: "2024-01-01T00:00:00.000000", data: { paymentKey: "tviva_fuzz", orderId: source.id, status: "DONE" } } },
    { method: "POST", path: () => "/payments/webhooks/toss", kind: "json", template: { createdAt: "2024-01-01T00:00:00.000000", secret: "ps_fuzz", status: "DONE", transactionKey: "t", orderId: source.id } },
    { method: "POST", path: () => "/payments/webhooks/iamport", kind: "json", template: { imp_uid: "imp_fuzz", merchant_uid: source.id, status: "paid" } },
    { method: "POST", path: () => "/payments/webhooks/iamport", kind: "form", template: { imp_uid: "imp_fuzz", merchant_uid: source.id, status: "paid" } },
    { method: "GET", path: () => "/monitors/health", kind: "none", template: null },
    { method: "GET", path: () => "/monitors/ready", kind: "none", template: null },
    { method: "GET", path: () => "/metrics", kind: "none", template: null },
  ];
};

/** Values that have broken parsers, validators, drivers and headers before. */
const nasty = fc.oneof(
  fc.constantFrom(
    "\u0000",
    "a\u0000b",
    "\ud800",
    "😀".repeat(50),
    "결제-한글",
    "' OR 1=1 --",
    "%00",
    "x".repeat(70_000),
    "http://[::7f00:1]/",
    "http://[64:ff9b::a00:1]/",
    "__proto__",
  ),
  fc.constantFrom(2 ** 53, 2 ** 63, 2 ** 64, -1, 0, 1e308, -0, 0.5, Number.MAX_SAFE_INTEGER),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constant(nest(3_000)),
);

function nest(depth: number): unknown {
  let v: unknown = [];
  for (let i = 0; i < depth; ++i) v = { a: v };
  return v;
}

/** Every path to a value in `template` (objects and arrays). */
const paths = (value: unknown, prefix: (string | number)[] = []): (string | number)[][] => {
  const out: (string | number)[][] = [prefix];
  if (value !== null && typeof value === "object")
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, Array.isArray(value) ? Number(k) : k]));
  return out;
};

const mutate = (template: unknown, at: (string | number)[], op: "replace" | "delete" | "add", value: unknown, key: string): unknown => {
  if (at.length === 0) return op === "replace" ? value : template;
  const root = JSON.parse(JSON.stringify(template)) as Record<string, unknown>;
  let parent: Record<string | number, unknown> = root;
  for (const step of at.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = at[at.length - 1]!;
  if (op === "delete") delete parent[last];
  else if (op === "add" && parent[last] !== null && typeof parent[last] === "object") (parent[last] as Record<string, unknown>)[key] = value;
  else parent[last] = value;
  return root;
};

const request = (routes: IRoute[], encrypt: (plaintext: string) => string) =>
  fc
    .record({
      route: fc.constantFrom(...routes),
      shape: fc.constantFrom("mutated", "mutated", "mutated", "arbitrary", "text", "valid"),
      pick: fc.nat(),
      op: fc.constantFrom("replace", "delete", "add") as fc.Arbitrary<"replace" | "delete" | "add">,
      value: nasty,
      key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("account", "extra", "__proto__", "constructor")),
      text: fc.oneof(fc.string({ unit: "binary", maxLength: 200 }), fc.constantFrom("{", "[".repeat(20_000), "null", '{"a":1}{', "\u0000")),
      idempotency: fc.option(fc.string({ minLength: 1, maxLength: 300, unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)) }), { nil: undefined }),
      client: fc.option(fc.constantFrom("no-such-client", "", "default"), { nil: undefined }),
    })
    .map(({ route, shape, pick, op, value, key, text, idempotency, client }) => {
      const all = paths(route.template);
      const body =
        shape === "valid" ? route.template : shape === "arbitrary" ? value : shape === "mutated" ? mutate(route.template, all[pick % all.length]!, op, value, key) : undefined;
      const plaintext = shape === "text" ? text : JSON.stringify(body ?? null) ?? "null";
      const headers: Record<string, string> = {};
      if (idempotency !== undefined) headers["Idempotency-Key"] = idempotency;
      if (client !== undefined) headers["x-payments-client"] = client;
      const req: { method: string; path: string; body?: string; contentType?: string; headers: Record<string, string> } = { method: route.method, path: route.path(), headers };
      if (route.kind === "encrypted") Object.assign(req, { body: encrypt(plaintext) });
      else if (route.kind === "json") Object.assign(req, { body: plaintext, contentType: "application/json" });
      else if (route.kind === "form")
        Object.assign(req, {
          body: body !== null && typeof body === "object" ? new URLSearchParams(Object.entries(body).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v) ?? ""])).toString() : plaintext,
          contentType: "application/x-www-form-urlencoded",
        });
      return req;
    });
