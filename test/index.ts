import { EDGE, EDGE_STORES } from "./internal/edge";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import pino from "pino";

import { FakeIamport } from "../src/fakes/iamport/FakeIamport";
import { FakePortOne } from "../src/fakes/portone/FakePortOne";
import { FakeToss } from "../src/fakes/toss/FakeToss";
import { PaymentBackend } from "../src/PaymentBackend";
import { Clock } from "../src/utils/Clock";
import { SANDBOX } from "../src/PaymentConfiguration";
import { CLIENT_HEADER } from "../src/providers/security/ClientKeyring";
import { ensurePostgresDatabase } from "./internal/database";
import { PLAIN_CLIENT, RECEIPT_CLIENT } from "./internal/clients";
import { SettlementKit } from "./internal/settlements";
import { TestSkip } from "./internal/TestSkip";
import { TestContext } from "./TestContext";

/**
 * The test program: starts the fake PGs and payments-server in-process against a real
 * database (PostgreSQL when DATABASE_URL is set, else embedded PGlite in a fresh folder),
 * resets it, and runs every exported `test_*` function of test/features (those under
 * features/audit last: they check what the whole run left, such as its log lines).
 *
 *   --include a,b   only scenarios whose name contains one of these
 *   --exclude a,b   skip scenarios whose name contains one of these
 *   --skipReset     keep the database as it is
 *   --count N       run the selection N times
 *
 * Its last line is `N passed, N failed`; the exit code is non-zero on any failure.
 */
// TEST_PORT_BASE moves them all, so that two runs can share a machine. The default range
// (28101-28131) lies below Linux's ephemeral ports (32768-60999): a port the test listens on
// is never already the local end of some outgoing connection.
const BASE = Number(process.env.TEST_PORT_BASE ?? 28101);
const PORTS = { server: BASE, toss: BASE + 1, iamport: BASE + 2, portone: BASE + 3 };
/** The longest a scenario may take. */
const SCENARIO_TIMEOUT_MS = 300_000;

interface Options {
  include: string[];
  exclude: string[];
  skipReset: boolean;
  count: number;
}

const parse = (argv: string[]): Options => {
  const options: Options = { include: [], exclude: [], skipReset: false, count: 1 };
  for (let i = 0; i < argv.length; ++i) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === "--include") options.include.push(...value().split(","));
    else if (arg === "--exclude") options.exclude.push(...value().split(","));
    else if (arg === "--skipReset") options.skipReset = true;
    else if (arg === "--count") options.count = Math.max(1, Number(value()) | 0);
    else throw new Error(`unknown option ${arg}`);
  }
  return options;
};

/** Drop everything payments-server created, so that migrations run from scratch. */
const resetPostgres = async (url: string): Promise<void> => {
  await ensurePostgresDatabase(url);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("DROP SCHEMA IF EXISTS drizzle CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
  } finally {
    await client.end();
  }
};

const collect = (dir: string): { name: string; file: string; run: (ctx: TestContext) => Promise<unknown> }[] => {
  const out: { name: string; file: string; run: (ctx: TestContext) => Promise<unknown> }[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(js|ts)$/.test(entry.name) && !entry.name.endsWith(".d.ts") && !entry.name.endsWith(".map")) {
        const mod = require(full) as Record<string, unknown>;
        for (const [name, fn] of Object.entries(mod))
          if (name.startsWith("test_") && typeof fn === "function")
            out.push({ name, file: path.relative(dir, full), run: fn as (ctx: TestContext) => Promise<unknown> });
      }
    }
  };
  walk(dir);
  return out;
};

const main = async (): Promise<number> => {
  const options = parse(process.argv.slice(2));
  const url = process.env.DATABASE_URL || null;
  // PGlite keeps its folder between runs so that --skipReset means the same as on PostgreSQL.
  const pgliteDir = path.join(os.tmpdir(), `payments-server-test-pglite-${BASE}`);
  if (url !== null) {
    if (!options.skipReset) await resetPostgres(url);
  } else if (!options.skipReset) {
    fs.rmSync(pgliteDir, { recursive: true, force: true });
  }

  // Held answers (magic timeout cards, "hang" injections) outlast our 3 s PG timeout, not the run.
  // Each fake also has the orphan scenarios' own store (test/internal/edge.ts).
  // One clock for the server's schedules and the fakes: subscription scenarios move it by months,
  // so the fakes keep their records (billing keys above all) for longer than any move.
  const clock = new Clock();
  const now = (): Date => clock.now();
  const LONG_TTL_MS = 800 * 86_400_000;
  const toss = new FakeToss({
    port: PORTS.toss,
    magicHangMs: 4_000,
    now,
    recordTtlMs: LONG_TTL_MS,
    stores: { [FakeToss.SANDBOX_SECRET_KEY]: { mId: "tosspayments", clientKey: FakeToss.SANDBOX_CLIENT_KEY, securityKey: FakeToss.SANDBOX_SECURITY_KEY }, [EDGE.toss.secret_key]: { mId: EDGE.toss.mId } },
  });
  const iamport = new FakeIamport({
    port: PORTS.iamport,
    hangMs: 4_000,
    now,
    storage: { ttlMs: LONG_TTL_MS },
    keys: [{ ...FakeIamport.SANDBOX_KEY, imp_code: FakeIamport.SANDBOX_IMP_CODE }, { imp_key: EDGE.iamport.imp_key, imp_secret: EDGE.iamport.imp_secret, imp_code: EDGE.iamport.imp_code }],
  });
  const portone = new FakePortOne({ port: PORTS.portone, now, recordTtlMs: LONG_TTL_MS, webhookRetryDelaysMs: [200, 400, 800], stores: [{ ...FakePortOne.SANDBOX }, { storeId: EDGE.portone.storeId, apiSecret: EDGE.portone.apiSecret, webhookSecret: EDGE.portone.webhookSecret, channelKey: EDGE.portone.channelKey }] });
  await toss.open();
  await iamport.open();
  await portone.open();
  // Every log line of the server, for the scenario that checks no secret ever reaches one.
  const logFile = path.join(os.tmpdir(), `payments-server-test-${BASE}.log`);
  fs.writeFileSync(logFile, "");
  const backend = new PaymentBackend({
    port: PORTS.server,
    host: "127.0.0.1",
    database_url: url,
    pglite_dir: pgliteDir,
    sandbox: true,
    log_level: "info",
    toss: {
      api_url: toss.host,
      stores: { [SANDBOX.toss.store_id]: { secret_key: SANDBOX.toss.secret_key, client_key: SANDBOX.toss.client_key, security_key: SANDBOX.toss.security_key }, [EDGE.toss.store_id]: { secret_key: EDGE.toss.secret_key } },
    },
    iamport: {
      api_url: iamport.host,
      stores: { [SANDBOX.iamport.store_id]: { imp_key: SANDBOX.iamport.imp_key, imp_secret: SANDBOX.iamport.imp_secret }, [EDGE.iamport.store_id]: { imp_key: EDGE.iamport.imp_key, imp_secret: EDGE.iamport.imp_secret } },
    },
    portone: {
      api_url: portone.host,
      stores: {
        [SANDBOX.portone.id]: {
          store_id: SANDBOX.portone.store_id,
          api_secret: SANDBOX.portone.api_secret,
          webhook_secret: SANDBOX.portone.webhook_secret,
          channel_key: SANDBOX.portone.channel_key,
        },
        [EDGE.portone.id]: { store_id: EDGE.portone.storeId, api_secret: EDGE.portone.apiSecret, webhook_secret: EDGE.portone.webhookSecret, channel_key: EDGE.portone.channelKey },
      },
    },
    // The sandbox client, and one whose webhooks are plain JSON (Standard Webhooks' own verify()).
    // The sandbox client owns the orphan stores: their orphans are announced to it and refunded.
    clients: [
      {
        ...SANDBOX.client,
        webhook_secrets: [...SANDBOX.client.webhook_secrets],
        stores: EDGE_STORES,
        orphan_policy: "cancel",
        events_url: `http://127.0.0.1:${PORTS.server + EDGE.events_offset}/hooks`,
      },
      PLAIN_CLIENT,
      RECEIPT_CLIENT,
    ],
    // Schedules are looked at often: a scenario moves the clock, then waits for the charge.
    subscription: { retry_days: [1, 3, 5], poll_interval_ms: 100, charges_per_run: 100, claim_seconds: 2 },
    payout: { poll_interval_ms: 100, recheck_seconds: 60 },
    console: { enabled: true, operators: { viewer: { role: "viewer", token: "test-viewer-token-123" } }, session_minutes: 30, max_failed_sign_ins: 10 },
    // Receipts whose PG did not answer are tried again within a scenario.
    cash_receipt: { retry_delays_ms: [100, 200, 400], poll_interval_ms: 50 },
    // One holiday the business-day settlement scenario counts on (a Monday after a Friday it pays on).
    settlement: { delays: { supplier: 3, partner: 7, other: 0 }, holidays: [SettlementKit.fridayAndHoliday().holiday] },
    pg_timeout_ms: 3_000,
    // Closing at the end of the run need not wait for the SDK's idle connections.
    drain_grace_ms: 100,
    // Compressed timings, so that retries and reconciliation happen within a scenario.
    reconcile_interval_ms: 200,
    reconcile_after_ms: 1_000,
    prepared_completion_grace_seconds: 2,
    // The sweep runs when a scenario asks (the operator's route): the fakes are shared by
    // every scenario, and a sweep of its own would act on other scenarios' payments.
    edge: { sweep_interval_seconds: 0, sweep_window_seconds: 3_600, orphan_grace_seconds: 1_800, daily_reconciliation: false },
    webhook: {
      retry_delays_ms: [100, 200, 400, 800, 1_600],
      jitter: 0.1,
      connect_timeout_ms: 1_000,
      timeout_ms: 2_000,
      poll_interval_ms: 50,
      concurrency: 16,
      allow_loopback: true,
      allow_private: false,
    },
  }, { logStream: pino.destination({ dest: logFile, sync: true }), clock });
  await backend.open();
  console.log(`payments-server on ${backend.host} (${backend.state.database.kind}), fake Toss ${toss.host}, fake Iamport ${iamport.host}, fake PortOne ${portone.host}`);

  // The fakes send their webhooks to payments-server, as the real PGs would be configured to.
  toss.setWebhookUrl(`${backend.host}/payments/webhooks/toss`);
  iamport.setWebhookUrl(`${backend.host}/payments/webhooks/iamport`);
  portone.setWebhookUrl(`${backend.host}/payments/webhooks/portone`);

  const ctx: TestContext = {
    connection: {
      host: backend.host,
      encryption: { key: SANDBOX.client.key, iv: SANDBOX.client.iv },
      headers: { [CLIENT_HEADER]: SANDBOX.client.id },
    },
    host: backend.host,
    client: { ...SANDBOX.client },
    toss: { fake: toss, host: toss.host, storeId: SANDBOX.toss.store_id, secretKey: SANDBOX.toss.secret_key, clientKey: SANDBOX.toss.client_key },
    iamport: { fake: iamport, host: iamport.host, storeId: SANDBOX.iamport.store_id, impKey: SANDBOX.iamport.imp_key, impSecret: SANDBOX.iamport.imp_secret },
    portone: {
      fake: portone,
      host: portone.host,
      storeId: SANDBOX.portone.id,
      portoneStoreId: SANDBOX.portone.store_id,
      apiSecret: SANDBOX.portone.api_secret,
      webhookSecret: SANDBOX.portone.webhook_secret,
      channelKey: SANDBOX.portone.channel_key,
    },
    backend,
    clock,
    config: backend.config,
    databaseUrl: url,
    logFile,
    query: (sql, params) => backend.state.database.query(sql, params),
  };

  // Scenarios under features/audit look back at the whole run (its logs): they run last.
  const scenarios = collect(path.join(__dirname, "features"))
    .sort((a, b) => Number(a.file.startsWith("audit")) - Number(b.file.startsWith("audit")))
    .filter(
    (s) =>
      (options.include.length === 0 || options.include.some((i) => s.name.includes(i) || s.file.includes(i))) &&
      !options.exclude.some((e) => s.name.includes(e) || s.file.includes(e)),
  );
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (let round = 0; round < options.count; ++round)
    for (const s of scenarios) {
      const started = Date.now();
      try {
        // A scenario that hangs fails, instead of hanging the run (and CI).
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          s.run(ctx),
          new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${SCENARIO_TIMEOUT_MS / 1000} s`)), SCENARIO_TIMEOUT_MS))),
        ]).finally(() => clearTimeout(timer));
        ++passed;
        console.log(`  ok   ${s.name} (${Date.now() - started} ms)`);
      } catch (exp) {
        if (exp instanceof TestSkip) {
          ++skipped;
          console.log(`  skip ${s.name}: ${exp.message}`);
          continue;
        }
        ++failed;
        console.log(`  FAIL ${s.name} (${s.file})`);
        console.log(String(exp instanceof Error ? exp.stack ?? exp.message : exp).replace(/^/gm, "       "));
      }
    }

  await backend.close();
  await toss.close();
  await iamport.close();
  await portone.close();
  console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
  return failed === 0 && passed > 0 ? 0 : 1;
};

main().then(
  (code) => process.exit(code),
  (exp) => {
    console.error(exp);
    console.log("0 passed, 1 failed");
    process.exit(1);
  },
);
