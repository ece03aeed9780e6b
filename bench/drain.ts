import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";

import api from "../src/api";
import { FakeToss } from "../src/fakes/toss/FakeToss";
import { PaymentBackend } from "../src/PaymentBackend";
import { type IPaymentConfiguration, SANDBOX } from "../src/PaymentConfiguration";
import { CLIENT_HEADER } from "../src/providers/security/ClientKeyring";
import { ensurePostgresDatabase } from "../test/internal/database";

/**
 * `npm run bench:drain`: the recovery drill. Toss loses the answers of 1,000 approvals (it
 * approves, our call gets a 500): 1,000 payments are left pending. Then Toss is down: a
 * server with its workers on meets it, its breaker opens, and for DOWN_SECONDS the drill
 * counts the calls that still reach Toss (the breaker's probes) against those held back. Then
 * Toss answers again, and the drill measures how long the reconciler takes to settle all
 * 1,000 (goal: under 30 s), with the production defaults (RECONCILE_CONCURRENCY 8, breaker
 * threshold 5, cool-down 1 s doubling to 10 s) but RECONCILE_AFTER_MS 1000, so that every
 * pending payment is due at once.
 *
 * The fake Toss runs in this process (the drill counts what reaches it); DATABASE_URL or
 * PGlite as the main bench. Prints one summary line; exits non-zero if a payment is not settled.
 *   DRAIN_PAYMENTS=1000  DRAIN_DOWN_SECONDS=10
 */
const PAYMENTS = Number(process.env.DRAIN_PAYMENTS || 1_000);
const DOWN_SECONDS = Number(process.env.DRAIN_DOWN_SECONDS || 10);
const PORTS = { server: 27301, toss: 27302 };
const CONCURRENCY = 32;

const main = async (): Promise<void> => {
  const url = process.env.DATABASE_URL || null;
  if (url !== null) await ensurePostgresDatabase(url);
  const pgliteDir = fs.mkdtempSync(path.join(os.tmpdir(), "payments-drain-pglite-"));
  const toss = new FakeToss({ port: PORTS.toss });
  await toss.open();
  const config = (overrides: Partial<IPaymentConfiguration>) =>
    new PaymentBackend(
      {
        port: PORTS.server,
        host: "127.0.0.1",
        database_url: url,
        pglite_dir: pgliteDir,
        sandbox: true,
        log_level: "info",
        sql_statement_metrics: false,
        toss: { api_url: toss.host, stores: { [SANDBOX.toss.store_id]: { secret_key: SANDBOX.toss.secret_key, client_key: SANDBOX.toss.client_key } } },
        ...overrides,
      },
      { logStream: pino.destination({ dest: "/dev/null", sync: false }) },
    );
  const run = Date.now().toString(36);
  try {
    // 1. The lost answers: Toss approves, the answer is a 500. No breaker on this instance
    // (it stands for the traffic of an outage's first seconds, spread over many instances).
    const before = config({ workers: false, pg_breaker_threshold: 1_000_000 });
    await before.open();
    const connection = { host: before.host, encryption: { key: SANDBOX.client.key, iv: SANDBOX.client.iv }, headers: { [CLIENT_HEADER]: SANDBOX.client.id } };
    // The buyer authenticated in Toss's window: the fake's simulation of it.
    const authenticated = async (orderId: string): Promise<{ paymentKey: string }> => {
      const response = await fetch(`${toss.host}/internal/payments`, {
        method: "POST",
        headers: { Authorization: `Basic ${Buffer.from(`${SANDBOX.toss.secret_key}:`).toString("base64")}`, "Content-Type": "application/json" },
        body: JSON.stringify({ orderId, amount: 1_000, orderName: "drain", cardNumber: "4330123412341234" }),
      });
      if (response.status !== 200) throw new Error(`fake Toss /internal/payments answered ${response.status}`);
      return (await response.json()) as { paymentKey: string };
    };
    const lose = toss.inject({ path: "/v1/payments/confirm", mode: "error", when: "after", status: 500 });
    let next = 0;
    let pending = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < PAYMENTS; i = next++) {
          const orderId = `drain-${run}-${i}`;
          const session = await authenticated(orderId);
          await api.functional.payments.histories
            .create(connection, {
              vendor: { code: "toss.payments", store_id: SANDBOX.toss.store_id, uid: session.paymentKey },
              source: { schema: "bench", table: "drain", id: orderId },
              price: 1_000,
              password: "drain-password",
            })
            .then(
              () => undefined,
              (exp: { status?: number }) => {
                if (exp.status === 502) ++pending;
                else throw exp;
              },
            );
        }
      }),
    );
    lose();
    await before.close();
    if (pending !== PAYMENTS) throw new Error(`expected ${PAYMENTS} registrations left pending, got ${pending}`);

    // 2. Toss is down; the server and its workers start.
    const down = toss.inject({ path: "/v1/", mode: "error", status: 500 });
    const server = config({ workers: true, reconcile_after_ms: 1_000 });
    await server.open();
    const ctx = server.state;
    const started = Date.now();
    while (!ctx.gateways.breaker("toss.payments").open) {
      if (Date.now() - started > 30_000) throw new Error("the breaker never opened");
      await sleep(50);
    }
    const opened = Date.now();
    const sentBefore = toss.requests;
    const heldBefore = await heldBack(server);
    await sleep(DOWN_SECONDS * 1_000);
    const sentWhileOpen = toss.requests - sentBefore;
    const heldWhileOpen = (await heldBack(server)) - heldBefore;

    // 3. Toss is back: time until every payment is settled.
    down();
    const back = Date.now();
    const sentAtBack = toss.requests;
    let left = PAYMENTS;
    let closed: number | null = null;
    for (;;) {
      if (closed === null && !ctx.gateways.breaker("toss.payments").open) closed = Date.now();
      const [row] = await ctx.database.query<{ n: number | string }>("SELECT count(*) AS n FROM payment_histories WHERE status = 'pending' AND source_table = 'drain' AND source_id LIKE $1", [`drain-${run}-%`]);
      left = Number(row!.n);
      if (left === 0 || Date.now() - back > 120_000) break;
      await sleep(100);
    }
    const drained = (Date.now() - back) / 1000;
    const [paid] = await ctx.database.query<{ n: number | string }>("SELECT count(*) AS n FROM payment_histories WHERE status = 'paid' AND source_id LIKE $1", [`drain-${run}-%`]);
    await server.close();
    console.log(
      `drain (${ctx.database.kind}): ${PAYMENTS} pending; Toss down ${DOWN_SECONDS} s with the breaker open (opened ${((opened - started) / 1000).toFixed(1)} s after start): ` +
        `${sentWhileOpen} calls reached Toss (probes), ${heldWhileOpen} held back; back: the next probe closed the breaker after ` +
        `${(((closed ?? Date.now()) - back) / 1000).toFixed(1)} s, all settled ${drained.toFixed(1)} s after Toss was back (goal < 30 s), ` +
        `${Number(paid!.n)} paid, ${toss.requests - sentAtBack} Toss calls, ${(PAYMENTS / Math.max(0.001, drained - ((closed ?? back) - back) / 1000)).toFixed(0)} payments/s once closed`,
    );
    if (left !== 0 || Number(paid!.n) !== PAYMENTS) {
      console.error(`${left} payments still pending`);
      process.exitCode = 1;
    }
  } finally {
    await toss.close();
    fs.rmSync(pgliteDir, { recursive: true, force: true });
  }
};

/** Calls the server's breakers held back, from its own metrics. */
const heldBack = async (server: PaymentBackend): Promise<number> => {
  const text = await server.state.metrics.registry.metrics();
  return [...text.matchAll(/payments_pg_call_duration_seconds_count\{[^}]*outcome="circuit_open"[^}]*\} (\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

main().catch((exp) => {
  console.error(exp);
  process.exit(1);
});
