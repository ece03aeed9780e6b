import { HttpError } from "@nestia/fetcher";
import fs from "node:fs";

import api from "../../../src/api";
import { stopDatabase } from "../../internal/database";
import { eventually, paidByCard } from "../../internal/lifecycle";
import { equal, orderId } from "../../internal/pgs";
import { TestSkip } from "../../internal/TestSkip";
import { TestContext } from "../../TestContext";

/**
 * The database goes away for a few seconds while callers read payments and prepare orders.
 * Every request it fails is answered `503 DATABASE_UNAVAILABLE` with `Retry-After` (never a
 * 500), readiness says the same, the outage is logged once when it starts and once when it
 * ends (with its count) instead of a stack per request, and service resumes by itself once
 * the database is back. PostgreSQL only.
 */
export async function test_database_outage_under_load_answers_503_and_logs_once(ctx: TestContext): Promise<void> {
  if (ctx.databaseUrl === null) throw new TestSkip("stopping the database needs PostgreSQL (PGlite lives in the server's process)");
  const paid = await paidByCard(ctx, "toss.payments", 5_000);
  const logFrom = fs.statSync(ctx.logFile).size;
  const answers = new Map<string, number>();
  let stop = false;
  const count = (what: string) => answers.set(what, (answers.get(what) ?? 0) + 1);
  const outcome = async (call: () => Promise<unknown>): Promise<void> => {
    try {
      await call();
      count("ok");
    } catch (exp) {
      if (!(exp instanceof HttpError)) return void count(`error ${String(exp)}`);
      const body = JSON.parse(exp.message) as { code: string };
      count(`${exp.status} ${body.code}${exp.status === 503 && !(Number(exp.headers["retry-after"]) > 0) ? " without Retry-After" : ""}`);
    }
  };
  // Four callers, each a read and a prepare in turn, as fast as the server answers.
  const callers = Array.from({ length: 4 }, async () => {
    while (!stop) {
      await outcome(() => api.functional.payments.histories.get(ctx.connection, { source: paid.source, password: paid.secret }));
      await outcome(() =>
        api.functional.payments.histories.prepare(ctx.connection, {
          vendor: { code: "toss.payments", store_id: ctx.toss.storeId },
          source: { schema: "shop", table: "orders", id: orderId() },
          price: 1_000,
          order_name: "Tea",
          password: "prepared-order-password",
        }),
      );
    }
  });
  let ready: string | null = null;
  try {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const database = await stopDatabase(ctx.databaseUrl);
    try {
      await eventually("requests refused as the database's absence", async () => (answers.get("503 DATABASE_UNAVAILABLE") ?? 0) >= 20);
      const probe = await fetch(`${ctx.host}/monitors/ready`);
      ready = `${probe.status} ${((await probe.json()) as { code: string }).code}`;
    } finally {
      await database.restore();
    }
    const before = answers.get("ok") ?? 0;
    await eventually("service resumes by itself", async () => (answers.get("ok") ?? 0) >= before + 20);
  } finally {
    stop = true;
    await Promise.all(callers);
  }
  equal(ready, "503 DATABASE_UNAVAILABLE", "readiness during the outage");
  // Every pooled connection comes back: none is held by work the outage cut off (a transaction
  // whose BEGIN failed once leaked its client, and a pool that leaks never recovers nor ends).
  await eventually("every pooled connection returned", async () => {
    const pool = ctx.backend.state.database.poolState();
    return pool.total === pool.idle && pool.waiting === 0;
  });
  const failures = [...answers.keys()].filter((k) => k !== "ok" && k !== "503 DATABASE_UNAVAILABLE");
  equal(failures, [], "every failed request answered 503 DATABASE_UNAVAILABLE with Retry-After");
  await eventually("the outage's end logged", async () => fs.readFileSync(ctx.logFile, "utf8").slice(logFrom).includes('"database.available"'));
  const lines = fs.readFileSync(ctx.logFile, "utf8").slice(logFrom).split("\n").filter((l) => l.length > 0).map((l) => JSON.parse(l) as { level: number; event?: string; refused?: number });
  const loud = lines.filter((l) => l.level >= 40);
  equal(loud.filter((l) => l.event === "database.unavailable").length, 1, "the outage's start logged once");
  equal(loud.filter((l) => l.event === "database.available").length, 1, "its end logged once");
  equal(loud.length <= 4, true, `a handful of warnings and errors, not one per request (got ${loud.length}: ${loud.map((l) => l.event ?? "?").join(", ")})`);
  equal((loud.find((l) => l.event === "database.available")?.refused ?? 0) >= 20, true, "the end says how many requests it refused");
}
