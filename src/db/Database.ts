import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { AsyncLocalStorage } from "node:async_hooks";
import crypto from "node:crypto";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { Client, Pool } from "pg";

import * as schema from "./schema";

export type DrizzleDb = PgDatabase<PgQueryResultHKT, typeof schema>;
/** The transaction handle drizzle passes to `db.transaction(async (tx) => …)`. */
export type DrizzleTx = Parameters<Parameters<DrizzleDb["transaction"]>[0]>[0];

/** Folder of the committed SQL migrations (copied next to the compiled file by `npm run build`). */
const MIGRATIONS = path.join(__dirname, "migrations");
/** Arbitrary, fixed: every instance of payments-server takes the same advisory lock to migrate. */
const MIGRATION_LOCK = 72_410_931;

/**
 * One database, PostgreSQL through a `pg` pool or embedded PGlite: the same schema, the same
 * SQL migrations, the same drizzle API above both.
 */
export class Database {
  /**
   * SQL statements sent since open, whatever sent them (drizzle, plain queries, BEGIN and
   * COMMIT): a count tests may assert (the work a path does), unlike a timing.
   */
  public statements = 0;
  /** Statements counted for the work running in this scope too (an HTTP request's). */
  public static readonly scope = new AsyncLocalStorage<{ statements: number }>();
  private count(): void {
    ++this.statements;
    const scoped = Database.scope.getStore();
    if (scoped !== undefined) ++scoped.statements;
  }

  private constructor(
    public readonly kind: "postgres" | "pglite",
    public readonly db: DrizzleDb,
    private readonly pool: Pool | null,
    private readonly lite: PGlite | null,
    private readonly url: string | null = null,
  ) {}

  public static async open(props: { url: string | null; pgliteDir: string; poolSize: number }): Promise<Database> {
    if (props.url !== null) {
      // A database that does not answer a connection fails the request (503) instead of holding it.
      const pool = new Pool({ connectionString: props.url, max: props.poolSize, connectionTimeoutMillis: 10_000 });
      // A dropped idle connection must not crash the process; the pool replaces it.
      pool.on("error", () => {});
      const database = new Database("postgres", drizzlePg(pool, { schema }) as unknown as DrizzleDb, pool, null, props.url);
      // Every statement goes through a pooled client's query (pool.query included).
      pool.on("connect", (client) => {
        // A session ended by the server (a restart, an outage) while the client is checked out
        // between statements (a transaction awaiting a PG call) is emitted on the client itself:
        // without a listener it would end the process. The work using it fails on its next
        // statement, and the pool drops the client when it is released.
        client.on("error", () => {});
        const query = client.query.bind(client) as (...args: unknown[]) => unknown;
        (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
          database.count();
          const result = query(...args);
          // drizzle (0.45) sends a transaction's BEGIN before the try whose finally releases its
          // client: a BEGIN that fails (the session ended in an outage) would leak the client,
          // and a pool that leaks one per failed BEGIN never recovers (nor ends). Released here.
          if (isBegin(args[0]) && result instanceof Promise)
            return result.catch((error: unknown) => {
              (client as unknown as { release(error?: unknown): void }).release(error instanceof Error ? error : new Error(String(error)));
              throw error;
            });
          return result;
        };
      });
      return database;
    }
    const dir = path.resolve(props.pgliteDir);
    fs.mkdirSync(dir, { recursive: true });
    if (!fs.existsSync(path.join(dir, "PG_VERSION"))) await Database.initPglite(dir);
    const lite = await PGlite.create(dir);
    const database = new Database("pglite", drizzlePglite(lite, { schema }) as unknown as DrizzleDb, null, lite);
    type Runner = { query: (...args: any[]) => Promise<any>; exec: (...args: any[]) => Promise<any> };
    const counted = (runner: Runner) => {
      const query = runner.query.bind(runner);
      const exec = runner.exec.bind(runner);
      runner.query = (...args) => (database.count(), query(...args));
      runner.exec = (...args) => (database.count(), exec(...args));
    };
    counted(lite as unknown as Runner);
    const transaction = lite.transaction.bind(lite);
    // A transaction runs BEGIN, its statements on its own handle, then COMMIT or ROLLBACK.
    lite.transaction = ((fn: (tx: Runner) => Promise<unknown>) =>
      transaction(async (tx) => {
        database.count(); // BEGIN
        database.count(); // COMMIT or ROLLBACK
        counted(tx as unknown as Runner);
        return fn(tx as unknown as Runner);
      })) as typeof lite.transaction;
    return database;
  }

  /** A new embedded database folder, made by a child process (see PgliteInit). */
  private static async initPglite(dir: string): Promise<void> {
    const child = spawn(process.execPath, [path.join(__dirname, "PgliteInit.js"), dir], { stdio: ["ignore", "inherit", "inherit"] });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", resolve);
    });
    if (code !== 0) throw new Error(`creating the embedded database in ${dir} failed (exit code ${code})`);
  }

  /**
   * Apply the committed migrations, once, even when several instances start together:
   * PostgreSQL serialises them with an advisory lock held on one dedicated connection.
   * (PGlite is in-process and single-connection: one instance owns its folder.)
   */
  public async migrate(): Promise<void> {
    if (this.lite !== null) {
      await migratePglite(this.db as never, { migrationsFolder: MIGRATIONS });
      return;
    }
    const client = await this.pool!.connect();
    try {
      await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
      try {
        await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS });
      } finally {
        await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]);
      }
    } finally {
      client.release();
    }
  }

  /**
   * Plain parameterised SQL: for tests, the monitor, the few statements drizzle cannot say,
   * and the hot read path. With `name`, PostgreSQL keeps it as a prepared statement per
   * connection (parsed and planned once). BIGINT comes back as a string from `pg` and as a
   * number from PGlite: callers convert.
   */
  public async query<T = Record<string, unknown>>(text: string, params: unknown[] = [], name?: string): Promise<T[]> {
    if (this.lite !== null) return (await this.lite.query<T>(text, params)).rows;
    return (await this.pool!.query(name === undefined ? { text, values: params } : { name, text, values: params })).rows as T[];
  }

  /** A statement whose answer is its count of affected rows (DELETE, UPDATE). */
  public async execute(text: string, params: unknown[] = []): Promise<number> {
    if (this.lite !== null) return (await this.lite.query(text, params)).affectedRows ?? 0;
    return (await this.pool!.query({ text, values: params })).rowCount ?? 0;
  }

  /**
   * Call `onNotify` on every NOTIFY of `channel` (sent at the commit of the transaction that
   * notified). PostgreSQL: on a connection of its own, outside the pool, re-established after
   * a failure (`onLost` is told, so that the caller can poll meanwhile); PGlite: in-process.
   */
  public async listen(channel: string, onNotify: () => void, onLost: (error: Error) => void = () => {}): Promise<{ close(): Promise<void> }> {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid channel name: ${channel}`);
    if (this.lite !== null) {
      const unlisten = await this.lite.listen(channel, onNotify);
      return { close: () => unlisten() };
    }
    return this.dedicated(
      async (client) => {
        client.on("notification", (message) => message.channel === channel && onNotify());
        await client.query(`LISTEN ${channel}`);
      },
      () => onNotify(), // whatever was notified while not listening is looked for now
      onLost,
      { firstDelayMs: 500, maxDelayMs: 30_000 },
    );
  }

  /**
   * This process's lease: a session advisory lock `(namespace, owner)` held on a connection of
   * its own for as long as the process lives. Work marked with `owner` is known abandoned the
   * moment its process dies (PostgreSQL drops a dead client's session and its locks), with no
   * timer. The connection is re-made and the lock re-taken after a failure. PGlite: one process
   * owns the folder, so any other owner is a process that is gone.
   */
  public async lease(namespace: number): Promise<Database.Lease> {
    // Positive 31-bit: pg_locks shows the second key as an unsigned oid.
    const owner = crypto.randomInt(1, 2 ** 31 - 1);
    if (this.lite !== null) return { owner: String(owner), alive: async (other) => other === String(owner), close: async () => {} };
    const held = await this.dedicated(
      async (client) => void (await client.query("SELECT pg_advisory_lock($1, $2)", [namespace, owner])),
      () => {},
      () => {},
      { firstDelayMs: 250, maxDelayMs: 10_000 },
    );
    return {
      owner: String(owner),
      alive: async (other) => {
        if (other === String(owner)) return true;
        if (!/^[0-9]{1,10}$/.test(other)) return false;
        const [row] = await this.query<{ alive: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1 AND objid = $2 AND objsubid = 2
             AND database = (SELECT oid FROM pg_database WHERE datname = current_database())) AS alive`,
          [namespace, Number(other)],
          "lease_alive",
        );
        return row?.alive === true;
      },
      close: () => held.close(),
    };
  }

  /**
   * A connection of its own, outside the pool, set up by `setup` (LISTEN, a session lock) and
   * re-made after a failure with a growing delay (`onLost` is told). PostgreSQL only.
   */
  private async dedicated(
    setup: (client: Client) => Promise<void>,
    onReady: () => void,
    onLost: (error: Error) => void,
    delays: { firstDelayMs: number; maxDelayMs: number },
  ): Promise<{ close(): Promise<void> }> {
    let closed = false;
    let client: Client | null = null;
    let retry: NodeJS.Timeout | null = null;
    const connect = async (delayMs: number): Promise<void> => {
      if (closed) return;
      const next = new Client({ connectionString: this.url! });
      // Lost or never made: tell the caller, reconnect with a growing delay.
      const lost = (error: Error) => {
        void next.end().catch(() => {});
        if (closed) return;
        onLost(error);
        retry = setTimeout(() => void connect(Math.min(delayMs * 2, delays.maxDelayMs)), delayMs);
        retry.unref();
      };
      next.on("error", (error) => {
        if (closed || client !== next) return; // before it is set up, the failure is connect()'s
        client = null;
        lost(error);
      });
      try {
        await next.connect();
        await setup(next);
        if (closed) return void (await next.end().catch(() => {}));
        client = next;
        onReady();
      } catch (error) {
        lost(error as Error);
      }
    };
    await connect(delays.firstDelayMs);
    return {
      close: async () => {
        closed = true;
        if (retry !== null) clearTimeout(retry);
        const current = client;
        client = null;
        await current?.end().catch(() => {});
      },
    };
  }

  /** Connections of the pool (PGlite: its one connection). */
  public poolState(): { total: number; idle: number; waiting: number } {
    if (this.pool === null) return { total: 1, idle: 0, waiting: 0 };
    return { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount };
  }

  public async close(): Promise<void> {
    // Bounded: a client some work never released must not hold the shutdown forever.
    if (this.pool !== null) await Promise.race([this.pool.end(), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    if (this.lite !== null) await this.lite.close();
  }
}

/** Whether a statement given to `client.query` is a transaction's BEGIN. */
const isBegin = (statement: unknown): boolean => {
  const text = typeof statement === "string" ? statement : (statement as { text?: unknown } | null)?.text;
  return typeof text === "string" && /^\s*begin\b/i.test(text);
};

export namespace Database {
  /** A process's lease (see `Database.lease`). */
  export interface Lease {
    /** This process's owner mark, to store beside the work it owns. */
    readonly owner: string;
    /** Whether the process that stored `owner` still lives. */
    alive(owner: string): Promise<boolean>;
    close(): Promise<void>;
  }
}
