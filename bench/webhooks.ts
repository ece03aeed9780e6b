import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import pino from "pino";

import { FakeToss } from "../src/fakes/toss/FakeToss";
import { PaymentBackend } from "../src/PaymentBackend";
import { SANDBOX } from "../src/PaymentConfiguration";
import { TossAdapter } from "../src/pg/toss/TossAdapter";
import { insertBulkEvents } from "../test/features/webhooks/internal/BulkEvents";
import type { TestContext } from "../test/TestContext";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require("autocannon") as (opts: Record<string, unknown>) => Promise<{ requests: { average: number }; non2xx: number; errors: number }>;

const DURATION_S = 5;

/**
 * Webhook throughput, loopback only, each phase bounded (≤ 20 s):
 *  - inbound: autocannon POSTing a genuine Toss webhook to /payments/webhooks/toss (stored
 *    raw + encrypted, answered 200, processed after), against a bare node:http handler that
 *    only reads and parses the body (the floor);
 *  - outbound: events delivered per second by the workers to a local receiver, against the
 *    receiver's own floor (autocannon POSTing the same body straight at it).
 * Returns printable lines. Uses DATABASE_URL when set, else a fresh PGlite folder.
 */
export async function benchWebhooks(options: { inbound: boolean } = { inbound: true }): Promise<string[]> {
  const lines: string[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "payments-bench-webhooks-"));
  const toss = new FakeToss({ port: 27302 });
  await toss.open();
  const backend = new PaymentBackend({
    port: 27301,
    host: "127.0.0.1",
    database_url: process.env.DATABASE_URL || null,
    pglite_dir: dir,
    // As bench/index.ts: production's log level into /dev/null, no per-request SQL counting.
    log_level: "info",
    sql_statement_metrics: false,
    sandbox: true,
    toss: { api_url: toss.host, stores: { [SANDBOX.toss.store_id]: { secret_key: SANDBOX.toss.secret_key, client_key: SANDBOX.toss.client_key } } },
    webhook: { retry_delays_ms: [100, 200, 400], jitter: 0.1, connect_timeout_ms: 1_000, timeout_ms: 2_000, poll_interval_ms: 20, concurrency: 32, allow_loopback: true, allow_private: false },
  }, { logStream: pino.destination({ dest: "/dev/null", sync: false }) });
  await backend.open();
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200).end());
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  try {
    // ---- inbound
    const adapter = new TossAdapter({ host: toss.host, stores: { [SANDBOX.toss.store_id]: { secretKey: SANDBOX.toss.secret_key } }, timeoutMs: 5_000 });
    const payment = await adapter.keyIn(SANDBOX.toss.store_id, {
      amount: 1_000, orderId: `bench-${Date.now()}`, orderName: "bench", cardNumber: "4330123412341234",
      cardExpirationYear: "28", cardExpirationMonth: "12", customerIdentityNumber: "880311",
    });
    const body = JSON.stringify({ eventType: "PAYMENT_STATUS_CHANGED", createdAt: "2024-01-01T00:00:00.000000", data: payment });
    const load = (url: string, b: string, type: string) =>
      autocannon({ url, method: "POST", body: b, headers: { "content-type": type }, connections: 20, duration: DURATION_S });
    if (options.inbound) {
      const floor = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
          JSON.parse(Buffer.concat(chunks).toString("utf8"));
          res.writeHead(200, { "content-type": "application/json" }).end('{"received":true}');
        });
      });
      await new Promise<void>((r) => floor.listen(0, "127.0.0.1", r));
      const ingest = await load(`${backend.host}/payments/webhooks/toss`, body, "application/json");
      const ingestFloor = await load(`http://127.0.0.1:${(floor.address() as AddressInfo).port}/`, body, "application/json");
      floor.close();
      lines.push(
        `webhooks inbound  ingest ${ingest.requests.average.toFixed(0)} req/s (non-2xx ${ingest.non2xx}), floor ${ingestFloor.requests.average.toFixed(0)} req/s, ratio ${(ingest.requests.average / ingestFloor.requests.average).toFixed(2)}`,
      );
      // Let background processing of the ingested webhooks finish before the next phase.
      const settleDeadline = Date.now() + 20_000; // bounded: the rest is left to the sweep
      while (Date.now() < settleDeadline) {
        const [row] = await backend.state.database.query<{ n: number }>("SELECT count(*)::int AS n FROM payment_webhooks WHERE status IN ('received','processing')");
        if (Number(row!.n) === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    }

    // ---- outbound
    const ctx = {
      backend,
      client: { ...SANDBOX.client },
      toss: { storeId: SANDBOX.toss.store_id },
      query: (sql: string, params?: unknown[]) => backend.state.database.query(sql, params),
    } as unknown as TestContext;
    const N = 3_000;
    // Events an interrupted earlier run left for its own receiver (gone now) would be retried
    // alongside these: they are not this run's to deliver.
    await backend.state.database.query(
      "UPDATE webhook_events SET status = 'skipped', payload_enc = NULL WHERE status = 'pending' AND webhook_url ~ '^http://127\\.0\\.0\\.1:[0-9]+/hooks$' AND webhook_url <> $1",
      [receiverUrl],
    );
    const started = Date.now();
    const perHistory = await insertBulkEvents(ctx, receiverUrl, N, 1);
    const ids = [...perHistory.values()].flat();
    let delivered = 0;
    while (Date.now() - started < 20_000) {
      const [row] = await backend.state.database.query<{ n: number }>("SELECT count(*)::int AS n FROM webhook_events WHERE id = ANY($1::uuid[]) AND status = 'delivered'", [ids]);
      delivered = Number(row!.n);
      if (delivered === N) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const rate = delivered / ((Date.now() - started) / 1000);
    // The receiver's floor: the same encrypted-size body straight at it.
    const sample = "x".repeat(Math.ceil(body.length * 1.4));
    const receiverFloor = await load(receiverUrl, sample, "text/plain");
    lines.push(
      `webhooks outbound ${rate.toFixed(0)} events/s (${delivered}/${N} delivered, concurrency 32), receiver floor ${receiverFloor.requests.average.toFixed(0)} req/s, ratio ${(rate / receiverFloor.requests.average).toFixed(2)}`,
    );
    // Events left undelivered mean the rate measured something else (a stuck or starved outbox).
    if (delivered < N) lines.push(`webhooks: FAILED: ${N - delivered} of the ${N} events were not delivered within 20 s`);
  } finally {
    receiver.close();
    await backend.close();
    await toss.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}

if (require.main === module)
  benchWebhooks().then(
    (lines) => {
      for (const l of lines) console.log(l);
      process.exit(0);
    },
    (exp) => {
      console.error(exp);
      process.exit(1);
    },
  );
