import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";

import api from "../src/api";
import { FakeToss } from "../src/fakes/toss/FakeToss";
import { PaymentBackend } from "../src/PaymentBackend";
import { SANDBOX } from "../src/PaymentConfiguration";
import { CLIENT_HEADER } from "../src/providers/security/ClientKeyring";
import { ensurePostgresDatabase, stopDatabase } from "../test/internal/database";

/**
 * `DATABASE_URL=postgres://… npm run bench:outage`: the database drill. Callers read a payment
 * and prepare orders without a pause while the database goes away for OUTAGE_SECONDS (every
 * session of the server ended, new ones refused), then comes back. The drill counts the
 * answers by status and code, the server's log lines at warn or above and the bytes it logged
 * meanwhile, and how long after the database's return the first request and then readiness
 * succeed. PostgreSQL only. Exits non-zero on any 500 or other unexpected answer.
 *   OUTAGE_SECONDS=30  OUTAGE_CALLERS=8
 */
const OUTAGE_SECONDS = Number(process.env.OUTAGE_SECONDS || 30);
const CALLERS = Number(process.env.OUTAGE_CALLERS || 8);
const PORTS = { server: 27401, toss: 27402 };

const main = async (): Promise<void> => {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("bench:outage stops a PostgreSQL database: set DATABASE_URL");
  await ensurePostgresDatabase(url);
  const toss = new FakeToss({ port: PORTS.toss });
  await toss.open();
  const logFile = path.join(os.tmpdir(), `payments-outage-${process.pid}.log`);
  const backend = new PaymentBackend(
    {
      port: PORTS.server,
      host: "127.0.0.1",
      database_url: url,
      sandbox: true,
      log_level: "info",
      sql_statement_metrics: false,
      toss: { api_url: toss.host, stores: { [SANDBOX.toss.store_id]: { secret_key: SANDBOX.toss.secret_key, client_key: SANDBOX.toss.client_key } } },
    },
    { logStream: pino.destination({ dest: logFile, sync: false }) },
  );
  await backend.open();
  const connection = { host: backend.host, encryption: { key: SANDBOX.client.key, iv: SANDBOX.client.iv }, headers: { [CLIENT_HEADER]: SANDBOX.client.id } };
  const run = Date.now().toString(36);
  const answers = new Map<string, number>();
  const count = (what: string) => answers.set(what, (answers.get(what) ?? 0) + 1);
  let stop = false;
  let lastOk = 0;
  try {
    // A paid payment the callers read.
    const orderId = `outage-${run}-read`;
    const session = await fetch(`${toss.host}/internal/payments`, {
      method: "POST",
      headers: { Authorization: `Basic ${Buffer.from(`${SANDBOX.toss.secret_key}:`).toString("base64")}`, "Content-Type": "application/json" },
      body: JSON.stringify({ orderId, amount: 1_000, orderName: "outage", cardNumber: "4330123412341234" }),
    }).then((r) => r.json() as Promise<{ paymentKey: string }>);
    const source = { schema: "bench", table: "outage", id: orderId };
    await api.functional.payments.histories.create(connection, { vendor: { code: "toss.payments", store_id: SANDBOX.toss.store_id, uid: session.paymentKey }, source, price: 1_000, password: "outage-password" });
    const call = async (work: () => Promise<unknown>) => {
      try {
        await work();
        count("200/201");
        lastOk = Date.now();
      } catch (exp) {
        const e = exp as { status?: number; message?: string; headers?: Record<string, string> };
        if (typeof e.status !== "number") return void count(`no answer: ${String(exp).slice(0, 80)}`);
        const code = (() => {
          try {
            return (JSON.parse(e.message ?? "") as { code: string }).code;
          } catch {
            return "?";
          }
        })();
        count(`${e.status} ${code}${e.status === 503 && !(Number(e.headers?.["retry-after"]) > 0) ? " (no Retry-After)" : ""}`);
      }
    };
    let n = 0;
    const callers = Array.from({ length: CALLERS }, async () => {
      while (!stop) {
        await call(() => api.functional.payments.histories.get(connection, { source, password: "outage-password" }));
        await call(() =>
          api.functional.payments.histories.prepare(connection, {
            vendor: { code: "toss.payments", store_id: SANDBOX.toss.store_id },
            source: { schema: "bench", table: "outage", id: `outage-${run}-${n++}` },
            price: 1_000,
            order_name: "outage",
            password: "outage-password",
          }),
        );
      }
    });
    await sleep(2_000);
    const logFrom = fs.statSync(logFile).size;
    const database = await stopDatabase(url);
    const stopped = Date.now();
    let readyDuring = "";
    try {
      await sleep(OUTAGE_SECONDS * 500);
      const probe = await fetch(`${backend.host}/monitors/ready`);
      readyDuring = `${probe.status} ${((await probe.json()) as { code?: string }).code ?? ""}`;
      await sleep(OUTAGE_SECONDS * 500);
    } finally {
      await database.restore();
    }
    const back = Date.now();
    let ready: number | null = null;
    while (Date.now() - back < 60_000 && (ready === null || lastOk < back)) {
      if (ready === null && (await fetch(`${backend.host}/monitors/ready`)).status === 200) ready = Date.now();
      await sleep(50);
    }
    stop = true;
    await Promise.all(callers);
    await sleep(200);
    const logged = fs.readFileSync(logFile, "utf8").slice(logFrom);
    const lines = logged.split("\n").filter((l) => l.length > 0).map((l) => JSON.parse(l) as { level: number; event?: string; msg?: string });
    const loud = lines.filter((l) => l.level >= 40);
    console.log(
      `outage (postgres): database away ${((back - stopped) / 1000).toFixed(1)} s under ${CALLERS} callers; answers ${JSON.stringify(Object.fromEntries(answers))}; ` +
        `readiness during it: ${readyDuring}; after its return: first success ${lastOk >= back ? ((lastOk - back) / 1000).toFixed(1) : "?"} s, ready ${ready !== null ? ((ready - back) / 1000).toFixed(1) : "?"} s; ` +
        `log since the stop: ${lines.length} lines (${(Buffer.byteLength(logged) / 1024).toFixed(0)} kB), ${loud.length} at warn or above: ${loud.map((l) => l.event ?? l.msg).join(", ")}`,
    );
    const unexpected = [...answers.keys()].filter((k) => k !== "200/201" && k !== "503 DATABASE_UNAVAILABLE");
    if (unexpected.length > 0) {
      console.error(`unexpected answers: ${unexpected.join("; ")}`);
      process.exitCode = 1;
    }
  } finally {
    stop = true;
    await backend.close();
    await toss.close();
    fs.rmSync(logFile, { force: true });
  }
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

main().catch((exp) => {
  console.error(exp);
  process.exit(1);
});
