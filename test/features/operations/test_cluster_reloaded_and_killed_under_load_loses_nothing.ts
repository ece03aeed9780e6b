import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import api from "../../../src/api";
import type { IConnection } from "@nestia/fetcher";
import { assert, equal, orderId, password, tossCardPaid } from "../../internal/pgs";
import { eventually } from "../../internal/lifecycle";
import { TestSkip } from "../../internal/TestSkip";
import { TestContext } from "../../TestContext";

/**
 * An operator runs payments-server as a 2-worker pm2 cluster (ecosystem.config.cjs) and
 * updates it twice with `npm run reload` while shops read and register payments without a
 * pause: no request fails, every payment is recorded exactly once, and the monitors report
 * the new start time. Then a worker is killed with SIGKILL mid-load: only requests in flight
 * on it fail, pm2 starts another, and once reconciled every payment is recorded exactly once.
 */
export async function test_cluster_reloaded_and_killed_under_load_loses_nothing(ctx: TestContext): Promise<void> {
  if (ctx.databaseUrl === null) throw new TestSkip("a cluster of processes needs PostgreSQL (PGlite is one process, one owner)");
  const cluster = await Cluster.start(ctx);
  try {
    const connection: IConnection = { ...ctx.connection, host: cluster.host };
    const operator: IConnection = { host: cluster.host, headers: { Authorization: `Bearer ${ctx.config.operator_token}` } };
    const before = await api.functional.monitors.system(operator);
    // Prometheus scrapes each worker on its own port.
    const metricsPort = Number(new URL(cluster.host).port) + 10;
    for (const worker of [0, 1]) {
      const text = await (await fetch(`http://127.0.0.1:${metricsPort + worker}/metrics`)).text();
      assert(text.includes("# TYPE payments_http_request_duration_seconds"), `worker ${worker} is scraped on its own port`);
    }

    // A payment every reader reads.
    const readSource = { schema: "shop", table: "orders", id: orderId() };
    const readSecret = password();
    const readPaid = await tossCardPaid(ctx, readSource.id, 1_000);
    await api.functional.payments.histories.create(connection, { vendor: { code: "toss.payments", store_id: ctx.toss.storeId, uid: readPaid.paymentKey }, source: readSource, price: 1_000, password: readSecret });

    // Phase 1: two reloads under load.
    const load = new Load(ctx, connection, readSource, readSecret);
    const running = load.run(6);
    try {
      await Load.sleep(1_000);
      for (let i = 0; i < 2; ++i) await cluster.pm2(["reload", cluster.ecosystem, "--update-env"]);
      await Load.sleep(1_000);
    } finally {
      await load.stop(running);
    }
    assert(load.registered.length > 20 && load.reads > 20, `load ran through the reloads (${load.registered.length} registrations, ${load.reads} reads)`);
    equal(load.failures, [], "no request failed during two reloads");
    await everyPaymentOnce(ctx, load.registered);
    const after = await api.functional.monitors.system(operator);
    assert(new Date(after.started_at) > new Date(before.started_at), `the monitors report the new start time (${before.started_at} → ${after.started_at})`);

    // Phase 2: a worker killed mid-load.
    const crash = new Load(ctx, connection, readSource, readSecret);
    const crashing = crash.run(6);
    try {
      await Load.sleep(1_000);
      const victim = (await cluster.pids())[0]!;
      process.kill(victim, "SIGKILL");
      await eventually("pm2 replaced the killed worker", async () => {
        const pids = await cluster.pids();
        return pids.length === 2 && !pids.includes(victim) ? pids : null;
      }, 30_000);
      await Load.sleep(1_000);
    } finally {
      await crash.stop(crashing);
    }
    assert(crash.failures.length <= 6, `at most the requests in flight failed: ${JSON.stringify(crash.failures)}`);
    // A registration whose answer was lost is retried by its caller with the same
    // Idempotency-Key, as the README says: it gets its record (201), after at most a few
    // 202 PAYMENT_PENDING while the PG's answer is reconciled; never a refusal.
    for (const lost of crash.lost) {
      const history = await eventually("the retry gets the record", () =>
        api.functional.payments.histories.create(lost.connection, lost.input).catch((exp: unknown) => {
          if ((exp as { status?: number }).status === 202) return null;
          throw exp;
        }),
      );
      equal([history.status, history.source.id], ["paid", lost.input.source.id], "a retried registration answered with its record");
      crash.registered.push(lost.input.source.id);
    }
    await everyPaymentOnce(ctx, crash.registered);
    // The workers' log lines reach pm2's own log files, where `pm2 logs` reads them.
    const out = fs.readFileSync(path.join(cluster.home, "logs", `${cluster.name}-out.log`), "utf8");
    assert(out.split("\n").some((line) => line.startsWith("{") && line.includes('"msg":"payments-server listening"')), "the server's lines are in pm2's per-app log file");
    console.log(
      `       cluster: 2 reloads under load: ${load.registered.length} registrations, ${load.reads} reads, 0 failed; ` +
        `SIGKILL of a worker: ${crash.registered.length} payments, ${crash.failures.length} requests failed in flight, all recorded once`,
    );
  } finally {
    await cluster.stop();
  }
}

/** An error in a line, with its cause (fetch's "fetch failed" hides the reason there). */
const describe = (exp: unknown): string => {
  const cause = (exp as { cause?: { code?: string; message?: string } })?.cause;
  return `${String(exp).slice(0, 200)}${cause ? ` (${cause.code ?? cause.message})` : ""}`;
};

/** Each source recorded once, paid (a pending one is reconciled by the workers). */
const everyPaymentOnce = async (ctx: TestContext, sources: string[]): Promise<void> => {
  await eventually(
    "every payment recorded once and paid",
    async () => {
      const rows = await ctx.query<{ source_id: string; n: number; paid: number }>(
        "SELECT source_id, count(*)::int AS n, count(*) FILTER (WHERE status = 'paid')::int AS paid FROM payment_histories WHERE source_id = ANY($1) GROUP BY source_id",
        [sources],
      );
      return rows.length === new Set(sources).size && rows.every((r) => r.n === 1 && r.paid === 1);
    },
    30_000,
  );
};

/** Shops reading and registering payments as fast as they can, each request checked. */
class Load {
  public reads = 0;
  public registered: string[] = [];
  public failures: string[] = [];
  /** Registrations whose answer never came (connection dropped): their callers retry. */
  public lost: { input: Parameters<typeof api.functional.payments.histories.create>[1]; connection: IConnection }[] = [];
  private stopped = false;

  public constructor(
    private readonly ctx: TestContext,
    private readonly connection: IConnection,
    private readonly readSource: { schema: string; table: string; id: string },
    private readonly readSecret: string,
  ) {}

  public run(concurrency: number): Promise<void[]> {
    return Promise.all(Array.from({ length: concurrency }, (_, i) => this.worker(i)));
  }

  public async stop(running: Promise<void[]>): Promise<void> {
    this.stopped = true;
    await running;
  }

  private async worker(i: number): Promise<void> {
    for (let n = 0; !this.stopped; ++n) {
      if ((n + i) % 2 === 0) {
        try {
          const read = await api.functional.payments.histories.get(this.connection, { source: this.readSource, password: this.readSecret });
          if (read.status !== "paid") this.failures.push(`read: ${read.status}`);
          ++this.reads;
        } catch (exp) {
          this.failures.push(`read: ${describe(exp)}`);
          await Load.sleep(50);
        }
        continue;
      }
      const source = { schema: "shop", table: "orders", id: orderId() };
      const paid = await tossCardPaid(this.ctx, source.id, 2_000).catch((exp) => {
        this.failures.push(`the buyer's payment at the PG: ${describe(exp)}`);
        return null;
      });
      if (paid === null) {
        await Load.sleep(50);
        continue;
      }
      const input = { vendor: { code: "toss.payments" as const, store_id: this.ctx.toss.storeId, uid: paid.paymentKey }, source, price: 2_000, password: password() };
      const connection = { ...this.connection, headers: { ...this.connection.headers, "Idempotency-Key": `cluster-${source.id}` } };
      try {
        const history = await api.functional.payments.histories.create(connection, input);
        if (history.status !== "paid") this.failures.push(`register: ${history.status}`);
        this.registered.push(source.id);
      } catch (exp) {
        this.failures.push(`register: ${describe(exp)}`);
        this.lost.push({ input, connection });
        await Load.sleep(50);
      }
    }
  }

  public static sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
}

/** A pm2 daemon of its own (PM2_HOME in a temporary folder) running ecosystem.config.cjs. */
class Cluster {
  private constructor(
    public readonly home: string,
    private readonly env: NodeJS.ProcessEnv,
    public readonly ecosystem: string,
    public readonly host: string,
    public readonly name: string,
  ) {}

  public static async start(ctx: TestContext): Promise<Cluster> {
    const root = path.resolve(__dirname, "../../../..");
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "payments-pm2-"));
    const port = Number(new URL(ctx.host).port) + 9;
    const name = `payments-test-${port}`;
    const config = ctx.config;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PM2_HOME: home,
      PM2_APP_NAME: name,
      PM2_INSTANCES: "2",
      NODE_ENV: "test",
      SANDBOX: "false",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_URL: ctx.databaseUrl!,
      DATABASE_POOL_SIZE: "4",
      LOG_LEVEL: "info", // its lines must reach pm2's log files (checked below)
      TOSS_API_URL: ctx.toss.host,
      IAMPORT_API_URL: ctx.iamport.host,
      TOSS_STORES: JSON.stringify(config.toss.stores),
      IAMPORT_STORES: JSON.stringify(config.iamport.stores),
      PAYMENTS_CLIENTS: JSON.stringify(config.clients),
      // Two cores shared by the test, its fakes and the workers starting up: a PG call may wait.
      PG_TIMEOUT_MS: "10000",
      RECONCILE_INTERVAL_MS: "200",
      RECONCILE_AFTER_MS: "1000",
      WEBHOOK_ALLOW_LOOPBACK: "true",
      // One unauthenticated scrape target per worker: this port + the worker's number.
      METRICS_PORT: String(port + 10),
    };
    const cluster = new Cluster(home, env, path.join(root, "ecosystem.config.cjs"), `http://127.0.0.1:${port}`, name);
    try {
      await cluster.pm2(["start", cluster.ecosystem]);
      await eventually("the cluster answers", async () => (await fetch(`${cluster.host}/monitors/ready`).catch(() => null))?.status === 200, 30_000);
      await eventually("two workers online", async () => (await cluster.pids()).length === 2, 30_000).catch(async (exp) => {
        const logs = path.join(cluster.home, "logs");
        const tail = fs.existsSync(logs) ? fs.readdirSync(logs).map((f) => `${f}: ${fs.readFileSync(path.join(logs, f), "utf8").slice(-800)}`).join("\n") : "";
        throw new Error(`${String(exp)}: ${(JSON.parse(await cluster.pm2(["jlist"])) as { pm2_env: { status: string } }[]).map((p) => p.pm2_env.status)}\n${tail}`);
      });
    } catch (exp) {
      await cluster.stop().catch(() => undefined);
      throw exp;
    }
    return cluster;
  }

  /**
   * Run pm2 with this cluster's home; throws on failure. Asynchronous: the fake PGs live in
   * this process and must keep answering while pm2 works.
   */
  public pm2(args: string[]): Promise<string> {
    const bin = path.join(path.dirname(require.resolve("pm2/package.json")), "bin", "pm2");
    return new Promise((resolve, reject) =>
      execFile(process.execPath, [bin, ...args], { env: this.env, cwd: path.dirname(this.ecosystem), timeout: 120_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
        error ? reject(new Error(`pm2 ${args.join(" ")} failed: ${String(error)} ${stderr}${stdout}`)) : resolve(stdout),
      ),
    );
  }

  /** Pids of this cluster's online workers. */
  public async pids(): Promise<number[]> {
    const list = JSON.parse(await this.pm2(["jlist"])) as { name: string; pid: number; pm2_env: { status: string } }[];
    return list.filter((p) => p.name === this.name && p.pm2_env.status === "online" && p.pid > 0).map((p) => p.pid);
  }

  public async stop(): Promise<void> {
    try {
      await this.pm2(["kill"]);
    } finally {
      fs.rmSync(this.home, { recursive: true, force: true });
    }
  }
}

