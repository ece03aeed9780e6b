import { spawn } from "node:child_process";
import path from "node:path";
import pino from "pino";

import type { IOperatorConsole } from "../src/api/structures/IOperatorConsole";
import { PaymentBackend } from "../src/PaymentBackend";
import { SANDBOX } from "../src/PaymentConfiguration";
import { recreateDatabase } from "../test/internal/database";

/**
 * `DATABASE_URL=postgres://… npm run bench:console`: the operator console's payment search on a
 * million payments. Its own database (DATABASE_URL's name + "_console", recreated) is filled by
 * SQL with BENCH_ROWS (1,000,000) histories over the last 90 days (three PGs, six statuses,
 * seven clients); then each kind of search runs 200 times, one after another, through the
 * console's route (signed in, over HTTP, the server in this process) and, as its floor, the
 * very statement the route sends (`ConsoleQueries.search`) through a bare `pg` client in a
 * process of its own (bench/consoleFloor.ts). p50 and p99 of each, in ms.
 */
const TOTAL = Number(process.env.BENCH_ROWS || 1_000_000);
export const RUNS = 200;

/** The searches, as an operator makes them. */
export const SEARCHES = (total: number): { label: string; input: IOperatorConsole.IPaymentSearch }[] => [
  { label: "by order id (any day)", input: { q: `order-${Math.floor(total / 2)}` } },
  { label: "by PG id (any day)", input: { q: `pg-${Math.floor(total / 3)}` } },
  { label: "7 days, newest 50", input: {} },
  { label: "7 days, client+status+PG", input: { client: "client-3", status: "cancelled", vendor: "toss.payments" } },
  { label: "7 days, nothing matches", input: { client: "client-3", status: "cancelled", vendor: "iamport" } },
  { label: "93 days, amount range", input: { from: new Date(Date.now() - 93 * 86_400_000 + 60_000).toISOString(), min_amount: 40_000, max_amount: 41_000 } },
];

const main = async (): Promise<void> => {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error("bench:console needs PostgreSQL: set DATABASE_URL (its database name + _console is used, recreated)");
  const url = new URL(base);
  url.pathname = `${url.pathname}_console`;
  await recreateDatabase(url.toString());
  const backend = new PaymentBackend(
    { port: 27111, host: "127.0.0.1", database_url: url.toString(), sandbox: true, workers: false, log_level: "silent", sql_statement_metrics: false },
    { logStream: pino.destination({ dest: "/dev/null" }) },
  );
  await backend.open();
  try {
    const db = backend.state.database;
    const began = Date.now();
    for (let from = 0; from < TOTAL; from += 100_000)
      await db.query(
        `INSERT INTO payment_histories (id, client_id, vendor_code, vendor_store_id, vendor_uid, source_schema, source_table, source_id,
           currency, price, refund, status, data_enc, password_hash, created_at, updated_at, paid_at)
         SELECT gen_random_uuid(), 'client-' || (g % 7), (ARRAY['toss.payments', 'iamport', 'portone'])[1 + g % 3], 'store', 'pg-' || g, 'shop', 'orders', 'order-' || g,
           'KRW', 1000 + (g % 500) * 100, CASE WHEN g % 11 = 0 THEN 1000 ELSE 0 END,
           (ARRAY['paid', 'paid', 'paid', 'cancelled', 'partial_cancelled', 'waiting_deposit'])[1 + g % 6], 'x', 'x',
           now() - make_interval(secs => (g * 7919) % (90 * 86400)), now(), now() - make_interval(secs => (g * 7919) % (90 * 86400))
           FROM generate_series($1::bigint, $2::bigint) g`,
        [from, Math.min(TOTAL, from + 100_000) - 1],
      );
    await db.query("VACUUM (ANALYZE) payment_histories");
    console.log(`console: ${TOTAL.toLocaleString("en")} histories inserted by SQL in ${((Date.now() - began) / 1000).toFixed(1)} s`);

    const signIn = await fetch(`${backend.host}/console/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: SANDBOX.operator_token }) });
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0]!;
    const floor = await runFloor(url.toString());
    for (const s of SEARCHES(TOTAL)) {
      const query = new URLSearchParams(Object.entries(s.input).map(([k, v]) => [k, String(v)])).toString();
      const times: number[] = [];
      let found = 0;
      let cpu = process.cpuUsage();
      for (let i = 0; i < RUNS + 20; ++i) {
        if (i === 20) cpu = process.cpuUsage();
        const t = performance.now();
        const r = await fetch(`${backend.host}/console/api/payments?${query}`, { headers: { cookie } });
        if (r.status !== 200) throw new Error(`${s.label}: ${r.status} ${await r.text()}`);
        found = ((await r.json()) as IOperatorConsole.IPaymentPage).data.length;
        if (i >= 20) times.push(performance.now() - t); // the first 20 warm up
      }
      const used = process.cpuUsage(cpu);
      const f = floor[s.label]!;
      console.log(
        `console: ${s.label.padEnd(26)} ${String(found).padStart(2)} rows   route p50 ${pct(times, 0.5)} p99 ${pct(times, 0.99)} ms, ${((used.user + used.system) / 1000 / RUNS).toFixed(2)} ms CPU of this process (server and client) per search   floor p50 ${f.p50} p99 ${f.p99} ms`,
      );
    }
    console.log(`console: rss of the server's process ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
  } finally {
    await backend.close();
  }
};

/** The floor: each search's statement timed by a bare `pg` client in a process of its own. */
const runFloor = async (url: string): Promise<Record<string, { p50: string; p99: string }>> => {
  const child = spawn(process.execPath, [path.join(__dirname, "consoleFloor.js"), url, String(TOTAL)], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  await new Promise<void>((resolve, reject) => child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`the floor exited ${code}`)))));
  return JSON.parse(out) as Record<string, { p50: string; p99: string }>;
};

export const pct = (times: number[], q: number): string => {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2);
};

if (require.main === module)
  main().catch((exp) => {
    console.error(exp);
    process.exit(1);
  });
