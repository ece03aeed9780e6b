import { ChildProcess, spawn } from "node:child_process";
import path from "node:path";

import { equal } from "../../internal/pgs";
import { TestSkip } from "../../internal/TestSkip";
import { TestContext } from "../../TestContext";
import { insertBulkEvents } from "./internal/BulkEvents";
import { WebhookKit } from "./internal/WebhookKit";

/**
 * A server process is killed (SIGKILL) in the middle of deliveries to a slow receiver. The
 * events it had claimed are leased, not lost: once the lease runs out the surviving
 * instance delivers them. Every event arrives (at least once; a repeat has the same
 * webhook-id). PostgreSQL only: an embedded PGlite folder belongs to one process.
 */
export async function test_webhooks_killed_server_loses_nothing(ctx: TestContext): Promise<void> {
  if (ctx.databaseUrl === null) throw new TestSkip("a second server process needs PostgreSQL (PGlite is one process, one owner)");
  const receiver = await WebhookKit.receiver(ctx);
  let child: ChildProcess | null = null;
  try {
    const w = ctx.config.webhook;
    child = spawn(process.execPath, [path.join(__dirname, "../../../src/executable/server.js")], {
      env: {
        ...process.env,
        DATABASE_URL: ctx.databaseUrl,
        PORT: String(ctx.config.port + 20),
        HOST: "127.0.0.1",
        LOG_LEVEL: "silent",
        SANDBOX: "true",
        WORKERS: "true",
        TOSS_API_URL: ctx.toss.host,
        IAMPORT_API_URL: ctx.iamport.host,
        WEBHOOK_RETRY_DELAYS_MS: w.retry_delays_ms.join(","),
        WEBHOOK_POLL_INTERVAL_MS: String(w.poll_interval_ms),
        WEBHOOK_TIMEOUT_MS: String(w.timeout_ms),
        WEBHOOK_CONNECT_TIMEOUT_MS: String(w.connect_timeout_ms),
        WEBHOOK_CONCURRENCY: "64",
        WEBHOOK_ALLOW_LOOPBACK: "true",
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    await WebhookKit.until("the child server", () => fetch(`http://127.0.0.1:${ctx.config.port + 20}/monitors/health`).then((r) => r.ok, () => false), 20_000);

    // The receiver is slow (300 ms an answer): many deliveries are in flight at the kill.
    receiver.delayMs = 300;
    const perHistory = await insertBulkEvents(ctx, receiver.url, 200, 1);
    const all = [...perHistory.values()].flat();
    await WebhookKit.until("some deliveries", () => receiver.seen >= 10);
    child.kill("SIGKILL");

    await WebhookKit.until(
      "every event delivered",
      async () => (await ctx.query<{ n: number }>("SELECT count(*)::int AS n FROM webhook_events WHERE id = ANY($1::uuid[]) AND status = 'delivered'", [all]))[0]!.n === all.length,
      60_000,
    );
    const ids = new Set(receiver.accepted.map((e) => e.id));
    equal(all.filter((id) => !ids.has(id)).length, 0, "events never received");
  } finally {
    child?.kill("SIGKILL");
    await receiver.close();
  }
}
