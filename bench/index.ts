import { AesPkcs5 } from "@nestia/fetcher/lib/AesPkcs5";
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import inspector from "node:inspector";
import os from "node:os";
import path from "node:path";
import pino from "pino";

import api from "../src/api";
import { PaymentBackend } from "../src/PaymentBackend";
import { SANDBOX } from "../src/PaymentConfiguration";
import { ensurePostgresDatabase, recreateDatabase } from "../test/internal/database";
import { TossAdapter } from "../src/pg/toss/TossAdapter";
import { CLIENT_HEADER } from "../src/providers/security/ClientKeyring";
import { type IFloorConfig, openFloor } from "./floor";
import { benchLogs } from "./logs";
import type { ILoadResult, ILoadSpec } from "./load";

/**
 * `npm run bench`: payments-server against its floor, in one run.
 *
 * payments-server runs in THIS process; the fake Toss, the load generator (autocannon,
 * bench/load.ts) and, on PostgreSQL, the floor (bench/floor.ts) each run in a process of their
 * own, so that none shares an event loop, a heap or a warm-up with the server. Reads and
 * registrations are measured against the floor in alternating slices; the CPU time per
 * request of the server and of the floor comes from /proc, with the server's RSS.
 * Database: DATABASE_URL if set, else PGlite in a fresh temp folder (the floor then runs
 * inside this process: PGlite has one connection).
 *
 *   BENCH_ONLY=read,floor,stack,store,events,webhooks,logs   run only these parts (profiling);
 *                                          events: registrations naming a webhook URL, beside the plain ones
 *   BENCH_ONLY=memory                      the leak check: the server in its own process, 3 rounds
 *                                          of 100,000 mixed requests, its RSS after each
 *   BENCH_ONLY=sandbox                     npm start's whole process (PGlite, fakes) under that load
 *   BENCH_SECONDS=8                        measured duration of each duration-based run
 *   BENCH_PROFILE=DIR                      write a .cpuprofile of THIS process per measured slice
 *   BENCH_LOG_LEVEL=silent                 server log level (default info, production's, written to /dev/null)
 *   npm run bench -- --scale               (PostgreSQL only) reads at 10,000 then at 1,000,000
 *                                          histories (seeded by SQL into DATABASE_URL's database
 *                                          + "_scale", recreated), then the outbox over that table
 *
 * Timings never fail the run: the exit code is non-zero only when something breaks
 * (including any non-2xx answer, which means the benchmark measured errors).
 */
// Below Linux's ephemeral ports (32768-60999), as the tests' ports: a port the bench listens on
// is never already the local end of one of its own outgoing connections.
const PORTS = { server: 27101, toss: 27102, floor: 27104, stack: 27105 };
const CONNECTIONS = 32;
const SECONDS = Number(process.env.BENCH_SECONDS || 8);
const WARMUP_SECONDS = 2;
const READ_IDS = 200;
/** The goals of the ratios server/floor. */
const GOAL_READ = 0.8;
const GOAL_STORE = 0.6;
/**
 * Each measured time is cut in this many slices, the targets taking turns in an order that
 * reverses every round (server, stack, floor, then floor, stack, server): a drift of the
 * machine (a checkpoint, a noisy neighbour) then weighs on every target alike.
 */
const SLICES = 4;
/** The targets of one round, in its turn's order. */
const turn = <T>(targets: readonly T[], round: number): T[] => (round % 2 === 0 ? [...targets] : [...targets].reverse());
const SCALE = process.argv.includes("--scale");
// --scale: its own reads, then the outbox over the million rows (the other parts are the usual run's).
const ONLY = new Set(SCALE ? ["webhooks"] : (process.env.BENCH_ONLY || "read,floor,stack,store,events,webhooks,logs").split(","));
/**
 * Where the "events" registrations ask their events to go: a name, as a caller's would be, so
 * that the registration-time check of the URL (its host's addresses) is paid as in production.
 * No event is delivered during the bench (workers off): the request path alone is measured.
 */
const BENCH_WEBHOOK_URL = "https://shop.example.com/payments/webhook";

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

/**
 * `count` payments a buyer authenticated in Toss's window (IN_PROGRESS, the fake's /internal
 * simulation): each registration then confirms one, server and floor alike.
 */
const windows = async (host: string, prefix: string, count: number): Promise<{ paymentKey: string; orderId: string }[]> => {
  const out: { paymentKey: string; orderId: string }[] = [];
  const authorization = `Basic ${Buffer.from(`${SANDBOX.toss.secret_key}:`).toString("base64")}`;
  for (let start = 0; start < count; start += 64)
    out.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(64, count - start) }, async (_, i) => {
          const orderId = `${prefix}-${start + i}`;
          const res = await fetch(`${host}/internal/payments`, {
            method: "POST",
            headers: { authorization, "content-type": "application/json" },
            body: JSON.stringify({ orderId, amount: 1_000, orderName: "bench" }),
          });
          if (res.status !== 200) throw new Error(`fake Toss /internal/payments answered ${res.status}`);
          return { paymentKey: ((await res.json()) as { paymentKey: string }).paymentKey, orderId };
        }),
      )),
    );
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

/** CPU seconds (user + system) and resident memory (MB) of a process, from /proc. */
const proc = (pid: number): { cpu: number; rss: number } => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime, after pid and comm
    const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return { cpu: ticks / 100, rss: rss ? Number(rss[1]) / 1024 : 0 };
  } catch {
    return { cpu: 0, rss: 0 };
  }
};

/** A child process started from lib/, resolved once it prints `marker` (at once without one). */
const child = (script: string, args: string[], env: NodeJS.ProcessEnv, marker: RegExp | null, nodeFlags: string[] = []): Promise<ChildProcess> =>
  new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [...nodeFlags, path.join(__dirname, "..", script), ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
    if (marker === null) return resolve((c.stdout!.resume(), c));
    let out = "";
    c.stdout!.on("data", (d: Buffer) => {
      out += d.toString("utf8");
      if (marker.test(out)) resolve(c);
    });
    c.on("exit", (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
  });

/**
 * CPU seconds of this machine's PostgreSQL processes (a local server only; 0 when none is
 * visible): what each target makes the database spend is part of what it costs.
 */
const databaseCpu = (): number => {
  let sum = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, "utf8").trim() === "postgres") sum += proc(Number(entry)).cpu;
    } catch {
      // the process ended meanwhile
    }
  }
  return sum;
};

/** The position in PostgreSQL's write-ahead log, in bytes (set once the server is open; null on PGlite). */
let walPosition: (() => Promise<number>) | null = null;

type Measured = ILoadResult & { cpuMs: number; dbMs: number; walBytes: number };

/** One measured load of a target, with the CPU its process and the database spent per request, and the WAL it wrote. */
const measured = async (pid: number, spec: Omit<ILoadSpec, "connections" | "headers">): Promise<Measured> => {
  const before = proc(pid).cpu;
  const dbBefore = databaseCpu();
  const walBefore = (await walPosition?.()) ?? 0;
  const result = await load(spec);
  const requests = Math.max(1, result.ok + result.non2xx);
  return {
    ...result,
    cpuMs: ((proc(pid).cpu - before) * 1000) / requests,
    dbMs: ((databaseCpu() - dbBefore) * 1000) / requests,
    walBytes: (((await walPosition?.()) ?? 0) - walBefore) / requests,
  };
};

/** The scale run's own database: DATABASE_URL's name + "_scale" (a million rows must not stay in the usual one). */
const scaleDatabase = (url: string | null): string => {
  if (url === null) throw new Error("--scale needs PostgreSQL: set DATABASE_URL (its database name + _scale is used, recreated)");
  const target = new URL(url);
  target.pathname = `${target.pathname}_scale`;
  return target.toString();
};

/**
 * Reads at 10,000 and at 1,000,000 histories: the same 200 ids (registered through the API),
 * the rest copied from one of them by SQL in batches, each with its own id, source and PG id.
 * The read p99 at 1 M should stay within 1.2× of 10 k (index lookups, not scans).
 */
const scale = async (backend: PaymentBackend, seeded: { id: string; password: string }[]): Promise<void> => {
  const db = backend.state.database;
  const reads = seeded.map((s) => ({ path: `/payments/histories/${s.id}`, body: encrypt({ password: s.password }) }));
  // Five slices of 3 s at each size, their p99s' median compared: one slice's burst of machine
  // noise (a 2-core VM) moved the worst p99 of two slices by ±40 % between identical runs.
  const measure = async (label: string): Promise<ILoadResult & { p99s: number[] }> => {
    await load({ url: backend.host, method: "PATCH", items: reads, duration: WARMUP_SECONDS, reuse: true });
    const slices: ILoadResult[] = [];
    for (let i = 0; i < 5; ++i) slices.push(await load({ url: backend.host, method: "PATCH", items: reads, duration: 3, reuse: true }));
    const p99s = slices.map((r) => r.p99).sort((a, b) => a - b);
    const result = { ...merge(slices)!, p99: p99s[2]!, p99s };
    console.log(`${row(`read by id at ${label}`, result)}   (p99 median of 5 slices: ${p99s.join(", ")} ms)`);
    return result;
  };
  const count = async () => Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM payment_histories"))[0]!.n);
  const fill = async (total: number): Promise<void> => {
    const began = Date.now();
    let have = await count();
    const from = have;
    while (have < total) {
      const batch = Math.min(100_000, total - have);
      // One template row copied `batch` times: new uuid, source id and PG id; the rest as seeded.
      await db.query(
        `INSERT INTO payment_histories (id, client_id, vendor_code, vendor_store_id, vendor_uid, source_schema, source_table, source_id,
           currency, price, refund, status, data_enc, password_hash, webhook_url, created_at, updated_at, paid_at, cancelled_at, settlement_plan)
         SELECT gen_random_uuid(), t.client_id, t.vendor_code, t.vendor_store_id, 'scale-' || g, 'scale', 'orders', 'scale-' || g,
           t.currency, t.price, t.refund, t.status, t.data_enc, t.password_hash, t.webhook_url,
           t.created_at - make_interval(secs => g), t.updated_at, t.paid_at, t.cancelled_at, t.settlement_plan
           FROM payment_histories t, generate_series($2::bigint, $3::bigint) g WHERE t.id = $1`,
        [seeded[0]!.id, have, have + batch - 1],
      );
      have += batch;
    }
    const seconds = (Date.now() - began) / 1000;
    // What autovacuum and the checkpointer would do over the next minutes, done now, so that
    // the reads are measured against the table, not against its bulk load's aftermath.
    await db.query("VACUUM (ANALYZE) payment_histories");
    await db.query("CHECKPOINT").catch(() => undefined); // superuser only; skipped otherwise
    console.log(`scale: ${(total - from).toLocaleString("en")} histories inserted by SQL in ${seconds.toFixed(1)} s (${Math.round((total - from) / seconds).toLocaleString("en")} rows/s), ${total.toLocaleString("en")} in the table`);
  };
  await fill(10_000);
  const small = await measure("10,000 histories");
  await fill(1_000_000);
  const large = await measure("1,000,000 histories");
  const ratio = large.p99 / small.p99;
  console.log(`scale: read p99 (median of slices) at 1 M / at 10 k = ${ratio.toFixed(2)}   (goal <= 1.20)   ${ratio <= 1.2 ? "PASS" : "ABOVE GOAL"}   (p50 ${small.p50.toFixed(1)} → ${large.p50.toFixed(1)} ms, rps ${small.rps.toFixed(0)} → ${large.rps.toFixed(0)})`);
  console.log(`scale: rss of the server ${proc(process.pid).rss.toFixed(0)} MB with 1 M histories`);
};

/**
 * The memory rounds, against a process of its own whose RSS is read from /proc after each
 * round of 90,000 reads and 10,000 registrations sent at once:
 * - BENCH_ONLY=memory: the production server (`lib/src/executable/server.js`, SANDBOX=false,
 *   workers off as in the other runs) on DATABASE_URL (else PGlite), the fake Toss in another
 *   child; three rounds, the leak check (its JS heap after a full collection flat from round to
 *   round, and its RSS under 250 MB);
 * - BENCH_ONLY=sandbox: `npm start`'s process (server, the three fakes, the demo shop, PGlite,
 *   all in one process); BENCH_SANDBOX_ROUNDS rounds, default 1.
 * Nothing else runs in the measured process: seeding, payment windows and load come from here.
 */
const processMemory = async (kind: "server" | "sandbox"): Promise<number> => {
  const ports = { server: 27201, toss: 27202, iamport: 27203, portone: 27204, shop: 27205 };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `payments-bench-${kind}-`));
  const url = kind === "server" ? process.env.DATABASE_URL || null : null;
  if (url !== null) await ensurePostgresDatabase(url);
  const fake = kind === "server" ? await child("src/executable/fake-toss.js", [], { FAKE_TOSS_PORT: String(ports.toss) }, /listening/) : null;
  const env: NodeJS.ProcessEnv = {
    PORT: String(ports.server), FAKE_TOSS_PORT: String(ports.toss), FAKE_IAMPORT_PORT: String(ports.iamport),
    FAKE_PORTONE_PORT: String(ports.portone), SANDBOX_SHOP_PORT: String(ports.shop), PGLITE_DIR: path.join(dir, "pglite"),
    DATABASE_URL: url ?? "", LOG_LEVEL: "warn",
    ...(kind === "server" ? { NODE_ENV: "test", SANDBOX: "false", HOST: "127.0.0.1", WORKERS: "false", TOSS_API_URL: `http://127.0.0.1:${ports.toss}`, LOG_LEVEL: "silent" } : {}),
  };
  const host = `http://127.0.0.1:${ports.server}`;
  // The sandbox with the node flags `npm start` gives it (package.json), the server with none.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const start = (require("../../package.json") as { scripts: { start: string } }).scripts.start;
  const flags = kind === "sandbox" ? (/node ((?:--\S+ )*)lib\//.exec(start)?.[1] ?? "").trim().split(" ").filter((f) => f !== "") : [];
  // The server runs under bench/collectable.js, which collects all garbage on a signal: the
  // leak check compares its heap after a full collection.
  const measuredProcess =
    kind === "server"
      ? await child("bench/collectable.js", [path.join(__dirname, "..", "src/executable/server.js")], env, null, ["--expose-gc"])
      : await child("src/executable/sandbox.js", [], env, /make a payment/, flags);
  const collected: ((heap: number) => void)[] = [];
  measuredProcess.stdout!.on("data", (d: Buffer) => {
    for (const m of d.toString("utf8").matchAll(/collected (\d+)/g)) collected.shift()?.(Number(m[1]));
  });
  const collect = (): Promise<number> =>
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the server did not report a collection")), 30_000);
      collected.push((heap) => (clearTimeout(timer), resolve(heap)));
      measuredProcess.kill("SIGUSR2");
    });
  if (flags.length !== 0) console.log(`${kind}: node ${flags.join(" ")} (as npm start)`);
  let failed = false;
  try {
    if (kind === "server")
      for (let i = 0; ; ++i) {
        if (await fetch(`${host}/monitors/ready`).then((r) => r.ok, () => false)) break;
        if (i > 120) throw new Error("the server did not become ready");
        await new Promise((r) => setTimeout(r, 500));
      }
    const tossHost = `http://127.0.0.1:${ports.toss}`;
    const pid = measuredProcess.pid!;
    console.log(`${kind}: its own process (pid ${pid}) on ${url !== null ? "PostgreSQL" : "PGlite"}, rss ${proc(pid).rss.toFixed(0)} MB once ready`);
    const connection = { host, encryption: { key: client.key, iv: client.iv }, headers: { [CLIENT_HEADER]: client.id } };
    const toss = new TossAdapter({ host: tossHost, stores: { [SANDBOX.toss.store_id]: { secretKey: SANDBOX.toss.secret_key } }, timeoutMs: 10_000 });
    const run = Date.now().toString(36);
    const seeded: { id: string; password: string }[] = [];
    for (const p of await keyIns(toss, `${kind}-${run}-read`, READ_IDS)) {
      const body = storeBody(p);
      seeded.push({ id: (await api.functional.payments.histories.create(connection, body)).id, password: body.password });
    }
    const reads = seeded.map((s) => ({ path: `/payments/histories/${s.id}`, body: encrypt({ password: s.password }) }));
    const rounds = kind === "server" ? 3 : Number(process.env.BENCH_SANDBOX_ROUNDS || 1);
    const rss: string[] = [];
    const heaps: number[] = [];
    for (let round = 1; round <= rounds; ++round) {
      const fresh = (await windows(tossHost, `${kind}-${run}-${round}`, 10_000 + CONNECTIONS)).map(storeBody);
      const began = Date.now();
      const [r, w] = await Promise.all([
        load({ url: host, method: "PATCH", items: reads, amount: 90_000, reuse: true }),
        load({ url: host, method: "POST", items: fresh.map((b) => ({ path: "/payments/histories", body: encrypt(b) })), amount: 10_000, reuse: false }),
      ]);
      if (r.non2xx + w.non2xx + r.errors + w.errors > 0) failed = true;
      rss.push(`${proc(pid).rss.toFixed(0)} MB`);
      // Where the memory is, as the process itself reports it (JS heap; WebAssembly and buffers as external).
      const perf = (await fetch(`${host}/monitors/performance`, { headers: { authorization: `Bearer ${SANDBOX.operator_token}` } })
        .then((res) => (res.ok ? res.json() : null), () => null)) as { memory?: { heap_total: number; heap_used: number; external: number } } | null;
      const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
      let parts = perf?.memory !== undefined ? `, heap ${mb(perf.memory.heap_used)} used of ${mb(perf.memory.heap_total)}, external ${mb(perf.memory.external)}` : "";
      if (kind === "server") {
        heaps.push(await collect());
        parts += `; heap after a full collection ${mb(heaps.at(-1)!)}`;
      }
      console.log(`${kind} memory round ${round}: 90,000 reads + 10,000 registrations in ${((Date.now() - began) / 1000).toFixed(0)} s (non-2xx ${r.non2xx + w.non2xx}), rss ${rss.at(-1)}${parts}`);
    }
    console.log(`${kind} memory: rss after each round of 100,000 requests: ${rss.join(", ")} (goal <= ${kind === "server" ? "250 MB, flat" : "600 MB"})`);
    if (kind === "server") {
      // What a leak would show: the heap that survives a full collection growing round after round.
      const growth = (heaps.at(-1)! - heaps[0]!) / 1048576;
      console.log(`server memory: heap after a full collection: ${heaps.map((h) => `${(h / 1048576).toFixed(1)} MB`).join(", ")}, ${growth >= 0 ? "+" : ""}${growth.toFixed(1)} MB from round 1 to ${heaps.length} (${growth > 5 ? "GROWING" : "flat"})`);
    }
  } finally {
    measuredProcess.kill("SIGTERM");
    fake?.kill("SIGTERM");
    await new Promise((resolve) => (measuredProcess.exitCode !== null ? resolve(null) : measuredProcess.once("exit", resolve)));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return failed ? 1 : 0;
};

const main = async (): Promise<number> => {
  if (ONLY.has("sandbox")) return processMemory("sandbox");
  if (ONLY.has("memory")) return processMemory("server");
  const started = Date.now();
  const url = SCALE ? scaleDatabase(process.env.DATABASE_URL || null) : process.env.DATABASE_URL || null;
  if (SCALE) {
    await recreateDatabase(url!);
    process.env.DATABASE_URL = url!; // the outbox part below runs over the same million rows
  }
  const pgliteDir = fs.mkdtempSync(path.join(os.tmpdir(), "payments-bench-pglite-"));
  if (url !== null) await ensurePostgresDatabase(url);
  const run = Date.now().toString(36); // unique order ids: a reused PostgreSQL database keeps old rows

  // The fake Toss in its own process: neither the server's nor the floor's CPU pays for it.
  const tossHost = `http://127.0.0.1:${PORTS.toss}`;
  const toss = await child("src/executable/fake-toss.js", [], { FAKE_TOSS_PORT: String(PORTS.toss) }, /listening/);
  const backend = new PaymentBackend({
    port: PORTS.server,
    host: "127.0.0.1",
    database_url: url,
    pglite_dir: pgliteDir,
    sandbox: true,
    // Production's level and its asynchronous writes, into /dev/null: the lines cost what
    // they cost in production, and the bench's own output stays readable.
    log_level: (process.env.BENCH_LOG_LEVEL as "info" | undefined) || "info",
    // As in production (the sandbox turns it on).
    sql_statement_metrics: false,
    // Background pollers off: the benchmark measures the request path alone.
    workers: false,
    toss: { api_url: tossHost, stores: { [SANDBOX.toss.store_id]: { secret_key: SANDBOX.toss.secret_key, client_key: SANDBOX.toss.client_key } } },
  }, { logStream: pino.destination({ dest: "/dev/null", sync: false }) });
  const rssAtStart = proc(process.pid).rss;
  // A server that fails to open (a migration, a port) leaves no fake Toss behind.
  await backend.open().catch((exp) => {
    toss.kill("SIGTERM");
    throw exp;
  });
  // The "events" registrations' events name a host that is not there: none is to be delivered
  // (the webhook part's outbox would spend its time on them), here or in a later run.
  const forgetBenchEvents = () =>
    backend.state.database.query("UPDATE webhook_events SET status = 'skipped', payload_enc = NULL WHERE status = 'pending' AND webhook_url = $1", [BENCH_WEBHOOK_URL]);
  await forgetBenchEvents();
  const kind = backend.state.database.kind;
  if (kind === "postgres")
    walPosition = async () => Number((await backend.state.database.query<{ b: string }>("SELECT (pg_current_wal_lsn() - '0/0')::text AS b"))[0]!.b);
  const tossClient = new TossAdapter({ host: tossHost, stores: { [SANDBOX.toss.store_id]: { secretKey: SANDBOX.toss.secret_key } }, timeoutMs: 10_000 });
  const connection = { host: backend.host, encryption: { key: client.key, iv: client.iv }, headers: { [CLIENT_HEADER]: client.id } };
  let failed = false;
  let floorProcess: ChildProcess | null = null;
  let stackProcess: ChildProcess | null = null;
  let floorInProcess: { close(): Promise<void> } | null = null;

  try {
    const cpus = os.cpus();
    console.log(
      `payments-server bench ${new Date().toISOString().slice(0, 10)}: database ${kind}${kind === "postgres" ? ` (${new URL(url!).host}${new URL(url!).pathname})` : ""}, ` +
        `${cpus.length} cores (${cpus[0]?.model.trim() ?? "?"}), node ${process.version}, ` +
        `${CONNECTIONS} connections, ${SECONDS} s per target after a ${WARMUP_SECONDS} s warm-up, in ${SLICES} slices taking turns (order reversed every round); load from a child process; ` +
        `load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} (other work on the machine skews every number)`,
    );
    const config: IFloorConfig = {
      port: PORTS.floor,
      databaseUrl: url,
      poolSize: backend.config.database_pool_size,
      client,
      atRestPaymentKey: backend.config.at_rest_keys.payment,
      pepper: backend.config.password_pepper,
      toss: { host: tossHost, secretKey: SANDBOX.toss.secret_key },
    };
    if (ONLY.has("floor")) {
      if (url !== null) {
        const file = path.join(os.tmpdir(), `payments-bench-floor-${process.pid}.json`);
        fs.writeFileSync(file, JSON.stringify(config));
        floorProcess = await child("bench/floor.js", [file], {}, /ready/);
      } else floorInProcess = await openFloor(config, backend.state.database);
    }
    // The stack's floor (bench/stack.ts): PostgreSQL only, like the floor's own process.
    if (ONLY.has("stack") && url !== null) {
      const file = path.join(os.tmpdir(), `payments-bench-stack-${process.pid}.json`);
      fs.writeFileSync(file, JSON.stringify(config));
      stackProcess = await child("bench/stack.js", [file, String(PORTS.stack)], {}, /ready/);
    }
    const floorPid = floorProcess?.pid ?? process.pid;
    console.log(
      `floor: ${floorProcess !== null ? `its own process (pid ${floorPid}, its own pool of ${config.poolSize})` : floorInProcess !== null ? "inside the server's process (PGlite has one connection: no other choice)" : "not run"}`,
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
    if (SCALE) await scale(backend, seeded);
    const rssBefore = { server: proc(process.pid).rss, floor: proc(floorPid).rss };

    // Reads: each warmed up, then measured in alternating slices (server, floor, server, floor):
    // never at the same time, and a background load that changes hits both alike.
    const reads = seeded.map((s) => ({ path: `/payments/histories/${s.id}`, body: encrypt({ password: s.password }) }));
    const readSpec = (port: number, seconds: number) => ({ url: `http://127.0.0.1:${port}`, method: "PATCH" as const, items: reads, duration: seconds, reuse: true });
    // "events": the server again, its registrations naming a webhook URL (the outbox's event
    // with its payload, the workers' wake-up); compared with the server's plain ones.
    type Target = "server" | "events" | "stack" | "floor";
    const targets = (["server", "stack", "floor"] as const).filter((t) =>
      t === "server" ? ONLY.has("read") : t === "stack" ? stackProcess !== null && ONLY.has("read") : ONLY.has("floor"),
    );
    const port = (t: Target) => PORTS[t === "events" ? "server" : t];
    const pid = (t: Target) => (t === "server" || t === "events" ? process.pid : t === "stack" ? stackProcess!.pid! : floorPid);
    const report = (what: string, slices: Record<Target, Measured[]>, goal: number) => {
      const merged = { server: merge(slices.server), events: merge(slices.events), stack: merge(slices.stack), floor: merge(slices.floor) };
      const cpu = (t: Target, f: (r: Measured) => number = (r) => r.cpuMs) =>
        slices[t].reduce((a, r) => a + f(r), 0) / Math.max(1, slices[t].length);
      for (const t of ["server", "events", "stack", "floor"] as const) {
        const r = merged[t];
        const db = cpu(t, (s) => s.dbMs);
        const wal = cpu(t, (s) => s.walBytes);
        if (r !== null)
          console.log(
            `${row(`${what}: ${t}`, r)}   cpu ${cpu(t).toFixed(2)} ms/req${db > 0 ? `, database ${db.toFixed(2)} ms/req` : ""}${wal >= 51.2 ? `, WAL ${(wal / 1024).toFixed(1)} kB/req` : ""}`,
          );
      }
      const { server, events, stack, floor } = merged;
      const each = (a: Target, b: Target) => slices[a].map((r, i) => (r.rps / slices[b][i]!.rps).toFixed(2)).join(", ");
      if (server !== null && floor !== null) {
        const ratio = server.rps / floor.rps;
        console.log(`${what} ratio server/floor = ${ratio.toFixed(2)}   (goal >= ${goal.toFixed(2)})   ${ratio >= goal ? "PASS" : "BELOW GOAL"}   (per slice: ${each("server", "floor")})`);
      }
      // What the framework alone costs (stack/floor) and what our code costs above it (server/stack).
      if (stack !== null && floor !== null) console.log(`${what} ratio stack/floor = ${(stack.rps / floor.rps).toFixed(2)}   (per slice: ${each("stack", "floor")})`);
      if (server !== null && stack !== null) console.log(`${what} ratio server/stack = ${(server.rps / stack.rps).toFixed(2)}   (per slice: ${each("server", "stack")})`);
      // What announcing the payment costs: the same registrations with a webhook URL.
      if (server !== null && events !== null) console.log(`${what} ratio events/server = ${(events.rps / server.rps).toFixed(2)}   (per slice: ${each("events", "server")})`);
      for (const r of [server, events, stack, floor]) if (r !== null && (r.non2xx > 0 || r.errors > 0)) failed = true;
    };
    if (targets.length) {
      const slices: Record<Target, Measured[]> = { server: [], events: [], stack: [], floor: [] };
      for (const t of targets) await load(readSpec(port(t), WARMUP_SECONDS));
      for (let round = 0; round < SLICES; ++round)
        for (const t of turn(targets, round)) slices[t].push(await profiled(`read-${t}-${round}`, () => measured(pid(t), readSpec(port(t), SECONDS / SLICES))));
      report(`read by id (${READ_IDS} ids rotated)`, slices, GOAL_READ);
    }

    // Registrations of window payments (each confirmed once): one fresh PG payment per
    // request, so a fixed `amount` per slice, sized
    // from a warm-up of the server; the floor gets as many, in alternating slices too.
    if (ONLY.has("store")) {
      const storeSpec = (t: Target, items: ReturnType<typeof storeBody>[], amount: number) => ({
        url: `http://127.0.0.1:${port(t)}`,
        method: "POST" as const,
        items: items.map((b) => ({ path: "/payments/histories", body: encrypt(t === "events" ? { ...b, webhook_url: BENCH_WEBHOOK_URL } : b) })),
        amount,
        reuse: false,
      });
      const storeTargets = (["server", "events", "stack", "floor"] as const).filter((t) =>
        t === "server" ? true : t === "events" ? ONLY.has("events") : t === "stack" ? stackProcess !== null : floorProcess !== null || floorInProcess !== null,
      );
      let warmRps = 0;
      for (const t of storeTargets) {
        const warm = (await windows(tossHost, `bench-${run}-warm-${t}`, 300 + CONNECTIONS)).map(storeBody);
        const w = await load(storeSpec(t, warm, 300));
        if (t === "server") warmRps = w.rps;
        if (w.non2xx > 0 || w.errors > 0) failed = true;
      }
      const amount = Math.max(200, Math.min(5_000, Math.round((warmRps * SECONDS) / SLICES)));
      const slices: Record<Target, Measured[]> = { server: [], events: [], stack: [], floor: [] };
      for (let round = 0; round < SLICES; ++round)
        for (const t of turn(storeTargets, round)) {
          const fresh = (await windows(tossHost, `bench-${run}-store-${t}-${round}`, amount + CONNECTIONS)).map(storeBody);
          slices[t].push(await profiled(`store-${t}-${round}`, () => measured(pid(t), storeSpec(t, fresh, amount))));
        }
      report(`register a card payment (${amount} fresh per slice)`, slices, GOAL_STORE);
      await forgetBenchEvents();
    }
    const rssAfter = { server: proc(process.pid).rss, floor: proc(floorPid).rss };
    console.log(
      `rss: server ${rssAtStart.toFixed(0)} MB before open, ${rssBefore.server.toFixed(0)} MB after seeding, ${rssAfter.server.toFixed(0)} MB after the runs` +
        (floorProcess !== null ? `; floor ${rssBefore.floor.toFixed(0)} → ${rssAfter.floor.toFixed(0)} MB` : " (the floor shares it)") +
        ` (this process also runs the SDK seeding; the fake Toss and the load generator are other processes)`,
    );
  } finally {
    floorProcess?.kill("SIGTERM");
    stackProcess?.kill("SIGTERM");
    await floorInProcess?.close();
    await backend.close();
    toss.kill("SIGTERM");
    fs.rmSync(pgliteDir, { recursive: true, force: true });
  }

  // Webhooks (another part of the bench): only when bench/webhooks.ts exists.
  if (ONLY.has("webhooks")) {
    let mod: { benchWebhooks?: (options?: { inbound: boolean }) => Promise<string[]> } | null = null;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      mod = require("./webhooks") as { benchWebhooks?: (options?: { inbound: boolean }) => Promise<string[]> };
    } catch (exp) {
      const missing = (exp as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND" && String((exp as Error).message).includes("./webhooks'");
      if (!missing) throw exp;
      console.log("webhooks: bench/webhooks.ts not present, skipped");
    }
    if (mod?.benchWebhooks)
      try {
        // --scale: the outbox alone over the million rows (ingest is the usual run's).
        for (const line of await mod.benchWebhooks({ inbound: !SCALE })) {
          console.log(line);
          if (line.startsWith("webhooks: FAILED")) failed = true;
        }
      } catch (exp) {
        failed = true;
        console.log(`webhooks: FAILED: ${exp instanceof Error ? exp.message : String(exp)}`);
      }
  }
  if (ONLY.has("logs")) console.log(benchLogs());
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
