import { AesPkcs5 } from "@nestia/fetcher/lib/AesPkcs5";
import { spawn } from "node:child_process";
import fs from "node:fs";
import inspector from "node:inspector";
import os from "node:os";
import path from "node:path";

import api from "../src/api";
import { FakeIamport } from "../src/fakes/iamport/FakeIamport";
import { FakeToss } from "../src/fakes/toss/FakeToss";
import { PaymentBackend } from "../src/PaymentBackend";
import { SANDBOX } from "../src/PaymentConfiguration";
import { ensurePostgresDatabase } from "../test/internal/database";
import { TossAdapter } from "../src/pg/toss/TossAdapter";
import { CLIENT_HEADER } from "../src/providers/security/ClientKeyring";
import { openFloor } from "./floor";
import type { ILoadResult, ILoadSpec } from "./load";

/**
 * `npm run bench`: payments-server against its floor, in one run.
 *
 * The fakes, payments-server and the floor live in THIS process; autocannon runs in a child
 * process (bench/load.ts) so that load generation never shares the server's event loop.
 * Database: DATABASE_URL if set, else PGlite in a fresh temp folder.
 *
 *   BENCH_ONLY=read,floor,store,webhooks   run only these parts (profiling)
 *   BENCH_SECONDS=8                        measured duration of each duration-based run
 *   BENCH_PROFILE=DIR                      write a .cpuprofile of THIS process per measured read slice
 *   BENCH_LOG_LEVEL=error                  server log level (default silent)
 *
 * Timings never fail the run: the exit code is non-zero only when something breaks
 * (including any non-2xx answer, which means the benchmark measured errors).
 */
const PORTS = { server: 39101, toss: 39102, iamport: 39103, floor: 39104 };
const CONNECTIONS = 32;
const SECONDS = Number(process.env.BENCH_SECONDS || 8);
const WARMUP_SECONDS = 2;
const READ_IDS = 200;
const GOAL = 0.7;
/** The measured read time is cut in this many alternating server/floor slices. */
const SLICES = 2;
const ONLY = new Set((process.env.BENCH_ONLY || "read,floor,store,webhooks").split(","));

const client = { ...SANDBOX.client };
const HEADERS = { [CLIENT_HEADER]: client.id, "content-type": "text/plain" };
const encrypt = (value: unknown): string => AesPkcs5.encrypt(JSON.stringify(value), client.key, client.iv);

/** Run one autocannon load in a child process; resolves with its numbers. */
const load = async (spec: Omit<ILoadSpec, "connections" | "headers">): Promise<ILoadResult> => {
  const file = path.join(os.tmpdir(), `payments-bench-${process.pid}-${Date.now()}.json`);
  fs.writeFileSync(file, JSON.stringify({ connections: CONNECTIONS, headers: HEADERS, ...spec } satisfies ILoadSpec));
  try {
    const child = spawn(process.execPath, [path.join(__dirname, "load.js"), file], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString("utf8")));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    const last = out.trim().split("\n").pop();
    if (code !== 0 || !last) throw new Error(`load generator exited with ${code}`);
    return JSON.parse(last) as ILoadResult;
  } finally {
    fs.rmSync(file, { force: true });
  }
};

/** `count` approved key-in payments at the fake Toss, created in parallel batches. */
const keyIns = async (toss: TossAdapter, prefix: string, count: number): Promise<{ paymentKey: string; orderId: string }[]> => {
  const out: { paymentKey: string; orderId: string }[] = [];
  for (let start = 0; start < count; start += 64) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(64, count - start) }, (_, i) => {
        const orderId = `${prefix}-${start + i}`;
        return toss
          .keyIn(SANDBOX.toss.store_id, {
            amount: 1_000,
            orderId,
            orderName: "bench",
            cardNumber: "4330123412341234",
            cardExpirationYear: "28",
            cardExpirationMonth: "12",
            customerIdentityNumber: "880311",
          })
          .then((p) => ({ paymentKey: p.paymentKey, orderId }));
      }),
    );
    out.push(...batch);
  }
  return out;
};

/** The registration body of one pre-created payment (password derived from its order id). */
const storeBody = (p: { paymentKey: string; orderId: string }) => ({
  vendor: { code: "toss.payments" as const, store_id: SANDBOX.toss.store_id, uid: p.paymentKey },
  source: { schema: "bench", table: "orders", id: p.orderId },
  price: 1_000,
  password: `pw-${p.orderId}`,
});

/** Slices of one target as one result: counts and time summed, p50 averaged, p99 the worst. */
const merge = (slices: ILoadResult[]): ILoadResult | null => {
  if (slices.length === 0) return null;
  const sum = (f: (r: ILoadResult) => number) => slices.reduce((a, r) => a + f(r), 0);
  const seconds = sum((r) => r.seconds);
  return {
    rps: sum((r) => r.ok + r.non2xx) / seconds,
    p50: sum((r) => r.p50) / slices.length,
    p99: Math.max(...slices.map((r) => r.p99)),
    ok: sum((r) => r.ok),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    seconds,
    used: sum((r) => r.used),
  };
};

/** With BENCH_PROFILE=DIR, a CPU profile of this process (server, fakes, floor) during `fn`. */
const profiled = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return fn();
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
  await post("Profiler.enable");
  await post("Profiler.setSamplingInterval", { interval: 500 });
  await post("Profiler.start");
  try {
    return await fn();
  } finally {
    const { profile } = await post("Profiler.stop");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
};

const ms = (v: number) => v.toFixed(v < 10 ? 2 : 1).padStart(7);
const row = (label: string, r: ILoadResult) =>
  `${label.padEnd(44)} ${r.rps.toFixed(0).padStart(7)} rps   p50 ${ms(r.p50)} ms   p99 ${ms(r.p99)} ms   ` +
  `2xx ${r.ok}  non-2xx ${r.non2xx}${r.errors ? `  errors ${r.errors}` : ""}${r.timeouts ? `  timeouts ${r.timeouts}` : ""}`;

const main = async (): Promise<number> => {
  const started = Date.now();
  const url = process.env.DATABASE_URL || null;
  const pgliteDir = fs.mkdtempSync(path.join(os.tmpdir(), "payments-bench-pglite-"));
  if (url !== null) await ensurePostgresDatabase(url);
  const run = Date.now().toString(36); // unique order ids: a reused PostgreSQL database keeps old rows

  const toss = new FakeToss({ port: PORTS.toss });
  const iamport = new FakeIamport({ port: PORTS.iamport });
  await toss.open();
  await iamport.open();
  const backend = new PaymentBackend({
    port: PORTS.server,
    host: "127.0.0.1",
    database_url: url,
    pglite_dir: pgliteDir,
    sandbox: true,
    log_level: (process.env.BENCH_LOG_LEVEL as "silent" | undefined) || "silent",
    // Background pollers off: the benchmark measures the request path alone.
    workers: false,
    toss: { api_url: toss.host, stores: { [SANDBOX.toss.store_id]: { secret_key: SANDBOX.toss.secret_key, client_key: SANDBOX.toss.client_key } } },
    iamport: { api_url: iamport.host, stores: { [SANDBOX.iamport.store_id]: { imp_key: SANDBOX.iamport.imp_key, imp_secret: SANDBOX.iamport.imp_secret } } },
  });
  await backend.open();
  const kind = backend.state.database.kind;
  const tossClient = new TossAdapter({ host: toss.host, stores: { [SANDBOX.toss.store_id]: { secretKey: SANDBOX.toss.secret_key } }, timeoutMs: 10_000 });
  const connection = { host: backend.host, encryption: { key: client.key, iv: client.iv }, headers: { [CLIENT_HEADER]: client.id } };
  let failed = false;

  try {
    const cpus = os.cpus();
    console.log(
      `payments-server bench: database ${kind}${kind === "postgres" ? ` (${new URL(url!).host}${new URL(url!).pathname})` : ""}, ` +
        `${cpus.length} cores (${cpus[0]?.model.trim() ?? "?"}), node ${process.version}, ` +
        `${CONNECTIONS} connections, ${SECONDS} s per run after a ${WARMUP_SECONDS} s warm-up, load from a child process; ` +
        `load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} (other work on the machine skews every number)`,
    );

    // Seed: READ_IDS histories registered through the API, each with its own password.
    const seeded: { id: string; password: string }[] = [];
    const payments = await keyIns(tossClient, `bench-${run}-read`, READ_IDS);
    for (let start = 0; start < payments.length; start += 32)
      seeded.push(
        ...(await Promise.all(
          payments.slice(start, start + 32).map(async (p) => {
            const body = storeBody(p);
            const h = await api.functional.payments.histories.create(connection, body);
            return { id: h.id, password: body.password };
          }),
        )),
      );
    console.log(`seeded ${seeded.length} histories through the API in ${((Date.now() - started) / 1000).toFixed(1)} s since start`);
    // Rotated over all seeded ids: each request takes the next (id, encrypted password).
    const reads = seeded.map((s) => ({ path: `/payments/histories/${s.id}`, body: encrypt({ password: s.password }) }));
    const readSpec = (port: number, seconds: number) => ({ url: `http://127.0.0.1:${port}`, method: "PATCH" as const, items: reads, duration: seconds, reuse: true });

    // 1 + 3. Reads and the floor, each warmed up, then measured in alternating slices
    // (server, floor, server, floor): never at the same time, and a background load that
    // changes during the run (other builds on a shared machine) hits both alike.
    const bare = ONLY.has("floor")
      ? await openFloor({
          port: PORTS.floor,
          database: backend.state.database,
          databaseUrl: url,
          poolSize: backend.config.database_pool_size,
          client,
          atRestPaymentKey: backend.config.at_rest_keys.payment,
          pepper: backend.config.password_pepper,
        })
      : null;
    const slices: Record<"server" | "floor", ILoadResult[]> = { server: [], floor: [] };
    try {
      const targets = [...(ONLY.has("read") ? (["server"] as const) : []), ...(bare !== null ? (["floor"] as const) : [])];
      const port = (t: "server" | "floor") => (t === "server" ? PORTS.server : PORTS.floor);
      for (const t of targets) await load(readSpec(port(t), WARMUP_SECONDS));
      for (let round = 0; round < SLICES; ++round)
        for (const t of targets) slices[t].push(await profiled(`read-${t}-${round}`, () => load(readSpec(port(t), SECONDS / SLICES))));
    } finally {
      await bare?.close();
    }
    const server = merge(slices.server);
    const floor = merge(slices.floor);
    if (server !== null) console.log(row(`read by id (${READ_IDS} ids rotated)`, server));
    if (floor !== null) console.log(row("floor (node:http + AES + 1 SELECT + verify)", floor));
    if (server !== null && floor !== null) {
      const ratio = server.rps / floor.rps;
      const each = slices.server.map((s, i) => (s.rps / slices.floor[i]!.rps).toFixed(2)).join(", ");
      console.log(`read ratio server/floor = ${ratio.toFixed(2)}   (goal >= ${GOAL.toFixed(2)})   ${ratio >= GOAL ? "PASS" : "BELOW GOAL"}   (per slice: ${each})`);
    }
    for (const r of [server, floor]) if (r !== null && (r.non2xx > 0 || r.errors > 0)) failed = true;

    // 2. Registrations: one fresh PG payment per request, so a fixed `amount`, sized from a
    // warm-up to last about SECONDS (capped, so that pre-creating them stays quick).
    if (ONLY.has("store")) {
      const storeSpec = (items: ReturnType<typeof storeBody>[], amount: number) => ({
        url: backend.host,
        method: "POST" as const,
        items: items.map((b) => ({ path: "/payments/histories", body: encrypt(b) })),
        amount,
        reuse: false,
      });
      const warm = (await keyIns(tossClient, `bench-${run}-warm`, 400 + CONNECTIONS)).map(storeBody);
      const warmup = await load(storeSpec(warm, 400));
      const amount = Math.max(300, Math.min(10_000, Math.round(warmup.rps * SECONDS * 1.1)));
      const fresh = (await keyIns(tossClient, `bench-${run}-store`, amount + CONNECTIONS)).map(storeBody);
      const store = await load(storeSpec(fresh, amount));
      console.log(row(`register card payment (${amount} fresh key-ins)`, store));
      if (store.non2xx > 0 || store.errors > 0 || warmup.non2xx > 0) {
        failed = true;
        console.log(`  registration failures: warm-up non-2xx ${warmup.non2xx}, run non-2xx ${store.non2xx}, errors ${store.errors}`);
      }
    }
  } finally {
    await backend.close();
    await toss.close();
    await iamport.close();
    fs.rmSync(pgliteDir, { recursive: true, force: true });
  }

  // Webhooks (another part of the bench): only when bench/webhooks.ts exists.
  if (ONLY.has("webhooks")) {
    let mod: { benchWebhooks?: () => Promise<string[]> } | null = null;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      mod = require("./webhooks") as { benchWebhooks?: () => Promise<string[]> };
    } catch (exp) {
      const missing = (exp as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND" && String((exp as Error).message).includes("./webhooks'");
      if (!missing) throw exp;
      console.log("webhooks: bench/webhooks.ts not present, skipped");
    }
    if (mod?.benchWebhooks)
      try {
        for (const line of await mod.benchWebhooks()) console.log(line);
      } catch (exp) {
        failed = true;
        console.log(`webhooks: FAILED: ${exp instanceof Error ? exp.message : String(exp)}`);
      }
  }
  console.log(`bench done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return failed ? 1 : 0;
};

main().then(
  (code) => process.exit(code),
  (exp) => {
    console.error(exp);
    process.exit(1);
  },
);
