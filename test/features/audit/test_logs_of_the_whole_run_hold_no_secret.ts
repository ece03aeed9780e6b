import fs from "node:fs";

import api from "../../../src/api";
import { assert, equal, expectError, orderId, password } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * An operator ships the server's logs to a log store that many people read. After the whole
 * test run (every scenario, the fuzzer, and a database error a client triggers here), no log
 * line holds a record's password hash, an at-rest ciphertext, a webhook URL's query, a card
 * number or a query's parameters; and the 500 that error caused is logged, with its stack and
 * the request id of its access line. Every answered request has its one access line: request
 * id, method, URL, address, status and time, and nothing else of the request.
 */
export async function test_logs_of_the_whole_run_hold_no_secret(ctx: TestContext): Promise<void> {
  // A database error inside a registration: its INSERT carries the password hash and a
  // ciphertext as parameters, which the query layer puts in its error message.
  const probe = `logprobe-${orderId().slice(6, 30)}`;
  await ctx.query("ALTER TABLE payment_histories ADD CONSTRAINT log_probe CHECK (source_id NOT LIKE 'logprobe-%')");
  try {
    await expectError(500, "INTERNAL", () =>
      api.functional.payments.histories.create(ctx.connection, {
        vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: "tviva_log_probe" },
        source: { schema: "shop", table: "orders", id: probe },
        price: 1_000,
        password: password(),
        webhook_url: "https://shop.example.com/hooks?token=log-probe-secret",
      }),
    );
  } finally {
    await ctx.query("ALTER TABLE payment_histories DROP CONSTRAINT log_probe");
  }

  const text = fs.readFileSync(ctx.logFile, "utf8");
  const lines = text.split("\n").filter((l) => l.length > 0);
  assert(lines.length > 100, `the run was logged (${lines.length} lines)`);
  const records = lines.map((l) => JSON.parse(l) as Record<string, any>);

  // The 500 is there, with its stack, under the request id of its access line.
  const failure = records.find((r) => r.level >= 50 && r.code === "INTERNAL" && typeof r.err?.stack === "string" && /database error 23514/.test(r.err.message));
  assert(failure !== undefined, "the 500 is logged as an error with its stack");
  assert(records.some((r) => r.reqId === failure!.reqId && r.res?.statusCode === 500), "under the request id of its access line");

  // Answered requests: one line each, of known fields only (never headers or bodies).
  const answered = records.filter((r) => r.msg === "request completed");
  assert(answered.length > 100, `answered requests have access lines (${answered.length})`);
  assert(answered.some((r) => r.req.method === "PATCH" && r.res.statusCode === 200), "reads among them");
  assert(answered.some((r) => r.req.method === "POST" && r.res.statusCode === 201), "registrations among them");
  for (const r of answered) {
    equal(typeof r.reqId, "string", "an access line's request id");
    assert(typeof r.req.url === "string" && r.req.url.startsWith("/") && typeof r.req.remoteAddress === "string", `an access line's request: ${JSON.stringify(r.req)}`);
    equal(typeof r.res.statusCode, "number", "an access line's status");
    equal(typeof r.responseTime, "number", "an access line's time");
    equal(Object.keys(r.req).filter((k) => !["method", "url", "host", "remoteAddress", "remotePort"].includes(k)).join(","), "", "other request fields in an access line");
  }
  equal(new Set(answered.map((r) => r.reqId)).size, answered.length, "access lines with the same request id");

  // Nothing secret, anywhere.
  const stored = await ctx.query<{ v: string }>(
    `SELECT password_hash AS v FROM payment_histories UNION ALL SELECT data_enc FROM payment_histories
     UNION ALL SELECT password_hash FROM payment_reservations UNION ALL SELECT data_enc FROM payment_reservations
     UNION ALL SELECT payload_enc FROM webhook_events WHERE payload_enc IS NOT NULL UNION ALL SELECT body_enc FROM payment_webhooks
     UNION ALL SELECT details_enc FROM settlement_sellers`,
  );
  assert(stored.length > 50, "the run stored records to look for");
  const leaked = stored.filter((s) => text.includes(s.v));
  equal(leaked.length, 0, "stored hashes and ciphertexts in the logs");
  // Nor any configured secret: PG keys (every gateway's), transport keys, at-rest keys.
  const config = ctx.config;
  const secrets = [
    ...Object.values(config.toss.stores).flatMap((s) => [s.secret_key, ...(s.security_key !== undefined ? [s.security_key] : [])]),
    ...Object.values(config.iamport.stores).map((s) => s.imp_secret),
    ...Object.values(config.portone.stores).flatMap((s) => [s.api_secret, s.webhook_secret]),
    ...config.clients.map((c) => c.key),
    config.at_rest_keys.payment,
    config.at_rest_keys.billing,
    config.password_pepper,
    config.operator_token,
  ];
  equal(secrets.filter((secret) => text.includes(secret)).length, 0, "configured secrets in the logs");
  for (const [what, pattern] of [
    ["a hash or ciphertext (v1.…)", /v1\.[A-Za-z0-9+/]{16,}/],
    ["a query's parameters", /Failed query|params:/],
    ["a card number", /(?<![\w.-])\d{4}-?\d{4}-?\d{4}-?\d{4}(?![\w-])/],
    ["a webhook URL's secret", /log-probe-secret/],
    // The payout scenarios' sellers' bank accounts, and any JWE (a payout body in Toss's ENCRYPTION mode).
    ["a seller's bank account", /12345678901234|00012345678/],
    ["a JWE", /eyJ[A-Za-z0-9_-]{10,}\.\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/],
  ] as const) {
    const hit = lines.find((l) => pattern.test(l));
    assert(hit === undefined, `${what} in a log line: ${hit?.slice(0, 400)}`);
  }
}
