import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";

import { Database } from "../../../src/db/Database";
import { equal } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * Several instances start at once on an empty database: the migrations are applied exactly
 * once (advisory lock), every instance comes up, and a later start changes nothing.
 */
export async function test_migrations_apply_once_when_instances_start_together(ctx: TestContext): Promise<void> {
  const migrations = fs.readdirSync(path.join(__dirname, "..", "..", "..", "src", "db", "migrations")).filter((f) => f.endsWith(".sql")).length;
  if (ctx.databaseUrl === null) {
    // PGlite: one process owns a folder; a fresh folder migrates, and migrating again is a no-op.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "payments-migrate-"));
    try {
      const db = await Database.open({ url: null, pgliteDir: dir, poolSize: 1 });
      for (let i = 0; i < 2; ++i) {
        await db.migrate();
        equal((await db.query<{ n: number }>("SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations"))[0]!.n, migrations, `applied, start ${i + 1}`);
      }
      await db.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  const name = `payments_migrate_${process.pid}_${Date.now()}`;
  const admin = new URL(ctx.databaseUrl);
  admin.pathname = "/postgres";
  const root = new Client({ connectionString: admin.toString() });
  await root.connect();
  await root.query(`CREATE DATABASE ${name}`);
  const url = new URL(ctx.databaseUrl);
  url.pathname = `/${name}`;
  try {
    const instances = await Promise.all(Array.from({ length: 4 }, () => Database.open({ url: url.toString(), pgliteDir: "", poolSize: 2 })));
    await Promise.all(instances.map((db) => db.migrate()));
    equal((await instances[0]!.query<{ n: number }>("SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations"))[0]!.n, migrations, "each migration recorded once");
    equal((await instances[1]!.query<{ n: number }>("SELECT count(*)::int AS n FROM payment_histories"))[0]!.n, 0, "schema usable");
    await instances[2]!.migrate();
    equal((await instances[3]!.query<{ n: number }>("SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations"))[0]!.n, migrations, "a later start changes nothing");
    await Promise.all(instances.map((db) => db.close()));
  } finally {
    await root.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await root.end();
  }
}
